// This browser's past interviews (listed by its client key), with links back into each, how each
// dimension went across the finished ones (their reports fetched with each session's token, a few
// at a time, and kept in memory), the practice plan built from them (PRAC6), and download / delete
// all (PRAC7, PRAC8).
import { useEffect, useId, useMemo, useState } from 'react';
import { PHASE_LABELS, type Phase } from '../../../server/protocol/phases.js';
import { DIMENSION_IDS, type Report } from '../../../server/protocol/report.js';
import { api, type SessionSummary } from '../api.js';
import { Loading } from '../components/loading.js';
import { PracticePlanCard, YourData } from '../components/practice-plan.js';
import { shortLabel } from '../components/radar-chart.js';
import { VERDICT_LABELS } from '../../../server/protocol/report-labels.js';
import { isPositive } from '../components/report-view.js';
import { TrendChart, type TrendPoint } from '../components/trend-chart.js';
import { cachedReport, loadReport } from '../report-cache.js';
import { href } from '../router.js';
import { sessionToken } from '../storage.js';

type ReportSlot = { kind: 'loading' } | { kind: 'ready'; report: Report } | { kind: 'error'; message: string };
type Series = 'overall' | (typeof DIMENSION_IDS)[number];

const PARALLEL = 3;

function useReports(sessions: SessionSummary[] | null): Record<string, ReportSlot> {
  const [slots, setSlots] = useState<Record<string, ReportSlot>>({});
  useEffect(() => {
    if (!sessions) return;
    let stopped = false;
    const wanted = sessions.filter((s) => s.status === 'ended' && sessionToken(s.id));
    const initial: Record<string, ReportSlot> = {};
    for (const s of wanted) {
      const hit = cachedReport(s.id);
      initial[s.id] = hit ? { kind: 'ready', report: hit } : { kind: 'loading' };
    }
    setSlots(initial);
    const queue = wanted.filter((s) => !cachedReport(s.id));
    const worker = async () => {
      for (let s = queue.shift(); s && !stopped; s = queue.shift()) {
        const id = s.id;
        try {
          const report = await loadReport(id, sessionToken(id)!);
          if (!stopped) setSlots((m) => ({ ...m, [id]: { kind: 'ready', report } }));
        } catch (err) {
          if (!stopped) setSlots((m) => ({ ...m, [id]: { kind: 'error', message: (err as Error).message } }));
        }
      }
    };
    for (let i = 0; i < PARALLEL; i++) void worker();
    return () => {
      stopped = true;
    };
  }, [sessions]);
  return slots;
}

