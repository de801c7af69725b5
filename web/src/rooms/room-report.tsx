// The peer interview's report: the interviewer's scorecard beside the AI shadow score, per
// dimension, with both on one radar; the shadow's full report (the solo report view) below.
import type { RoomReportResponse, ScorecardEntry } from '../../../server/protocol/rooms.js';
import { CX, CY, fmt, H, labelPlacement, MAX_SCORE, point, R, ringPoints, ScorePips, scorePoint, shortLabel, W } from '../components/radar-chart.js';
import { VERDICT_LABELS } from '../../../server/protocol/report-labels.js';
import { ReportView, isPositive } from '../components/report-view.js';

function Pips({ score, label }: { score: number | undefined; label: string }) {
  if (score === undefined) return <span className="muted small">not scored</span>;
  return <ScorePips score={score} label={`${label}: ${score} out of ${MAX_SCORE}`} />;
}

function agreement(a: number | undefined, b: number): { label: string; kind: string } {
  if (a === undefined) return { label: '—', kind: 'none' };
  const d = Math.abs(a - b);
  if (d === 0) return { label: 'agree', kind: 'agree' };
  if (d === 1) return { label: `${a > b ? '+' : '−'}1`, kind: 'close' };
  return { label: `${a > b ? '+' : '−'}${d}`, kind: 'apart' };
}

// ---- both scores on one radar --------------------------------------------------------------

interface Axis {
  id: string;
  title: string;
  interviewer: number | undefined;
  shadow: number;
}

export function CompareRadar({ axes }: { axes: Axis[] }) {
  const n = axes.length;
  if (n < 3) return null;
  const ring = (v: number) => ringPoints(n, v);
  const shape = (pick: (a: Axis) => number) => axes.map((a, i) => scorePoint(i, n, pick(a)));
  const shadow = shape((a) => a.shadow);
  // The interviewer's shape joins the dimensions they scored (dots alone below three).
  const interviewer = shape((a) => a.interviewer ?? 0);
  const scoredPoints = interviewer.filter((_, i) => axes[i]!.interviewer !== undefined);
  const scored = scoredPoints.length;
  const label = `Scores by dimension, out of ${MAX_SCORE}, interviewer then AI shadow: ${axes.map((a) => `${a.title} ${a.interviewer ?? 'not scored'} and ${a.shadow}`).join(', ')}.`;
  return (
    <svg className="radar compare-radar" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="compare-radar">
      <g aria-hidden="true">
        {[1, 2, 3, 4].map((v) => (
          <polygon key={v} points={ring(v)} className={v === MAX_SCORE ? 'radar-ring outer' : 'radar-ring'} />
        ))}
        {axes.map((a, i) => {
          const [x, y] = point(i, n, R);
          return <line key={a.id} x1={CX} y1={CY} x2={fmt(x)} y2={fmt(y)} className="radar-spoke" />;
        })}
        <polygon className="radar-shape shadow-shape" points={shadow.map((p) => p.map(fmt).join(',')).join(' ')} />
        {scored >= 3 && <polygon className="radar-shape interviewer-shape" points={scoredPoints.map((p) => p.map(fmt).join(',')).join(' ')} />}
        {scored > 0 &&
          interviewer.map(([x, y], i) => (axes[i]!.interviewer === undefined ? null : <circle key={`i${i}`} cx={fmt(x)} cy={fmt(y)} r={4} className="radar-dot interviewer-dot" />))}
        {shadow.map(([x, y], i) => (
          <circle key={`s${i}`} cx={fmt(x)} cy={fmt(y)} r={3.5} className="radar-dot shadow-dot" />
        ))}
        {axes.map((a, i) => {
          const at = labelPlacement(i, n);
          return (
            <text key={a.id} x={at.x} y={at.y} textAnchor={at.anchor} className="radar-label">
              {shortLabel(a.id, a.title)}
            </text>
          );
        })}
      </g>
    </svg>
  );
}

// ---- the report -----------------------------------------------------------------------------

export interface RoomReportProps {
  report: RoomReportResponse;
  /** The interviewer's live scorecard (newer than the report's copy while they still edit it). */
  scorecard?: ScorecardEntry[];
  role: 'interviewer' | 'candidate' | 'peer';
}

