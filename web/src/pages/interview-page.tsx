// The interview: the whiteboard beside the chat, the phase stepper and clocks above them.
import { lazy, Suspense, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { nextPhase, PHASE_LABELS } from '../../../server/protocol/phases.js';
import type { SceneElement } from '../../../server/protocol/index.js';
import { api, type SessionView } from '../api.js';
import { Loading } from '../components/loading.js';
import { Chat } from '../components/chat.js';
import { HintButton, HintPanel, useCoachHints } from '../coach/hints.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ConnectionBadge } from '../components/connection-badge.js';
import { Announcer, plainText, useAnnouncer } from '../components/announcer.js';
import { useInert } from '../components/inert.js';
import { PaneTabs, useNarrow, useUnread } from '../components/pane-tabs.js';
import { Clocks, PhaseNotice, PhaseStepper } from '../components/phase-bar.js';
import type { WhiteboardHandle } from '../components/whiteboard.js';
import { href, navigate } from '../router.js';
import { LiveSession } from '../session-live.js';
import { sessionToken } from '../storage.js';

const Whiteboard = lazy(() => import('../components/whiteboard.js'));

type Loaded = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; view: SessionView; elements: SceneElement[]; live: LiveSession };

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);
}

export default function InterviewPage({ id }: { id: string }) {
  const token = sessionToken(id);
  const [state, setState] = useState<Loaded>({ kind: 'loading' });

  useEffect(() => {
    if (!token) return;
    let live: LiveSession | undefined;
    let cancelled = false;
    Promise.all([api.session(id, token), api.diagram(id, token).then((d) => d.elements, () => [] as SceneElement[])]).then(
      ([view, elements]) => {
        if (cancelled) return;
        if (view.status === 'ended') {
          navigate(href.finished(id), { replace: true });
          return;
        }
        live = new LiveSession(id, token, view);
        live.start();
        setState({ kind: 'ready', view, elements, live });
      },
      (err: Error) => !cancelled && setState({ kind: 'error', message: err.message }),
    );
    return () => {
      cancelled = true;
      live?.stop();
    };
  }, [id, token]);

  if (!token) return <NoAccess />;
  if (state.kind === 'loading') return <Loading label="Opening the interview…" />;
  if (state.kind === 'error') {
    return (
      <main className="page narrow" id="main">
        <h1>Could not open this interview</h1>
        <p className="error" role="alert">{state.message}</p>
        <p><a href={href.history()}>Back to your interviews</a></p>
      </main>
    );
  }
  return <InterviewRoom view={state.view} elements={state.elements} live={state.live} />;
}

function NoAccess() {
  return (
    <main className="page narrow" id="main">
      <h1>This interview is not available here</h1>
      <p>Interviews can only be opened from the browser that started them.</p>
      <p><a href={href.start()}>Start a new interview</a> · <a href={href.history()}>Your interviews</a></p>
    </main>
  );
}

