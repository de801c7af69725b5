// [COACH4] Coach mode on the interview page: the Hint button (in the header's actions) and the
// panel that shows the hints given so far, the latest first. Hints come from the server's ladder
// (POST /api/sessions/:id/hints); hints asked for in the chat show up here too.
import { useCallback, useEffect, useState } from 'react';
import type { HintsView, HintView } from '../../../server/protocol/index.js';
import { request } from '../api.js';
import './coach.css';

export interface CoachHints {
  enabled: boolean;
  hints: HintView[];
  busy: boolean;
  /** Why no hint came (nothing open, the ladder done) or what failed. */
  message: string | null;
  ask(): Promise<void>;
  dismiss(): void;
}

const RUNG_LABEL: Record<HintView['rungName'], string> = { nudge: 'Nudge', pointer: 'Pointer', sketch: 'Sketch of the idea' };

/** The coach's state; `refreshKey` changes when the chat moves on (a hint asked for there shows up). */
export function useCoachHints(id: string, token: string, mode: string, initial: HintView[], refreshKey: number): CoachHints {
  const enabled = mode === 'coach';
  const [hints, setHints] = useState<HintView[]>(initial);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const path = `/api/sessions/${encodeURIComponent(id)}/hints`;

  useEffect(() => {
    if (!enabled || refreshKey === 0) return;
    let cancelled = false;
    request<HintsView>(path, { token }).then(
      (v) => !cancelled && setHints(v.hints),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [enabled, path, token, refreshKey]);

  const ask = useCallback(async () => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const v = await request<HintsView>(path, { method: 'POST', token });
      setHints(v.hints);
      if (v.message) setMessage(v.message);
    } catch (err) {
      setMessage(`No hint: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }, [busy, path, token]);

  return { enabled, hints, busy, message, ask, dismiss: () => setMessage(null) };
}

export function HintButton({ coach }: { coach: CoachHints }) {
  if (!coach.enabled) return null;
  return (
    <button type="button" className="hint-button" onClick={() => void coach.ask()} aria-disabled={coach.busy || undefined} data-testid="hint-button">
      Hint
    </button>
  );
}

export function HintPanel({ coach }: { coach: CoachHints }) {
  const [showAll, setShowAll] = useState(false);
  if (!coach.enabled) return null;
  const latest = coach.hints.at(-1);
  const earlier = coach.hints.slice(0, -1).reverse();
  return (
    <section className="hint-panel" aria-label="Coach hints" data-testid="hint-panel">
      <div aria-live="polite">
        {latest ? (
          <p className="hint-latest" data-testid="hint-latest">
            <span className="hint-rung">
              {RUNG_LABEL[latest.rungName]} {latest.rung}/3 · {latest.gap.label}
            </span>{' '}
            {latest.text}
          </p>
        ) : (
          <p className="muted small">Coach mode: press Hint (or ask for one in the chat) when you are stuck. Each hint is noted in your report.</p>
        )}
        {coach.message && (
          <p className="hint-message small" role="status">
            {coach.message}{' '}
            <button type="button" className="link" onClick={coach.dismiss}>
              Dismiss
            </button>
          </p>
        )}
      </div>
      {earlier.length > 0 && (
        <>
          <button type="button" className="link small" aria-expanded={showAll} onClick={() => setShowAll((x) => !x)}>
            {showAll ? 'Hide' : 'Show'} earlier hints ({earlier.length})
          </button>
          {showAll && (
            <ol className="hint-list small">
              {earlier.map((h) => (
                <li key={h.seq}>
                  <strong>{RUNG_LABEL[h.rungName]}</strong> ({h.gap.label}): {h.text}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
