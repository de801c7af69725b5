// A peer room as seen from the browser: one WebSocket to /api/rooms/:id/ws (join, then resume
// with the last seq after a reconnect, with backoff), presence, chat with messages kept pending
// (in localStorage too) until the server acknowledges them, the room clock, and for the
// interviewer the kit, delivered pivots and the scorecard. Every frame is checked with the shared
// protocol schema (server/protocol/rooms.ts). The whiteboard attaches a SceneSink: scene frames and
// pointers go straight to it, not through React state. Local scene changes go through a
// SceneOutbox (scene-outbox.ts): split by bytes under the frame limit, kept until the server
// acknowledges them, and sent again after a rejoin when the acknowledgement never came.
import {
  type ChatMessage,
  type InterviewKit,
  type KitLadder,
  type PeerInfo,
  ROOM_LIMITS,
  ROOM_PROTOCOL_VERSION,
  type RoomClientFrame,
  type RoomClock,
  type RoomElement,
  type RoomMode,
  RoomServerFrame,
  type ScorecardEntry,
} from '../../../server/protocol/rooms.js';
import { type ConnectionState, SocketLink } from '../socket-link.js';
import { newClientMessageId } from '../storage.js';
import { roomApi, roomSocketUrl } from './room-api.js';
import { type OutboxElement, SceneOutbox } from './scene-outbox.js';

export type { ConnectionState };

export interface PendingChat {
  clientMessageId: string;
  text: string;
  createdAt: number;
}

/**
 * A scorecard entry the interviewer picked or typed that the room has not confirmed yet: it goes
 * out at once when a score is picked, a moment after typing stops for notes, and again after a
 * rejoin until a `scorecard` frame holds it. Kept in localStorage too, so a reload keeps it.
 */
export interface ScoreDraft {
  dimension: string;
  /** null: notes typed before any score was picked (the room stores a score with its notes). */
  score: number | null;
  notes: string;
}

/** How long typing in the notes may pause before the notes are saved. */
export const SCORE_NOTES_DEBOUNCE_MS = 600;

export interface TimedRoomClock {
  view: RoomClock;
  /** performance.now() when the view arrived; the display runs it on locally at view.speed. */
  receivedAt: number;
}

export interface RoomSnapshot {
  connection: ConnectionState;
  mode: RoomMode | null;
  you: PeerInfo | null;
  peers: PeerInfo[];
  /** Durable messages in seq order. */
  chat: ChatMessage[];
  pending: PendingChat[];
  clock: TimedRoomClock | null;
  /** Interviewer only. */
  kit: InterviewKit | null;
  /** [RIV10] Interviewer only: coach mode's ladder for the current phase, asked for as the room moves. */
  ladder: KitLadder | null;
  scorecard: ScorecardEntry[];
  /** Interviewer only: scorecard entries not confirmed by the room yet, by dimension. */
  scoreDrafts: ScoreDraft[];
  deliveredPivots: string[];
  /** [RIV9] Whether the interviewer shares the scorecard's notes with the candidate. */
  notesShared: boolean;
  error: string | null;
}

/** What the whiteboard does with the room's scene and pointers. */
export interface SceneSink {
  /** Remote elements to merge (a snapshot, a peer's change, or winners after our edit lost). */
  remote(elements: RoomElement[], o: { full: boolean }): void;
  /** Joined (again): local changes not yet sent can go now. */
  joined(): void;
  pointer(peerId: string, x: number, y: number, button?: 'down' | 'up'): void;
  presence(peers: PeerInfo[], you: PeerInfo | null): void;
}

/** [RIV10] How long the chat, and the board, must pause before the kit's ladder is asked for again. */
const LADDER_AFTER_CHAT_MS = 400;
const LADDER_AFTER_DRAWING_MS = 1500;

