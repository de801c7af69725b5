// Turns an Excalidraw scene into a short, deterministic graph description the interviewer can
// read: who points at whom, what is grouped in which frame, what is left unconnected and which
// notes are lying around. Pure, linear in the scene [SAFE6], and never throws on odd input [DIA9].
//
// read.ts (the elements, one copy per id by the room merge rule) -> graph.ts (labels, edges,
// unique node labels; geometry.ts finds what holds a point) -> render.ts (the text).
import { buildGraph, type NodeShape } from './graph.js';
import type { DiagramWork } from './geometry.js';
import { readScene } from './read.js';
import { renderGraph } from './render.js';

export type { DiagramWork } from './geometry.js';

export interface DiagramNode {
  id: string;
  label: string;
  shape: NodeShape;
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

export function describeDiagram(elements: readonly unknown[], work: DiagramWork = { steps: 0 }): DiagramSummary {
  try {
    const graph = buildGraph(readScene(elements), work);
    const { labelOf } = graph;
    return {
      nodes: graph.nodes.map((n) => ({ id: n.id, label: n.label, shape: n.shape })),
      edges: graph.edges.map((e) => (e.label ? { from: labelOf(e.from), to: labelOf(e.to), label: e.label } : { from: labelOf(e.from), to: labelOf(e.to) })),
      freeText: graph.notes,
      text: renderGraph(graph) || EMPTY_WHITEBOARD,
    };
  } catch {
    // Only reachable through hostile input (throwing getters, proxies): never fail the caller.
    return { nodes: [], edges: [], freeText: [], text: UNREADABLE_WHITEBOARD };
  }
}
