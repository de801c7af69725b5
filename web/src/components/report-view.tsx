// The scored report (server/protocol/report.ts ReportSchema), read-only. The finished page shows it
// beside the transcript (turn references jump there); the score page shows it without one.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { PHASE_LABELS } from '../../../server/protocol/phases.js';
import { LEVEL_LABELS, VERDICT_LABELS } from '../../../server/protocol/report-labels.js';
import type { Report } from '../../../server/protocol/report.js';
import { InfoIcon } from './icons.js';
import { AssistedTag, CoachFact, CoachSection } from '../coach/coach-report.js';
import { MAX_SCORE, RadarChart, ScorePips, shortLabel } from './radar-chart.js';
import { TIME_STATUS_LABELS, TimeBars } from './time-bars.js';

type Evidence = Report['dimensions'][number]['evidence'][number];


const HANDLING_LABELS = { well: 'Handled well', partly: 'Partly handled', poorly: 'Handled poorly', not_answered: 'Not answered' } as const;
const ESTIMATE_LABELS = { in_range: 'in range', close: 'close', off: 'off', missing: 'missing' } as const;

export function isPositive(verdict: Report['verdict']): boolean {
  return verdict.endsWith('yes');
}

/** Whether turn references can jump to a transcript on the same page. */
const TranscriptLinks = createContext(true);

/** Who said a turn and what, to name the chip that jumps to it (the finished page knows). */
export type DescribeTurn = (n: number) => { who: string; text: string } | undefined;
const TurnDescriber = createContext<DescribeTurn | undefined>(undefined);
/** [RPL9] Told when a turn reference is followed: the finished page moves its replay to that turn. */
const TurnFollowed = createContext<((n: number) => void) | undefined>(undefined);

// Where the reader was before the last jump to a turn: "Back to where you were" returns there.
let origin: HTMLElement | null = null;
const originListeners = new Set<() => void>();
function setOrigin(el: HTMLElement | null) {
  origin = el;
  for (const l of originListeners) l();
}
const subscribeOrigin = (l: () => void) => {
  originListeners.add(l);
  return () => originListeners.delete(l);
};

/** Scrolls the transcript to turn `n` and highlights it briefly; remembers where the jump came from. */
function jumpToTurn(n: number, from: HTMLElement) {
  const el = document.getElementById(`turn-${n}`);
  if (!el) return;
  setOrigin(from);
  const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
  el.focus({ preventScroll: true });
  // A data attribute, not a class: the finished page's replay re-renders the turn's className as
  // the jump moves its moment, which would wipe a class added here.
  delete el.dataset.highlight;
  void el.offsetWidth; // restart the highlight when the same turn is picked twice
  el.dataset.highlight = '';
  setTimeout(() => delete el.dataset.highlight, 2400);
}

function BackToOrigin() {
  const from = useSyncExternalStore(subscribeOrigin, () => origin);
  if (!from || !from.isConnected) return null;
  return (
    <button
      type="button"
      className="back-to-origin"
      data-testid="back-to-origin"
      onClick={() => {
        from.scrollIntoView({ block: 'center' });
        from.focus({ preventScroll: true });
        setOrigin(null);
      }}
    >
      <span aria-hidden="true">↑</span> Back to where you were
    </button>
  );
}

