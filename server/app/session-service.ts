// Runs interviews: turns commands into events through the pure domain, stores them, asks the
// interviewer for replies and tells live listeners. One instance per process.
import type { ProblemBank } from '../content/problem-bank.js';
import type { Compute } from '../workers/compute-pool.js';
import { AppendConflictError, type SessionRow, type SessionStore, type TimedEvent } from '../db/session-store.js';
import { describeDiagram, type DiagramSummary } from '../domain/diagram-text.js';
import type { EventBody, SessionEvent } from '../domain/events.js';
import { PHASE_GOALS, PHASE_LABELS, nextPhase } from '../domain/phases.js';
import { planKeys, planTurn } from '../domain/plan-turn.js';
import { planChoice } from '../interviewer/offline-interviewer.js';
import { buildGuardContext } from '../interviewer/reply-guard.js';
import type { LoadedProblem } from '../domain/problem.js';
import { type Announcement, type Decision, clockAt, decideAdvance, dueTimers, fold, pivotDueByTurns, type SessionState, apply, choosePivot } from '../domain/session.js';
import { recentTurns, runningSummary } from '../domain/summary.js';
import { announcementText, openingText } from '../interviewer/announcements.js';
import type { Interviewer } from '../interviewer/types.js';
import { type ClockView, type CreateSessionBody, LIMITS, type SceneElement, type SessionServerFrame } from '../protocol/index.js';
import { applyMerge, orderedElements, reconcile } from '../domain/scene-merge.js';
import { KeyedMutex } from './keyed-mutex.js';
import { coachReplyEvents, decideHint, hintEvent } from './coach.js';
import type { HintDecision } from '../domain/hints.js';
import { AppError } from '../platform/errors.js';
import type { WallClock } from '../platform/clock.js';
import { hashToken, newId, newToken, sameHash } from '../platform/tokens.js';
import type { BoardRecorder } from './board-recorder.js';
import { timelineView } from '../domain/board-timeline.js';
import type { BoardTimeline } from '../protocol/board-timeline.js';

/** Sessions kept folded in memory; beyond this the least recently used unwatched ones are dropped. */
export const MAX_CACHED_SESSIONS = 500;

/** @deprecated import WallClock from platform/clock and AppError from platform/errors. */
export type { WallClock };
export { AppError as ServiceError };

export type SessionListener = (frame: SessionServerFrame) => void;

interface Live {
  row: SessionRow;
  state: SessionState;
  events: SessionEvent[];
  problem: LoadedProblem;
  diagram: { text: string; edges: Array<{ from: string; to: string }> };
}

export interface SessionServiceOptions {
  store: SessionStore;
  bank: ProblemBank;
  interviewer: Interviewer;
  clock: WallClock;
  clockSpeed: number;
  /** How many sessions stay folded in memory (default MAX_CACHED_SESSIONS). */
  maxCachedSessions?: number;
  /** [RPL5] Where every accepted whiteboard change is recorded with its interview time (absent: not recorded). */
  board?: BoardRecorder;
  /** [SAFE19] Runs the diagram-to-text off this thread with a time budget (absent: inline). */
  compute?: Pick<Compute, 'describeDiagram'>;
  /** Called once when a session ends (the report is built here). */
  onEnded?: (sessionId: string) => void;
  log?: (msg: string, err?: unknown) => void;
}

/** Elements from older clients may lack version fields: they count as version 0. */
function mergeable(e: SceneElement): SceneElement & { version: number; versionNonce: number } {
  return { ...e, version: e.version ?? 0, versionNonce: e.versionNonce ?? 0 };
}

export class SessionService {
  private readonly live = new Map<string, Live>();
  private readonly stateLock = new KeyedMutex();
  private readonly replyLock = new KeyedMutex();
  private readonly listeners = new Map<string, Set<SessionListener>>();
  private turnCounter = 0;
  /** [MSG5] The model call phrasing a session's reply right now, to stop it when the interview ends. */
  private readonly phrasing = new Map<string, AbortController>();

  /** [LIS10] The interviewer as the candidate is told about it. */
  get interviewerLabel(): string {
    return this.o.interviewer.label ?? (this.o.interviewer.name === 'openai' ? 'AI interviewer' : 'Built-in interviewer');
  }

