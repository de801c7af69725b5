// After the interview: the report (or "being prepared" while the server builds it), the final
// whiteboard (the stored SVG) with SVG / PNG downloads, and the whole transcript, numbered like
// the report's evidence.
import { useCallback, useEffect, useState } from 'react';
import type { Report } from '../../../server/protocol/report.js';
import { api, ApiError, type SessionView } from '../api.js';
import { PhaseDivider, TurnView } from '../components/chat.js';
import { DownloadIcon } from '../components/icons.js';
import { Loading } from '../components/loading.js';
import { FinalDiagram, useStoredSvg, type StoredDiagram } from '../components/final-diagram.js';
import { ReferenceView } from '../components/reference-view.js';
import { ReportView } from '../components/report-view.js';
import { BoardReplayView, turnIndexAt, useBoardTimeline } from '../components/board-replay.js';
import { formatInterviewTime } from '../../../server/protocol/board-timeline.js';
import { saveBlob, slug } from '../download.js';
import { cachedReport, loadReport } from '../report-cache.js';
import { href, navigate } from '../router.js';
import { sessionToken } from '../storage.js';

type ReportState =
  | { kind: 'waiting'; checks: number; running: boolean }
  | { kind: 'ready'; report: Report }
  | { kind: 'error'; message: string };

const POLL_FIRST_MS = 1_500;
const POLL_MAX_MS = 15_000;

/**
 * Fetches the report. The server answers 409 `interview_running` until the interview has ended
 * (keep waiting, with backoff) and afterwards builds the report on demand, so the request itself
 * may take a while. Anything else is an error shown with a retry button.
 */
