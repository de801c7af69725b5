// Connecting / live / reconnecting (with a countdown and "retry now") / failed. The badge itself
// is not a live region: its countdown would be read out every half second. A separate, silent-
// to-the-eye status says only what changed: the connection was lost, it is back, it failed.
import { useEffect, useRef, useState } from 'react';
import { useTicker } from './phase-bar.js';
import type { ConnectionState } from '../session-live.js';

function transition(prev: ConnectionState['kind'] | undefined, next: ConnectionState): string | null {
  if (next.kind === 'reconnecting' && prev !== 'reconnecting' && prev !== 'connecting') return 'Connection lost. Reconnecting…';
  if (next.kind === 'live' && prev === 'reconnecting') return 'Connection back.';
  if (next.kind === 'failed' && prev !== 'failed') return `Connection failed: ${next.message}`;
  return null;
}

export function ConnectionBadge({ state, onRetry }: { state: ConnectionState; onRetry(): void }) {
  useTicker(state.kind === 'reconnecting' ? 500 : 60_000);
  const prev = useRef<ConnectionState['kind'] | undefined>(undefined);
  const [said, setSaid] = useState('');
  useEffect(() => {
    const line = transition(prev.current, state);
    prev.current = state.kind;
    if (line) setSaid(line);
  }, [state]);

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
    <div className={`conn conn-${state.kind}`} data-connection={state.kind}>
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-text">{text}</span>
      {state.kind === 'reconnecting' && (
        <button type="button" className="link small" onClick={onRetry}>Retry now</button>
      )}
      <span className="visually-hidden" role="status" data-testid="connection-announcer">{said}</span>
    </div>
  );
}