  constructor(private readonly o: SessionServiceOptions) {}

  // ---- creating and reading ------------------------------------------------------------------

  async create(body: CreateSessionBody, clientKey?: string): Promise<{ id: string; token: string }> {
    const problem = this.o.bank.byId.get(body.problemId);
    if (!problem) throw new AppError(404, 'unknown_problem', `unknown problem "${body.problemId}"; GET /api/problems lists them`);
    const id = newId();
    const token = newToken();
    const startedAt = new Date(this.o.clock.now());
    const first: TimedEvent[] = [
      { type: 'session_started', problemId: problem.id, level: body.level, durationMinutes: body.durationMinutes, mode: body.mode ?? 'interview', atMs: 0 },
      { type: 'interviewer_message', text: openingText(problem, body.durationMinutes), asked: [], revealed: [], source: 'offline', kind: 'opening', atMs: 0 },
    ];
    await this.o.store.create(
      {
        id,
        tokenHash: hashToken(token),
        clientKeyHash: clientKey ? hashToken(clientKey) : null,
        problemId: problem.id,
        level: body.level,
        durationMinutes: body.durationMinutes,
        clockSpeed: this.o.clockSpeed,
        startedAt,
        status: 'active',
        phase: 'requirements',
      },
      first,
    );
    return { id, token };
  }

  /** Throws 404 for an unknown session and for a wrong token alike: a token is the capability. */
  async authorize(id: string, token: string | undefined): Promise<SessionRow> {
    if (!token) throw new AppError(401, 'unauthorized', 'missing token: send Authorization: Bearer <token>');
    const row = this.live.get(id)?.row ?? (await this.o.store.get(id));
    if (!row || !sameHash(row.tokenHash, hashToken(token))) throw new AppError(404, 'not_found', 'no such session for this token');
    return row;
  }

  async listByClient(clientKey: string, limit = 100): Promise<SessionRow[]> {
    return this.o.store.listByClient(hashToken(clientKey), limit);
  }

  /** Interview time of a session now, from its stored start and clock speed. */
  interviewNow(row: SessionRow): number {
    return Math.max(0, (this.o.clock.now() - row.startedAt.getTime()) * row.clockSpeed);
  }

  clockView(live: Live): ClockView {
    return { ...clockAt(live.state, this.interviewNow(live.row)), speed: live.row.clockSpeed };
  }

  /** The session brought up to date: due timers applied, a reply lost to a crash regenerated. */
  async current(id: string): Promise<Live> {
    const live = await this.stateLock.run(id, async () => {
      const l = await this.load(id);
      await this.applyTimers(l);
      return l;
    });
    if (live.state.status === 'active') {
      // Oldest first: replies are produced one at a time under the reply lock, in this order.
      for (const seq of live.state.unanswered) {
        void this.replyTo(id, seq).catch((err) => this.o.log?.(`reply recovery failed for ${id}`, err));
      }
    }
    return live;
  }

  async events(id: string, afterSeq: number): Promise<SessionEvent[]> {
    const live = await this.current(id);
    return live.events.filter((e) => e.seq > afterSeq);
  }

  /**
   * The stored scene and the SVG the client exported of it (for the report), read from the store:
   * the cached row does not follow every save.
   */
  async scene(id: string): Promise<{ elements: unknown[]; svg: string | undefined }> {
    const row = await this.o.store.get(id);
    return { elements: row?.scene ?? [], svg: row?.sceneSvg ?? undefined };
  }

  // ---- commands ------------------------------------------------------------------------------