function excerpt(text: string, words = 10): string {
  const all = text.replace(/[*_`#>]+/g, '').split(/\s+/).filter(Boolean);
  return all.slice(0, words).join(' ') + (all.length > words ? '…' : '');
}

export function TurnRef({ n }: { n: number }) {
  const linked = useContext(TranscriptLinks);
  const describe = useContext(TurnDescriber);
  const followed = useContext(TurnFollowed);
  if (!linked) return <span className="turn-ref static">turn {n}</span>;
  const d = describe?.(n);
  const label = d ? `Show turn ${n} in the transcript: ${d.who}, “${excerpt(d.text)}”` : `Show turn ${n} in the transcript`;
  return (
    <button type="button" className="turn-ref" onClick={(e) => {
      jumpToTurn(n, e.currentTarget);
      followed?.(n);
    }} title={label} aria-label={label}>
      turn {n}
    </button>
  );
}

function Quotes({ items }: { items: Evidence[] }) {
  if (!items.length) return null;
  return (
    <ul className="evidence">
      {items.map((e, i) => (
        <li key={i}>
          <TurnRef n={e.turn} /> <q>{e.quote}</q>
          {e.note && <span className="muted"> — {e.note}</span>}
        </li>
      ))}
    </ul>
  );
}

function ScoreBar({ score }: { score: number }) {
  return <ScorePips score={score} label={`${score} out of ${MAX_SCORE}`} />;
}

function Overview({ report }: { report: Report }) {
  const axes = report.dimensions.map((d) => ({ id: d.id, title: d.title, label: shortLabel(d.id, d.title), score: d.score }));
  return (
    <section className="report-overview" aria-labelledby="overview-title">
      <h3 id="overview-title" className="visually-hidden">Scores at a glance</h3>
      <figure className="radar-figure">
        <RadarChart axes={axes} />
        <figcaption className="muted small">Each spoke is a dimension, scored 1 to {MAX_SCORE} against the {report.targetLevel} bar; further out is better.</figcaption>
      </figure>
      <table className="table compact score-table" data-testid="score-table">
        <caption className="visually-hidden">Scores by dimension</caption>
        <thead>
          <tr><th scope="col">Dimension</th><th scope="col">Score</th><th scope="col">Meets the bar for</th></tr>
        </thead>
        <tbody>
          {report.dimensions.map((d) => (
            <tr key={d.id}>
              <th scope="row"><a href={`#dim-${d.id}`} onClick={(e) => { e.preventDefault(); document.getElementById(`dim-${d.id}`)?.scrollIntoView({ block: 'start' }); }}>{d.title}</a></th>
              <td>{d.confidence === 'not_applicable' ? <span className="muted">n/a</span> : <ScoreBar score={d.score} />}<ConfidenceTag d={d} /></td>
              <td className={`level-${d.supportedLevel}`}>{d.confidence === 'not_applicable' ? '—' : LEVEL_LABELS[d.supportedLevel]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Chips({ items, kind }: { items: ReactNode[]; kind: 'hit' | 'miss' | 'plain' }) {
  return (
    <ul className={`chips chips-${kind}`}>
      {items.map((c, i) => (
        <li key={i} className="chip">{c}</li>
      ))}
    </ul>
  );
}

function PivotSection({ pivot }: { pivot: NonNullable<Report['pivot']> }) {
  return (
    <section aria-labelledby="pivot-report" className="pivot-report" data-testid="pivot-report">
      <h3 id="pivot-report">The constraint change</h3>
      <div className="pivot-pair">
        <div className="pivot-said">
          <p className="eyebrow">The interviewer, <TurnRef n={pivot.turn} /></p>
          <blockquote>{pivot.text}</blockquote>
        </div>
        <div className="pivot-response">
          <p className="eyebrow">Your response</p>
          <p>
            <span className={`handling handling-${pivot.handling}`} data-testid="pivot-handling">{HANDLING_LABELS[pivot.handling]}</span>
          </p>
          {pivot.evidence.length > 0 ? <Quotes items={pivot.evidence} /> : <p className="muted">No answer to the change was found in the transcript.</p>}
        </div>
      </div>
      {(pivot.expectsHit.length > 0 || pivot.expectsMissed.length > 0 || pivot.changed.length > 0) && (
        <dl className="pivot-terms">
          {pivot.expectsHit.length > 0 && (
            <div>
              <dt>Addressed</dt>
              <dd><Chips kind="hit" items={pivot.expectsHit} /></dd>
            </div>
          )}
          {pivot.expectsMissed.length > 0 && (
            <div>
              <dt>Not addressed</dt>
              <dd><Chips kind="miss" items={pivot.expectsMissed} /></dd>
            </div>
          )}
          {pivot.changed.length > 0 && (
            <div>
              <dt>Brought in after the change</dt>
              <dd><Chips kind="plain" items={pivot.changed} /></dd>
            </div>
          )}
        </dl>
      )}
    </section>
  );
}

function ComponentsSection({ components }: { components: NonNullable<Report['components']> }) {
  const total = components.covered.length + components.missed.length;
  return (
    <section aria-labelledby="components" data-testid="components">
      <h3 id="components">
        Expected components <span className="muted count">{components.covered.length} of {total} covered</span>
      </h3>
      <div className="components-grid">
        <div>
          <h4>Covered</h4>
          {components.covered.length === 0 ? (
            <p className="muted">None of the expected components came up.</p>
          ) : (
            <ul className="component-list covered" data-testid="components-covered">
              {components.covered.map((c) => (
                <li key={c.id}>
                  <span className="component-mark" aria-hidden="true">✓</span>
                  <span className="component-name">{c.label}</span>
                  <span className="muted small">{c.where === 'diagram' ? 'on the whiteboard' : 'in the discussion'}</span>
                  {c.turn !== undefined && <TurnRef n={c.turn} />}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h4>Missed</h4>
          {components.missed.length === 0 ? (
            <p className="muted">Nothing: every expected component came up.</p>
          ) : (
            <ul className="component-list missed" data-testid="components-missed">
              {components.missed.map((c) => (
                <li key={c.id}>
                  <span className="component-mark" aria-hidden="true">✗</span>
                  <span className="component-name">{c.label}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}

/** [SCO45] "low confidence" beside a score that rests on little (the note says why). */
function ConfidenceTag({ d }: { d: Report['dimensions'][number] }) {
  if (d.confidence !== 'low') return null;
  return <span className="muted small" title={d.confidenceNote}> low confidence</span>;
}

/** [SCO44] The two or three reasons that decided the verdict, each with its quote. */
function VerdictReasons({ report }: { report: Report }) {
  const reasons = report.reasons ?? [];
  if (reasons.length === 0) return null;
  return (
    <section aria-labelledby="verdict-reasons" data-testid="verdict-reasons">
      <h3 id="verdict-reasons">What decided it</h3>
      <ul className="verdict-reasons">
        {reasons.map((r, i) => (
          <li key={i}>
            {r.text}
            {r.evidence && <Quotes items={[r.evidence]} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface ReportViewProps {
  report: Report;
  /** Turn references jump to a transcript on the page (false on the score page: there is none). */
  linkTurns?: boolean;
  /** Who said turn n and what: the jump chips are named with it. */
  describeTurn?: DescribeTurn;
  /** [RPL9] Called when a turn reference (a quote's, a red flag's, a mark's) is followed. */
  onTurn?: (n: number) => void;
}

export function ReportView({ report, linkTurns = true, describeTurn, onTurn }: ReportViewProps) {
  const positive = isPositive(report.verdict);
  return (
    <TranscriptLinks.Provider value={linkTurns}>
     <TurnDescriber.Provider value={describeTurn}>
     <TurnFollowed.Provider value={onTurn}>
      {linkTurns && <BackToOrigin />}
      <div className="report" data-testid="report">
        <div className="report-summary">
          <div className={`verdict ${positive ? 'yes' : 'no'}`}>
            <span className="verdict-label">Verdict for {report.targetLevel}</span>
            <span className="verdict-value">{VERDICT_LABELS[report.verdict]}</span>
          </div>
          <dl className="facts">
            <div><dt>Performed at</dt><dd>{LEVEL_LABELS[report.performedLevel]}</dd></div>
            <div><dt>Overall</dt><dd>{report.overallScore.toFixed(1)} / {MAX_SCORE}</dd></div>
            <div><dt>Turns</dt><dd>{report.stats.candidateTurns} of {report.stats.turns} yours</dd></div>
            {report.problem && <div><dt>Problem</dt><dd>{report.problem.title}</dd></div>}
            <div><dt>Scored by</dt><dd>{report.scorer === 'offline' ? 'built-in scorer' : `built-in scorer + ${report.model ?? 'model'}`}</dd></div>
            <CoachFact coach={report.coach} />
          </dl>
        </div>
        {report.notice && <p className="msg-notice"><InfoIcon /> {report.notice}</p>}
        <VerdictReasons report={report} />

        <Overview report={report} />

        {report.nextSteps.length > 0 && (
          <section aria-labelledby="next-steps">
            <h3 id="next-steps">Next steps</h3>
            <ol className="next-steps">
              {report.nextSteps.map((s, i) => (
                <li key={i}>
                  {s.text}
                  {s.evidence && <Quotes items={[s.evidence]} />}
                  {!s.evidence && s.note && <p className="muted next-step-note">{s.note}</p>}
                </li>
              ))}
            </ol>
          </section>
        )}

        <CoachSection coach={report.coach} turn={(n) => <TurnRef n={n} />} />

        <section aria-labelledby="red-flags" data-testid="red-flags">
          <h3 id="red-flags">Red flags</h3>
          {report.redFlags.length === 0 ? (
            <p className="muted">None found.</p>
          ) : (
            <ul className="red-flags">
              {report.redFlags.map((f) => (
                <li key={f.id} className="red-flag" data-flag={f.id}>
                  <p className="red-flag-title">
                    <span className="red-flag-mark" aria-hidden="true">!</span>
                    <strong>{f.title}</strong> <span className="muted small">({shortLabel(f.dimension, f.dimension).toLowerCase()})</span>
                  </p>
                  <p>{f.detail}</p>
                  <Quotes items={f.evidence} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="dimensions">
          <h3 id="dimensions">Dimensions</h3>
          <div className="dimensions">
            {report.dimensions.map((d) => (
              <article key={d.id} className="dimension" id={`dim-${d.id}`} data-dimension={d.id}>
                <header>
                  <h4>{d.title}<AssistedTag coach={report.coach} dimension={d.id} /></h4>
                  {d.confidence === 'not_applicable' ? <span className="muted">n/a</span> : <ScoreBar score={d.score} />}
                </header>
                {d.confidence !== 'not_applicable' && <p className="muted small">Meets the {LEVEL_LABELS[d.supportedLevel]} bar</p>}
                {d.confidenceNote && <p className="muted small" data-testid="confidence-note">{d.confidenceNote}</p>}
                {d.disagreement && <p className="msg-notice small" data-testid="judge-disagreement"><InfoIcon /> {d.disagreement}</p>}
                {d.rationale && <p>{d.rationale}</p>}
                {d.marks.length > 0 && (
                  <ul className="marks">
                    {d.marks.map((m, i) => (
                      <li key={i} className={`mark mark-${m.mark === '-' ? 'minus' : m.mark === '++' ? 'plusplus' : 'plus'}`}>
                        <span className="mark-sign">[{m.mark}]</span> {m.text}
                        {m.turn !== undefined && <> <TurnRef n={m.turn} /></>}
                      </li>
                    ))}
                  </ul>
                )}
                <Quotes items={d.evidence} />
                {d.evidenceNote && <p className="muted small">{d.evidenceNote}</p>}
              </article>
            ))}
          </div>
        </section>

        {report.pivot ? (
          <PivotSection pivot={report.pivot} />
        ) : (
          <section aria-labelledby="pivot-report" data-testid="pivot-report">
            <h3 id="pivot-report">The constraint change</h3>
            <p className="muted">No constraint change was found in this transcript.</p>
          </section>
        )}

        {report.components && <ComponentsSection components={report.components} />}

        {report.estimationCheck.length > 0 && (
          <section aria-labelledby="estimates">
            <h3 id="estimates">Estimates</h3>
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="estimates">
              <table className="table">
                <thead>
                  <tr><th scope="col">Estimate</th><th scope="col">Reference</th><th scope="col">You said</th><th scope="col">Verdict</th></tr>
                </thead>
                <tbody>
                  {report.estimationCheck.map((e) => (
                    <tr key={e.estimateId}>
                      <th scope="row">{e.label}</th>
                      <td>{e.reference}</td>
                      <td>{e.stated ?? '—'}{e.turn !== undefined && <> <TurnRef n={e.turn} /></>}</td>
                      <td className={`est-${e.verdict}`}>{ESTIMATE_LABELS[e.verdict]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )}

        <section aria-labelledby="time-use">
          <h3 id="time-use">Time per phase{report.timeUse.estimated ? ' (estimated)' : ''}</h3>
          <TimeBars rows={report.timeUse.rows} />
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="time-use">
            <table className="table" data-testid="time-table">
              <thead>
                <tr><th scope="col">Phase</th><th scope="col">Planned</th><th scope="col">Used</th><th scope="col">Turns</th><th scope="col">Status</th></tr>
              </thead>
              <tbody>
                {report.timeUse.rows.map((r) => (
                  <tr key={r.phase}>
                    <th scope="row">{PHASE_LABELS[r.phase]}</th>
                    <td>{r.plannedMinutes.toFixed(1)} min</td>
                    <td>{r.usedMinutes.toFixed(1)} min</td>
                    <td>{r.turns}</td>
                    <td className={`status-${r.status}`}>{TIME_STATUS_LABELS[r.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        <section aria-labelledby="clarify">
          <h3 id="clarify">Clarifying questions</h3>
          <p>
            {report.clarification.questions} question{report.clarification.questions === 1 ? '' : 's'}; uncovered{' '}
            {report.clarification.factsUncovered.map((f) => f.topic.replace(/_/g, ' ')).join(', ') || 'nothing'}
            {report.clarification.factsMissed.length > 0 && <>; never asked about {report.clarification.factsMissed.map((t) => t.replace(/_/g, ' ')).join(', ')}</>}.
          </p>
        </section>

        {report.skipped.length > 0 && (
          <section aria-labelledby="not-scored" className="not-scored">
            <h3 id="not-scored" className="small">Not scored</h3>
            <ul className="muted small">
              {report.skipped.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ul>
          </section>
        )}
        <p className="muted small">Rubric {report.rubricVersion}</p>
      </div>
     </TurnFollowed.Provider>
     </TurnDescriber.Provider>
    </TranscriptLinks.Provider>
  );
}
