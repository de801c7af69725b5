// [RPL10] A peer room's whiteboard in its timeline. Every change a peer on this node makes that
// the merge accepts is told here (scene-sync's applyAccepted, the one place a change enters the
// scene); the room's whole scene is recorded once its edits pause for RECORD_AFTER_MS (a drag
// sends many frames), at the room's interview time: since the interviewer started the clock in an
// interview room (0 before), since the room was made on a whiteboard. Only the node the peer is
// on records a change, so several nodes never record it twice.
import type { BoardRecorder } from '../app/board-recorder.js';
import { timelineOf } from '../domain/board-timeline.js';
import { PHASE_LABELS } from '../domain/phases.js';
import type { WallClock } from '../platform/clock.js';
import type { BoardTimeline } from '../protocol/board-timeline.js';
import type { RoomElement } from '../protocol/rooms.js';
import { roomClock } from './room-clock.js';
import type { RoomRow, RoomStore } from './store.js';

/** How long a room's edits pause before its board is recorded. */
export const RECORD_AFTER_MS = 400;

export interface BoardTap {
  /** A local peer's change was accepted; `scene` reads the room's whole scene when it is recorded. */
  changed(roomId: string, scene: () => readonly RoomElement[]): void;
  /** Records now what waits (a room closing, a report being built). */
  flush(roomId: string): Promise<void>;
}

export class RoomBoardTap implements BoardTap {
  private readonly waiting = new Map<string, { timer: ReturnType<typeof setTimeout>; scene: () => readonly RoomElement[] }>();

  constructor(
    private readonly o: { recorder: BoardRecorder; store: RoomStore; clock: WallClock; log: (msg: string, err?: unknown) => void },
  ) {}

  changed(roomId: string, scene: () => readonly RoomElement[]): void {
    const w = this.waiting.get(roomId);
    if (w) clearTimeout(w.timer);
    const timer = setTimeout(() => void this.flush(roomId).catch((err) => this.o.log(`room ${roomId}: recording the whiteboard failed`, err)), RECORD_AFTER_MS);
    timer.unref?.();
    this.waiting.set(roomId, { timer, scene });
  }

  async flush(roomId: string): Promise<void> {
    const w = this.waiting.get(roomId);
    if (!w) return;
    clearTimeout(w.timer);
    this.waiting.delete(roomId);
    const row = await this.o.store.get(roomId);
    if (!row) return;
    await this.o.recorder.record(roomId, this.timeOf(row), w.scene());
  }

  async flushAll(): Promise<void> {
    await Promise.all([...this.waiting.keys()].map((id) => this.flush(id)));
  }

  /** The room's interview time now. */
  timeOf(row: RoomRow): number {
    const now = this.o.clock.now();
    // A whiteboard's time runs from its making, on the server's clock (the row's createdAt is the database's).
    if (row.mode !== 'interview') return Math.max(0, now - (row.tokenIssuedAt ?? row.createdAt).getTime());
    return roomClock(row.durationMinutes ?? 45, row.startedAt?.getTime(), row.clockSpeed, now, row.endedAt?.getTime()).elapsedMs;
  }

  /** [RPL10] The room's timeline: an interview room's phases are its clock's plan. */
  async timeline(row: RoomRow): Promise<BoardTimeline> {
    await this.flush(row.id);
    const entries = await this.o.recorder.entries(row.id);
    const finalScene = (await this.o.store.scene(row.id)).map((s) => s.el as RoomElement);
    const phases =
      row.mode === 'interview'
        ? roomClock(row.durationMinutes ?? 45, undefined, row.clockSpeed, 0).plan.map((p) => ({ phase: p.phase, label: PHASE_LABELS[p.phase], atMs: p.startMs }))
        : [];
    return timelineOf({ entries, finalScene, phases, endMs: this.timeOf(row) });
  }
}
