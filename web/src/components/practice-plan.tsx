// [PRAC6–PRAC10] The history page's practice plan: what keeps going wrong across this browser's
// interviews (with each weakness's trend, re-test date and the quotes behind it), the problem and
// level to practise next (one click starts it), and the person's data: download all, delete all.
import { useEffect, useState } from 'react';
import type { Weakness } from '../../../server/protocol/history.js';
import { CreateSessionBody } from '../../../server/protocol/index.js';
import type { SessionSummary } from '../api.js';
import { saveBlob } from '../download.js';
import { heldSessions, historyApi, type Plan } from '../history-api.js';
import { href } from '../router.js';
import { startSession } from '../start-session.js';
import { ConfirmDialog } from './confirm-dialog.js';
import './practice-plan.css';

const KIND_LABEL: Record<Weakness['kind'], string> = {
  dimension: 'Dimension',
  red_flag: 'Red flag',
  anti_pattern: 'Known wrong answer',
  fact: 'Fact',
};

const DIRECTION_LABEL: Record<Weakness['direction'], string> = {
  improving: '↗ improving',
  steady: '→ no better yet',
  worsening: '↘ getting worse',
};

const fmtDay = (iso: string) => new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });

function reviewText(w: Weakness): string {
  if (w.review.status === 'learned') return 'Learned';
  if (w.review.status === 'due') return 'Re-test due now';
  return `Re-test on ${fmtDay(w.review.dueAt!)}`;
}

