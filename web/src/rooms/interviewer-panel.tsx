// The peer interviewer's panel, built only from the `kit` frame (which only an interviewer's
// connection ever receives): the problem, the hidden facts to reveal when asked, reference
// estimates, expected components, deep-dive probes, pivot cards to deliver, and the rubric
// scorecard (score 1–4 and notes per dimension, saved through `scorecard` frames).
import { useEffect, useId, useState } from 'react';
import type { InterviewKit, ScorecardEntry } from '../../../server/protocol/rooms.js';
import { ROOM_LIMITS } from '../../../server/protocol/rooms.js';
import { CheckIcon } from '../components/icons.js';

const SCORE_LABELS: Record<number, string> = { 1: 'Below the bar', 2: 'Partly there', 3: 'Meets the bar', 4: 'Above the bar' };

function topicLabel(topic: string): string {
  const s = topic.replace(/_/g, ' ');
  return s[0]!.toUpperCase() + s.slice(1);
}

export function KitPanel({ kit, delivered, onDeliver }: { kit: InterviewKit; delivered: string[]; onDeliver(pivotId: string): string | undefined }) {
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  useEffect(() => {
    if (sending && delivered.includes(sending)) setSending(null);
  }, [delivered, sending]);

  return (
    <div className="kit" data-testid="interviewer-kit">
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

export function ScorecardPanel({
  kit,
  entries,
  onSave,
}: {
  kit: InterviewKit;
  entries: ScorecardEntry[];
  onSave(dimension: string, score: number, notes: string): string | undefined;
}) {
  const scored = entries.length;
  return (
    <div className="scorecard" data-testid="scorecard">
      <p className="muted small">
        Score each dimension against the <strong>{kit.level}</strong> bar: 1 below it, 2 partly there, 3 meets it, 4 above it. Only you see this until the interview ends; then
        it is shown beside the AI shadow score. {scored} of {kit.rubric.dimensions.length} scored.
      </p>
      {kit.rubric.dimensions.map((d) => (
        <DimensionScore key={d.id} dimension={d} saved={entries.find((e) => e.dimension === d.id)} onSave={onSave} />
      ))}
    </div>
  );
}

function DimensionScore({
  dimension,
  saved,
  onSave,
}: {
  dimension: InterviewKit['rubric']['dimensions'][number];
  saved: ScorecardEntry | undefined;
  onSave(dimension: string, score: number, notes: string): string | undefined;
}) {
  const [score, setScore] = useState<number | null>(saved?.score ?? null);
  const [notes, setNotes] = useState(saved?.notes ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const ids = { notes: useId(), group: useId() };

  // The server's copy wins when it changes (a save arrived, or another interviewer tab saved).
  useEffect(() => {
    if (!saved) return;
    setScore(saved.score);
    setNotes(saved.notes);
    setSaving(false);
  }, [saved?.updatedAt]); // eslint-disable-line react-hooks/exhaustive-deps

  const dirty = score !== (saved?.score ?? null) || notes !== (saved?.notes ?? '');

  function save() {
    if (score === null) return setError('Pick a score from 1 to 4 first.');
    const problem = onSave(dimension.id, score, notes);
    setError(problem ?? null);
    if (!problem) setSaving(true);
  }

  return (
    <fieldset className="dim-score" data-dimension={dimension.id}>
      <legend id={ids.group}>{dimension.title}</legend>
      {dimension.expected && <p className="muted small dim-expected">{dimension.expected}</p>}
      <div className="score-picker" role="radiogroup" aria-labelledby={ids.group}>
        {[1, 2, 3, 4].map((n) => (
          <label key={n} className={`score-option${score === n ? ' selected' : ''}`} title={SCORE_LABELS[n]}>
            <input type="radio" name={`score-${dimension.id}`} value={n} checked={score === n} onChange={() => setScore(n)} aria-label={`${dimension.title}: ${n}, ${SCORE_LABELS[n]?.toLowerCase()}`} />
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
        onChange={(e) => setNotes(e.target.value)}
      />
      <div className="dim-score-row">
        {error ? (
          <span className="error small" role="alert">{error}</span>
        ) : (
          <span className="muted small" data-saved={!dirty && saved ? 'true' : 'false'}>
            {saving ? 'Saving…' : dirty ? 'Unsaved changes' : saved ? <><CheckIcon /> Saved</> : ''}
          </span>
        )}
        <button type="button" className="small-button" onClick={save} disabled={!dirty || saving} aria-label={`Save ${dimension.title}`}>
          Save
        </button>
      </div>
    </fieldset>
  );
}