function useReport(id: string, token: string | null, enabled: boolean): { state: ReportState; retry(): void } {
  const [state, setState] = useState<ReportState>(() => {
    const hit = cachedReport(id);
    return hit ? { kind: 'ready', report: hit } : { kind: 'waiting', checks: 0, running: false };
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!token || !enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = POLL_FIRST_MS;
    let checks = 0;
    const poll = async () => {
      checks++;
      try {
        const report = await loadReport(id, token);
        if (!stopped) setState({ kind: 'ready', report });
      } catch (err) {
        if (stopped) return;
        if (err instanceof ApiError && err.status === 409) {
          setState({ kind: 'waiting', checks, running: true });
          timer = setTimeout(() => void poll(), delay);
          delay = Math.min(POLL_MAX_MS, Math.round(delay * 1.5));
          return;
        }
        const message =
          err instanceof ApiError && err.status === 0
            ? err.message
            : `The report could not be loaded: ${(err as Error).message}${err instanceof ApiError && err.status >= 400 ? ` (HTTP ${err.status})` : ''}.`;
        setState({ kind: 'error', message });
      }
    };
    setState((s) => (s.kind === 'ready' ? s : { kind: 'waiting', checks: 0, running: false }));
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, token, enabled, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}

type Busy = null | 'svg' | 'png' | 'md' | 'json';

export default function FinishedPage({ id }: { id: string }) {
  const token = sessionToken(id);
  const [view, setView] = useState<SessionView | null>(null);
  const [diagram, setDiagram] = useState<StoredDiagram | null | 'error'>(null);
  const svg = useStoredSvg(id, token, diagram);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const { state: report, retry } = useReport(id, token, view?.status === 'ended');
  const timeline = useBoardTimeline(`/api/sessions/${encodeURIComponent(id)}/timeline`, token, view?.status === 'ended');
  // [RPL9] The replay's moment (the end of the interview until the reader moves it), and the turn
  // it was jumped to, which stays the marked one even when the reply came the same second.
  const [moment, setMoment] = useState<{ at: number; turn?: number } | null>(null);
  const at = moment?.at ?? (timeline.kind === 'ready' ? timeline.timeline.endMs : 0);
  const seekReplay = useCallback((to: number) => setMoment({ at: to }), []);
  const jumpReplay = (turn: number) => {
    const t = view?.transcript[turn];
    if (t) setMoment({ at: t.atMs, turn });
  };

  useEffect(() => {
    if (!token) return;
    api.session(id, token).then(
      (v) => {
        if (v.status !== 'ended') navigate(href.interview(id), { replace: true });
        else setView(v);
      },
      (err: Error) => setError(err.message),
    );
    api.diagram(id, token).then(setDiagram, () => setDiagram('error'));
  }, [id, token]);

  useEffect(() => {
    document.title = view ? `${view.problem.title} · Finished` : 'Interview finished';
  }, [view]);

  // The report is ready: the focus goes to its heading (after End it was left on the page body),
  // unless the reader is already somewhere on this page.
  const reportReady = report.kind === 'ready' && view !== null;
  useEffect(() => {
    if (!reportReady) return;
    const at = document.activeElement;
    if (at && at !== document.body && at.id !== 'main') return;
    document.getElementById('report-title')?.focus();
  }, [reportReady]);

  if (!token) {
    return (
      <section className="narrow">
        <h1>This interview is not available here</h1>
        <p>Interviews can only be opened from the browser that started them. <a href={href.history()}>Your interviews</a></p>
      </section>
    );
  }
  if (error) {
    return (
      <section className="narrow">
        <h1>Could not open this interview</h1>
        <p className="error" role="alert">{error}</p>
      </section>
    );
  }
  if (!view) return <Loading label="Loading the interview…" />;

  const base = `${slug(view.problem.title)}-${id.slice(0, 8)}`;
  async function download(kind: Exclude<Busy, null>) {
    if (!token || busy) return;
    setBusy(kind);
    setDownloadError(null);
    try {
      if (kind === 'md') saveBlob(await api.reportMarkdown(id, token), `report-${base}.md`);
      else if (kind === 'json') saveBlob(new Blob([JSON.stringify(await api.exportTranscript(id, token), null, 2)], { type: 'application/json' }), `transcript-${base}.json`);
      else if (kind === 'svg' && svg.kind === 'ready') saveBlob(svg.blob, `whiteboard-${base}.svg`);
      else {
        // Excalidraw (over a megabyte of script) is fetched only now, on the first click.
        const { sceneSvgBlob, scenePngBlob } = await import('../diagram-export.js');
        const scene = diagram && diagram !== 'error' ? diagram.elements : [];
        const blob = kind === 'svg' ? await sceneSvgBlob(scene) : await scenePngBlob(scene);
        if (!blob) throw new Error('the whiteboard is empty');
        saveBlob(blob, `whiteboard-${base}.${kind}`);
      }
    } catch (err) {
      const what = kind === 'md' ? 'the report' : kind === 'json' ? 'the transcript' : `the whiteboard as ${kind.toUpperCase()}`;
      setDownloadError(`Could not download ${what}: ${(err as Error).message}`);
    } finally {
      setBusy(null);
    }
  }

  const replaying = timeline.kind === 'ready';
  const nowTurn = !replaying ? -1 : moment?.turn ?? turnIndexAt(view.transcript, at);
  const rows: JSX.Element[] = [];
  let phase: SessionView['phase'] | undefined;
  view.transcript.forEach((t, i) => {
    if (phase !== undefined && t.phase !== phase) rows.push(<PhaseDivider key={`d${t.seq}`} phase={t.phase} />);
    phase = t.phase;
    // Numbered like the report's evidence ("turn 7"), so a quote can be found in context; while
    // replaying, what was not said yet at the replay's moment is dimmed.
    const when = replaying ? (i === nowTurn ? ' now' : t.atMs > at ? ' after-now' : '') : '';
    rows.push(
      <div key={t.seq} id={`turn-${i + 1}`} className={`turn-anchor ${t.role}${when}`} tabIndex={-1} aria-current={i === nowTurn ? 'time' : undefined}>
        <span className="turn-no" aria-label={`Turn ${i + 1}`}>{i + 1}</span>
        <TurnView turn={t} />
        {replaying && (
          <button type="button" className="link turn-time" data-testid={`turn-time-${i + 1}`} onClick={() => jumpReplay(i)} aria-label={`Replay the whiteboard at turn ${i + 1}, ${formatInterviewTime(t.atMs)}`}>
            {formatInterviewTime(t.atMs)}
          </button>
        )}
      </div>,
    );
  });
  const candidateTurns = view.transcript.filter((t) => t.role === 'candidate').length;

  return (
    <div className="finished">
      <header className="finished-head">
        <div>
          <p className="eyebrow">Interview finished</p>
          <h1>{view.problem.title}</h1>
          <p className="muted">
            {view.level} · {view.durationMinutes} min · {new Date(view.createdAt).toLocaleString()} ·{' '}
            {view.endReason === 'time' ? 'ended when time ran out' : 'you ended it'} · {candidateTurns} message{candidateTurns === 1 ? '' : 's'} from you
          </p>
        </div>
        <div className="finished-actions">
          <button type="button" onClick={() => void download('md')} disabled={report.kind !== 'ready' || busy !== null} aria-busy={busy === 'md'}>
            <DownloadIcon /> Report (Markdown)
          </button>
          <button type="button" onClick={() => void download('json')} disabled={busy !== null} aria-busy={busy === 'json'}>
            <DownloadIcon /> Transcript (JSON)
          </button>
          <a className="button primary" href={href.start()}>Start another interview</a>
        </div>
      </header>
      {downloadError && (
        <p className="error banner-inline" role="alert">
          {downloadError}{' '}
          <button type="button" className="link" onClick={() => setDownloadError(null)}>Dismiss</button>
        </p>
      )}

      <section className="card" aria-labelledby="report-title">
        <h2 id="report-title" tabIndex={-1}>
          Feedback report{report.kind === 'ready' && <span className="visually-hidden"> (ready)</span>}
        </h2>
        {report.kind === 'waiting' && (
          <div className="report-waiting" role="status" data-testid="report-waiting">
            <span className="spinner" aria-hidden="true" />
            <div>
              <p><strong>Your report is being prepared.</strong></p>
              <p className="muted small">
                {report.running
                  ? `The server is still closing the interview; this page checks again every few seconds (checked ${report.checks} time${report.checks === 1 ? '' : 's'}).`
                  : 'The scorer is reading your transcript and whiteboard. This usually takes a few seconds.'}{' '}
                You can also come back later from your history.
              </p>
            </div>
          </div>
        )}
        {report.kind === 'error' && (
          <div className="report-error" role="alert" data-testid="report-error">
            <p className="error">{report.message}</p>
            <button type="button" onClick={retry}>Try again</button>
          </div>
        )}
        {report.kind === 'ready' && (
          <ReportView
            report={report.report}
            describeTurn={(n) => {
              const t = view.transcript[n - 1];
              return t && { who: t.role === 'candidate' ? 'you' : 'the interviewer', text: t.text };
            }}
            onTurn={(n) => jumpReplay(n - 1)}
          />
        )}
      </section>

      <ReferenceView id={id} token={token} enabled={view.status === 'ended'} />

      <div className="finished-grid">
        {timeline.kind === 'ready' && <BoardReplayView timeline={timeline.timeline} turns={view.transcript} at={at} currentTurn={nowTurn} onSeek={seekReplay} />}
        {timeline.kind === 'loading' && (
          <section className="card" aria-labelledby="replay-title" aria-busy="true">
            <h2 id="replay-title">Whiteboard replay</h2>
            <Loading label="Loading the replay…" />
          </section>
        )}
        {timeline.kind === 'error' && (
          <section className="card" aria-labelledby="replay-title">
            <h2 id="replay-title">Whiteboard replay</h2>
            <p className="error" role="alert">The replay could not be loaded: {timeline.message}</p>
          </section>
        )}
        <section className="card transcript" aria-labelledby="transcript-title">
          <h2 id="transcript-title">Transcript</h2>
          <div className="transcript-log" data-testid="transcript">{rows}</div>
        </section>
        <FinalDiagram diagram={diagram} svg={svg} title={view.problem.title} onDownload={(k) => void download(k)} busy={busy} />
      </div>
    </div>
  );
}
