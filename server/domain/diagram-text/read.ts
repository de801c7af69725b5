// Reading an Excalidraw scene (the `elements` array sent by @excalidraw/excalidraw) defensively:
// the scene comes from the browser, so every field is read as `unknown`, and odd input (nulls,
// numbers, missing or mistyped fields) is skipped or defaulted, never thrown on.
//
// Excalidraw data model used here:
// - every element has `id`, `type`, `x`, `y`, `width`, `height`, `isDeleted`, `version`, `versionNonce`,
//   `frameId` (the frame it belongs to) and `boundElements` ([{ id, type }]).
// - a text element has `text` (wrapped for display), `originalText` (as typed) and `containerId`
//   (the shape or arrow it is bound inside, or null).
// - an arrow (or line) has `points` ([[dx, dy], ...] relative to x, y), `startBinding` / `endBinding`
//   ({ elementId, focus, gap } or, for elbow arrows, { elementId, fixedPoint, ... }) and
//   `startArrowhead` / `endArrowhead`.
// - a frame (`frame`, `magicframe`) has `name`; its children carry `frameId`.
import { type Mergeable, wins } from '../scene-merge.js';
import { boxFrom, cmpPos, type Placed, type Point } from './geometry.js';

/** Longest node / edge label, in characters. */
export const LABEL_MAX = 80;
/** Longest free-text note, in characters. */
export const NOTE_MAX = 200;

export type ShapeType = 'rectangle' | 'ellipse' | 'diamond';
export const SHAPE_TYPES: ReadonlySet<string> = new Set<ShapeType>(['rectangle', 'ellipse', 'diamond']);
export const FRAME_TYPES: ReadonlySet<string> = new Set(['frame', 'magicframe']);

export type Rec = Record<string, unknown>;

/** A live element: its raw fields and where it sits. */
export interface El extends Placed {
  type: string;
  raw: Rec;
}

/** Kinds of element the text only counts: see `Other:` in render.ts. */
export type OtherKind = 'arrow' | 'line' | 'freedraw' | 'image' | 'other';

export interface Scene {
  /** Ids of every element read, deleted ones included. */
  seen: ReadonlySet<string>;
  live: ReadonlyMap<string, El>;
  /** Live elements of each kind, in reading order. */
  shapes: El[];
  frames: El[];
  texts: El[];
  linears: El[];
  /** Live elements that are none of the above, counted by kind. */
  other: Map<OtherKind, number>;
}

export function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Strips control / format characters, collapses whitespace, caps the length (by code point). */
export function clean(raw: string, max: number): string {
  const collapsed = raw
    .replace(/\s+/gu, ' ')
    .replace(/[\p{Cc}\p{Cs}\p{Co}\p{Zl}\p{Zp}]|(?!\u200d)\p{Cf}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const chars = Array.from(collapsed);
  if (chars.length <= max) return collapsed;
  return `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** The text typed into a text element (originalText is unwrapped; text has display line breaks). */
export function textContent(raw: Rec, max: number): string {
  const original = clean(str(raw.originalText) ?? '', max);
  return original || clean(str(raw.text) ?? '', max);
}

/** Absolute first and last point of a linear element. */
export function endpoints(raw: Rec): { start: Point; end?: Point } {
  const x = num(raw.x);
  const y = num(raw.y);
  const pts: Point[] = [];
  if (Array.isArray(raw.points)) {
    for (const p of raw.points as unknown[]) {
      if (Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1])) {
        pts.push({ x: x + p[0], y: y + p[1] });
      }
    }
  }
  const first = pts[0];
  const last = pts.length >= 2 ? pts[pts.length - 1] : undefined;
  return { start: first ?? { x, y }, end: last };
}

/** The element id a `startBinding` / `endBinding` points at, if it is usable. */
export function bindingTarget(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  const id = str(v.elementId);
  return id ? id : undefined;
}

/** The element as the merge reads it: version and nonce defaulted to 0 when missing or odd. */
function asMergeable(raw: Rec, id: string): Mergeable {
  return { ...raw, id, version: num(raw.version), versionNonce: num(raw.versionNonce) };
}

/**
 * [DIA3] Live elements, one copy per id: of two copies the one the room merge keeps
 * (`wins` of scene-merge.ts, MRG1–MRG2), so a room's text reads the scene its peers see.
 */
export function readScene(elements: readonly unknown[]): Scene {
  const byId = new Map<string, Rec>();
  for (const raw of Array.isArray(elements) ? elements : []) {
    if (!isRecord(raw)) continue;
    const id = str(raw.id);
    if (!id || !str(raw.type)) continue;
    const prev = byId.get(id);
    // Copies are made only for the rare repeated id, so reading stays linear [SAFE6].
    if (!prev || wins(asMergeable(raw, id), asMergeable(prev, id))) byId.set(id, raw);
  }
  const live = new Map<string, El>();
  for (const [id, raw] of byId) {
    if (raw.isDeleted === true) continue;
    const x = num(raw.x);
    const y = num(raw.y);
    live.set(id, { id, type: str(raw.type) ?? '', raw, x, y, box: boxFrom(x, y, num(raw.width), num(raw.height)) });
  }
  const all = [...live.values()].sort(cmpPos);
  const scene: Scene = { seen: new Set(byId.keys()), live, shapes: [], frames: [], texts: [], linears: [], other: new Map() };
  for (const e of all) {
    if (SHAPE_TYPES.has(e.type)) scene.shapes.push(e);
    else if (FRAME_TYPES.has(e.type)) scene.frames.push(e);
    else if (e.type === 'text') scene.texts.push(e);
    else if (e.type === 'arrow' || e.type === 'line') scene.linears.push(e);
    else countOther(scene.other, e.type === 'freedraw' ? 'freedraw' : e.type === 'image' ? 'image' : 'other');
  }
  return scene;
}

export function countOther(other: Map<OtherKind, number>, kind: OtherKind): void {
  other.set(kind, (other.get(kind) ?? 0) + 1);
}
