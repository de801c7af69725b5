// Turns an Excalidraw scene (the `elements` array sent by @excalidraw/excalidraw) into a short,
// deterministic graph description the interviewer can read: who points at whom, what is grouped
// in which frame, what is left unconnected and which notes are lying around.
//
// Pure and defensive: the scene comes from the browser, so every field is read as `unknown` and
// odd input (nulls, numbers, missing or mistyped fields) yields a best-effort summary, never a throw.
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

export interface DiagramNode {
  id: string;
  label: string;
  shape: 'rectangle' | 'ellipse' | 'diamond' | 'frame' | 'text';
}
/** `from` and `to` are node labels (unique within one summary). */
export interface DiagramEdge {
  from: string;
  to: string;
  label?: string;
}
export interface DiagramSummary {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  freeText: string[];
  text: string;
}

const EMPTY_WHITEBOARD = '(empty whiteboard)';
const UNREADABLE_WHITEBOARD = '(whiteboard could not be read)';
/** Longest node / edge label, in characters. */
const LABEL_MAX = 80;
/** Longest free-text note, in characters. */
const NOTE_MAX = 200;
/** Longest `text`, in characters. */
const TEXT_MAX = 1500;
/** Room kept for the "… (N more items omitted)" marker when the text is cut. */
const TRUNCATION_RESERVE = 40;
/** An item that does not fit is cut (rather than dropped) when at least this much room is left. */
const MIN_PARTIAL_ROOM = 100;

type ShapeType = 'rectangle' | 'ellipse' | 'diamond';
const SHAPE_TYPES: ReadonlySet<string> = new Set<ShapeType>(['rectangle', 'ellipse', 'diamond']);
const FRAME_TYPES: ReadonlySet<string> = new Set(['frame', 'magicframe']);

type Rec = Record<string, unknown>;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface El {
  id: string;
  type: string;
  raw: Rec;
  x: number;
  y: number;
  box: Box;
}

interface Point {
  x: number;
  y: number;
}

interface NodeInfo {
  id: string;
  shape: DiagramNode['shape'];
  baseLabel: string;
  label: string;
  x: number;
  y: number;
  frameId?: string;
  /** A shape with no text: listed by count when several are unconnected. */
  unlabelled?: boolean;
}

