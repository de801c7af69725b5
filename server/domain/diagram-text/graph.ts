// From the elements read to a graph: labels of shapes and arrows, edges between nodes, nodes
// with unique labels, the notes left lying around. Linear work in the scene [SAFE6].
import { BoxIndex, center, cmpPos, cmpStr, type DiagramWork, type Point } from './geometry.js';
import { bindingTarget, clean, countOther, type El, endpoints, FRAME_TYPES, LABEL_MAX, NOTE_MAX, type OtherKind, type Scene, SHAPE_TYPES, type ShapeType, str, textContent } from './read.js';

export type NodeShape = ShapeType | 'frame' | 'text';

export interface NodeInfo {
  id: string;
  shape: NodeShape;
  baseLabel: string;
  /** `baseLabel`, numbered when another node has it too ("Server #2"). */
  label: string;
  x: number;
  y: number;
  frameId?: string;
  /** A shape with no text: listed by count when several are unconnected. */
  unlabelled?: boolean;
}

/** `from` and `to` are node ids. */
export interface EdgeInfo {
  from: string;
  to: string;
  label?: string;
}

export interface Graph {
  /** By label, then reading order. */
  nodes: NodeInfo[];
  /** De-duplicated, by rank of `from`, then of `to`, then label. */
  edges: EdgeInfo[];
  /** Free text that labels nothing and is no node, in reading order. */
  notes: string[];
  other: Map<OtherKind, number>;
  rankOf(id: string): number;
  labelOf(id: string): string;
}

export function cmpLabel(a: string, b: string): number {
  return cmpStr(a.toLowerCase(), b.toLowerCase()) || cmpStr(a, b);
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function joinTexts(parts: El[] | undefined): string {
  return parts ? clean([...parts].sort(cmpPos).map((t) => textContent(t.raw, LABEL_MAX)).join(' '), LABEL_MAX) : '';
}

export function buildGraph(scene: Scene, work: DiagramWork): Graph {
  const { live, shapes, frames, texts, linears } = scene;
  const other = new Map(scene.other);

  // Bound text: labels of shapes and of arrows [DIA2][DIA4].
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
    if (containerId && !container && scene.seen.has(containerId)) continue;
    if (container && SHAPE_TYPES.has(container.type)) {
      textOwner.set(t.id, container.id);
      if (content) pushTo(shapeLabelParts, container.id, t);
    } else if (container && (container.type === 'arrow' || container.type === 'line')) {
      if (content) pushTo(linearLabelParts, container.id, t);
    } else if (content) {
      freeTexts.push(t);
    }
  }

  // Free text dropped on an unlabelled shape becomes its label [DIA2].
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

  // Arrows (and bound lines) between nodes [DIA5][DIA7][DIA15].
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
      countOther(other, 'line');
      continue;
    }
    const { start, end } = endpoints(a.raw);
    const from = resolveBinding(a.raw.startBinding) ?? resolvePoint(start);
    const to = resolveBinding(a.raw.endBinding) ?? resolvePoint(end);
    if (!from || !to) {
      countOther(other, a.type === 'arrow' ? 'arrow' : 'line');
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

  // Nodes, with labels made unique ("Server", "Server #2") [DIA6][DIA8].
  const nodes: NodeInfo[] = [];
  const frameIdOf = (e: El): string | undefined => {
    const f = str(e.raw.frameId);
    return f && f !== e.id ? f : undefined;
  };
  for (const s of shapes) {
    const label = shapeLabel.get(s.id);
    const baseLabel = label ?? `unlabelled ${s.type}`;
    nodes.push({ id: s.id, shape: s.type as ShapeType, baseLabel, label: baseLabel, x: s.x, y: s.y, frameId: frameIdOf(s), unlabelled: !label });
  }
  for (const f of frames) {
    const baseLabel = clean(str(f.raw.name) ?? '', LABEL_MAX) || 'Frame';
    nodes.push({ id: f.id, shape: 'frame', baseLabel, label: baseLabel, x: f.x, y: f.y, frameId: frameIdOf(f) });
  }
  for (const t of looseTexts) {
    if (!textNodeIds.has(t.id)) continue;
    const baseLabel = textContent(t.raw, LABEL_MAX);
    nodes.push({ id: t.id, shape: 'text', baseLabel, label: baseLabel, x: t.x, y: t.y, frameId: frameIdOf(t) });
  }
  nodes.sort((a, b) => cmpLabel(a.baseLabel, b.baseLabel) || cmpPos(a, b));
  numberLabels(nodes, work);
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const rank = new Map(nodes.map((n, i) => [n.id, i]));
  const rankOf = (id: string): number => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  const labelOf = (id: string): string => nodeById.get(id)?.label ?? id;

  // Edges: de-duplicated, sorted [DIA15].
  const edgeKeys = new Set<string>();
  const edges: EdgeInfo[] = [];
  for (const e of rawEdges) {
    const key = `${e.from}\u0000${e.to}\u0000${e.label ?? ''}`;
    if (edgeKeys.has(key)) continue;
    edgeKeys.add(key);
    edges.push(e);
  }
  edges.sort((a, b) => rankOf(a.from) - rankOf(b.from) || rankOf(a.to) - rankOf(b.to) || cmpLabel(a.label ?? '', b.label ?? ''));

  const notes = looseTexts.filter((t) => !textNodeIds.has(t.id)).map((t) => textContent(t.raw, NOTE_MAX));
  return { nodes, edges, notes, other, rankOf, labelOf };
}

/**
 * [DIA8][SAFE6] Numbers repeated labels in the nodes' order. Each base label keeps the next number
 * to try, so n copies of one label cost O(n), not O(n^2): a number is only ever skipped once, for
 * a label that is taken.
 */
function numberLabels(nodes: NodeInfo[], work: DiagramWork): void {
  const taken = new Set(nodes.map((n) => n.baseLabel));
  const nextNumber = new Map<string, number>();
  for (const n of nodes) {
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
}