export function RoomReport({ report, scorecard, role }: RoomReportProps) {
  const entries = scorecard ?? report.scorecard;
  const byDim = new Map(entries.map((e) => [e.dimension, e]));
  const rows = report.shadow.dimensions.map((d) => ({ d, mine: byDim.get(d.id) }));
  const scored = rows.filter((r) => r.mine).map((r) => r.mine!.score);
  const mean = scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : undefined;
  const axes: Axis[] = rows.map(({ d, mine }) => ({ id: d.id, title: d.title, interviewer: mine?.score, shadow: d.score }));
  const positive = isPositive(report.shadow.verdict);

  return (
    <div className="room-report" data-testid="room-report">
      <div className="room-report-head">
        <div>
          <p className="eyebrow">Peer interview report</p>
          <h1 id="room-report-title" tabIndex={-1}>{report.problem.title}</h1>
          <p className="muted">
            Target level {report.level}
            {report.endedAt ? ` · ended ${new Date(report.endedAt).toLocaleString()}` : ' · the time ran out'}
          </p>
        </div>
        <dl className="room-report-totals">
          <div>
            <dt>Interviewer</dt>
            {/* How much was scored comes first: a mean of one dimension is not a headline. */}
            <dd data-testid="interviewer-scored">
              {scored.length} of {rows.length} scored
            </dd>
            <dd className="muted small">
              {mean === undefined ? (
                'no mean yet'
              ) : (
                <>
                  mean of {scored.length === rows.length ? 'all' : 'those'}: <span data-testid="interviewer-mean">{`${mean.toFixed(1)} / ${MAX_SCORE}`}</span>
                </>
              )}
            </dd>
          </div>
          <div>
            <dt>AI shadow</dt>
            <dd data-testid="shadow-mean">{report.shadow.overallScore.toFixed(1)} / {MAX_SCORE}</dd>
            <dd className={`small verdict-inline ${positive ? 'yes' : 'no'}`}>{VERDICT_LABELS[report.shadow.verdict]} for {report.shadow.targetLevel}</dd>
          </div>
        </dl>
      </div>

      <div className="room-report-grid">
        <figure className="radar-figure card">
          <CompareRadar axes={axes} />
          <figcaption className="compare-legend small">
            <span><span className="legend-swatch interviewer" aria-hidden="true" /> Interviewer</span>
            <span><span className="legend-swatch shadow" aria-hidden="true" /> AI shadow score</span>
          </figcaption>
        </figure>

        <div className="card side-by-side-card">
          <div className="table-scroll">
            <table className="table compact side-by-side" data-testid="side-by-side">
              <caption className="visually-hidden">The interviewer's score and the AI shadow score per dimension</caption>
              <thead>
                <tr>
                  <th scope="col">Dimension</th>
                  <th scope="col">Interviewer</th>
                  <th scope="col">AI shadow</th>
                  <th scope="col" className="gap" title="The interviewer's score minus the AI shadow score">Gap</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ d, mine }) => {
                  const gap = agreement(mine?.score, d.score);
                  return (
                    <tr key={d.id} data-dimension={d.id}>
                      <th scope="row">{d.title}</th>
                      <td data-label="Interviewer">
                        <Pips score={mine?.score} label={`Interviewer, ${d.title}`} />
                        {mine?.notes && <p className="dim-notes">{mine.notes}</p>}
                      </td>
                      <td data-label="AI shadow">
                        <Pips score={d.score} label={`AI shadow, ${d.title}`} />
                        {d.rationale ? <p className="dim-notes muted">{d.rationale}</p> : d.marks[0] ? <p className="dim-notes muted">[{d.marks[0].mark}] {d.marks[0].text}</p> : null}
                      </td>
                      <td data-label="Gap" className={`gap gap-${gap.kind}`} title={gap.kind === 'none' ? 'Not scored by the interviewer' : "The interviewer's score minus the AI shadow score"}>{gap.label}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            {role === 'interviewer'
              ? 'You can still change your scores: go back to the board and open the Scorecard tab. This report follows.'
              : `The interviewer may still be finishing the scorecard: this report updates as they do. ${report.notesShared ? 'The interviewer shared their notes with you.' : 'The interviewer keeps their notes private.'}`}
          </p>
        </div>
      </div>

      <details className="card shadow-details">
        <summary>The AI shadow report in full</summary>
        <ReportView report={report.shadow} linkTurns={false} />
      </details>
    </div>
  );
}
