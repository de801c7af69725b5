// The peer interviewer's panel, built only from the `kit` frame (which only an interviewer's
// connection ever receives): the problem, the hidden facts to reveal when asked, reference
// estimates, expected components, deep-dive probes, pivot cards to deliver, and the rubric
// scorecard (score 1–4 and notes per dimension, saved through `scorecard` frames); and coach mode's
// ladder for the current phase (RIV10, from `ladder` frames: interviewer-only too).
import { useEffect, useId, useState } from 'react';
import type { InterviewKit, KitLadder, ScorecardEntry } from '../../../server/protocol/rooms.js';
import { PHASE_LABELS } from '../../../server/protocol/phases.js';
import type { ScoreDraft } from './room-live.js';
import { ROOM_LIMITS } from '../../../server/protocol/rooms.js';
import { CheckIcon } from '../components/icons.js';

const SCORE_LABELS: Record<number, string> = { 1: 'Below the bar', 2: 'Partly there', 3: 'Meets the bar', 4: 'Above the bar' };

function topicLabel(topic: string): string {
  const s = topic.replace(/_/g, ' ');
  return s[0]!.toUpperCase() + s.slice(1);
}

export function KitPanel({
  kit,
  delivered,
  onDeliver,
  ladder,
  onAskLadder,
}: {
  kit: InterviewKit;
  delivered: string[];
  onDeliver(pivotId: string): string | undefined;
  /** [RIV10] The ladder of the current phase (null until the room answers). */
  ladder?: KitLadder | null;
  onAskLadder?(): string | undefined;
}) {
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  useEffect(() => {
    if (sending && delivered.includes(sending)) setSending(null);
  }, [delivered, sending]);

  return (
    <div className="kit" data-testid="interviewer-kit">
      {onAskLadder && <LadderSection ladder={ladder ?? null} onAsk={onAskLadder} />}
      <section aria-labelledby="kit-facts-title">
        <h3 id="kit-facts-title">Hidden facts</h3>
        <p className="muted small">Share a fact only when the candidate asks about it.</p>
        <dl className="kit-facts" data-testid="kit-facts">
          {kit.facts.map((f) => (
            <div key={f.topic}>
              <dt>{topicLabel(f.topic)}</dt>
              <dd>{f.answer}</dd>
            </div>
          ))}
        </dl>
      </section>

      {kit.estimates.length > 0 && (
        <section aria-labelledby="kit-estimates-title">
          <h3 id="kit-estimates-title">Reference estimates</h3>
          <ul className="kit-estimates">
            {kit.estimates.map((e) => (
              <li key={e.id}>
                <span className="kit-estimate-head">
                  <strong>{e.label}</strong> <span className="kit-range">{e.low} – {e.high}</span>
                </span>
                <span className="muted small">{e.derivation}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {kit.components.length > 0 && (
        <section aria-labelledby="kit-components-title">
          <h3 id="kit-components-title">Expected components</h3>
          <ul className="chips">
            {kit.components.map((c) => (
              <li key={c.id} className="chip">{c.label}</li>
            ))}
          </ul>
        </section>
      )}

      {kit.deepDives.length > 0 && (
        <section aria-labelledby="kit-dives-title">
          <h3 id="kit-dives-title">Deep-dive probes</h3>
          {kit.deepDives.map((d) => (
            <details key={d.id} className="kit-dive">
              <summary>{d.title}</summary>
              <ul>
                {d.probes.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            </details>
          ))}
        </section>
      )}

      <section aria-labelledby="kit-pivots-title">
        <h3 id="kit-pivots-title">Pivot cards</h3>
        <p className="muted small">Deliver one in the deep dive: it appears in the chat for everyone as a constraint change.</p>
        {error && <p className="error small" role="alert">{error}</p>}
        <ul className="kit-pivots">
          {kit.pivots.map((p) => {
            const done = delivered.includes(p.id);
            return (
              <li key={p.id} className={`kit-pivot${done ? ' delivered' : ''}`} data-pivot={p.id}>
                <p>{p.text}</p>
                <div className="kit-pivot-row">
                  <span className="badge">{p.source === 'problem' ? 'this problem' : 'generic'}</span>
                  {done ? (
                    <span className="kit-delivered"><CheckIcon /> Delivered</span>
                  ) : (
                    <button
                      type="button"
                      className="small-button"
                      disabled={sending === p.id}
                      aria-label={`Deliver: ${p.text}`}
                      onClick={() => {
                        const problem = onDeliver(p.id);
                        setError(problem ?? null);
                        if (!problem) setSending(p.id);
                      }}
                    >
                      {sending === p.id ? 'Delivering…' : 'Deliver'}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}

const RUNG_NAMES = ['Nudge', 'Pointer', 'Sketch'] as const;

/**
 * [RIV10] Coach mode's ladder, for the interviewer to read out when the candidate is stuck: the
 * current phase's open gaps (the one the room is on first, open), each with a nudge, a pointer and
 * a sketch of the idea. It follows the chat, the board and the clock; Refresh asks at once.
 */
function LadderSection({ ladder, onAsk }: { ladder: KitLadder | null; onAsk(): string | undefined }) {
  const [error, setError] = useState<string | null>(null);
  const [current, ...rest] = ladder?.gaps ?? [];
  return (
    <section aria-labelledby="kit-ladder-title" className="kit-ladder" data-testid="kit-ladder">
      <div className="kit-ladder-head">
        <h3 id="kit-ladder-title">Hints{ladder ? ` · ${PHASE_LABELS[ladder.phase]}` : ''}</h3>
        <button type="button" className="small-button" onClick={() => setError(onAsk() ?? null)}>
          Refresh
        </button>
      </div>
      <p className="muted small">When the candidate is stuck: a nudge first, then a pointer, then a sketch. None states a fact they have not asked about.</p>
      {error && <p className="error small" role="alert">{error}</p>}
      {!ladder ? (
        <p className="muted small">Loading the hints…</p>
      ) : !current ? (
        <p className="muted small" data-testid="kit-ladder-empty">Nothing obvious is missing in this phase.</p>
      ) : (
        <>
          <LadderGap key={current.key} gap={current} open />
          {rest.length > 0 && (
            <details className="kit-ladder-more">
              <summary>{rest.length} more open {rest.length === 1 ? 'gap' : 'gaps'} in this phase</summary>
              {rest.map((g) => (
                <LadderGap key={g.key} gap={g} />
              ))}
            </details>
          )}
        </>
      )}
    </section>
  );
}

function LadderGap({ gap, open = false }: { gap: KitLadder['gaps'][number]; open?: boolean }) {
  return (
    <details className="kit-ladder-gap" open={open} data-gap={gap.key}>
      <summary>{gap.label}</summary>
      <ol className="kit-rungs">
        {gap.rungs.map((r, i) => (
          <li key={i}>
            <span className="kit-rung">{RUNG_NAMES[i]}</span> {r}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** Where one dimension's entry stands, as the panel and the end dialog say it. */
export type ScoreState = 'none' | 'saved' | 'needs_score' | 'typing' | 'saving' | 'offline';

export function scoreState(saved: ScorecardEntry | undefined, draft: ScoreDraft | undefined, o: { typing: boolean; live: boolean }): ScoreState {
  if (!draft) return saved ? 'saved' : 'none';
  if (draft.score === null) return 'needs_score';
  if (o.typing) return 'typing';
  return o.live ? 'saving' : 'offline';
}

const STATE_TEXT: Record<ScoreState, string> = {
  none: '',
  saved: 'Saved',
  needs_score: 'Not saved: pick a score to save these notes',
  typing: 'Saves when you stop typing…',
  saving: 'Saving…',
  offline: 'Not saved yet: saves when the connection is back',
};

export function ScorecardPanel({
  kit,
  entries,
  drafts,
  live,
  typing,
  onEdit,
  notesShared,
  onShareNotes,
}: {
  kit: InterviewKit;
  entries: ScorecardEntry[];
  drafts: ScoreDraft[];
  live: boolean;
  typing(dimension: string): boolean;
  onEdit(dimension: string, change: { score?: number; notes?: string }): void;
  /** [RIV9] Whether the candidate may read the notes in the report. */
  notesShared: boolean;
  onShareNotes(shared: boolean): void;
}) {
  const scored = entries.length;
  const shareId = useId();
  return (
    <div className="scorecard" data-testid="scorecard">
      <p className="muted small">
        Score each dimension against the <strong>{kit.level}</strong> bar: 1 below it, 2 partly there, 3 meets it, 4 above it. Each score and note is saved as you pick or
        type it. Only you see this until the interview ends; then the scores are shown to both of you beside the AI shadow score. {scored} of {kit.rubric.dimensions.length} scored.
      </p>
      <div className="share-notes" data-testid="share-notes">
        <input id={shareId} type="checkbox" checked={notesShared} disabled={!live} onChange={(e) => onShareNotes(e.target.checked)} aria-describedby={`${shareId}-hint`} />
        <label htmlFor={shareId}>Share notes with the candidate</label>
        <p id={`${shareId}-hint`} className="muted small">
          {notesShared ? 'The candidate can read your notes in the report.' : 'Your notes are private: the candidate sees only the scores.'}
        </p>
      </div>
      {kit.rubric.dimensions.map((d) => {
        const saved = entries.find((e) => e.dimension === d.id);
        const draft = drafts.find((x) => x.dimension === d.id);
        return (
          <DimensionScore
            key={d.id}
            dimension={d}
            score={draft ? draft.score : saved?.score ?? null}
            notes={draft ? draft.notes : saved?.notes ?? ''}
            state={scoreState(saved, draft, { typing: typing(d.id), live })}
            onEdit={onEdit}
          />
        );
      })}
    </div>
  );
}

function DimensionScore({
  dimension,
  score,
  notes,
  state,
  onEdit,
}: {
  dimension: InterviewKit['rubric']['dimensions'][number];
  score: number | null;
  notes: string;
  state: ScoreState;
  onEdit(dimension: string, change: { score?: number; notes?: string }): void;
}) {
  const ids = { notes: useId(), group: useId(), status: useId() };
  return (
    <fieldset className="dim-score" data-dimension={dimension.id} data-state={state}>
      <legend id={ids.group}>{dimension.title}</legend>
      {dimension.expected && <p className="muted small dim-expected">{dimension.expected}</p>}
      <div className="score-picker" role="radiogroup" aria-labelledby={ids.group}>
        {[1, 2, 3, 4].map((n) => (
          <label key={n} className={`score-option${score === n ? ' selected' : ''}`} title={SCORE_LABELS[n]}>
            <input
              type="radio"
              name={`score-${dimension.id}`}
              value={n}
              checked={score === n}
              onChange={() => onEdit(dimension.id, { score: n })}
              aria-label={`${dimension.title}: ${n}, ${SCORE_LABELS[n]?.toLowerCase()}`}
            />
            <span aria-hidden="true">{n}</span>
          </label>
        ))}
        <span className="muted small score-hint">{score ? SCORE_LABELS[score] : 'Not scored'}</span>
      </div>
      <label htmlFor={ids.notes} className="visually-hidden">Notes on {dimension.title}</label>
      <textarea
        id={ids.notes}
        rows={2}
        value={notes}
        maxLength={ROOM_LIMITS.scorecardNotesChars}
        placeholder="Evidence: what the candidate said or drew"
        aria-describedby={ids.status}
        onChange={(e) => onEdit(dimension.id, { notes: e.target.value })}
      />
      <div className="dim-score-row">
        <span id={ids.status} className={`small ${state === 'needs_score' || state === 'offline' ? 'score-unsaved' : 'muted'}`} data-saved={state === 'saved' ? 'true' : 'false'}>
          {state === 'saved' && <CheckIcon />} {STATE_TEXT[state]}
        </span>
      </div>
    </fieldset>
  );
}