interface EdgeInfo {
  from: string;
  to: string;
  label?: string;
}

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Strips control / format characters, collapses whitespace, caps the length (by code point). */
function clean(raw: string, max: number): string {
  const collapsed = raw
    .replace(/\s+/gu, ' ')
    .replace(/[\p{Cc}\p{Cs}\p{Co}\p{Zl}\p{Zp}]|(?!\u200d)\p{Cf}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const chars = Array.from(collapsed);
  if (chars.length <= max) return collapsed;
  return `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Plain code-unit comparison (locale independent, so the output is the same everywhere). */
function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpLabel(a: string, b: string): number {
  return cmpStr(a.toLowerCase(), b.toLowerCase()) || cmpStr(a, b);
}

/** Reading order: top to bottom, then left to right, then id. */
function cmpPos(a: { x: number; y: number; id: string }, b: { x: number; y: number; id: string }): number {
  return a.y - b.y || a.x - b.x || cmpStr(a.id, b.id);
}

function boxOf(raw: Rec): Box {
  const x = num(raw.x);
  const y = num(raw.y);
  const w = num(raw.width);
  const h = num(raw.height);
  return { left: Math.min(x, x + w), top: Math.min(y, y + h), right: Math.max(x, x + w), bottom: Math.max(y, y + h) };
}

function area(b: Box): number {
  return (b.right - b.left) * (b.bottom - b.top);
}

function inside(p: Point, b: Box): boolean {
  return p.x >= b.left && p.x <= b.right && p.y >= b.top && p.y <= b.bottom;
}

function center(b: Box): Point {
  return { x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2 };
}

/** Of two copies of one element id, the one Excalidraw's reconciliation would keep. */
function newer(a: Rec, b: Rec): Rec {
  const va = num(a.version);
  const vb = num(b.version);
  if (va !== vb) return va > vb ? a : b;
  const na = num(a.versionNonce);
  const nb = num(b.versionNonce);
  if (na !== nb) return na < nb ? a : b;
  const da = a.isDeleted === true;
  const db = b.isDeleted === true;
  if (da !== db) return da ? b : a;
  const key = (r: Rec): string => `${str(r.type) ?? ''}\u0000${str(r.originalText) ?? str(r.text) ?? ''}\u0000${num(r.y)}\u0000${num(r.x)}`;
  return cmpStr(key(a), key(b)) <= 0 ? a : b;
}

/** The text typed into a text element (originalText is unwrapped; text has display line breaks). */
function textContent(raw: Rec, max: number): string {
  const original = clean(str(raw.originalText) ?? '', max);
  return original || clean(str(raw.text) ?? '', max);
}

/** Absolute first and last point of a linear element. */
function endpoints(raw: Rec): { start: Point; end?: Point } {
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

function bindingTarget(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  const id = str(v.elementId);
  return id ? id : undefined;
}

/**
 * [SAFE6] Which boxes contain a point, without testing every box for every point: boxes are
 * bucketed in a grid of about n cells; a box spanning many cells goes in a short list checked for
 * every query instead. Building is linear; a query checks its cell's boxes and the wide ones.
 * The answer is the smallest containing box (then reading order), exactly as a full scan finds it.
 * (Many long thin boxes that hold no point can still make a query scan the wide list; the scene
 * caps, 5,000 elements a session and 20,000 a room, bound that case.)
 */
class BoxIndex {
  private readonly cells: El[][] = [];
  private readonly wide: El[] = [];
  private readonly cols: number;
  private readonly rows: number;
  private readonly minX: number;
  private readonly minY: number;
  private readonly cellW: number;
  private readonly cellH: number;

  constructor(
    items: readonly El[],
    private readonly work: DiagramWork,
  ) {
    const boxes = items.filter((c) => area(c.box) > 0);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const c of boxes) {
      minX = Math.min(minX, c.box.left);
      minY = Math.min(minY, c.box.top);
      maxX = Math.max(maxX, c.box.right);
      maxY = Math.max(maxY, c.box.bottom);
    }
    const side = Math.max(1, Math.ceil(Math.sqrt(boxes.length)));
    const finite = [minX, minY, maxX, maxY].every(Number.isFinite) && Number.isFinite(maxX - minX) && Number.isFinite(maxY - minY);
    this.cols = finite ? side : 1;
    this.rows = finite ? side : 1;
    this.minX = finite ? minX : 0;
    this.minY = finite ? minY : 0;
    this.cellW = finite && maxX > minX ? (maxX - minX) / this.cols : 1;
    this.cellH = finite && maxY > minY ? (maxY - minY) / this.rows : 1;
    for (let i = 0; i < this.cols * this.rows; i++) this.cells.push([]);
    for (const c of boxes) {
      this.work.steps++;
      const c0 = this.col(c.box.left);
      const c1 = this.col(c.box.right);
      const r0 = this.row(c.box.top);
      const r1 = this.row(c.box.bottom);
      if (!finite || (c1 - c0 + 1) * (r1 - r0 + 1) > 16) {
        this.wide.push(c);
        continue;
      }
      for (let r = r0; r <= r1; r++) for (let k = c0; k <= c1; k++) this.cells[r * this.cols + k]!.push(c);
    }
    // Smallest first: a query stops at the first wide box that holds its point.
    this.wide.sort((a, b) => area(a.box) - area(b.box) || cmpPos(a, b));
  }

  private col(x: number): number {
    const i = Math.floor((x - this.minX) / this.cellW);
    return Number.isFinite(i) ? Math.min(this.cols - 1, Math.max(0, i)) : 0;
  }

  private row(y: number): number {
    const i = Math.floor((y - this.minY) / this.cellH);
    return Number.isFinite(i) ? Math.min(this.rows - 1, Math.max(0, i)) : 0;
  }

  smallestContaining(p: Point): El | undefined {
    let best: El | undefined;
    const consider = (c: El): void => {
      this.work.steps++;
      if (!inside(p, c.box)) return;
      if (!best) {
        best = c;
        return;
      }
      const d = area(c.box) - area(best.box);
      if (d < 0 || (d === 0 && cmpPos(c, best) < 0)) best = c;
    };
    for (const c of this.cells[this.row(p.y) * this.cols + this.col(p.x)] ?? []) consider(c);
    for (const c of this.wide) {
      if (best && area(c.box) > area(best.box)) break;
      const before = best;
      consider(c);
      if (best !== before) break;
    }
    return best;
  }
}

/** [SAFE6] Work done by one description (boxes indexed and tested, labels probed): linear in the scene. */
export interface DiagramWork {
  steps: number;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function describeDiagram(elements: readonly unknown[], work: DiagramWork = { steps: 0 }): DiagramSummary {
  try {
    return describe(elements, work);
  } catch {
    // Only reachable through hostile input (throwing getters, proxies): never fail the caller.
    return { nodes: [], edges: [], freeText: [], text: UNREADABLE_WHITEBOARD };
  }
}

function describe(elements: readonly unknown[], work: DiagramWork): DiagramSummary {
  // 1. Live elements, one copy per id.
  const byId = new Map<string, Rec>();
  for (const raw of Array.isArray(elements) ? elements : []) {
    if (!isRecord(raw)) continue;
    const id = str(raw.id);
    if (!id || !str(raw.type)) continue;
    const prev = byId.get(id);
    byId.set(id, prev ? newer(prev, raw) : raw);
  }
  const live = new Map<string, El>();
  for (const [id, raw] of byId) {
    if (raw.isDeleted === true) continue;
    live.set(id, { id, type: str(raw.type) ?? '', raw, x: num(raw.x), y: num(raw.y), box: boxOf(raw) });
  }
  const all = [...live.values()].sort(cmpPos);

  const shapes = all.filter((e) => SHAPE_TYPES.has(e.type));
  const frames = all.filter((e) => FRAME_TYPES.has(e.type));
  const texts = all.filter((e) => e.type === 'text');
  const linears = all.filter((e) => e.type === 'arrow' || e.type === 'line');
  const other = new Map<string, number>();
  const countOther = (kind: string): void => {
    other.set(kind, (other.get(kind) ?? 0) + 1);
  };
  for (const e of all) {
    if (SHAPE_TYPES.has(e.type) || FRAME_TYPES.has(e.type) || e.type === 'text' || e.type === 'arrow' || e.type === 'line') continue;
    countOther(e.type === 'freedraw' ? 'freedraw' : e.type === 'image' ? 'image' : 'other');
  }

  // 2. Bound text: labels of shapes and of arrows.
  const shapeLabelParts = new Map<string, El[]>();
  const linearLabelParts = new Map<string, El[]>();
  /** Text id -> the shape it labels (bound, or dropped on an unlabelled shape). */
  const textOwner = new Map<string, string>();
  const freeTexts: El[] = [];
  for (const t of texts) {
    const content = textContent(t.raw, LABEL_MAX);
    const containerId = str(t.raw.containerId);
    const container = containerId ? live.get(containerId) : undefined;
    // Text bound to a deleted container goes with it (Excalidraw deletes both together); text whose
    // container is missing altogether is free text (as Excalidraw's restore treats it).
    if (containerId && !container && byId.has(containerId)) continue;
    if (container && SHAPE_TYPES.has(container.type)) {
      textOwner.set(t.id, container.id);
      if (content) pushTo(shapeLabelParts, container.id, t);
    } else if (container && (container.type === 'arrow' || container.type === 'line')) {
      if (content) pushTo(linearLabelParts, container.id, t);
    } else if (content) {
      freeTexts.push(t);
    }
  }
  const joinTexts = (parts: El[] | undefined): string =>
    parts ? clean([...parts].sort(cmpPos).map((t) => textContent(t.raw, LABEL_MAX)).join(' '), LABEL_MAX) : '';

  // 3. Free text dropped on an unlabelled shape becomes its label.
  const shapeLabel = new Map<string, string>();
  for (const s of shapes) {
    const label = joinTexts(shapeLabelParts.get(s.id));
    if (label) shapeLabel.set(s.id, label);
  }
  const absorbed = new Map<string, El[]>();
  const looseTexts: El[] = [];
  const shapeIndex = new BoxIndex(shapes, work);
  for (const t of freeTexts) {
    const host = shapeIndex.smallestContaining(center(t.box));
    if (host && !shapeLabel.has(host.id)) {
      textOwner.set(t.id, host.id);
      pushTo(absorbed, host.id, t);
    } else {
      looseTexts.push(t);
    }
  }
  for (const [shapeId, parts] of absorbed) {
    const label = joinTexts(parts);
    if (label) shapeLabel.set(shapeId, label);
  }

  // 4. Arrows (and bound lines) between nodes.
  const looseTextIds = new Set(looseTexts.map((t) => t.id));
  const textNodeIds = new Set<string>();
  const resolveBinding = (binding: unknown): string | undefined => {
    const id = bindingTarget(binding);
    const el = id ? live.get(id) : undefined;
    if (!el) return undefined;
    if (SHAPE_TYPES.has(el.type) || FRAME_TYPES.has(el.type)) return el.id;
    if (el.type === 'text') {
      const owner = textOwner.get(el.id);
      if (owner) return owner;
      if (looseTextIds.has(el.id)) return el.id;
    }
    return undefined;
  };
  const textIndex = new BoxIndex(looseTexts, work);
  const frameIndex = new BoxIndex(frames, work);
  const resolvePoint = (p: Point | undefined): string | undefined => {
    if (!p) return undefined;
    return shapeIndex.smallestContaining(p)?.id ?? textIndex.smallestContaining(p)?.id ?? frameIndex.smallestContaining(p)?.id;
  };
  const rawEdges: EdgeInfo[] = [];
  for (const a of linears) {
    const hasBinding = bindingTarget(a.raw.startBinding) !== undefined || bindingTarget(a.raw.endBinding) !== undefined;
    if (a.type === 'line' && !hasBinding) {
      countOther('line');
      continue;
    }
    const { start, end } = endpoints(a.raw);
    const from = resolveBinding(a.raw.startBinding) ?? resolvePoint(start);
    const to = resolveBinding(a.raw.endBinding) ?? resolvePoint(end);
    if (!from || !to) {
      countOther(a.type === 'arrow' ? 'arrow' : 'line');
      continue;
    }
    // An arrow drawn "backwards" (head only at the start) points from its end to its start.
    const reversed = a.type === 'arrow' && a.raw.endArrowhead === null && typeof a.raw.startArrowhead === 'string';
    const label = joinTexts(linearLabelParts.get(a.id));
    const edge: EdgeInfo = reversed ? { from: to, to: from } : { from, to };
    if (label) edge.label = label;
    rawEdges.push(edge);
    for (const id of [from, to]) if (looseTextIds.has(id)) textNodeIds.add(id);
  }

  // 5. Nodes, with labels made unique ("Server", "Server #2").
  const nodeInfos: NodeInfo[] = [];
  const frameIdOf = (e: El): string | undefined => {
    const f = str(e.raw.frameId);
    return f && f !== e.id ? f : undefined;
  };
  for (const s of shapes) {
    const label = shapeLabel.get(s.id);
    const baseLabel = label ?? `unlabelled ${s.type}`;
    nodeInfos.push({ id: s.id, shape: s.type as ShapeType, baseLabel, label: baseLabel, x: s.x, y: s.y, frameId: frameIdOf(s), unlabelled: !label });
  }
  for (const f of frames) {
    const baseLabel = clean(str(f.raw.name) ?? '', LABEL_MAX) || 'Frame';
    nodeInfos.push({ id: f.id, shape: 'frame', baseLabel, label: baseLabel, x: f.x, y: f.y, frameId: frameIdOf(f) });
  }
  for (const t of looseTexts) {
    if (!textNodeIds.has(t.id)) continue;
    const baseLabel = textContent(t.raw, LABEL_MAX);
    nodeInfos.push({ id: t.id, shape: 'text', baseLabel, label: baseLabel, x: t.x, y: t.y, frameId: frameIdOf(t) });
  }
  nodeInfos.sort((a, b) => cmpLabel(a.baseLabel, b.baseLabel) || cmpPos(a, b));
  // [SAFE6] Each base label keeps the next number to try, so n copies of one label cost O(n), not
  // O(n^2): a number is only ever skipped once, for a label that is taken.
  const taken = new Set(nodeInfos.map((n) => n.baseLabel));
  const nextNumber = new Map<string, number>();
  for (const n of nodeInfos) {
    work.steps++;
    const next = nextNumber.get(n.baseLabel);
    if (next === undefined) {
      nextNumber.set(n.baseLabel, 2);
      continue;
    }
    let k = next;
    while (taken.has(`${n.baseLabel} #${k}`)) {
      work.steps++;
      k++;
    }
    n.label = `${n.baseLabel} #${k}`;
    taken.add(n.label);
    nextNumber.set(n.baseLabel, k + 1);
  }
  const nodeById = new Map(nodeInfos.map((n) => [n.id, n]));
  const rank = new Map(nodeInfos.map((n, i) => [n.id, i]));
  const rankOf = (id: string): number => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  const labelOf = (id: string): string => nodeById.get(id)?.label ?? id;

  // 6. Edges: de-duplicated, sorted.
  const edgeKeys = new Set<string>();
  const edgeInfos: EdgeInfo[] = [];
  for (const e of rawEdges) {
    const key = `${e.from}\u0000${e.to}\u0000${e.label ?? ''}`;
    if (edgeKeys.has(key)) continue;
    edgeKeys.add(key);
    edgeInfos.push(e);
  }
  edgeInfos.sort((a, b) => rankOf(a.from) - rankOf(b.from) || rankOf(a.to) - rankOf(b.to) || cmpLabel(a.label ?? '', b.label ?? ''));

  const notes = looseTexts.filter((t) => !textNodeIds.has(t.id)).map((t) => textContent(t.raw, NOTE_MAX));

  const summary: DiagramSummary = {
    nodes: nodeInfos.map((n) => ({ id: n.id, label: n.label, shape: n.shape })),
    edges: edgeInfos.map((e) => (e.label ? { from: labelOf(e.from), to: labelOf(e.to), label: e.label } : { from: labelOf(e.from), to: labelOf(e.to) })),
    freeText: notes,
    text: '',
  };

  // 7. Text.
  const sections: Section[] = [];
  sections.push({ prefix: '', sep: '; ', items: chains(nodeInfos, edgeInfos, rankOf, labelOf) });
  const childrenOf = new Map<string, string[]>();
  for (const n of nodeInfos) if (n.frameId !== undefined) pushTo(childrenOf, n.frameId, n.label);
  for (const f of nodeInfos) {
    if (f.shape !== 'frame') continue;
    const children = childrenOf.get(f.id) ?? [];
    const head = /^frame\b/i.test(f.label) ? f.label : `Frame ${f.label}`;
    sections.push({ prefix: `${head}: `, sep: ', ', items: children.length ? children : ['(empty)'] });
  }
  const connected = new Set(edgeInfos.flatMap((e) => [e.from, e.to]));
  const unconnected = nodeInfos.filter((n) => n.shape !== 'frame' && !connected.has(n.id));
  const blankByShape = new Map<string, number>();
  for (const n of unconnected) if (n.unlabelled) blankByShape.set(n.shape, (blankByShape.get(n.shape) ?? 0) + 1);
  const unconnectedItems = unconnected.filter((n) => !n.unlabelled || blankByShape.get(n.shape) === 1).map((n) => n.label);
  for (const shapeName of ['rectangle', 'ellipse', 'diamond']) {
    const n = blankByShape.get(shapeName) ?? 0;
    if (n > 1) unconnectedItems.push(`${n} unlabelled ${shapeName}s`);
  }
  sections.push({ prefix: 'Unconnected: ', sep: ', ', items: unconnectedItems });
  sections.push({ prefix: 'Notes: ', sep: ', ', items: notes.map((n) => JSON.stringify(n)) });
  const otherItems: string[] = [];
  const otherKinds: [string, string, string][] = [
    ['arrow', 'unconnected arrow', 'unconnected arrows'],
    ['line', 'line', 'lines'],
    ['freedraw', 'freehand drawing', 'freehand drawings'],
    ['image', 'image', 'images'],
    ['other', 'other element', 'other elements'],
  ];
  for (const [kind, one, many] of otherKinds) {
    const n = other.get(kind) ?? 0;
    if (n > 0) otherItems.push(plural(n, one, many));
  }
  sections.push({ prefix: 'Other: ', sep: ', ', items: otherItems });

  summary.text = render(sections) || EMPTY_WHITEBOARD;
  return summary;
}

