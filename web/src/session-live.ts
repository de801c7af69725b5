// The live interview as seen from the browser: one WebSocket (hello with the last seq seen,
// reconnect with backoff), the chat folded from the server's events, streamed replies, the
// server's clock, and messages kept pending (in localStorage too) until the server has them.
// Every frame is checked with the shared protocol schema; React reads snapshots of this state.
import type { Phase } from '../../server/protocol/phases.js';
import {
  LIMITS,
  PROTOCOL_VERSION,
  SessionServerFrame,
  type ClockView,
  type SceneElement,
  type SessionClientFrame,
} from '../../server/protocol/index.js';
import { api, sessionSocketUrl, type SessionView } from './api.js';
import { type ConnectionState, SocketLink } from './socket-link.js';
import { loadPending, newClientMessageId, savePending, type PendingMessage } from './storage.js';

export type { ConnectionState };

type ServerFrame = SessionServerFrame;
type SessionEvent = Extract<ServerFrame, { type: 'event' }>['event'];
type TurnKind = SessionView['transcript'][number]['kind'];

export interface ChatTurn {
  seq: number;
  role: 'candidate' | 'interviewer';
  kind: TurnKind;
  text: string;
  phase: Phase;
  notice?: string;
  clientMessageId?: string;
}

export interface StreamingReply {
  turnId: string;
  replyTo?: number;
  text: string;
}

export interface PendingView extends PendingMessage {
  /** The server acknowledged it; the durable event is on its way. */
  acked: boolean;
}

export interface TimedClock {
  view: ClockView;
  /** performance.now() when the view arrived; the display interpolates with view.speed. */
  receivedAt: number;
}

export interface LiveSnapshot {
  turns: ChatTurn[];
  streaming: StreamingReply[];
  pending: PendingView[];
  phase: Phase;
  status: 'active' | 'ended';
  endReason: 'time' | 'candidate' | null;
  clock: TimedClock | null;
  warning: { phase: Phase; remainingMs: number; seq: number } | null;
  pivot: { text: string; seq: number } | null;
  connection: ConnectionState;
  error: string | null;
}

/** At most one diagram frame per this many ms. */
export const DIAGRAM_THROTTLE_MS = 1_500;
/** A live connection that has been silent this long is presumed dead (clock frames come every second). */
const SILENCE_DEAD_MS = 12_000;
const SILENCE_PING_MS = 5_000;

export class LiveSession {
  private snapshot: LiveSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly link: SocketLink<SessionServerFrame, SessionClientFrame>;
  private lastSeq = 0;
  /** The phase as of the last event applied (replays start from the first event). */
  private eventPhase: Phase = 'requirements';
  /** The server's last seq at welcome: pending messages are resent once the backlog is in. */
  private backlogUntil = Number.POSITIVE_INFINITY;
  private backlogDone = false;
  private scene: SceneElement[] | undefined;
  private sceneDirty = false;
  /** Element versions the server has been sent on this connection: frames carry only changes. */
  private sentVersions = new Map<string, number | undefined>();
  private sceneTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSceneSentAt = 0;
  private endedHandlers = new Set<() => void>();

  constructor(
    readonly id: string,
    private readonly token: string,
    view: SessionView,
  ) {
    this.snapshot = {
      turns: view.transcript.map((t) => ({ seq: t.seq, role: t.role, kind: t.kind, text: t.text, phase: t.phase })),
      streaming: [],
      pending: loadPending(id).map((m) => ({ ...m, acked: false })),
      phase: view.phase,
      status: view.status,
      endReason: view.endReason,
      clock: { view: view.clock, receivedAt: performance.now() },
      warning: null,
      pivot: view.pivot ? { text: view.pivot.text, seq: view.pivot.seq } : null,
      connection: { kind: 'connecting' },
      error: null,
    };
    this.link = new SocketLink<SessionServerFrame, SessionClientFrame>({
      url: () => sessionSocketUrl(this.id, this.token),
      schema: SessionServerFrame,
      what: 'frame',
      opening: () => ({ type: 'hello', protocol: PROTOCOL_VERSION, lastSeq: this.lastSeq }),
      ping: { type: 'ping' },
      silence: { pingMs: SILENCE_PING_MS, deadMs: SILENCE_DEAD_MS },
      onFrame: (frame) => this.onFrame(frame),
      onConnect: () => {
        this.backlogDone = false;
        const c = this.snapshot.connection;
        if (c.kind !== 'connecting') this.update({ connection: { kind: 'reconnecting', attempt: c.kind === 'reconnecting' ? c.attempt : 0, retryAt: Date.now() } });
      },
      onLost: () => {
        this.backlogDone = false;
      },
      onReconnecting: (attempt, retryAt) => this.update({ connection: { kind: 'reconnecting', attempt, retryAt }, streaming: [] }),
      access: { check: () => api.session(this.id, this.token), message: 'This browser no longer has access to this interview.' },
      onFailed: (message) => this.update({ connection: { kind: 'failed', message } }),
    });
  }

  // ---- React glue -----------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.snapshot;

