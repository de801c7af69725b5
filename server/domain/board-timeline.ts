// Writing the whiteboard timeline: the change between two scenes (only what changed, by the merge's
// version rule) and when to store a keyframe instead, so that the stored bytes stay a small part of
// storing the whole scene at every edit while a replay never applies more than about one scene's
// worth of changes after a keyframe. Pure: times come in, entries come out. [RPL1–RPL5]
import { applyEntry, BOARD_TIMELINE_VERSION, type BoardTimeline, type ChangeBody, type ElementPatch, type TimelineElement, type TimelineEntry } from '../protocol/board-timeline.js';
import type { SessionEvent } from './events.js';
import { PHASE_LABELS } from './phases.js';
import { canonical } from './scene-merge.js';

/** [RPL4] A keyframe at least every this many entries... */
export const KEYFRAME_EVERY = 50;
/** ...or as soon as the changes since the last keyframe weigh as much as the board itself. */
export const KEYFRAME_BYTES_RATIO = 1;

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** One field's value, the same in both: nested values (points, bindings) compared by content. */
function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  return JSON.stringify(x) === JSON.stringify(y) || canonical(x) === canonical(y);
}

/**
 * [RPL1] The same element under the merge rule: another `version` or `versionNonce` is a change
 * (missing versions count as 0, as the merge reads them); an equal pair is the same element unless
 * its content differs (the rule's last tie-break), which is checked field by field.
 */
function unchanged(a: TimelineElement, b: TimelineElement): boolean {
  if (a === b) return true;
  if (num(a.version) !== num(b.version) || num(a.versionNonce) !== num(b.versionNonce)) return false;
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  if (keys.length !== Object.keys(b).filter((k) => b[k] !== undefined).length) return false;
  return keys.every((k) => sameValue(a[k], b[k]));
}

function patch(prev: TimelineElement, next: TimelineElement): ElementPatch {
  const s: Record<string, unknown> = {};
  const d: string[] = [];
  for (const [k, v] of Object.entries(next)) {
    if (v === undefined) continue;
    const old = (prev as Record<string, unknown>)[k];
    if (old === v) continue;
    if (!sameValue(old, v)) s[k] = v;
  }
  for (const [k, v] of Object.entries(prev)) {
    if (v !== undefined && (next as Record<string, unknown>)[k] === undefined) d.push(k);
  }
  return { id: next.id, ...(Object.keys(s).length ? { s } : {}), ...(d.length ? { d } : {}) };
}

/**
 * [RPL1] What turns `prev` into `next`: elements new by id (whole), for elements the merge rule
 * says changed only the fields that differ, and the ids no longer there. Null when nothing changed.
 */
export function diffScenes(prev: ReadonlyMap<string, TimelineElement>, next: readonly TimelineElement[]): ChangeBody | null {
  const a: TimelineElement[] = [];
  const u: ElementPatch[] = [];
  const seen = new Set<string>();
  for (const el of next) {
    seen.add(el.id);
    const old = prev.get(el.id);
    if (!old) a.push(el);
    else if (!unchanged(old, el)) u.push(patch(old, el));
  }
  const r = [...prev.keys()].filter((id) => !seen.has(id));
  if (a.length + u.length + r.length === 0) return null;
  return { ...(a.length ? { a } : {}), ...(u.length ? { u } : {}), ...(r.length ? { r } : {}) };
}

/** Where a timeline stands: the board after its last entry, and how far the last keyframe is. */
export interface TimelineHead {
  n: number;
  t: number;
  board: Map<string, TimelineElement>;
  /** Entries and bytes since the last keyframe, and that keyframe's own size. */
  sinceKey: { entries: number; bytes: number; keyBytes: number };
}

export const EMPTY_HEAD: TimelineHead = { n: 0, t: 0, board: new Map(), sinceKey: { entries: 0, bytes: 0, keyBytes: 0 } };

export function entryBytes(e: TimelineEntry): number {
  return JSON.stringify(e).length;
}

/** The head after replaying `entries` (from a keyframe on, or from the start) onto `from`. */
export function headAfter(entries: readonly TimelineEntry[], from: TimelineHead = EMPTY_HEAD): TimelineHead {
  let head = from;
  for (const e of entries) {
    const key = 'k' in e;
    head = {
      n: e.n,
      t: e.t,
      board: applyEntry(head.board, e),
      sinceKey: key
        ? { entries: 0, bytes: 0, keyBytes: entryBytes(e) }
        : { entries: head.sinceKey.entries + 1, bytes: head.sinceKey.bytes + entryBytes(e), keyBytes: head.sinceKey.keyBytes },
    };
  }
  return head;
}

/**
 * [RPL4][RPL5] The entry that records `scene` at interview time `t` after `head`, or null when the
 * board did not change. Times never run backwards; the first entry, every KEYFRAME_EVERY-th, and
 * any entry after changes that add up to the board's own size are keyframes (the whole board).
 */
export function nextEntry(head: TimelineHead, scene: readonly TimelineElement[], t: number): TimelineEntry | null {
  const change = diffScenes(head.board, scene);
  if (!change) return null;
  const n = head.n + 1;
  const at = Math.max(head.t, Math.max(0, t));
  const entry: TimelineEntry = { n, t: at, ...change };
  const bytes = head.sinceKey.bytes + entryBytes(entry);
  // The board's size is measured only once the changes reach the last keyframe's (boards mostly grow).
  const heavy = bytes >= head.sinceKey.keyBytes * KEYFRAME_BYTES_RATIO && bytes >= JSON.stringify(scene).length * KEYFRAME_BYTES_RATIO;
  const key = head.n === 0 || head.sinceKey.entries + 1 >= KEYFRAME_EVERY || heavy;
  // A keyframe is the whole board: cheaper than a change when most of it changed anyway.
  return key ? { n, t: at, k: [...scene] } : entry;
}

/**
 * [RPL6][RPL7] The timeline as served: its entries, the phases' start times and the end. An
 * interview recorded before timelines existed has no entries: it replays its final board from the
 * start (`legacy`).
 */
export function timelineOf(o: {
  entries: readonly TimelineEntry[];
  finalScene: readonly TimelineElement[];
  phases: BoardTimeline['phases'];
  endMs: number;
}): BoardTimeline {
  const legacy = o.entries.length === 0 && o.finalScene.length > 0;
  const last = o.entries[o.entries.length - 1];
  return {
    format: 'board-timeline',
    version: BOARD_TIMELINE_VERSION,
    legacy,
    endMs: Math.max(o.endMs, last?.t ?? 0),
    phases: o.phases,
    entries: legacy ? [{ n: 0, t: 0, k: [...o.finalScene] }] : [...o.entries],
  };
}

/** A solo interview's timeline: the phases and the end from its events (`nowMs` while it runs). */
export function timelineView(
  entries: readonly TimelineEntry[],
  finalScene: readonly TimelineElement[],
  events: readonly SessionEvent[],
  nowMs: number,
): BoardTimeline {
  const phases: BoardTimeline['phases'] = [{ phase: 'requirements', label: PHASE_LABELS.requirements, atMs: 0 }];
  let endMs = nowMs;
  for (const e of events) {
    if (e.type === 'phase_changed') phases.push({ phase: e.to, label: PHASE_LABELS[e.to], atMs: e.atMs });
    if (e.type === 'session_ended') endMs = e.atMs;
  }
  return timelineOf({ entries, finalScene, phases, endMs });
}
