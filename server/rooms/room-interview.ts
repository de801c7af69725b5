// The peer-interview part of a room: the room clock the interviewer starts and ends [RIV5][RIV7],
// the kit and pivot cards [RIV2][RIV3] and the scorecard [RIV4]. A whiteboard room has none; an
// interview room has one, whose interviewer-only acts also need the problem (the kit).
import { Level } from '../domain/problem.js';
import { type PeerInfo, ROOM_ERROR_CODES, type RoomClock, type ScorecardEntry } from '../protocol/rooms.js';
import type { VolatileMessage } from './backplane.js';
import { buildKit, pivotCards } from './kit.js';
import { kitLadder } from './kit-ladder.js';
import { roomInterviewRecord } from './interview-record.js';
import { assertNever, type LocalPeer } from './peer.js';
import { roomClock } from './room-clock.js';
import type { InterviewContext, RoomHost } from './room-context.js';
import type { RoomRow } from './store.js';

type InterviewNews = Extract<VolatileMessage, { kind: 'clock' | 'ended' | 'scorecard' | 'notes' }>;

export class RoomInterview {
  private startedAt: number | undefined;
  private endedAt: number | undefined;
  /** The 'ended' clock frame went out: ticks send no more clock frames. */
  private clockEndedSent: boolean;
  private readonly deliveredPivots = new Set<string>();
  /** [RIV9] The interviewer shares the scorecard's notes with the candidate. */
  private notesShared: boolean;

  constructor(
    private readonly room: RoomHost,
    private readonly row: RoomRow,
  ) {
    this.startedAt = row.startedAt?.getTime();
    this.endedAt = row.endedAt?.getTime();
    this.clockEndedSent = this.endedAt !== undefined;
    this.notesShared = row.notesSharedAt != null;
  }

  /** Pivots already handed out (the kit marks them). */
  async load(): Promise<void> {
    for (const c of await this.room.ctx.store.allChat(this.room.id)) if (c.kind === 'pivot' && c.pivotId) this.deliveredPivots.add(c.pivotId);
  }

  get ended(): boolean {
    return this.endedAt !== undefined;
  }

  /** Interview time, phases and status of the room clock. */
  clock(): RoomClock {
    const r = this.row;
    return roomClock(r.durationMinutes ?? 45, this.startedAt, r.clockSpeed, this.room.ctx.clock.now(), this.endedAt);
  }

  /** What a joining peer needs read before its snapshot goes out: an interviewer's scorecard. */
  async prepareJoin(info: PeerInfo): Promise<ScorecardEntry[]> {
    return info.role === 'interviewer' ? this.room.ctx.store.scorecard(this.room.id) : [];
  }

  /** After the snapshot: the clock and the notes' sharing to everyone, the kit and scorecard to an interviewer. */
  welcome(peer: LocalPeer, scorecard: ScorecardEntry[]): void {
    this.room.send(peer, { type: 'clock', clock: this.clock() });
    this.room.send(peer, { type: 'notes', shared: this.notesShared });
    const kit = this.kit();
    if (peer.info.role === 'interviewer' && kit) this.room.send(peer, { type: 'kit', kit, scorecard });
  }

  /** The interview's problem when `peer` is its interviewer; otherwise the peer is told no. */
  private asInterviewer(peer: LocalPeer, what: string): InterviewContext | undefined {
    const ctx = this.room.ctx.interview;
    if (peer.info.role === 'interviewer' && ctx) return ctx;
    forbid(this.room, peer, what);
    return undefined;
  }

  /** [RIV5] The interviewer starts the room clock (once; later starts change nothing). */
  start(peer: LocalPeer): Promise<void> {
    if (!this.asInterviewer(peer, 'start the clock')) return Promise.resolve();
    return this.room.enqueue(async () => {
      const { store, clock, backplane } = this.room.ctx;
      if (this.endedAt !== undefined) return this.room.send(peer, { type: 'clock', clock: this.clock() });
      const at = await store.start(this.room.id, new Date(clock.now()));
      this.startedAt = at.getTime();
      this.clockEndedSent = false;
      this.room.broadcast({ type: 'clock', clock: this.clock() });
      backplane.publish(this.room.id, { kind: 'clock', startedAt: at.toISOString() });
    });
  }

  /**
   * [RIV7] The interviewer ends the interview: the end is stored once, the room clock stops at
   * 'ended' and everyone gets that clock frame. The room stays open (chat, board, scorecard).
   */
  end(peer: LocalPeer): Promise<void> {
    if (!this.asInterviewer(peer, 'end the interview')) return Promise.resolve();
    return this.room.enqueue(async () => {
      const { store, clock, backplane, onEnded } = this.room.ctx;
      const first = this.endedAt === undefined;
      const at = await store.end(this.room.id, new Date(clock.now()));
      this.endedAt = at.getTime();
      this.clockEndedSent = true;
      this.room.broadcast({ type: 'clock', clock: this.clock() });
      backplane.publish(this.room.id, { kind: 'ended', endedAt: at.toISOString() });
      if (first) onEnded?.(this.room.id);
    });
  }

  /** [RIV3] The interviewer hands the candidate a pivot card: a chat message of kind pivot to all. */
  pivot(peer: LocalPeer, pivotId: string): Promise<void> {
    const ctx = this.asInterviewer(peer, 'deliver a pivot');
    if (!ctx) return Promise.resolve();
    const card = pivotCards(ctx.problem, ctx.genericPivots).find((p) => p.id === pivotId);
    if (!card) {
      this.room.error(peer, ROOM_ERROR_CODES.unknownPivot, `no pivot "${pivotId}" for this problem; the kit lists them`);
      return Promise.resolve();
    }
    return this.room.enqueue(() => this.room.postChat(peer, { clientMessageId: `pivot:${pivotId}`, text: card.text, kind: 'pivot', pivotId }));
  }