/**
 * Chains: start at nodes with outgoing but no incoming edges (in label order), follow the first
 * unused outgoing edge until none is left, then start a branch from every node passed on the way
 * that still has unused edges. Nodes only reachable through cycles are started from last.
 * Every edge is written exactly once; an edge label follows its target in parentheses.
 */
function chains(
  nodes: readonly NodeInfo[],
  edges: readonly EdgeInfo[],
  rankOf: (id: string) => number,
  labelOf: (id: string) => string,
): string[] {
  const out = new Map<string, number[]>();
  const incoming = new Set<string>();
  edges.forEach((e, i) => {
    const list = out.get(e.from);
    if (list) list.push(i);
    else out.set(e.from, [i]);
    incoming.add(e.to);
  });
  // Edges leave a node in order, so a cursor per node finds the next unused one.
  const cursor = new Map<string, number>();
  const nextEdge = (id: string): number | undefined => out.get(id)?.[cursor.get(id) ?? 0];
  const use = (id: string): void => {
    cursor.set(id, (cursor.get(id) ?? 0) + 1);
  };
  const result: string[] = [];
  const order = [...nodes].sort((a, b) => rankOf(a.id) - rankOf(b.id));
  const starts = [...order.filter((n) => !incoming.has(n.id)), ...order.filter((n) => incoming.has(n.id))];
  for (const s of starts) {
    const pending: string[] = [s.id];
    for (let p = 0; p < pending.length; p++) {
      const origin = pending[p] as string;
      for (let first = nextEdge(origin); first !== undefined; first = nextEdge(origin)) {
        let cur = origin;
        let chain = labelOf(origin);
        for (let i: number | undefined = first; i !== undefined; i = nextEdge(cur)) {
          use(cur);
          const e = edges[i] as EdgeInfo;
          chain += ` -> ${labelOf(e.to)}${e.label ? ` (${e.label})` : ''}`;
          cur = e.to;
          pending.push(cur);
        }
        result.push(chain);
      }
    }
  }
  return result;
}