  onEnded(handler: () => void): () => void {
    this.endedHandlers.add(handler);
    return () => this.endedHandlers.delete(handler);
  }

  private update(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  start(): void {
    this.link.start();
    window.addEventListener('pagehide', this.flushSceneNow);
  }

  stop(): void {
    this.flushSceneNow();
    this.link.stop();
    window.removeEventListener('pagehide', this.flushSceneNow);
  }

  /** Skips the backoff wait (the "retry now" button, or the browser coming back online). */
  retryNow(): void {
    this.link.retryNow();
  }

  private sendFrame(frame: SessionClientFrame): boolean {
    return this.link.send(frame);
  }

  private canSend(): boolean {
    return this.backlogDone && this.link.open;
  }

  // ---- frames from the server -----------------------------------------------------------------

  private onFrame(frame: SessionServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        this.link.connected();
        this.backlogUntil = frame.lastSeq;
        this.update({ connection: { kind: 'live' }, clock: { view: frame.clock, receivedAt: performance.now() }, streaming: [], error: null });
        if (this.lastSeq >= this.backlogUntil) this.onBacklogDone();
        return;
      case 'event':
        this.applyEvent(frame.event);
        if (!this.backlogDone && frame.event.seq >= this.backlogUntil && this.snapshot.connection.kind === 'live') this.onBacklogDone();
        return;
      case 'typing':
        if (!this.snapshot.streaming.some((s) => s.turnId === frame.turnId)) {
          this.update({ streaming: [...this.snapshot.streaming, { turnId: frame.turnId, replyTo: frame.replyTo, text: '' }] });
        }
        return;
      case 'delta': {
        const exists = this.snapshot.streaming.some((s) => s.turnId === frame.turnId);
        const streaming = exists
          ? this.snapshot.streaming.map((s) => (s.turnId === frame.turnId ? { ...s, text: s.text + frame.text } : s))
          : [...this.snapshot.streaming, { turnId: frame.turnId, replyTo: frame.replyTo, text: frame.text }];
        this.update({ streaming });
        return;
      }
      case 'ack':
        this.markAcked(frame.clientMessageId);
        return;
      case 'clock':
        this.update({ clock: { view: frame.clock, receivedAt: performance.now() }, phase: frame.clock.phase });
        return;
      case 'error':
        this.update({ error: frame.message });
        return;
      case 'report_ready':
      case 'pong':
        return;
    }
  }

  private onBacklogDone(): void {
    this.backlogDone = true;
    for (const m of this.snapshot.pending) {
      if (!m.acked) this.sendFrame({ type: 'message', clientMessageId: m.clientMessageId, text: m.text });
    }
    // A frame in flight when the connection dropped may be lost: send the whole scene once
    // more (the server's merge makes that harmless), then only changes again.
    this.sentVersions.clear();
    if (this.scene) this.sceneDirty = true;
    if (this.sceneDirty) this.flushScene();
  }

  private applyEvent(e: SessionEvent): void {
    if (e.seq <= this.lastSeq) return;
    this.lastSeq = e.seq;
    const s = this.snapshot;
    switch (e.type) {
      case 'session_started':
        return;
      case 'candidate_message': {
        const turn: ChatTurn = { seq: e.seq, role: 'candidate', kind: 'message', text: e.text, phase: this.eventPhase, clientMessageId: e.clientMessageId };
        this.removePending(e.clientMessageId, { turns: upsert(s.turns, turn) });
        return;
      }
      case 'interviewer_message': {
        const turn: ChatTurn = { seq: e.seq, role: 'interviewer', kind: e.kind, text: e.text, phase: this.eventPhase, ...(e.notice ? { notice: e.notice } : {}) };
        const streaming = e.replyTo === undefined ? s.streaming : s.streaming.filter((r) => r.replyTo !== e.replyTo);
        this.update({ turns: upsert(s.turns, turn), streaming });
        return;
      }
      case 'phase_changed':
        this.eventPhase = e.to;
        this.update({ phase: e.to, warning: s.warning && s.warning.phase === e.to ? s.warning : null });
        return;
      case 'pivot_injected':
        this.update({ pivot: { text: e.text, seq: e.seq } });
        return;
      case 'time_warning':
        this.update({ warning: { phase: e.phase, remainingMs: e.remainingMs, seq: e.seq } });
        return;
      case 'diagram_updated':
        return;
      case 'session_ended': {
        const view = s.clock?.view;
        this.update({ status: 'ended', endReason: e.reason, streaming: [], clock: view ? { view: { ...view, status: 'ended' }, receivedAt: performance.now() } : s.clock });
        for (const h of this.endedHandlers) h();
        return;
      }
    }
  }

  // ---- candidate actions ----------------------------------------------------------------------