const fmtDate = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function Progress({ sessions, slots }: { sessions: SessionSummary[]; slots: Record<string, ReportSlot> }) {
  const [series, setSeries] = useState<Series>('overall');
  const groupName = useId();
  const scored = useMemo(
    () =>
      sessions
        .filter((s) => slots[s.id]?.kind === 'ready')
        .map((s) => ({ s, report: (slots[s.id] as { report: Report }).report }))
        .sort((a, b) => a.s.createdAt.localeCompare(b.s.createdAt)),
    [sessions, slots],
  );
  const loading = Object.values(slots).filter((r) => r.kind === 'loading').length;
  const total = Object.keys(slots).length;
  const titles = new Map<string, string>();
  for (const { report } of scored) for (const d of report.dimensions) titles.set(d.id, d.title);

  const points: TrendPoint[] = scored.flatMap(({ s, report }) => {
    const value = series === 'overall' ? report.overallScore : report.dimensions.find((d) => d.id === series)?.score;
    return value === undefined ? [] : [{ id: s.id, date: new Date(s.createdAt), problem: s.problemTitle, level: s.level, value }];
  });
  const title = series === 'overall' ? 'Overall score' : titles.get(series) ?? shortLabel(series, series);

  return (
    <section className="card progress" aria-labelledby="progress-title" data-testid="progress">
      <div className="card-head">
        <h2 id="progress-title">Your scores over time</h2>
        {loading > 0 && (
          <span className="muted small" role="status">
            <span className="spinner inline" aria-hidden="true" /> Loading reports: {total - loading} of {total}
          </span>
        )}
      </div>
      {total === 0 && <p className="muted">Finish an interview to see how each dimension goes over time.</p>}
      {total > 0 && scored.length === 0 && loading === 0 && <p className="muted">None of your finished interviews' reports could be loaded.</p>}
      {scored.length > 0 && (
        <>
          <fieldset className="series-picker">
            <legend className="visually-hidden">Dimension to chart</legend>
            {(['overall', ...DIMENSION_IDS] as Series[]).map((id) => (
              <label key={id} className={`series-option${id === series ? ' selected' : ''}`}>
                <input type="radio" name={groupName} value={id} checked={id === series} onChange={() => setSeries(id)} />
                {id === 'overall' ? 'Overall' : shortLabel(id, id)}
              </label>
            ))}
          </fieldset>
          <h3 className="trend-title">{title} <span className="muted small">1 to 4, oldest first</span></h3>
          <TrendChart title={title} points={points} />
          {scored.length === 1 && <p className="muted small">Finish another interview to see a trend.</p>}
        </>
      )}
    </section>
  );
}

function Result({ s, slot }: { s: SessionSummary; slot: ReportSlot | undefined }) {
  if (s.status !== 'ended') {
    return <span className="badge status-active">In progress · {PHASE_LABELS[s.phase as Phase] ?? s.phase}</span>;
  }
  if (!slot) return <span className="badge status-ended">Finished</span>;
  if (slot.kind === 'loading') return <span className="muted small">Loading report…</span>;
  if (slot.kind === 'error') return <span className="muted small" title={slot.message}>Report unavailable</span>;
  const r = slot.report;
  return (
    <span className="result">
      <span className={`badge verdict-badge ${isPositive(r.verdict) ? 'yes' : 'no'}`}>{VERDICT_LABELS[r.verdict]}</span>{' '}
      <span className="muted small">{r.overallScore.toFixed(1)} / 4</span>
    </span>
  );
}

export default function HistoryPage() {
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const slots = useReports(sessions);

  const reload = () => api.listSessions().then(setSessions, (err: Error) => setError(err.message));
  useEffect(() => {
    document.title = 'Your interviews · Mock system design';
    void reload();
  }, []);

  return (
    <section className="history" aria-labelledby="history-title">
      <h1 id="history-title">Your interviews</h1>
      <p className="muted">Interviews started in this browser. Open one to resume it or to read its transcript and report.</p>
      {error && <p className="error" role="alert">Could not load your interviews: {error}</p>}
      {!sessions && !error && <Loading label="Loading your interviews…" />}
      {sessions && sessions.length === 0 && (
        <p className="empty">
          No interviews yet. <a href={href.start()}>Start your first one</a>.
        </p>
      )}
      {sessions && sessions.length > 0 && (
        <>
          <PracticePlanCard sessions={sessions} />
          <Progress sessions={sessions} slots={slots} />
          <div className="table-scroll">
            <table className="table history-table">
              <caption className="visually-hidden">Your interviews, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Problem</th>
                  <th scope="col">Level</th>
                  <th scope="col">Length</th>
                  <th scope="col">Result</th>
                  <th scope="col"><span className="visually-hidden">Open</span></th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((s) => {
                  const ended = s.status === 'ended';
                  const canOpen = Boolean(sessionToken(s.id));
                  return (
                    <tr key={s.id} data-session={s.id}>
                      <td className="nowrap hc-date">
                        <time dateTime={s.createdAt}>{fmtDate(s.createdAt)}</time>
                      </td>
                      <th scope="row" className="hc-problem">{s.problemTitle}</th>
                      <td className="hc-level">{s.level}</td>
                      <td className="nowrap hc-length">{s.durationMinutes} min</td>
                      <td data-testid="result" className="hc-result">
                        <Result s={s} slot={slots[s.id]} />
                      </td>
                      <td className="nowrap hc-open">
                        {canOpen ? (
                          <a href={ended ? href.finished(s.id) : href.interview(s.id)}>
                            {ended ? 'View report' : 'Resume'}
                            <span className="visually-hidden"> for {s.problemTitle}, {fmtDate(s.createdAt)}</span>
                          </a>
                        ) : (
                          <span className="muted small">no access here</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <YourData sessions={sessions} onDeleted={reload} />
        </>
      )}
    </section>
  );
}