interface Section {
  prefix: string;
  sep: string;
  items: string[];
}

function lineOf(s: Section): string {
  return s.items.length ? s.prefix + s.items.join(s.sep) : '';
}

/** One line per non-empty section; cut at TEXT_MAX with a count of the items left out. */
function render(sections: readonly Section[]): string {
  const full = sections.map(lineOf).filter(Boolean).join('\n');
  if (full.length <= TEXT_MAX) return full;
  const budget = TEXT_MAX - TRUNCATION_RESERVE;
  const total = sections.reduce((n, s) => n + s.items.length, 0);
  let shown = 0;
  let text = '';
  let cut = false;
  let atLineStart = false;
  outer: for (const s of sections) {
    for (let i = 0; i < s.items.length; i++) {
      const item = s.items[i] as string;
      const lead = i === 0 ? (text ? '\n' : '') + s.prefix : s.sep;
      if (text.length + lead.length + item.length <= budget) {
        text += lead + item;
        shown++;
        continue;
      }
      const room = budget - text.length - lead.length;
      if (room >= MIN_PARTIAL_ROOM || (!text && room > 1)) {
        text += lead + Array.from(item).slice(0, room - 1).join('') + '…';
        cut = true;
      } else {
        atLineStart = i === 0 && text.length > 0;
      }
      break outer;
    }
  }
  const omitted = total - shown;
  const marker = `${omitted} more ${omitted === 1 ? 'item' : 'items'} omitted`;
  if (cut) return `${text} (${marker})`;
  return `${text}${atLineStart ? '\n' : text ? ' ' : ''}… (${marker})`;
}