/** Silence before a ping, and before the socket is presumed dead. */
const SILENCE_PING_MS = 10_000;
const SILENCE_DEAD_MS = 25_000;
/** [ROOM11] The server relays at most pointerHz per peer; sending more is waste. */
const POINTER_INTERVAL_MS = 1000 / ROOM_LIMITS.pointerHz;

export class RoomConnection {
  private snapshot: RoomSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly link: SocketLink<RoomServerFrame, RoomClientFrame>;
  private joined = false;
  private lastSeq = 0;
  private everJoined = false;
  private sink: SceneSink | undefined;
  /** Scene frames that came before the whiteboard was ready. */
  private early: Array<{ elements: RoomElement[]; full: boolean }> = [];
  private pointerTimer: ReturnType<typeof setTimeout> | undefined;
  private lastPointerAt = 0;
  private pendingPointer: { x: number; y: number; button?: 'down' | 'up' } | undefined;
  private readonly pendingKey: string;
  private readonly draftsKey: string;
  private readonly draftTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private ladderTimer: ReturnType<typeof setTimeout> | undefined;
  /** The local scene's elements on their way to the room, until it acknowledges them. */
  readonly outbox = new SceneOutbox();

  constructor(
    readonly id: string,
    private readonly token: string,
    private name: string,
  ) {
    this.pendingKey = `msd:room-pending:${id}:${token.slice(0, 12)}`;
    this.draftsKey = `msd:room-scores:${id}:${token.slice(0, 12)}`;
    this.snapshot = {
      connection: { kind: 'connecting' },
      mode: null,
      you: null,
      peers: [],
      chat: [],
      pending: this.loadPending(),
      clock: null,
      kit: null,
      ladder: null,
      scorecard: [],
      scoreDrafts: this.loadDrafts(),
      deliveredPivots: [],
      notesShared: false,
      error: null,
    };
    this.link = new SocketLink<RoomServerFrame, RoomClientFrame>({
      url: () => roomSocketUrl(this.id, this.token),
      schema: RoomServerFrame,
      what: 'room frame',
      // After a first snapshot, resume from the last seq seen [ROOM5].
      opening: () => ({ type: 'join', name: this.name, protocol: ROOM_PROTOCOL_VERSION, ...(this.everJoined ? { lastSeq: this.lastSeq } : {}) }),
      ping: { type: 'ping' },
      silence: { pingMs: SILENCE_PING_MS, deadMs: SILENCE_DEAD_MS },
      onFrame: (f) => this.onFrame(f),
      onConnect: () => {
        this.joined = false;
        // Nothing sent on the previous socket will be acknowledged: what it carried goes again.
        this.outbox.reset();
      },
      onLost: () => {
        this.joined = false;
      },
      onClose: (ev) => {
        if (ev.code === 1009) this.update({ error: 'The last change was too large for the room and the connection was reset.' });
      },
      onReconnecting: (attempt, retryAt) => this.update({ connection: { kind: 'reconnecting', attempt, retryAt } }),
      // The keep-alive ping is a barrier for the scene outbox too.
      onPing: () => this.outbox.barrier(),
      access: { check: () => roomApi.info(this.id, this.token), message: 'This room link is not valid (the room does not exist or the token is wrong).' },
      onFailed: (message) => this.update({ connection: { kind: 'failed', message } }),
    });
  }

  // ---- React glue -----------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RoomSnapshot => this.snapshot;