  /** Queues a message: shown as pending, kept in localStorage, sent now or after a reconnect. */
  send(text: string): string | undefined {
    const trimmed = text.trim();
    if (!trimmed) return 'Type a message first.';
    if (trimmed.length > LIMITS.messageChars) return `Messages are limited to ${LIMITS.messageChars.toLocaleString()} characters.`;
    if (this.snapshot.status === 'ended') return 'The interview has ended.';
    const m: PendingView = { clientMessageId: newClientMessageId(), text: trimmed, createdAt: Date.now(), acked: false };
    const pending = [...this.snapshot.pending, m];
    savePending(this.id, pending.filter((p) => !p.acked));
    this.update({ pending, error: null });
    if (this.canSend()) this.sendFrame({ type: 'message', clientMessageId: m.clientMessageId, text: m.text });
    return undefined;
  }

  private markAcked(clientMessageId: string): void {
    const pending = this.snapshot.pending.map((p) => (p.clientMessageId === clientMessageId ? { ...p, acked: true } : p));
    savePending(this.id, pending.filter((p) => !p.acked));
    this.update({ pending });
  }

  private removePending(clientMessageId: string, patch: Partial<LiveSnapshot>): void {
    const pending = this.snapshot.pending.filter((p) => p.clientMessageId !== clientMessageId);
    savePending(this.id, pending.filter((p) => !p.acked));
    this.update({ ...patch, pending });
  }

  async advance(): Promise<void> {
    await api.advance(this.id, this.token);
  }

  /** Ends the interview after saving the final scene with its SVG (for the report). */
  async end(finalScene?: { elements: SceneElement[]; svg?: string }): Promise<void> {
    // Ending must not depend on the scene being accepted (a too-large board, say).
    if (finalScene) await this.saveFinalScene(finalScene).catch((err: unknown) => console.warn('final scene not saved', err));
    await api.end(this.id, this.token);
  }

  async saveFinalScene(scene: { elements: SceneElement[]; svg?: string }): Promise<void> {
    const body = { elements: scene.elements, ...(scene.svg && scene.svg.length <= LIMITS.svgBytes ? { svg: scene.svg } : {}) };
    clearTimeout(this.sceneTimer);
    this.sceneTimer = undefined;
    await api.putDiagram(this.id, this.token, body);
    this.sceneDirty = false;
    this.lastSceneSentAt = Date.now();
  }

  // ---- the whiteboard ---------------------------------------------------------------------------

  /** The whiteboard changed (versions differ): send the changed elements, throttled. */
  queueScene(elements: SceneElement[]): void {
    this.scene = elements;
    this.sceneDirty = true;
    if (this.sceneTimer) return;
    const wait = Math.max(0, this.lastSceneSentAt + DIAGRAM_THROTTLE_MS - Date.now());
    this.sceneTimer = setTimeout(() => {
      this.sceneTimer = undefined;
      this.flushScene();
    }, wait);
  }

  /**
   * The page is going (a reload, a closed tab, another route): the change the throttle is holding
   * back goes out now, or the last stroke or the end of a label would be lost.
   */
  private flushSceneNow = (): void => {
    clearTimeout(this.sceneTimer);
    this.sceneTimer = undefined;
    this.flushScene();
  };

  private flushScene(): void {
    if (!this.sceneDirty || !this.scene || this.snapshot.status === 'ended') return;
    const json = JSON.stringify(this.scene);
    if (this.scene.length > LIMITS.sceneElements || json.length > LIMITS.sceneBytes) {
      this.update({ error: `The whiteboard is too large to save (limit ${LIMITS.sceneElements.toLocaleString()} elements, ${(LIMITS.sceneBytes / 1e6).toFixed(0)} MB).` });
      return;
    }
    if (!this.canSend()) return; // sent again once the connection is back
    const changed = this.scene.filter((e) => this.sentVersions.get(e.id) !== e.version || !this.sentVersions.has(e.id));
    this.sceneDirty = false;
    if (changed.length === 0) return;
    this.sendFrame({ type: 'diagram', elements: changed });
    for (const e of changed) this.sentVersions.set(e.id, e.version);
    this.lastSceneSentAt = Date.now();
  }

  dismissError(): void {
    this.update({ error: null });
  }
}

function upsert(turns: ChatTurn[], turn: ChatTurn): ChatTurn[] {
  const i = turns.findIndex((t) => t.seq === turn.seq);
  if (i >= 0) {
    const next = turns.slice();
    next[i] = turn;
    return next;
  }
  const next = [...turns, turn];
  if (next.length > 1 && next[next.length - 2]!.seq > turn.seq) next.sort((a, b) => a.seq - b.seq);
  return next;
}

/** The clock now, interpolated from the last server view with its speed. */
export function clockNow(c: TimedClock, now = performance.now()) {
  const v = c.view;
  const dt = v.status === 'ended' ? 0 : Math.max(0, now - c.receivedAt) * v.speed;
  const elapsedMs = Math.min(v.totalMs, v.elapsedMs + dt);
  return {
    elapsedMs,
    totalMs: v.totalMs,
    remainingInPhaseMs: Math.max(0, v.phaseEndsAtMs - elapsedMs),
    overPhaseMs: Math.max(0, elapsedMs - v.phaseEndsAtMs),
    remainingTotalMs: Math.max(0, v.totalMs - elapsedMs),
  };
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}