  /** A pivot card reached the chat: interviewers see it as delivered. */
  pivotDelivered(pivotId: string, seq: number): void {
    this.deliveredPivots.add(pivotId);
    this.room.broadcastInterviewers({ type: 'pivot', pivotId, seq });
  }

  /** [RIV4] A score (1-4) and notes per rubric dimension, stored, seen only by interviewers. */
  scorecard(peer: LocalPeer, dimension: string, score: number, notes: string): Promise<void> {
    const ctx = this.asInterviewer(peer, 'fill the scorecard');
    if (!ctx) return Promise.resolve();
    const known = ctx.dimensions.map((d) => d.id);
    if (!known.includes(dimension)) {
      this.room.error(peer, ROOM_ERROR_CODES.badFrame, `unknown dimension "${dimension}"; one of: ${known.join(', ')}`);
      return Promise.resolve();
    }
    return this.room.enqueue(async () => {
      const { store, clock, backplane } = this.room.ctx;
      await store.saveScorecard(this.room.id, { dimension, score, notes, updatedAt: new Date(clock.now()) });
      await this.sendScorecard();
      backplane.publish(this.room.id, { kind: 'scorecard' });
    });
  }

  /**
   * [RIV9] The interviewer shares the scorecard's notes with the candidate, or takes them back.
   * Stored on the room; everyone gets `{type:"notes", shared}` (the notes themselves reach a
   * candidate only through the report, and only while shared).
   */
  shareNotes(peer: LocalPeer, shared: boolean): Promise<void> {
    if (!this.asInterviewer(peer, 'share the notes')) return Promise.resolve();
    return this.room.enqueue(async () => {
      const { store, clock, backplane } = this.room.ctx;
      await store.shareNotes(this.room.id, shared, new Date(clock.now()));
      this.notesShared = shared;
      this.room.broadcast({ type: 'notes', shared });
      backplane.publish(this.room.id, { kind: 'notes', shared });
    });
  }

  /**
   * [RIV10] Coach mode's ladder for the current phase, from the room's interview record as stored,
   * to the interviewer who asked (never to anyone else: `ladder` is an interviewer-only frame).
   */
  async ladder(peer: LocalPeer): Promise<void> {
    const ctx = this.asInterviewer(peer, 'see the hint ladder');
    if (!ctx) return;
    const bank = { problems: [ctx.problem], byId: new Map([[ctx.problem.id, ctx.problem]]), genericPivots: [...ctx.genericPivots] };
    const record = await roomInterviewRecord(this.room.ctx.store, bank, this.room.id);
    if (!record) return;
    this.room.send(peer, { type: 'ladder', ladder: kitLadder(record.input, ctx.problem, ctx.genericPivots, this.clock().phase) });
  }

  private async sendScorecard(): Promise<void> {
    this.room.broadcastInterviewers({ type: 'scorecard', entries: await this.room.ctx.store.scorecard(this.room.id) });
  }

  private kit() {
    const ctx = this.room.ctx.interview;
    if (!ctx) return undefined;
    return buildKit(ctx.problem, Level.parse(this.row.level), this.row.durationMinutes ?? 45, ctx.genericPivots, ctx.dimensions, this.deliveredPivots);
  }

  /** What another node said about the interview: the clock started or ended, the scorecard changed. */
  onRemote(m: InterviewNews): void {
    switch (m.kind) {
      case 'clock':
        this.startedAt = Date.parse(m.startedAt);
        this.clockEndedSent = this.endedAt !== undefined;
        this.room.broadcast({ type: 'clock', clock: this.clock() });
        return;
      case 'ended':
        this.endedAt = Date.parse(m.endedAt);
        this.clockEndedSent = true;
        this.room.broadcast({ type: 'clock', clock: this.clock() });
        return;
      case 'scorecard':
        this.room.background(() => this.sendScorecard());
        return;
      case 'notes':
        this.notesShared = m.shared;
        this.room.broadcast({ type: 'notes', shared: m.shared });
        return;
      default:
        assertNever(m);
    }
  }

  /**
   * [RIV5][RIV7] After missed notifications: the clock's start and end, and the scorecard, as
   * stored. What changed goes out as it would have with the notification.
   */
  async reload(row: RoomRow): Promise<void> {
    const startedAt = row.startedAt?.getTime();
    const endedAt = row.endedAt?.getTime();
    if (startedAt !== this.startedAt || endedAt !== this.endedAt) {
      this.startedAt = startedAt;
      this.endedAt = endedAt;
      this.clockEndedSent = endedAt !== undefined;
      this.room.broadcast({ type: 'clock', clock: this.clock() });
    }
    const notesShared = row.notesSharedAt != null;
    if (notesShared !== this.notesShared) {
      this.notesShared = notesShared;
      this.room.broadcast({ type: 'notes', shared: notesShared });
    }
    if ([...this.room.peers.values()].some((p) => p.info.role === 'interviewer')) await this.sendScorecard();
  }

  /** Clock frames while the clock runs and someone is here, up to the 'ended' one. */
  tick(): void {
    if (this.startedAt === undefined || this.clockEndedSent || !this.room.peers.size) return;
    const clock = this.clock();
    this.room.broadcast({ type: 'clock', clock });
    if (clock.status === 'ended') this.clockEndedSent = true;
  }
}

/** The refusal of an interviewer-only act to anyone else (or in a whiteboard room). */
export function forbid(room: RoomHost, peer: LocalPeer, what: string): void {
  room.error(peer, ROOM_ERROR_CODES.forbidden, `only the interviewer of an interview room may ${what}`);
}