function WeaknessItem({ w }: { w: Weakness }) {
  return (
    <li className={`weakness review-${w.review.status}`} data-key={w.key}>
      <div className="weakness-head">
        <span className={`badge kind-${w.kind}`}>{KIND_LABEL[w.kind]}</span>
        <strong className="weakness-title">{w.title}</strong>
        <span className={`review-badge ${w.review.status}`}>{reviewText(w)}</span>
      </div>
      <p className="muted small weakness-count">
        Weak in {w.weakCount} of {w.exercised} interviews · <span className={`direction ${w.direction}`}>{DIRECTION_LABEL[w.direction]}</span>
      </p>
      <ol className="weakness-trend" aria-label={`${w.title}: each interview, oldest first`}>
        {w.trend.map((p) => (
          <li key={p.sessionId} className={p.weak ? 'weak' : 'ok'} title={`${p.problemTitle}, ${fmtDay(p.at)}`}>
            <span aria-hidden="true">{p.score ?? (p.weak ? '✗' : '✓')}</span>
            <span className="visually-hidden">
              {p.problemTitle}, {fmtDay(p.at)}: {p.score !== undefined ? `${p.score} of 4` : p.weak ? 'shown' : 'not shown'}
            </span>
          </li>
        ))}
      </ol>
      {w.quotes.length > 0 && (
        <ul className="weakness-quotes">
          {w.quotes.map((q) => (
            <li key={`${q.sessionId}-${q.turn}-${q.quote}`}>
              <blockquote>“{q.quote}”</blockquote>
              <a className="small" href={href.finished(q.sessionId)}>
                {q.problemTitle}, {fmtDay(q.at)}, turn {q.turn}
              </a>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function PractiseNext({ next }: { next: NonNullable<Plan['next']> }) {
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function start() {
    setStarting(true);
    setError(null);
    try {
      await startSession(CreateSessionBody.parse({ problemId: next.problemId, level: next.level }));
    } catch (err) {
      setError((err as Error).message);
      setStarting(false);
    }
  }
  return (
    <div className="practise-next" data-testid="practise-next" data-problem={next.problemId} data-target={next.target.key}>
      <h3>Practise next</h3>
      <p className="practise-pick">
        <strong>{next.problemTitle}</strong> <span className="badge">{next.level}</span>
        {next.target.due && <span className="review-badge due">re-test due</span>}
      </p>
      <p>{next.reason}</p>
      {next.exercises.length > 0 && (
        <ul className="practise-exercises small">
          {next.exercises.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <button type="button" className="primary" onClick={start} disabled={starting}>
          {starting ? 'Starting…' : `Start ${next.problemTitle} (${next.level})`}
        </button>
        <a className="button" href={href.start({ problem: next.problemId, level: next.level })}>
          Change options first
        </a>
      </div>
      {error && <p className="error" role="alert">Could not start it: {error}</p>}
    </div>
  );
}

export function PracticePlanCard({ sessions }: { sessions: SessionSummary[] }) {
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    setPlan(null);
    setError(null);
    historyApi.plan(heldSessions(sessions.map((s) => s.id))).then(
      (p) => !stopped && setPlan(p),
      (err: Error) => !stopped && setError(err.message),
    );
    return () => {
      stopped = true;
    };
  }, [sessions]);

  const open = plan?.weaknesses.filter((w) => w.review.status !== 'learned') ?? [];
  const learned = plan?.weaknesses.filter((w) => w.review.status === 'learned') ?? [];
  const stale = plan?.leftOut.filter((l) => l.reason !== 'no_token').length ?? 0;
  return (
    <section className="card practice-plan" aria-labelledby="plan-title" data-testid="practice-plan">
      <div className="card-head">
        <h2 id="plan-title">Your practice plan</h2>
        {!plan && !error && (
          <span className="muted small" role="status">
            <span className="spinner inline" aria-hidden="true" /> Reading your reports…
          </span>
        )}
      </div>
      {error && <p className="error" role="alert">Could not build your plan: {error}</p>}
      {plan && plan.interviews === 0 && <p className="muted">Finish an interview to get a practice plan.</p>}
      {plan?.next && <PractiseNext next={plan.next} />}
      {plan && plan.interviews > 0 && (
        <>
          <h3 className="plan-sub">What keeps coming back</h3>
          {open.length === 0 ? (
            <p className="muted">Nothing has recurred yet: a weakness shows here once it comes up in two interviews.</p>
          ) : (
            <ul className="weakness-list">
              {open.map((w) => (
                <WeaknessItem key={w.key} w={w} />
              ))}
            </ul>
          )}
          {learned.length > 0 && <p className="muted small">Learned (good at every re-test): {learned.map((w) => w.title).join(', ')}.</p>}
          {stale > 0 && (
            <p className="muted small">
              {stale} older interview{stale === 1 ? ' is' : 's are'} left out: {stale === 1 ? 'its link has' : 'their links have'} expired or been revoked.
            </p>
          )}
          <p className="muted small plan-schedule">
            From {plan.interviews} finished interview{plan.interviews === 1 ? '' : 's'}. A weakness is re-tested {plan.schedule[0]} day after a weak
            result, then {plan.schedule.slice(1).join(', ')} days after each good one; a weak result starts it again.
          </p>
        </>
      )}
    </section>
  );
}

export function YourData({ sessions, onDeleted }: { sessions: SessionSummary[]; onDeleted(): void }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState<'export' | 'delete' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const held = heldSessions(sessions.map((s) => s.id));

  async function download() {
    setBusy('export');
    setError(null);
    try {
      const blob = await historyApi.exportAll(held);
      saveBlob(blob, `interviews-${new Date().toISOString().slice(0, 10)}.json`);
      setMessage(`Downloaded ${held.length} interview${held.length === 1 ? '' : 's'}.`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    setBusy('delete');
    setError(null);
    try {
      const res = await historyApi.deleteAll(held);
      setAsking(false);
      setMessage(`Deleted ${res.deleted.length} interview${res.deleted.length === 1 ? '' : 's'}.`);
      onDeleted();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card your-data" aria-labelledby="data-title">
      <h2 id="data-title">Your data</h2>
      <p className="muted">
        Download every interview this browser holds — transcripts, every event and the reports — as one JSON file, or delete them all from the server.
      </p>
      <div className="button-row">
        <button type="button" onClick={download} disabled={busy !== null || held.length === 0}>
          {busy === 'export' ? 'Preparing…' : 'Download all (JSON)'}
        </button>
        <button type="button" className="danger-outline" onClick={() => setAsking(true)} disabled={busy !== null || held.length === 0}>
          Delete all my interviews…
        </button>
      </div>
      <p role="status" className="small muted">{message}</p>
      {error && !asking && <p className="error" role="alert">{error}</p>}
      <ConfirmDialog
        open={asking}
        title={`Delete all ${held.length} interviews?`}
        confirmLabel={`Delete ${held.length} interviews`}
        cancelLabel="Cancel"
        busyLabel="Deleting…"
        busy={busy === 'delete'}
        onConfirm={remove}
        onCancel={() => setAsking(false)}
      >
        <p>Their transcripts, whiteboards and reports are removed from the server and their links stop working. This cannot be undone.</p>
        <p className="muted small">Download them first if you want a copy.</p>
        {error && asking && <p className="error" role="alert">{error}</p>}
      </ConfirmDialog>
    </section>
  );
}
