// The graph as text: chains of arrows, one line per frame, what is unconnected, the notes and a
// count of the rest, cut at TEXT_MAX with a count of what was left out [DIA1][DIA11][DIA14][DIA16].
import type { EdgeInfo, Graph, NodeInfo } from './graph.js';

/** Longest `text`, in characters. */
export const TEXT_MAX = 1500;
/** Room kept for the "… (N more items omitted)" marker when the text is cut. */
const TRUNCATION_RESERVE = 40;
/** An item that does not fit is cut (rather than dropped) when at least this much room is left. */
const MIN_PARTIAL_ROOM = 100;

const OTHER_KINDS = [
  ['arrow', 'unconnected arrow', 'unconnected arrows'],
  ['line', 'line', 'lines'],
  ['freedraw', 'freehand drawing', 'freehand drawings'],
  ['image', 'image', 'images'],
  ['other', 'other element', 'other elements'],
] as const;

interface Section {
  prefix: string;
  sep: string;
  items: string[];
}

/** The text of a graph; '' when there is nothing to say. */
export function renderGraph(g: Graph): string {
  const sections: Section[] = [];
  sections.push({ prefix: '', sep: '; ', items: chains(g.nodes, g.edges, g.rankOf, g.labelOf) });
  const childrenOf = new Map<string, string[]>();
  for (const n of g.nodes) {
    if (n.frameId === undefined) continue;
    const list = childrenOf.get(n.frameId);
    if (list) list.push(n.label);
    else childrenOf.set(n.frameId, [n.label]);
  }
  for (const f of g.nodes) {
    if (f.shape !== 'frame') continue;
    const children = childrenOf.get(f.id) ?? [];
    const head = /^frame\b/i.test(f.label) ? f.label : `Frame ${f.label}`;
    sections.push({ prefix: `${head}: `, sep: ', ', items: children.length ? children : ['(empty)'] });
  }
  const connected = new Set(g.edges.flatMap((e) => [e.from, e.to]));
  const unconnected = g.nodes.filter((n) => n.shape !== 'frame' && !connected.has(n.id));
  const blankByShape = new Map<string, number>();
  for (const n of unconnected) if (n.unlabelled) blankByShape.set(n.shape, (blankByShape.get(n.shape) ?? 0) + 1);
  const unconnectedItems = unconnected.filter((n) => !n.unlabelled || blankByShape.get(n.shape) === 1).map((n) => n.label);
  for (const shapeName of ['rectangle', 'ellipse', 'diamond']) {
    const n = blankByShape.get(shapeName) ?? 0;
    if (n > 1) unconnectedItems.push(`${n} unlabelled ${shapeName}s`);
  }
  sections.push({ prefix: 'Unconnected: ', sep: ', ', items: unconnectedItems });
  sections.push({ prefix: 'Notes: ', sep: ', ', items: g.notes.map((n) => JSON.stringify(n)) });
  const otherItems: string[] = [];
  for (const [kind, one, many] of OTHER_KINDS) {
    const n = g.other.get(kind) ?? 0;
    if (n > 0) otherItems.push(`${n} ${n === 1 ? one : many}`);
  }
  sections.push({ prefix: 'Other: ', sep: ', ', items: otherItems });
  return render(sections);
}

/**
 * Chains: start at nodes with outgoing but no incoming edges (in label order), follow the first
 * unused outgoing edge until none is left, then start a branch from every node passed on the way
 * that still has unused edges. Nodes only reachable through cycles are started from last.
 * Every edge is written exactly once; an edge label follows its target in parentheses.
 */
function chains(nodes: readonly NodeInfo[], edges: readonly EdgeInfo[], rankOf: (id: string) => number, labelOf: (id: string) => string): string[] {
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