  /**
   * [MSG1] Stores the candidate's message (durable before it is acknowledged) and starts the
   * interviewer's reply without waiting for it. [MSG2] The same clientMessageId again returns the
   * same turn (and its reply); nothing new is stored.
   */
  async submitMessage(id: string, clientMessageId: string, text: string): Promise<{ candidate: SessionEvent; duplicate: boolean; reply: Promise<SessionEvent | undefined> }> {
    const { candidate, duplicate } = await this.stateLock.run(id, async () => {
      const live = await this.load(id);
      const existing = live.state.clientMessageIds.get(clientMessageId);
      if (existing !== undefined) {
        const stored = live.events.find((e) => e.seq === existing)!;
        this.publish(id, { type: 'ack', clientMessageId, seq: existing });
        return { candidate: stored, duplicate: true };
      }
      await this.applyTimers(live);
      if (live.state.status === 'ended') throw new AppError(409, 'session_ended', 'the interview has ended');
      const [stored] = await this.appendLocked(live, [{ type: 'candidate_message', clientMessageId, text }]);
      this.publish(id, { type: 'ack', clientMessageId, seq: stored!.seq });
      return { candidate: stored!, duplicate: false };
    });
    return { candidate, duplicate, reply: this.replyTo(id, candidate.seq) };
  }

  /** The headless way: store the message and wait for the interviewer's reply. */
  async postMessage(id: string, clientMessageId: string, text: string): Promise<{ candidate: SessionEvent; reply?: SessionEvent; duplicate: boolean }> {
    const { candidate, duplicate, reply } = await this.submitMessage(id, clientMessageId, text);
    return { candidate, duplicate, reply: await reply };
  }

  /** [ADV1] The candidate moves on to the next phase (or ends after the wrap-up). */
  async advance(id: string): Promise<void> {
    await this.stateLock.run(id, async () => {
      const live = await this.load(id);
      await this.applyTimers(live);
      const result = decideAdvance(live.state, live.problem, this.o.bank.genericPivots, live.row.id);
      if (!result.ok) throw new AppError(409, 'session_ended', 'the interview has ended');
      await this.applyDecision(live, result.decision);
    });
  }

  /** [COACH4] Coach mode: the next rung of the hint ladder, recorded as a hint_given event. */
  async requestHint(id: string): Promise<{ decision: HintDecision; state: SessionState }> {
    return this.stateLock.run(id, async () => {
      const live = await this.load(id);
      await this.applyTimers(live);
      const decision = decideHint(live, this.interviewNow(live.row), this.o.bank.genericPivots);
      if (decision.ok) await this.appendLocked(live, [hintEvent(decision.hint, 'button')]);
      return { decision, state: live.state };
    });
  }

  /** [END1] The candidate ends the interview. Ending twice is harmless. */
  async end(id: string): Promise<void> {
    await this.stateLock.run(id, async () => {
      const live = await this.load(id);
      await this.applyTimers(live);
      if (live.state.status === 'ended') return;
      await this.applyDecision(live, { events: [{ type: 'session_ended', reason: 'candidate' }], announcements: [{ kind: 'ended', reason: 'candidate' }] });
    });
  }

  /**
   * [DIA20] Stores the scene and, when the diagram reads differently, a diagram_updated event.
   * `replace` takes `elements` as the whole scene (REST PUT); [DIA22] `merge` takes only the
   * changed elements (the WebSocket frame) and merges them by Excalidraw's rule: per id the higher
   * version wins, then the lower versionNonce; deletions are isDeleted tombstones.
   */
  async putDiagram(id: string, elements: SceneElement[], svg?: string, mode: 'replace' | 'merge' = 'replace'): Promise<{ text: string; changed: boolean }> {
    return this.stateLock.run(id, async () => {
      const live = await this.load(id);
      let scene: SceneElement[] = elements;
      if (mode === 'merge') {
        const current = new Map((live.row.scene ?? []).map((e) => [e.id, mergeable(e)] as const));
        const { accepted } = reconcile(current, elements.map(mergeable));
        if (accepted.length === 0 && svg === undefined) return { text: live.diagram.text, changed: false };
        scene = orderedElements(applyMerge(current, accepted).values());
      }
      // [DIA21] The one place the limits hold, on the scene as it would be stored: a whole scene
      // (REST) and small frames that add up (WebSocket merges) alike.
      if (scene.length > LIMITS.sceneElements) {
        throw new AppError(413, 'too_large', `the scene would hold ${scene.length} elements; the limit is ${LIMITS.sceneElements}`);
      }
      const bytes = JSON.stringify(scene).length;
      if (bytes > LIMITS.sceneBytes) {
        throw new AppError(413, 'too_large', `the scene would be ${bytes} bytes; the limit is ${LIMITS.sceneBytes}`);
      }
      // [DIA23] A stored SVG pictures one scene: any change without a new picture drops it, so the
      // report never shows a drawing older than the board (it draws the scene itself instead).
      // [SAFE19] Described first (off this thread, within its budget): a scene that cannot be
      // described in time is refused before anything is stored.
      const summary = await this.describe(scene);
      await this.o.store.saveScene(id, scene, svg ?? null);
      live.row.scene = scene;
      await this.o.board?.record(id, this.boardTime(live), scene);
      live.diagram = { text: summary.text, edges: summary.edges };
      if (summary.text === live.state.diagramText) return { text: summary.text, changed: false };
      if (live.state.status === 'ended') return { text: summary.text, changed: false };
      const visible = scene.filter((e) => !e.isDeleted).length;
      await this.appendLocked(live, [{ type: 'diagram_updated', elementCount: visible, text: summary.text }]);
      return { text: summary.text, changed: true };
    });
  }

