// The whiteboard as text: the public entry of diagram-text/ (read, geometry, graph, render).
export { describeDiagram, type DiagramEdge, type DiagramNode, type DiagramSummary, type DiagramWork } from './diagram-text/index.js';
