// A peer room: the shared whiteboard beside the chat. A peer interview adds the room clock with
// the phase stepper for both, the problem statement for the candidate, the interviewer's panel
// (kit and scorecard) for the interviewer, and after the end the side-by-side report for both.
// Loaded on demand (with Excalidraw, through the board).
import { lazy, Suspense, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { PHASE_GOALS, PHASE_LABELS } from '../../../server/protocol/phases.js';
import { ROOM_LIMITS, type RoomReportResponse } from '../../../server/protocol/rooms.js';
import { ApiError } from '../api.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ConnectionBadge } from '../components/connection-badge.js';
import { Loading } from '../components/loading.js';
import { Announcer, plainText, useAnnouncer } from '../components/announcer.js';
import { useInert } from '../components/inert.js';
import { PaneTabs, useNarrow, useUnread, type PaneTab } from '../components/pane-tabs.js';
import { PhaseGoals, PhaseStepper, useTicker } from '../components/phase-bar.js';
import { Markdown } from '../markdown.js';
import { href, navigate } from '../router.js';
import { formatDuration } from '../session-live.js';
import { KitPanel, ScorecardPanel } from './interviewer-panel.js';
import { roomApi, type RoomInfo } from './room-api.js';
import { RoomChat } from './room-chat.js';
import { createdRoom, displayName, rememberDisplayName, rememberRoomToken, roomToken } from './room-links.js';
import { RoomConnection, roomClockNow, type RoomSnapshot, type TimedRoomClock } from './room-live.js';
import { RoomReport } from './room-report.js';
import { RoomReplay } from './room-replay.js';
import { RoomLinksDialog } from './share-links.js';
import './rooms.css';

const RoomBoard = lazy(() => import('./room-board.js'));

type Loaded = { kind: 'loading' } | { kind: 'error'; title: string; message: string } | { kind: 'ready'; info: RoomInfo };

export default function RoomPage({ id, token: linkToken }: { id: string; token?: string }) {
  // A token in the link goes to storage and out of the address bar (see room-links.ts).
  const [token, setToken] = useState(() => {
    if (linkToken) rememberRoomToken(id, linkToken);
    return linkToken ?? roomToken(id);
  });
  useEffect(() => {
    if (!linkToken) return;
    rememberRoomToken(id, linkToken);
    setToken(linkToken);
    navigate(href.room(id), { replace: true });
  }, [id, linkToken]);

  const [state, setState] = useState<Loaded>({ kind: 'loading' });
  const [name, setName] = useState(displayName);

  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    roomApi.info(id, token).then(
      (info) => !cancelled && setState({ kind: 'ready', info }),
      (err: Error) => {
        if (cancelled) return;
        const gone = err instanceof ApiError && (err.status === 404 || err.status === 401);
        setState({
          kind: 'error',
          title: gone ? 'This room link is not valid' : 'Could not open the room',
          message: gone ? 'The room does not exist or the link is incomplete. Ask for the link again.' : err.message,
        });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, token]);

  useEffect(() => {
    document.title = state.kind === 'ready' && state.info.interview ? `${state.info.interview.problem.title} · Peer interview` : 'Peer room · Mock system design';
  }, [state]);

  if (!token) {
    return (
      <Notice title="Open this room from its link">
        <p>Rooms are reached through the link their creator shared (it carries the key to the room). Ask for the link again, or open a new room.</p>
      </Notice>
    );
  }
  if (state.kind === 'loading') return <Loading label="Opening the room…" />;
  if (state.kind === 'error') {
    return (
      <Notice title={state.title}>
        <p className="error" role="alert">{state.message}</p>
      </Notice>
    );
  }
  if (!name) return <NamePrompt info={state.info} onName={(n) => { rememberDisplayName(n); setName(n); }} />;
  return <RoomLive key={`${id}:${token}`} info={state.info} token={token} name={name} />;
}

function Notice({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="page narrow" id="main">
      <h1>{title}</h1>
      {children}
      <p><a href={href.start()}>Back to the start page</a></p>
    </main>
  );
}

function NamePrompt({ info, onName }: { info: RoomInfo; onName(name: string): void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const what = info.interview ? `the peer interview on ${info.interview.problem.title}` : 'a shared whiteboard';
  const as = info.role === 'interviewer' ? 'You join as the interviewer.' : info.role === 'candidate' ? 'You join as the candidate.' : '';
  function submit(e: FormEvent) {
    e.preventDefault();
    const n = value.trim();
    if (!n) return setError('Type the name the others will see.');
    if (n.length > ROOM_LIMITS.nameChars) return setError(`At most ${ROOM_LIMITS.nameChars} characters.`);
    onName(n);
  }
  return (
    <main className="page narrow" id="main">
      <form className="card name-prompt" onSubmit={submit}>
        <h1>Join {what}</h1>
        <p className="muted">{as} Your name is shown to everyone in the room; this browser remembers it.</p>
        <label htmlFor={inputId} className="field-label">Your name</label>
        <input id={inputId} type="text" value={value} onChange={(e) => setValue(e.target.value)} maxLength={ROOM_LIMITS.nameChars} autoFocus autoComplete="nickname" />
        {error && <p className="error small" role="alert">{error}</p>}
        <div className="name-prompt-row">
          <button type="submit" className="primary">Join the room</button>
        </div>
      </form>
    </main>
  );
}

// ---- the live room --------------------------------------------------------------------------

function RoomLive({ info, token, name }: { info: RoomInfo; token: string; name: string }) {
  const conn = useMemo(() => new RoomConnection(info.id, token, name), [info.id, token, name]);
  useEffect(() => {
    conn.start();
    return () => conn.stop();
  }, [conn]);
  const snap = useSyncExternalStore(conn.subscribe, conn.getSnapshot);
  const role = snap.you?.role ?? info.role;
  const interview = info.interview;
  const clock = snap.clock ?? (interview ? { view: interview.clock, receivedAt: performance.now() } : null);
  const ended = clock?.view.status === 'ended';
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [inviteOpen, setInviteOpen] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [view, setView] = useState<'room' | 'report'>('room');
  const invite = useMemo(() => createdRoom(info.id), [info.id]);

  // Back online: an error from while the connection was gone no longer holds.
  const online = snap.connection.kind === 'live';
  useEffect(() => {
    if (online) setActionError(null);
  }, [online]);

  // The report opens for both roles when the interview is over.
  useEffect(() => {
    if (ended) setView('report');
  }, [ended]);

  const act = (fn: () => string | undefined) => setActionError(fn() ?? null);
  const title = interview ? interview.problem.title : 'Shared whiteboard';

  // The side pane's tabs (the interviewer's kit, scorecard and chat); on a narrow screen the board
  // is one more tab beside them, and the chat comes first for everyone but the interviewer.
  const narrow = useNarrow();
  const isInterviewer = role === 'interviewer' && !!interview;
  const [sideTab, setSideTab] = useState<Tab>(isInterviewer ? 'kit' : 'chat');
  const [boardShown, setBoardShown] = useState(false);
  const tab: Tab = isInterviewer ? sideTab : 'chat';
  const paneShown: Pane = narrow && boardShown ? 'board' : tab;
  const unread = useUnread(snap.chat.length, paneShown === 'chat');
  const selectPane = (id: Pane) => {
    if (id === 'board') return setBoardShown(true);
    setBoardShown(false);
    setSideTab(id);
  };
  const toChat = () => {
    selectPane('chat');
    requestAnimationFrame(() => document.getElementById('room-composer')?.focus());
  };
  const showReport = view === 'report' && ended && !!interview;
  const boardRef = useInert(narrow && paneShown !== 'board');

  // Each message from someone else is read once as it arrives (not the backlog at joining).
  const { items: announcements, announce } = useAnnouncer();
  const announced = useRef<Set<number> | null>(null);
  useEffect(() => {
    if (!snap.you) return;
    if (!announced.current) {
      announced.current = new Set(snap.chat.map((m) => m.seq));
      return;
    }
    for (const m of snap.chat) {
      if (announced.current.has(m.seq)) continue;
      announced.current.add(m.seq);
      if (m.peerId === snap.you.peerId) continue;
      announce(m.kind === 'pivot' ? `Constraint change: ${plainText(m.text)}` : `${m.name}: ${plainText(m.text)}`);
    }
  }, [snap.chat, snap.you, announce]);
  const sideRef = useInert(narrow && paneShown === 'board');
  const paneTabs: Array<PaneTab<Pane>> = [
    ...(isInterviewer
      ? [
          { id: 'kit' as const, label: 'Kit' },
          { id: 'scorecard' as const, label: 'Scorecard', extra: snap.kit ? <span className="tab-count">{snap.scorecard.length}/{snap.kit.rubric.dimensions.length}</span> : null },
        ]
      : []),
    { id: 'chat', label: 'Chat', unread },
  ];

  return (
    <div className="interview room" data-role={role} data-mode={info.mode} data-narrow={narrow || undefined}>
      <a className="skip-link" href="#room-composer" onClick={(e) => { e.preventDefault(); toChat(); }}>
        Skip to the chat
      </a>
      <header className="interview-header">
        <a className="brand" href={href.start()} title="Start page">
          <span className="brand-mark" aria-hidden="true">◆</span>
          <span className="visually-hidden">Mock system design: start page</span>
        </a>
        <div className="interview-title">
          <h1>{title}</h1>
          <span className="muted small interview-subtitle">
            {interview ? `Peer interview · ${interview.level} · ${interview.durationMinutes} min · ` : 'Peer room · '}
            {role === 'peer' ? `you are ${snap.you?.name ?? name}` : `you are the ${role}`}
          </span>
        </div>
        <ConnectionBadge state={snap.connection} onRetry={() => conn.retryNow()} />
        <Presence snap={snap} />
        <div className="interview-actions">
          {invite && (
            <button type="button" onClick={() => setInviteOpen(true)}>
              Invite
            </button>
          )}
          {ended && (
            <button type="button" onClick={() => setView(view === 'report' ? 'room' : 'report')} data-testid="toggle-report">
              {view === 'report' ? 'Back to the board' : 'Show the report'}
            </button>
          )}
          {role === 'interviewer' && clock?.view.status === 'waiting' && (
            <button type="button" className="primary" onClick={() => act(conn.startClock)}>
              Start<span className="narrow-hide"> the clock</span>
            </button>
          )}
          {role === 'interviewer' && !ended && (
            <button type="button" className="danger-outline" onClick={() => setConfirmEnd(true)}>
              End<span className="narrow-hide"> interview</span>
            </button>
          )}
        </div>
      </header>

      <main className="interview-body" id="main">
        {interview && clock && view === 'room' && (
          <>
            <div className="phase-bar">
              <RoomPhases clock={clock} />
              <RoomClocks clock={clock} />
            </div>
            <RoomPhaseNotice clock={clock} role={role} />
          </>
        )}
        {actionError && (
          <p className="error banner" role="alert">
            {actionError}{' '}
            <button type="button" className="link" onClick={() => setActionError(null)}>
              Dismiss
            </button>
          </p>
        )}

        {showReport ? <ReportPane id={info.id} token={token} snap={snap} role={role} /> : null}
        {narrow && !showReport && (
          <PaneTabs<Pane>
            className="pane-tabs"
            label={isInterviewer ? 'Board, kit, scorecard or chat' : 'Board or chat'}
            current={paneShown}
            onSelect={selectPane}
            tabs={[{ id: 'board', label: 'Board' }, ...paneTabs]}
          />
        )}
        <div className="interview-main" hidden={showReport} data-pane={narrow ? (paneShown === 'board' ? 'board' : 'chat') : undefined}>
          <section
            ref={boardRef}
            className="board-pane"
            aria-label="Shared whiteboard"
            {...(narrow ? { role: 'tabpanel', id: 'panel-board', 'aria-labelledby': 'tab-board' } : {})}
          >
            <Suspense fallback={<Loading label="Loading the whiteboard…" />}>
              <RoomBoard conn={conn} title={title} />
            </Suspense>
          </section>
          <div ref={sideRef} className="chat-pane room-side" {...(narrow && !isInterviewer ? { role: 'tabpanel', id: 'panel-chat', 'aria-labelledby': 'tab-chat' } : {})}>
            <SidePane info={info} snap={snap} conn={conn} role={role} tab={tab} tabs={narrow ? null : paneTabs} onTab={selectPane} narrow={narrow} />
          </div>
        </div>
      </main>
      <Announcer items={announcements} />

      <ConfirmDialog
        open={confirmEnd}
        title="End the interview for everyone?"
        confirmLabel="End interview"
        confirmDisabled={snap.connection.kind !== 'live'}
        onConfirm={() => {
          setConfirmEnd(false);
          act(conn.end);
        }}
        onCancel={() => setConfirmEnd(false)}
      >
        <p>The clock stops for both of you and the report opens: your scorecard beside the AI shadow score. You can still finish the scorecard afterwards.</p>
        <UnsavedScores snap={snap} />
      </ConfirmDialog>
      {invite && <RoomLinksDialog room={inviteOpen ? invite : null} onClose={() => setInviteOpen(false)} />}
    </div>
  );
}

/** The end dialog names every scorecard entry the room does not hold yet, and says what happens to it. */
function UnsavedScores({ snap }: { snap: RoomSnapshot }) {
  const title = (id: string) => snap.kit?.rubric.dimensions.find((d) => d.id === id)?.title ?? id;
  const sending = snap.scoreDrafts.filter((d) => d.score !== null).map((d) => title(d.dimension));
  const noScore = snap.scoreDrafts.filter((d) => d.score === null).map((d) => title(d.dimension));
  const offline = snap.connection.kind !== 'live';
  if (!sending.length && !noScore.length && !offline) return null;
  return (
    <div className="dialog-warnings" data-testid="end-unsaved">
      {offline && <p className="score-unsaved">You are offline: the interview can be ended once the connection is back.</p>}
      {sending.length > 0 && (
        <p>
          <strong>Not saved yet:</strong> {sending.join(', ')}. {offline ? 'Saved when the connection is back.' : 'Saved before the interview ends.'}
        </p>
      )}
      {noScore.length > 0 && (
        <p className="score-unsaved">
          <strong>Notes without a score:</strong> {noScore.join(', ')}. Pick a score for {noScore.length === 1 ? 'it' : 'each'} or these notes are not kept.
        </p>
      )}
    </div>
  );
}

function Presence({ snap }: { snap: RoomSnapshot }) {
  if (!snap.peers.length) return null;
  return (
    <ul className="presence" aria-label={`${snap.peers.length} in the room`} data-testid="presence">
      {snap.peers.map((p) => (
        <li key={p.peerId} className={`presence-peer role-${p.role}`} title={p.role === 'peer' ? p.name : `${p.name} (${p.role})`}>
          <span className="presence-dot" aria-hidden="true" />
          {p.name}
          {p.peerId === snap.you?.peerId && <span className="muted"> (you)</span>}
          {p.role !== 'peer' && <span className="visually-hidden">, {p.role}</span>}
        </li>
      ))}
    </ul>
  );
}

// ---- clock and phases -----------------------------------------------------------------------

function RoomPhases({ clock }: { clock: TimedRoomClock }) {
  const now = useTicker(1000);
  const c = roomClockNow(clock, now);
  return <PhaseStepper plan={clock.view.plan} phase={c.phase} ended={c.status === 'ended'} />;
}

function RoomClocks({ clock }: { clock: TimedRoomClock }) {
  const now = useTicker(250);
  const c = roomClockNow(clock, now);
  if (c.status === 'waiting') {
    return (
      <div className="clocks" data-clock-status="waiting">
        <div className="clock" role="timer" aria-label="Interview length">
          <span className="clock-label">Not started</span>
          <span className="clock-value" data-testid="total-clock">{formatDuration(c.totalMs)}</span>
        </div>
      </div>
    );
  }
  const ended = c.status === 'ended';
  if (ended) {
    return (
      <div className="clocks" data-clock-status="ended">
        <div className="clock" role="timer" aria-label="Time the interview took">
          <span className="clock-label">Ended after</span>
          <span className="clock-value" data-testid="total-clock">{formatDuration(c.elapsedMs)}</span>
        </div>
      </div>
    );
  }
  return (
    <div className="clocks" data-clock-status={c.status}>
      <div className={`clock ${c.remainingInPhaseMs <= 60_000 ? 'warn' : ''}`} role="timer" aria-label="Time left in this phase">
        <span className="clock-label">Phase left</span>
        <span className="clock-value" data-testid="phase-clock">{formatDuration(c.remainingInPhaseMs)}</span>
      </div>
      <div className={`clock ${c.remainingTotalMs <= 5 * 60_000 ? 'warn' : ''}`} role="timer" aria-label="Time left in the interview">
        <span className="clock-label">Interview left</span>
        <span className="clock-value" data-testid="total-clock">{formatDuration(c.remainingTotalMs)}</span>
      </div>
    </div>
  );
}

function RoomPhaseNotice({ clock, role }: { clock: TimedRoomClock; role: string }) {
  const now = useTicker(1000);
  const c = roomClockNow(clock, now);
  if (c.status === 'ended') return <p className="phase-goal room-phase-goal">The interview has ended.</p>;
  if (c.status === 'waiting') {
    return (
      <p className="phase-goal room-phase-goal" data-testid="clock-waiting">
        {role === 'interviewer' ? 'Start the clock when you are both ready: it runs the phases below for both of you.' : 'Waiting for the interviewer to start the clock.'}
      </p>
    );
  }
  return (
    <div className="phase-goal-row">
      <p className="phase-goal room-phase-goal" data-testid="phase-goal">
        <strong>{PHASE_LABELS[c.phase]}:</strong> {PHASE_GOALS[c.phase]}
      </p>
      <PhaseGoals plan={clock.view.plan} phase={c.phase} />
    </div>
  );
}

// ---- the side pane --------------------------------------------------------------------------

type Tab = 'chat' | 'kit' | 'scorecard';
type Pane = Tab | 'board';

function SidePane({
  info,
  snap,
  conn,
  role,
  tab,
  tabs,
  onTab,
  narrow,
}: {
  info: RoomInfo;
  snap: RoomSnapshot;
  conn: RoomConnection;
  role: string;
  tab: Tab;
  /** The side pane's own tabs (null on a narrow screen, where the page's tabs hold them). */
  tabs: Array<PaneTab<Pane>> | null;
  onTab(id: Pane): void;
  narrow: boolean;
}) {
  const isInterviewer = role === 'interviewer' && info.interview;
  const lastPivot = [...snap.chat].reverse().find((m) => m.kind === 'pivot');

  const chat = (
    <RoomChat
      chat={snap.chat}
      pending={snap.pending}
      you={snap.you}
      connection={snap.connection}
      error={snap.error}
      onDismissError={() => conn.dismissError()}
      onSend={(text) => conn.sendChat(text)}
      composerId="room-composer"
      placeholder={role === 'candidate' ? 'Ask a question or explain your design…' : role === 'interviewer' ? 'Answer, probe or nudge…' : 'Message the room…'}
    />
  );

  if (!isInterviewer) {
    return (
      <>
        {info.interview && (
          // Open beside the board; folded on a narrow screen, where the chat needs the room.
          <details className="room-statement" open={!narrow} data-testid="problem-statement">
            <summary>The problem: {info.interview.problem.title}</summary>
            <div className="md">
              <Markdown text={info.interview.problem.statement} />
            </div>
          </details>
        )}
        {role === 'candidate' && lastPivot && (
          <div className="pivot-banner" role="note" data-testid="pivot-banner">
            <strong>New constraint:</strong> {lastPivot.text}
          </div>
        )}
        {chat}
      </>
    );
  }

  return (
    <>
      {tabs && <PaneTabs<Pane> label="Interviewer panel" current={tab} onSelect={onTab} tabs={tabs} />}
      <div className="side-panel" role="tabpanel" id="panel-kit" aria-labelledby="tab-kit" hidden={tab !== 'kit'}>
        {snap.kit ? (
          <>
            {/* Folded: the hidden facts the interviewer needs first are in view at once. */}
            <details className="kit-problem" data-testid="kit-problem">
              <summary>The problem: {snap.kit.problem.title}</summary>
              <div className="md">
                <Markdown text={snap.kit.problem.statement} />
              </div>
              {snap.kit.problem.functional.length > 0 && (
                <ul className="small">
                  {snap.kit.problem.functional.map((f, i) => (
                    <li key={i}>{f}</li>
                  ))}
                </ul>
              )}
            </details>
            <KitPanel kit={snap.kit} delivered={snap.deliveredPivots} onDeliver={(id) => conn.deliverPivot(id)} ladder={snap.ladder} onAskLadder={conn.askLadder} />
          </>
        ) : (
          <Loading label="Loading your kit…" />
        )}
      </div>
      <div className="side-panel" role="tabpanel" id="panel-scorecard" aria-labelledby="tab-scorecard" hidden={tab !== 'scorecard'}>
        {snap.kit ? (
          <ScorecardPanel
            kit={snap.kit}
            entries={snap.scorecard}
            drafts={snap.scoreDrafts}
            live={snap.connection.kind === 'live'}
            typing={(d) => conn.typing(d)}
            onEdit={(d, change) => conn.editScore(d, change)}
            notesShared={snap.notesShared}
            onShareNotes={(shared) => conn.shareNotes(shared)}
          />
        ) : (
          <Loading label="Loading the scorecard…" />
        )}
      </div>
      <div className="side-chat" role="tabpanel" id="panel-chat" aria-labelledby="tab-chat" hidden={tab !== 'chat'}>
        {chat}
      </div>
    </>
  );
}

// ---- the report -----------------------------------------------------------------------------

/** How often the candidate's copy of the report looks for the interviewer's latest scores. */
const REPORT_FOLLOW_MS = 3_000;

function ReportPane({ id, token, snap, role }: { id: string; token: string; snap: RoomSnapshot; role: 'interviewer' | 'candidate' | 'peer' }) {
  const [report, setReport] = useState<RoomReportResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    roomApi.report(id, token, abort.signal).then(
      (r) => {
        setReport(r);
        setError(null);
      },
      (err: Error) => {
        if (abort.signal.aborted) return;
        // The end may not have reached this node's database read yet: try again shortly.
        if (err instanceof ApiError && (err.status === 409 || err.status === 0) && attempt < 10) retry = setTimeout(() => setAttempt((a) => a + 1), 1_000);
        else setError(err.message);
      },
    );
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
    // [RIV9] Read again when the interviewer shares the notes (or takes them back).
  }, [id, token, attempt, snap.notesShared]);

  // The candidate's copy follows the interviewer's scorecard (which only interviewers' connections
  // receive): the report is read again every few seconds while the page is shown, and replaced
  // only when the scorecard in it changed.
  const loadedOnce = report !== null;
  useEffect(() => {
    if (role === 'interviewer' || !loadedOnce) return;
    let stopped = false;
    let abort: AbortController | undefined;
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible' || abort) return;
      abort = new AbortController();
      roomApi.report(id, token, abort.signal).then(
        (r) => {
          abort = undefined;
          if (stopped) return;
          setReport((old) => (old && JSON.stringify(old.scorecard) === JSON.stringify(r.scorecard) ? old : r));
        },
        () => {
          abort = undefined; // offline for a moment: the next tick tries again
        },
      );
    }, REPORT_FOLLOW_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      abort?.abort();
    };
  }, [id, token, role, loadedOnce]);

  // The report arrived: the focus goes to its heading (the board, the End button or the composer
  // it was on may be gone or hidden), unless the reader is already somewhere that is shown.
  const loaded = report !== null;
  useEffect(() => {
    if (!loaded) return;
    const at = document.activeElement;
    if (at && at !== document.body && at.id !== 'main' && (at as HTMLElement).offsetParent !== null) return;
    document.getElementById('room-report-title')?.focus();
  }, [loaded]);

  return (
    <div className="room-report-pane">
      {report ? (
        <>
          <RoomReport report={report} role={role} {...(role === 'interviewer' && snap.kit ? { scorecard: snap.scorecard } : {})} />
          <RoomReplay id={id} token={token} />

        </>
      ) : error ? (
        <div className="report-error" role="alert">
          <p>Could not load the report: {error}</p>
          <button type="button" onClick={() => { setError(null); setAttempt((a) => a + 1); }}>Try again</button>
        </div>
      ) : (
        <Loading label="Scoring the interview: the AI shadow score is on its way…" />
      )}
    </div>
  );
}
