// Connecting / live / reconnecting (with a countdown and "retry now") / failed.
import { useTicker } from './phase-bar.js';
import type { ConnectionState } from '../session-live.js';

export function ConnectionBadge({ state, onRetry }: { state: ConnectionState; onRetry(): void }) {
  useTicker(state.kind === 'reconnecting' ? 500 : 60_000);
  let text: string;
  switch (state.kind) {
    case 'connecting':
      text = 'Connecting…';
      break;
    case 'live':
      text = 'Live';
      break;
    case 'reconnecting': {
      const s = Math.ceil((state.retryAt - Date.now()) / 1000);
      text = s > 0 ? `Reconnecting in ${s} s…` : 'Reconnecting…';
      break;
    }
    case 'failed':
      text = state.message;
      break;
  }
  return (
    <div className={`conn conn-${state.kind}`} role="status" data-connection={state.kind}>
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-text">{text}</span>
      {state.kind === 'reconnecting' && (
        <button type="button" className="link small" onClick={onRetry}>Retry now</button>
      )}
    </div>
  );
}
