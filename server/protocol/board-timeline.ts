// The whiteboard timeline as stored and served: a list of entries, each at an interview time, that
// is either a keyframe (the whole board) or a compact change (added elements, only the fields that
// changed on updated ones, removed ids). Reading it back (the board at any moment) lives here
// because the web replays it; writing it (the diff and the keyframe policy) is server/domain/
// board-timeline.ts. Pure: nothing here reads a clock or does I/O. [RPL1–RPL4]
import { z } from 'zod';

export const BOARD_TIMELINE_VERSION = 1;

/** An element as the timeline carries it: an id and whatever Excalidraw stores beside it. */
export const TimelineElement = z.object({ id: z.string().min(1) }).passthrough();
export type TimelineElement = z.infer<typeof TimelineElement>;

/** Only what changed on one element: fields set (`s`) and fields that disappeared (`d`). */
export const ElementPatch = z.object({
  id: z.string().min(1),
  s: z.record(z.string(), z.unknown()).optional(),
  d: z.array(z.string()).optional(),
});
export type ElementPatch = z.infer<typeof ElementPatch>;

/** The body of a change: `a` added elements (whole), `u` patches, `r` removed ids. */
export const ChangeBody = z.object({
  a: z.array(TimelineElement).optional(),
  u: z.array(ElementPatch).optional(),
  r: z.array(z.string()).optional(),
});
export type ChangeBody = z.infer<typeof ChangeBody>;

/** `n` counts entries from 1; `t` is interview milliseconds and never goes backwards. */
export const TimelineEntry = z.union([
  z.object({ n: z.number().int().nonnegative(), t: z.number().nonnegative(), k: z.array(TimelineElement) }),
  ChangeBody.extend({ n: z.number().int().nonnegative(), t: z.number().nonnegative() }),
]);
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export type KeyframeEntry = Extract<TimelineEntry, { k: unknown }>;

export function isKeyframe(e: TimelineEntry): e is KeyframeEntry {
  return 'k' in e && Array.isArray(e.k);
}

/** GET /api/sessions/:id/timeline (and the JSON export's `timeline`). */
export const BoardTimeline = z.object({
  format: z.literal('board-timeline'),
  version: z.literal(BOARD_TIMELINE_VERSION),
  /** [RPL7] Recorded before replay existed: one keyframe at 0 holding the final board. */
  legacy: z.boolean(),
  /** Interview time the replay runs to (the end of the interview, or now while it runs). */
  endMs: z.number().nonnegative(),
  /** When each phase began, in order, with its name as the report writes it. */
  phases: z.array(z.object({ phase: z.string(), label: z.string(), atMs: z.number().nonnegative() })),
  entries: z.array(TimelineEntry),
});
export type BoardTimeline = z.infer<typeof BoardTimeline>;

/** [RPL2] The board after one entry: a keyframe replaces it, a change is applied to it. The input is not changed. */
export function applyEntry(board: ReadonlyMap<string, TimelineElement>, entry: TimelineEntry): Map<string, TimelineElement> {
  if (isKeyframe(entry)) return new Map(entry.k.map((e) => [e.id, e] as const));
  const next = new Map(board);
  applyChangeInPlace(next, entry);
  return next;
}

function applyChangeInPlace(board: Map<string, TimelineElement>, change: ChangeBody): void {
  for (const id of change.r ?? []) board.delete(id);
  for (const e of change.a ?? []) board.set(e.id, e);
  for (const p of change.u ?? []) {
    const el: Record<string, unknown> = { ...(board.get(p.id) ?? { id: p.id }), ...p.s };
    for (const k of p.d ?? []) delete el[k];
    board.set(p.id, el as TimelineElement);
  }
}

/** Elements in drawing order: Excalidraw's fractional `index`, then id (as the stored scene is kept). */
export function inDrawingOrder(board: ReadonlyMap<string, TimelineElement>): TimelineElement[] {
  const key = (e: TimelineElement) => (typeof e.index === 'string' ? e.index : '');
  return [...board.values()].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/**
 * [RPL3] The board at any interview time. Seeks from the nearest keyframe at or before the time
 * (so a jump costs at most one keyframe interval of changes) and, playing forward, goes on from
 * the board it built last.
 */
export class BoardReplay {
  readonly times: number[];
  private readonly keyAt: number[];
  private cache: { i: number; board: Map<string, TimelineElement> } | undefined;

  constructor(readonly entries: readonly TimelineEntry[]) {
    this.times = entries.map((e) => e.t);
    let key = -1;
    this.keyAt = entries.map((e, i) => (isKeyframe(e) ? (key = i) : key));
  }

  /** Index of the last entry at or before `t` (-1: none yet). */
  indexAt(t: number): number {
    let lo = 0;
    let hi = this.times.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! <= t) (found = mid), (lo = mid + 1);
      else hi = mid - 1;
    }
    return found;
  }

  boardAtIndex(i: number): Map<string, TimelineElement> {
    if (i < 0) return new Map();
    const key = this.keyAt[i]!;
    let from = key;
    let board = new Map<string, TimelineElement>();
    if (this.cache && this.cache.i <= i && this.cache.i >= key) {
      from = this.cache.i + 1;
      board = new Map(this.cache.board);
    } else if (key < 0) {
      from = 0;
    }
    for (let j = Math.max(0, from); j <= i; j++) {
      const e = this.entries[j]!;
      if (isKeyframe(e)) board = new Map(e.k.map((el) => [el.id, el] as const));
      else applyChangeInPlace(board, e);
    }
    this.cache = { i, board };
    return new Map(board);
  }

  /** The elements on the board at interview time `t`, in drawing order. */
  sceneAt(t: number): TimelineElement[] {
    return inDrawingOrder(this.boardAtIndex(this.indexAt(t)));
  }
}

/** [RPL8] Interview time as the report and the replay write it: "12:03" (minutes may pass 59). */
export function formatInterviewTime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
