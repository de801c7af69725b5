// [COACH6] Coach mode in the report: "coach mode: N hints" by the verdict, an "assisted" tag on a
// dimension whose evidence came after a hint on it, and the list of hints with where each was used.
import type { ReactNode } from 'react';
import { PHASE_LABELS, type CoachReport } from '../../../server/protocol/index.js';
import './coach.css';

const RUNG = { nudge: 'Nudge', pointer: 'Pointer', sketch: 'Sketch' } as const;

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function coachModeText(coach: CoachReport): string {
  return `coach mode: ${coach.hints.length} hint${coach.hints.length === 1 ? '' : 's'}`;
}

/** Beside the verdict. */
export function CoachFact({ coach }: { coach: CoachReport | undefined }) {
  if (!coach) return null;
  return (
    <div data-testid="coach-fact">
      <dt>Mode</dt>
      <dd><span className="coach-badge">{coachModeText(coach)}</span></dd>
    </div>
  );
}

/** On a dimension card. */
export function AssistedTag({ coach, dimension }: { coach: CoachReport | undefined; dimension: string }) {
  const a = coach?.assisted.find((x) => x.dimension === dimension);
  if (!a) return null;
  return (
    <span className="assisted-tag" data-testid="assisted" title={`Evidence came after ${a.hints} hint${a.hints === 1 ? '' : 's'} on this dimension`}>
      assisted
    </span>
  );
}

/** The hints, in order: when, in which phase, which rung, about what, and where it was used. */
export function CoachSection({ coach, turn }: { coach: CoachReport | undefined; turn: (n: number) => ReactNode }) {
  if (!coach) return null;
  return (
    <section aria-labelledby="coach-hints" className="coach-report" data-testid="coach-report">
      <h3 id="coach-hints">Hints ({coach.hints.length})</h3>
      {coach.hints.length === 0 ? (
        <p className="muted">Coach mode, and no hint was asked for: every score is your own.</p>
      ) : (
        <>
          <p className="muted small">
            Scores whose evidence came after a hint on them are marked <span className="assisted-tag">assisted</span>
            {coach.assisted.length > 0 ? `: ${coach.assisted.map((a) => a.dimension.replace(/_/g, ' ')).join(', ')}.` : '; none was.'}
          </p>
          <table>
            <thead>
              <tr><th scope="col">When</th><th scope="col">Hint</th><th scope="col">About</th><th scope="col">Used</th></tr>
            </thead>
            <tbody>
              {coach.hints.map((h) => (
                <tr key={h.seq} data-testid="coach-hint">
                  <td>{minutes(h.atMs)} · {PHASE_LABELS[h.phase]}{h.via === 'chat' ? ' · in the chat' : ''}</td>
                  <td><strong>{RUNG[h.rungName]}</strong>: {h.text}</td>
                  <td>{h.gap.label}</td>
                  <td>{h.usedAtTurn !== undefined ? <>covered at {turn(h.usedAtTurn)}</> : <span className="muted">not covered</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