  private update(patch: Partial<RoomSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  start(): void {
    this.link.start();
  }

  stop(): void {
    this.link.stop();
    clearTimeout(this.pointerTimer);
    clearTimeout(this.ladderTimer);
    for (const t of this.draftTimers.values()) clearTimeout(t);
    this.draftTimers.clear();
  }

  /** Skips the backoff wait ("Retry now", or the browser coming back online). */
  retryNow(): void {
    this.link.retryNow();
  }

  /** Joins again under a new display name. */
  rename(name: string): void {
    this.name = name;
    this.link.drop();
  }

  private sendFrame(frame: RoomClientFrame): boolean {
    return this.link.send(frame);
  }

  /** Every ping is a barrier for the scene outbox: its pong comes after the frames sent before it. */
  private ping(): void {
    if (this.sendFrame({ type: 'ping' })) this.outbox.barrier();
  }

  /** Joined and open: frames other than join may go. */
  get live(): boolean {
    return this.joined && this.link.open;
  }

  // ---- frames from the server -----------------------------------------------------------------

  private onFrame(f: RoomServerFrame): void {
    switch (f.type) {
      case 'snapshot': {
        this.link.connected();
        this.joined = true;
        this.everJoined = true;
        this.seen(f.seq);
        this.update({ connection: { kind: 'live' }, mode: f.mode, you: f.you, peers: f.peers, chat: mergeChat(this.snapshot.chat, f.chat), error: null });
        this.removePending(f.chat.map((c) => c.clientMessageId));
        this.toSink(f.elements, f.full);
        this.sink?.presence(f.peers, f.you);
        this.sink?.joined();
        // Messages not acknowledged before the connection went: the server ignores duplicates [ROOM13].
        for (const m of this.snapshot.pending) this.sendFrame({ type: 'chat', clientMessageId: m.clientMessageId, text: m.text });
        return;
      }
      case 'scene':
        this.seen(f.seq);
        this.toSink(f.elements, false);
        this.ladderSoon(LADDER_AFTER_DRAWING_MS);
        return;
      case 'ack':
        this.seen(f.seq);
        if (f.of === 'scene') this.outbox.ack();
        // The room's versions of elements we sent that lost the merge (recorded after the ack).
        if (f.elements?.length) this.toSink(f.elements, false);
        if (f.of === 'chat' && f.clientMessageId) this.removePending([f.clientMessageId]);
        return;
      case 'presence':
        this.update({ peers: f.peers });
        this.sink?.presence(f.peers, this.snapshot.you);
        return;
      case 'pointer':
        this.sink?.pointer(f.peerId, f.x, f.y, f.button);
        return;
      case 'chat': {
        this.seen(f.seq);
        const { type: _type, ...message } = f;
        this.update({ chat: mergeChat(this.snapshot.chat, [message]) });
        this.removePending([f.clientMessageId]);
        this.ladderSoon(LADDER_AFTER_CHAT_MS);
        return;
      }
      case 'clock':
        if (f.clock.phase !== this.snapshot.clock?.view.phase) this.ladderSoon(LADDER_AFTER_CHAT_MS);
        this.update({ clock: { view: f.clock, receivedAt: performance.now() } });
        return;
      case 'kit':
        this.update({ kit: f.kit, scorecard: f.scorecard, deliveredPivots: union(this.snapshot.deliveredPivots, f.kit.deliveredPivots) });
        this.settleDrafts();
        // Joined (again) as the interviewer: what was picked or typed meanwhile goes now.
        this.sendDrafts();
        this.askLadder();
        return;
      case 'ladder':
        this.update({ ladder: f.ladder });
        return;
      case 'pivot':
        this.update({ deliveredPivots: union(this.snapshot.deliveredPivots, [f.pivotId]) });
        return;
      case 'notes':
        this.update({ notesShared: f.shared });
        break;
      case 'scorecard':
        this.update({ scorecard: f.entries });
        this.settleDrafts();
        return;
      case 'error':
        if (f.code === 'room_full') return this.link.fail(f.message);
        this.update({ error: f.message });
        return;
      case 'pong':
        this.outbox.pong();
        return;
    }
  }

  private seen(seq: number): void {
    if (seq > this.lastSeq) this.lastSeq = seq;
  }

  private toSink(elements: RoomElement[], full: boolean): void {
    // What the room holds, whether or not the whiteboard has merged it yet.
    this.outbox.remote(elements, { full });
    if (!full && elements.length === 0) return;
    if (this.sink) this.sink.remote(elements, { full });
    else if (full) this.early = [{ elements, full }];
    else this.early.push({ elements, full });
  }

  // ---- the whiteboard -------------------------------------------------------------------------

  /** The whiteboard is ready: it gets what came before, then everything as it comes. */
  attach(sink: SceneSink): () => void {
    this.sink = sink;
    for (const e of this.early) sink.remote(e.elements, { full: e.full });
    this.early = [];
    sink.presence(this.snapshot.peers, this.snapshot.you);
    if (this.live) sink.joined();
    return () => {
      if (this.sink === sink) this.sink = undefined;
    };
  }

  /**
   * Sends what of the local scene the room does not have yet (the outbox decides, and splits it
   * into frames under the byte limit), then a ping whose pong acknowledges all of it. Returns the
   * number of frames sent; 0 when there was nothing to send or the room is not live (the outbox
   * keeps everything for the next call after the rejoin).
   */
  syncScene(all: readonly OutboxElement[]): number {
    if (!this.live) return 0;
    const { frames, unsendable } = this.outbox.take(all);
    for (const elements of frames) {
      if (!this.sendFrame({ type: 'scene', elements: elements as RoomElement[] })) break; // closing: resent after the rejoin
    }
    if (frames.length) this.ping();
    if (unsendable.length) this.update({ error: unsendableMessage(unsendable) });
    return frames.length;
  }

  /** The local pointer, at most pointerHz; the latest position goes out when the interval passed. */
  sendPointer(x: number, y: number, button?: 'down' | 'up'): void {
    if (!this.live) return;
    this.pendingPointer = { x, y, ...(button ? { button } : {}) };
    if (this.pointerTimer) return;
    const wait = this.lastPointerAt + POINTER_INTERVAL_MS - performance.now();
    const flush = () => {
      this.pointerTimer = undefined;
      const p = this.pendingPointer;
      this.pendingPointer = undefined;
      if (!p || !this.live) return;
      this.lastPointerAt = performance.now();
      this.sendFrame({ type: 'pointer', ...p });
    };
    if (wait <= 0) flush();
    else this.pointerTimer = setTimeout(flush, wait);
  }

  // ---- chat -----------------------------------------------------------------------------------

  /** Queues a message: shown as pending (kept in localStorage), sent now or after a reconnect. */
  sendChat(text: string): string | undefined {
    const trimmed = text.trim();
    if (!trimmed) return 'Type a message first.';
    if (trimmed.length > ROOM_LIMITS.chatChars) return `Messages are limited to ${ROOM_LIMITS.chatChars.toLocaleString()} characters.`;
    const m: PendingChat = { clientMessageId: newClientMessageId(), text: trimmed, createdAt: Date.now() };
    const pending = [...this.snapshot.pending, m];
    this.savePending(pending);
    this.update({ pending, error: null });
    if (this.live) this.sendFrame({ type: 'chat', clientMessageId: m.clientMessageId, text: m.text });
    return undefined;
  }

  private removePending(ids: string[]): void {
    if (!ids.length || !this.snapshot.pending.length) return;
    const drop = new Set(ids);
    const pending = this.snapshot.pending.filter((p) => !drop.has(p.clientMessageId));
    if (pending.length === this.snapshot.pending.length) return;
    this.savePending(pending);
    this.update({ pending });
  }

  private loadPending(): PendingChat[] {
    try {
      const list = JSON.parse(localStorage.getItem(this.pendingKey) ?? '[]') as unknown;
      if (!Array.isArray(list)) return [];
      return list.filter((m): m is PendingChat => typeof m?.clientMessageId === 'string' && typeof m?.text === 'string');
    } catch {
      return [];
    }
  }

  private savePending(list: PendingChat[]): void {
    try {
      if (list.length) localStorage.setItem(this.pendingKey, JSON.stringify(list));
      else localStorage.removeItem(this.pendingKey);
    } catch {
      /* storage disabled */
    }
  }

  dismissError(): void {
    this.update({ error: null });
  }

  // ---- the interviewer's actions ----------------------------------------------------------------

  private interviewer(frame: RoomClientFrame): string | undefined {
    if (this.snapshot.you?.role !== 'interviewer') return 'Only the interviewer can do that.';
    if (!this.live || !this.sendFrame(frame)) return 'Not connected: try again when the room is live.';
    return undefined;
  }

  startClock = () => this.interviewer({ type: 'start' });
  /** Ends the interview; scorecard entries not confirmed yet go first (the room keeps frame order). */
  end = () => {
    this.sendDrafts();
    return this.interviewer({ type: 'end' });
  };
  deliverPivot = (pivotId: string) => this.interviewer({ type: 'pivot', pivotId });
  /** [RIV10] Asks the room for the ladder of the current phase (also done as the chat, board and clock move). */
  askLadder = () => {
    clearTimeout(this.ladderTimer);
    this.ladderTimer = undefined;
    return this.interviewer({ type: 'ladder' });
  };

  /** [RIV10] The ladder is asked for again once the room has been quiet for `ms` (interviewer with a kit only). */
  private ladderSoon(ms: number): void {
    if (!this.snapshot.kit || this.snapshot.you?.role !== 'interviewer') return;
    clearTimeout(this.ladderTimer);
    this.ladderTimer = setTimeout(() => this.askLadder(), ms);
  }
  /** [RIV9] Shares the scorecard's notes with the candidate, or makes them private again. */
  shareNotes = (shared: boolean) => {
    const problem = this.interviewer({ type: 'share_notes', shared });
    // Shown at once; the room's `notes` frame confirms it (or says otherwise).
    if (!problem) this.update({ notesShared: shared });
    return problem;
  };

  // ---- the scorecard: saved as it is picked or typed -------------------------------------------

  /**
   * The interviewer picked a score or typed notes. A score goes to the room at once; notes a
   * moment after the typing pauses. Until the room confirms it, the entry is a draft (shown as
   * saving, kept in localStorage, sent again after a rejoin, and named by the end dialog).
   */
  editScore(dimension: string, change: { score?: number; notes?: string }): void {
    const saved = this.snapshot.scorecard.find((e) => e.dimension === dimension);
    const current = this.snapshot.scoreDrafts.find((d) => d.dimension === dimension);
    const draft: ScoreDraft = {
      dimension,
      score: change.score ?? current?.score ?? saved?.score ?? null,
      notes: change.notes ?? current?.notes ?? saved?.notes ?? '',
    };
    const others = this.snapshot.scoreDrafts.filter((d) => d.dimension !== dimension);
    clearTimeout(this.draftTimers.get(dimension));
    this.draftTimers.delete(dimension);
    if (saved && saved.score === draft.score && saved.notes === draft.notes) {
      this.setDrafts(others);
      return;
    }
    this.setDrafts([...others, draft]);
    if (draft.score === null) return;
    if (change.score !== undefined) this.sendDraft(dimension);
    else this.draftTimers.set(dimension, setTimeout(() => this.sendDraft(dimension), SCORE_NOTES_DEBOUNCE_MS));
  }

  /** Whether a draft's notes are still waiting for the typing to pause. */
  typing(dimension: string): boolean {
    return this.draftTimers.has(dimension);
  }

  /** Sends every draft that has a score now (before the end, after a rejoin). */
  sendDrafts(): void {
    for (const d of this.snapshot.scoreDrafts) if (d.score !== null) this.sendDraft(d.dimension);
  }

  private sendDraft(dimension: string): void {
    clearTimeout(this.draftTimers.get(dimension));
    this.draftTimers.delete(dimension);
    const d = this.snapshot.scoreDrafts.find((x) => x.dimension === dimension);
    if (d && d.score !== null && this.snapshot.you?.role === 'interviewer' && this.live) {
      this.sendFrame({ type: 'scorecard', dimension, score: d.score, notes: d.notes });
    }
    // Re-render: no longer "typing" (saving, or waiting for the connection).
    this.update({});
  }

  /** Drops the drafts the room's scorecard now holds. */
  private settleDrafts(): void {
    const drafts = this.snapshot.scoreDrafts;
    if (!drafts.length) return;
    const left = drafts.filter((d) => {
      const saved = this.snapshot.scorecard.find((e) => e.dimension === d.dimension);
      return !(saved && saved.score === d.score && saved.notes === d.notes);
    });
    if (left.length !== drafts.length) this.setDrafts(left);
  }

  private setDrafts(scoreDrafts: ScoreDraft[]): void {
    try {
      if (scoreDrafts.length) localStorage.setItem(this.draftsKey, JSON.stringify(scoreDrafts));
      else localStorage.removeItem(this.draftsKey);
    } catch {
      /* storage disabled */
    }
    this.update({ scoreDrafts });
  }

  private loadDrafts(): ScoreDraft[] {
    try {
      const list = JSON.parse(localStorage.getItem(this.draftsKey) ?? '[]') as unknown;
      if (!Array.isArray(list)) return [];
      return list.filter(
        (d): d is ScoreDraft => typeof d?.dimension === 'string' && typeof d?.notes === 'string' && (d.score === null || (Number.isInteger(d.score) && d.score >= 1 && d.score <= 4)),
      );
    } catch {
      return [];
    }
  }
}

function unsendableMessage(list: Array<{ element: OutboxElement; reason: 'too_large' | 'nul'; bytes: number }>): string {
  const big = list.filter((u) => u.reason === 'too_large');
  const limit = `${(ROOM_LIMITS.frameBytes / 1_000_000).toLocaleString()} MB`;
  if (big.length) {
    const kind = big[0]!.element.type === 'freedraw' ? 'drawing' : big[0]!.element.type === 'text' ? 'text' : 'shape';
    const what = big.length === 1 ? `A ${kind} on the board is` : `${big.length} shapes on the board are`;
    return `${what} too large to share with the room (${(big[0]!.bytes / 1_000_000).toFixed(1)} MB; a change may be at most ${limit}). Only you see ${big.length === 1 ? 'it' : 'them'}: simplify or split ${big.length === 1 ? 'it' : 'them'}.`;
  }
  return `${list.length === 1 ? 'A shape on the board holds' : `${list.length} shapes on the board hold`} a NUL character the room cannot store; only you see ${list.length === 1 ? 'it' : 'them'}.`;
}

function mergeChat(list: ChatMessage[], more: ChatMessage[]): ChatMessage[] {
  if (!more.length) return list;
  const bySeq = new Map(list.map((m) => [m.seq, m]));
  for (const m of more) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function union(a: string[], b: string[]): string[] {
  const out = new Set(a);
  for (const x of b) out.add(x);
  return out.size === a.length ? a : [...out];
}

/** The room clock now, run on locally from the last frame at its speed. */
export function roomClockNow(c: TimedRoomClock, now = performance.now()) {
  const v = c.view;
  const dt = v.status === 'running' ? Math.max(0, now - c.receivedAt) * v.speed : 0;
  const elapsedMs = Math.min(v.totalMs, v.elapsedMs + dt);
  const slot = v.plan.find((s) => elapsedMs < s.endMs) ?? v.plan[v.plan.length - 1];
  const phaseEndsAtMs = slot?.endMs ?? v.totalMs;
  return {
    status: v.status,
    phase: slot?.phase ?? v.phase,
    elapsedMs,
    totalMs: v.totalMs,
    remainingInPhaseMs: v.status === 'ended' ? 0 : Math.max(0, phaseEndsAtMs - elapsedMs),
    remainingTotalMs: v.status === 'ended' ? 0 : Math.max(0, v.totalMs - elapsedMs),
  };
}