  /** [RPL5] Interview time of a board change: now, within the interview; an ended interview's changes at its end. */
  private boardTime(live: Live): number {
    if (live.state.status === 'ended') return live.state.lastAtMs;
    return Math.max(live.state.lastAtMs, Math.min(this.interviewNow(live.row), live.state.durationMinutes * 60_000));
  }

  /** [RPL6] The session's whiteboard timeline, for its replay. */
  async boardTimeline(id: string): Promise<BoardTimeline> {
    const live = await this.current(id);
    const entries = this.o.board ? await this.o.board.entries(id) : [];
    const { elements } = await this.scene(id);
    return timelineView(entries, elements as SceneElement[], live.events, Math.min(this.interviewNow(live.row), live.state.durationMinutes * 60_000));
  }

  /** Applies due timers to every session someone is watching (called by the ticker). */
  async tickWatched(): Promise<void> {
    for (const id of this.listeners.keys()) {
      await this.stateLock.run(id, async () => {
        const live = await this.load(id);
        await this.applyTimers(live);
      });
      const live = this.live.get(id);
      if (live) this.publish(id, { type: 'clock', clock: this.clockView(live) });
    }
  }

  subscribe(id: string, listener: SessionListener): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.listeners.delete(id);
    };
  }

  cachedSessionCount(): number {
    return this.live.size;
  }

  /** Drops cached state (tests use this to simulate a restart; a conflict uses it to reload). */
  forget(id?: string): void {
    if (id) this.live.delete(id);
    else this.live.clear();
  }

  // ---- internals -----------------------------------------------------------------------------

  /** Sends a frame to everyone watching the session. */
  publish(id: string, frame: SessionServerFrame): void {
    for (const l of this.listeners.get(id) ?? []) {
      try {
        l(frame);
      } catch (err) {
        this.o.log?.('listener failed', err);
      }
    }
  }

  /** [SAFE19] The diagram-to-text, in the compute pool when there is one. */
  private describe(scene: readonly unknown[]): Promise<DiagramSummary> {
    return this.o.compute ? this.o.compute.describeDiagram(scene) : Promise.resolve(describeDiagram(scene));
  }

  private async load(id: string): Promise<Live> {
    const cached = this.live.get(id);
    if (cached) {
      // Most recently used last, so eviction drops the sessions idle longest.
      this.live.delete(id);
      this.live.set(id, cached);
      return cached;
    }
    const row = await this.o.store.get(id);
    if (!row) throw new AppError(404, 'not_found', 'no such session');
    const problem = this.o.bank.byId.get(row.problemId);
    if (!problem) throw new AppError(500, 'problem_missing', `problem ${row.problemId} is no longer in the bank`);
    const events = await this.o.store.events(id);
    const summary = await this.describe(row.scene ?? []).catch((err: unknown) => {
      // A stored scene that no longer describes in time still opens, without its text.
      this.o.log?.(`session ${id}: the diagram could not be described`, err);
      return { text: '(whiteboard could not be read in time)', edges: [], nodes: [], freeText: [] } satisfies DiagramSummary;
    });
    const live: Live = { row, state: fold(events), events, problem, diagram: { text: summary.text, edges: summary.edges } };
    this.live.set(id, live);
    this.evict();
    return live;
  }

  /** Keeps the cache bounded; watched sessions stay. Evicted state is reloaded from the store. */
  private evict(): void {
    const max = this.o.maxCachedSessions ?? MAX_CACHED_SESSIONS;
    if (this.live.size <= max) return;
    for (const id of this.live.keys()) {
      if (this.live.size <= max) return;
      if (!this.listeners.has(id)) this.live.delete(id);
    }
  }

  /** Appends with the session lock held; on a conflict (another node wrote) reloads and retries once. */
  private async appendLocked(live: Live, bodies: EventBody[], dueMs?: number[]): Promise<SessionEvent[]> {
    const now = Math.min(this.interviewNow(live.row), live.state.durationMinutes * 60_000);
    // Interview time never runs backwards in the log, even for timers stamped with their due time.
    let floor = live.state.lastAtMs;
    const timed = bodies.map((b, i) => {
      floor = Math.max(floor, dueMs?.[i] ?? now);
      return { ...b, atMs: floor } as TimedEvent;
    });
    let stored: SessionEvent[];
    try {
      stored = await this.o.store.append(live.row.id, live.state.lastSeq, timed);
    } catch (err) {
      if (!(err instanceof AppendConflictError)) throw err;
      this.live.delete(live.row.id);
      const fresh = await this.load(live.row.id);
      Object.assign(live, fresh);
      stored = await this.o.store.append(live.row.id, live.state.lastSeq, timed);
    }
    for (const e of stored) {
      live.state = apply(live.state, e);
      live.events.push(e);
      if (e.type === 'phase_changed') live.row.phase = e.to;
      if (e.type === 'session_ended') live.row.status = 'ended';
      this.publish(live.row.id, { type: 'event', event: e });
    }
    live.row.lastSeq = live.state.lastSeq;
    if (stored.some((e) => e.type === 'session_ended')) {
      this.phrasing.get(live.row.id)?.abort();
      this.o.onEnded?.(live.row.id);
    }
    return stored;
  }

  private announcementEvents(a: Announcement): EventBody[] {
    const kind = a.kind === 'ended' ? 'closing' : a.kind;
    return [{ type: 'interviewer_message', text: announcementText(a), asked: [], revealed: [], source: 'offline', kind }];
  }

  /** Events of a decision interleaved with what the interviewer says about each. */
  private async applyDecision(live: Live, d: Decision): Promise<void> {
    const bodies: EventBody[] = [];
    const due: number[] = [];
    const now = this.interviewNow(live.row);
    d.events.forEach((e, i) => {
      const at = d.dueMs?.[i] ?? now;
      bodies.push(e);
      due.push(at);
      const a = d.announcements[i];
      if (a) for (const said of this.announcementEvents(a)) bodies.push(said), due.push(at);
    });
    if (bodies.length) await this.appendLocked(live, bodies, due);
  }

  private async applyTimers(live: Live): Promise<void> {
    const d = dueTimers(live.state, live.problem, this.o.bank.genericPivots, this.interviewNow(live.row), live.row.id);
    await this.applyDecision(live, d);
  }

  /** [MSG3] Replies to candidate turn `seq` once; replies of a session are produced one at a time. */
  private async replyTo(id: string, seq: number): Promise<SessionEvent | undefined> {
    return this.replyLock.run(id, async () => {
      const existing = (await this.load(id)).events.find((e) => e.type === 'interviewer_message' && e.replyTo === seq);
      if (existing) return existing;
      // Decide what the turn contains with the state lock held, then phrase it without the lock
      // so timers and other commands go on while a model streams.
      const prepared = await this.stateLock.run(id, async () => {
        const live = await this.load(id);
        await this.applyTimers(live);
        if (live.state.status === 'ended') return undefined;
        if (pivotDueByTurns(live.state)) {
          const pivot = choosePivot(live.problem, this.o.bank.genericPivots, live.row.id);
          const [, reply] = await this.appendLocked(live, [
            { type: 'pivot_injected', pivotId: pivot.id, text: pivot.text },
            { type: 'interviewer_message', text: announcementText({ kind: 'pivot', pivot }), asked: [], revealed: [], source: 'offline', kind: 'pivot', replyTo: seq },
          ]);
          return { done: reply };
        }
        const candidate = live.events.find((e) => e.seq === seq);
        if (!candidate || candidate.type !== 'candidate_message') return undefined;
        const now = this.interviewNow(live.row);
        // [COACH4] In coach mode a request for help gets the hint ladder, never the model.
        const coached = coachReplyEvents(live, seq, now, this.o.bank.genericPivots);
        if (coached) return { done: (await this.appendLocked(live, coached)).at(-1) };
        const plan = planTurn(live.state, live.problem, candidate.text, live.diagram, now, this.o.bank.genericPivots);
        const clock = clockAt(live.state, now);
        const next = nextPhase(live.state.phase);
        return {
          plan,
          input: {
            problem: { id: live.problem.id, title: live.problem.title, statement: live.problem.statement },
            level: live.state.level,
            phase: live.state.phase,
            phaseGoal: PHASE_GOALS[live.state.phase],
            minutesLeftInPhase: Math.round(clock.remainingInPhaseMs / 60_000),
            minutesLeftTotal: Math.round(clock.remainingTotalMs / 60_000),
            diagramText: live.diagram.text,
            summary: runningSummary(live.state, live.problem, live.diagram.text),
            recentTurns: recentTurns(live.state),
            plan,
            nextPhaseLabel: next ? PHASE_LABELS[next] : undefined,
            priorReplies: live.state.turns.filter((t) => t.role === 'interviewer').map((t) => t.text),
            guard: buildGuardContext({
              plan,
              facts: live.problem.facts,
              revealed: live.state.revealed,
              // Any figure the candidate ever said may be quoted back to them.
              recentTurns: live.state.turns.filter((t) => t.role === 'candidate'),
              diagramText: live.diagram.text,
              statement: live.problem.statement,
              minutes: [Math.round(clock.remainingInPhaseMs / 60_000), Math.round(clock.remainingTotalMs / 60_000), live.state.durationMinutes],
            }),
          },
          problem: live.problem,
        };
      });
      if (!prepared) return undefined;
      if ('done' in prepared) return prepared.done;

      const turnId = `t${++this.turnCounter}`;
      this.publish(id, { type: 'typing', turnId, replyTo: seq });
      const controller = new AbortController();
      this.phrasing.set(id, controller);
      let out: Awaited<ReturnType<Interviewer['respond']>>;
      try {
        out = await this.o.interviewer.respond(prepared.input, {
          onDelta: (text) => this.publish(id, { type: 'delta', turnId, replyTo: seq, text }),
          signal: controller.signal,
        });
      } catch (err) {
        // [MSG5] The interview ended while the reply was being phrased: there is nobody to answer.
        if (controller.signal.aborted) return undefined;
        throw err;
      } finally {
        if (this.phrasing.get(id) === controller) this.phrasing.delete(id);
      }
      return this.stateLock.run(id, async () => {
        const live = await this.load(id);
        if (live.state.status === 'ended') return undefined; // [MSG5] the transcript ends with the end
        // [LIS9] A model may have asked one of the allowed options instead of the planned question.
        const choice = out.choice ?? planChoice(prepared.plan);
        const asked = planKeys(prepared.plan, prepared.problem).filter((k) => k !== prepared.plan.question?.key);
        if (choice.question) asked.unshift(choice.question.key);
        const [reply] = await this.appendLocked(live, [
          {
            type: 'interviewer_message',
            text: out.text,
            asked,
            revealed: prepared.plan.factAnswers.map((f) => f.topic),
            source: out.source,
            ...(out.notice ? { notice: out.notice } : {}),
            replyTo: seq,
            kind: 'reply',
            move: choice.move,
            ...(choice.question ? { question: choice.question } : {}),
            ...(prepared.plan.dropped ? { dropped: [prepared.plan.dropped] } : {}),
          },
        ]);
        return reply;
      });
    });
  }
}