function InterviewRoom({ view, elements, live }: { view: SessionView; elements: SceneElement[]; live: LiveSession }) {
  const snap = useSyncExternalStore(live.subscribe, live.getSnapshot);
  const board = useRef<WhiteboardHandle | null>(null);
  const endingRef = useRef(false);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [ending, setEnding] = useState(false);
  const [advancing, setAdvancing] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  // On a narrow screen the board and the chat are tabs; the chat comes first.
  const narrow = useNarrow();
  const [pane, setPane] = useState<'chat' | 'board'>('chat');
  const chatShown = !narrow || pane === 'chat';
  const unread = useUnread(snap.turns.filter((t) => t.role === 'interviewer').length, chatShown);
  const boardRef = useInert(narrow && pane !== 'board');
  // [COACH4] Coach mode: the Hint button and panel; the chat moving on may bring a hint asked for there.
  const coach = useCoachHints(view.id, sessionToken(view.id) ?? '', view.mode, view.hints, snap.turns.length - view.transcript.length);

  // Each interviewer message, time check and constraint change is read once, as it arrives.
  const { items: announcements, announce } = useAnnouncer();
  const announced = useRef<Set<number>>(new Set(view.transcript.map((t) => t.seq)));
  useEffect(() => {
    for (const t of snap.turns) {
      if (announced.current.has(t.seq)) continue;
      announced.current.add(t.seq);
      if (t.role !== 'interviewer') continue;
      const text = plainText(t.text);
      announce(t.kind === 'pivot' ? `Constraint change: ${text}` : t.kind === 'warning' ? text : `Interviewer: ${text}`);
    }
  }, [snap.turns, announce]);
  const chatRef = useInert(!chatShown);

  useEffect(() => {
    document.title = `${view.problem.title} · Interview`;
  }, [view.problem.title]);

  const finalScene = useCallback(async () => {
    const b = board.current;
    if (!b) return undefined;
    const svg = await withTimeout(b.exportSvg().catch(() => undefined), 5_000);
    return { elements: b.elements(), svg };
  }, []);

  // However the interview ends (the candidate, the clock), keep the final scene with its SVG.
  useEffect(
    () =>
      live.onEnded(() => {
        void (async () => {
          if (!endingRef.current) {
            endingRef.current = true;
            const scene = await finalScene();
            if (scene) await withTimeout(live.saveFinalScene(scene).catch(() => undefined), 5_000);
          }
          navigate(href.finished(live.id));
        })();
      }),
    [live, finalScene],
  );

  const onScene = useCallback((els: SceneElement[]) => live.queueScene(els), [live]);
  const onReady = useCallback((h: WhiteboardHandle) => {
    board.current = h;
  }, []);

  async function endInterview() {
    setEnding(true);
    setActionError(null);
    endingRef.current = true;
    try {
      await live.end(await finalScene());
      navigate(href.finished(live.id));
    } catch (err) {
      endingRef.current = false;
      setEnding(false);
      setConfirmEnd(false);
      setActionError(`Could not end the interview: ${(err as Error).message}`);
    }
  }

  async function moveOn() {
    setAdvancing(true);
    setActionError(null);
    try {
      await live.advance();
    } catch (err) {
      setActionError(`Could not move on: ${(err as Error).message}`);
    } finally {
      setAdvancing(false);
    }
  }

  // Offline, Move on waits for the connection (and says so); End needs it (its dialog says so).
  const online = snap.connection.kind === 'live';
  const [queuedMove, setQueuedMove] = useState(false);
  const wasOnline = useRef(online);
  useEffect(() => {
    const back = online && !wasOnline.current;
    wasOnline.current = online;
    if (!back) return;
    // Back: an error from while the connection was gone no longer holds; a queued move goes now.
    setActionError(null);
    if (queuedMove) {
      setQueuedMove(false);
      void moveOn();
    }
    // Only when the connection comes back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [online]);
  // A phase change (the clock, the interviewer) makes a queued move moot.
  useEffect(() => setQueuedMove(false), [snap.phase]);
  const onMoveOn = () => {
    if (advancing) return;
    if (!online) return setQueuedMove((q) => !q);
    void moveOn();
  };

  const next = nextPhase(snap.phase);
  const ended = snap.status === 'ended';

  const toChat = () => {
    setPane('chat');
    // After the pane is shown: the composer is the chat's first stop.
    requestAnimationFrame(() => document.getElementById('chat-composer')?.focus());
  };

  return (
    <div className="interview" data-narrow={narrow || undefined}>
      <a className="skip-link" href="#chat-composer" onClick={(e) => { e.preventDefault(); toChat(); }}>
        Skip to the chat
      </a>
      <header className="interview-header">
        <a className="brand" href={href.start()} title="Start page (this interview keeps running)">
          <span className="brand-mark" aria-hidden="true">◆</span>
          <span className="visually-hidden">Mock system design: start page</span>
        </a>
        <div className="interview-title">
          <h1>{view.problem.title}</h1>
          <span className="muted small interview-subtitle">
            {view.level} · {view.durationMinutes} min<span className="narrow-hide"> · {view.interviewer}</span>
          </span>
        </div>
        <ConnectionBadge state={snap.connection} onRetry={() => live.retryNow()} />
        <div className="interview-actions">
          {!ended && <HintButton coach={coach} />}
          {next && !ended && (
            // aria-disabled, not disabled, while the move is sent: a disabled button drops the
            // keyboard focus to the page, and the candidate would have to Tab back to it.
            <button type="button" onClick={onMoveOn} aria-disabled={advancing || undefined} aria-pressed={queuedMove || undefined} data-queued={queuedMove || undefined}>
              Move on<span className="narrow-hide"> to {PHASE_LABELS[next].toLowerCase()}</span> <span aria-hidden="true">{queuedMove ? '⏸' : '→'}</span>
            </button>
          )}
          <button type="button" className="danger-outline" onClick={() => setConfirmEnd(true)} disabled={ended}>
            End<span className="narrow-hide"> interview</span>
          </button>
        </div>
      </header>

      <main className="interview-body" id="main">
        <div className="phase-bar">
          <PhaseStepper plan={view.plan} phase={snap.phase} ended={ended} />
          <Clocks clock={snap.clock} snapshot={snap} />
        </div>
        <PhaseNotice snapshot={snap} plan={view.plan} />
        {!ended && <HintPanel coach={coach} />}
        {actionError && (
          <p className="error banner" role="alert">
            {actionError}{' '}
            <button type="button" className="link" onClick={() => setActionError(null)}>
              Dismiss
            </button>
          </p>
        )}
        {queuedMove && next && (
          <p className="offline-note" role="status" data-testid="queued-move">
            Offline: the interview moves on to {PHASE_LABELS[next].toLowerCase()} as soon as the connection is back.{' '}
            <button type="button" className="link" onClick={() => setQueuedMove(false)}>
              Cancel
            </button>
          </p>
        )}
        {narrow && (
          <PaneTabs<'chat' | 'board'>
            className="pane-tabs"
            label="Board or chat"
            current={pane}
            onSelect={setPane}
            tabs={[
              { id: 'chat', label: 'Chat', unread },
              { id: 'board', label: 'Board' },
            ]}
          />
        )}

        <div className="interview-main" data-pane={narrow ? pane : undefined}>
          <section
            ref={boardRef}
            className="board-pane"
            aria-label="Whiteboard"
            {...(narrow ? { role: 'tabpanel', id: 'panel-board', 'aria-labelledby': 'tab-board' } : {})}
          >
            <Suspense fallback={<Loading label="Loading the whiteboard…" />}>
              <Whiteboard initialElements={elements} onScene={onScene} onReady={onReady} viewMode={ended} />
            </Suspense>
          </section>
          <div ref={chatRef} className="chat-pane" {...(narrow ? { role: 'tabpanel', id: 'panel-chat', 'aria-labelledby': 'tab-chat' } : {})}>
            {snap.pivot && (
              <div className="pivot-banner" role="note">
                <strong>New constraint:</strong> {snap.pivot.text}
              </div>
            )}
            <Chat
              turns={snap.turns}
              streaming={snap.streaming}
              pending={snap.pending}
              connection={snap.connection}
              ended={ended}
              error={snap.error}
              onDismissError={() => live.dismissError()}
              onSend={(text) => live.send(text)}
              composerId="chat-composer"
            />
          </div>
        </div>
      </main>
      <Announcer items={announcements} />

      <ConfirmDialog
        open={confirmEnd}
        title="End the interview now?"
        confirmLabel="End interview"
        busy={ending}
        confirmDisabled={!online}
        onConfirm={endInterview}
        onCancel={() => setConfirmEnd(false)}
      >
        <p>The interview stops here and your transcript and whiteboard go to the scorer. You cannot continue afterwards.</p>
        {!online && !ending && (
          <p className="dialog-warnings" data-testid="end-offline">
            You are offline: the interview can be ended once the connection is back. Nothing you wrote is lost meanwhile.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
