// A light preview of a stored Excalidraw scene as inline SVG, drawn here so the finished page does
// not load Excalidraw (over 1 MB of script) to show a final whiteboard that has no stored SVG
// (final-diagram.tsx shows the stored one when there is). Shapes are drawn with clean strokes
// instead of Excalidraw's sketchy ones; the SVG and PNG downloads use Excalidraw itself (loaded
// on click). Everything is set through React attributes, so nothing in the scene can become markup.
import type { ReactNode } from 'react';

interface El {
  id: string;
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  angle: number;
  strokeColor: string;
  backgroundColor: string;
  fillStyle: string;
  strokeWidth: number;
  strokeStyle: string;
  opacity: number;
  roundness: { type: number; value?: number } | null;
  points: Array<[number, number]>;
  startArrowhead: string | null;
  endArrowhead: string | null;
  text: string;
  fontSize: number;
  fontFamily: number;
  textAlign: string;
  lineHeight: number;
}

const num = (v: unknown, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const str = (v: unknown, d: string) => (typeof v === 'string' && v.length < 100 ? v : d);

function normalise(raw: unknown): El | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const e = raw as Record<string, unknown>;
  if (e.isDeleted === true || typeof e.type !== 'string') return undefined;
  const points = Array.isArray(e.points)
    ? (e.points as unknown[]).filter((p): p is [number, number] => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1])).map((p) => [p[0], p[1]] as [number, number])
    : [];
  const roundness = e.roundness && typeof e.roundness === 'object' ? (e.roundness as { type: number; value?: number }) : null;
  return {
    id: String(e.id ?? ''),
    type: e.type,
    x: num(e.x),
    y: num(e.y),
    width: Math.abs(num(e.width)),
    height: Math.abs(num(e.height)),
    angle: num(e.angle),
    strokeColor: str(e.strokeColor, '#1e1e1e'),
    backgroundColor: str(e.backgroundColor, 'transparent'),
    fillStyle: str(e.fillStyle, 'solid'),
    strokeWidth: Math.max(0.5, Math.min(16, num(e.strokeWidth, 2))),
    strokeStyle: str(e.strokeStyle, 'solid'),
    opacity: Math.max(0, Math.min(100, num(e.opacity, 100))),
    roundness,
    points,
    startArrowhead: typeof e.startArrowhead === 'string' ? e.startArrowhead : null,
    endArrowhead: typeof e.endArrowhead === 'string' ? e.endArrowhead : null,
    text: typeof e.text === 'string' ? e.text : '',
    fontSize: Math.max(4, Math.min(400, num(e.fontSize, 20))),
    fontFamily: num(e.fontFamily, 1),
    textAlign: str(e.textAlign, 'left'),
    lineHeight: Math.max(0.8, Math.min(3, num(e.lineHeight, 1.25))),
  };
}

const LINEAR = new Set(['arrow', 'line', 'freedraw']);

function bounds(els: El[]) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const e of els) {
    if (LINEAR.has(e.type) && e.points.length) {
      for (const [px, py] of e.points) {
        minX = Math.min(minX, e.x + px);
        minY = Math.min(minY, e.y + py);
        maxX = Math.max(maxX, e.x + px);
        maxY = Math.max(maxY, e.y + py);
      }
    } else {
      minX = Math.min(minX, e.x);
      minY = Math.min(minY, e.y);
      maxX = Math.max(maxX, e.x + e.width);
      maxY = Math.max(maxY, e.y + e.height);
    }
  }
  return { minX, minY, maxX, maxY };
}

function fontFor(family: number): string {
  if (family === 3 || family === 8) return 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
  if (family === 2 || family === 6 || family === 7) return 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
  return 'MsdVirgil, "Comic Sans MS", "Segoe Print", system-ui, sans-serif';
}

function dash(e: El): string | undefined {
  if (e.strokeStyle === 'dashed') return `${e.strokeWidth * 4} ${e.strokeWidth * 3}`;
  if (e.strokeStyle === 'dotted') return `${e.strokeWidth} ${e.strokeWidth * 2.5}`;
  return undefined;
}

function fillOf(e: El): { fill: string; fillOpacity?: number } {
  if (!e.backgroundColor || e.backgroundColor === 'transparent') return { fill: 'none' };
  // Hatched fills read as a lighter tint of the colour.
  return { fill: e.backgroundColor, fillOpacity: e.fillStyle === 'solid' ? 1 : 0.35 };
}

function arrowhead(kind: string, tip: [number, number], from: [number, number], e: El, key: string): ReactNode {
  const dx = tip[0] - from[0];
  const dy = tip[1] - from[1];
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const size = Math.min(20 + e.strokeWidth * 2, Math.max(6, len * 0.4));
  const back: [number, number] = [tip[0] - ux * size, tip[1] - uy * size];
  const side = (s: number): [number, number] => [back[0] - uy * size * 0.42 * s, back[1] + ux * size * 0.42 * s];
  const [l, r] = [side(1), side(-1)];
  const common = { stroke: e.strokeColor, strokeWidth: e.strokeWidth, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const };
  if (kind === 'triangle' || kind === 'triangle_outline') {
    return <polygon key={key} points={`${tip.join(',')} ${l.join(',')} ${r.join(',')}`} {...common} fill={kind === 'triangle' ? e.strokeColor : 'none'} />;
  }
  if (kind === 'dot' || kind === 'circle' || kind === 'circle_outline') {
    return <circle key={key} cx={tip[0]} cy={tip[1]} r={Math.max(3, size / 3.5)} {...common} fill={kind === 'circle_outline' ? 'none' : e.strokeColor} />;
  }
  if (kind === 'bar') {
    const a: [number, number] = [tip[0] - uy * size * 0.5, tip[1] + ux * size * 0.5];
    const b: [number, number] = [tip[0] + uy * size * 0.5, tip[1] - ux * size * 0.5];
    return <line key={key} x1={a[0]} y1={a[1]} x2={b[0]} y2={b[1]} {...common} />;
  }
  return <polyline key={key} points={`${l.join(',')} ${tip.join(',')} ${r.join(',')}`} {...common} fill="none" />;
}

function shape(e: El): ReactNode {
  const stroke = { stroke: e.strokeColor, strokeWidth: e.strokeWidth, strokeDasharray: dash(e), strokeLinejoin: 'round' as const, strokeLinecap: 'round' as const };
  const cx = e.x + e.width / 2;
  const cy = e.y + e.height / 2;
  const rotate = e.angle ? `rotate(${(e.angle * 180) / Math.PI} ${cx} ${cy})` : undefined;
  const opacity = e.opacity < 100 ? e.opacity / 100 : undefined;
  switch (e.type) {
    case 'rectangle':
    case 'frame':
    case 'magicframe':
    case 'embeddable':
    case 'iframe':
    case 'image': {
      const r = e.roundness ? Math.min(32, Math.min(e.width, e.height) * 0.25) : 0;
      const placeholder = e.type !== 'rectangle';
      return (
        <rect key={e.id} x={e.x} y={e.y} width={e.width} height={e.height} rx={r} transform={rotate} opacity={opacity}
          {...(placeholder ? { fill: 'none', stroke: '#8a93a3', strokeWidth: 1, strokeDasharray: '6 4' } : { ...fillOf(e), ...stroke })} />
      );
    }
    case 'ellipse':
      return <ellipse key={e.id} cx={cx} cy={cy} rx={e.width / 2} ry={e.height / 2} transform={rotate} opacity={opacity} {...fillOf(e)} {...stroke} />;
    case 'diamond':
      return (
        <polygon key={e.id} points={`${cx},${e.y} ${e.x + e.width},${cy} ${cx},${e.y + e.height} ${e.x},${cy}`} transform={rotate} opacity={opacity} {...fillOf(e)} {...stroke} />
      );
    case 'arrow':
    case 'line':
    case 'freedraw': {
      const pts = e.points.map(([px, py]) => [e.x + px, e.y + py] as [number, number]);
      if (pts.length === 0) return null;
      const closed = e.type === 'line' && pts.length > 2 && pts[0]![0] === pts[pts.length - 1]![0] && pts[0]![1] === pts[pts.length - 1]![1];
      const parts: ReactNode[] = [
        <polyline key="p" points={pts.map((p) => p.join(',')).join(' ')} {...stroke} {...(closed ? fillOf(e) : { fill: 'none' })} strokeWidth={e.type === 'freedraw' ? Math.max(1.5, e.strokeWidth * 1.2) : e.strokeWidth} />,
      ];
      if (e.type === 'arrow' && pts.length >= 2) {
        if (e.endArrowhead) parts.push(arrowhead(e.endArrowhead, pts[pts.length - 1]!, pts[pts.length - 2]!, e, 'end'));
        if (e.startArrowhead) parts.push(arrowhead(e.startArrowhead, pts[0]!, pts[1]!, e, 'start'));
      }
      return (
        <g key={e.id} opacity={opacity}>
          {parts}
        </g>
      );
    }
    case 'text': {
      const lines = e.text.split('\n');
      const lh = e.fontSize * e.lineHeight;
      const anchor = e.textAlign === 'center' ? 'middle' : e.textAlign === 'right' ? 'end' : 'start';
      const tx = e.textAlign === 'center' ? cx : e.textAlign === 'right' ? e.x + e.width : e.x;
      return (
        <text key={e.id} x={tx} y={e.y} fontSize={e.fontSize} fontFamily={fontFor(e.fontFamily)} textAnchor={anchor} fill={e.strokeColor} transform={rotate} opacity={opacity}>
          {lines.map((line, i) => (
            <tspan key={i} x={tx} y={e.y + i * lh + lh * 0.78}>
              {line || ' '}
            </tspan>
          ))}
        </text>
      );
    }
    default:
      return null;
  }
}

export function visibleScene(elements: readonly unknown[]): unknown[] {
  return elements.filter((e) => normalise(e) !== undefined);
}

/** A text alternative for a drawing of the scene: "LABEL: 5 shapes; labels: A, B." */
export function describeScene(elements: readonly unknown[], label: string): string {
  const els = elements.map(normalise).filter((e): e is El => e !== undefined);
  const texts = els.filter((e) => e.type === 'text' && e.text.trim()).map((e) => e.text.replace(/\s+/g, ' ').trim());
  const shapes = els.filter((e) => e.type !== 'text').length;
  return `${label}: ${shapes} shape${shapes === 1 ? '' : 's'}${texts.length ? `; labels: ${texts.slice(0, 30).join(', ')}` : ''}.`;
}

export function ScenePreview({ elements, label }: { elements: readonly unknown[]; label: string }) {
  const els = elements.map(normalise).filter((e): e is El => e !== undefined);
  if (els.length === 0) return null;
  const b = bounds(els);
  const pad = 24;
  const w = Math.max(40, b.maxX - b.minX + pad * 2);
  const h = Math.max(40, b.maxY - b.minY + pad * 2);
  const fonts = (window.EXCALIDRAW_ASSET_PATH && typeof window.EXCALIDRAW_ASSET_PATH === 'string' ? window.EXCALIDRAW_ASSET_PATH : '/excalidraw/');
  const aria = describeScene(elements, label);
  return (
    <svg
      className="scene-preview"
      viewBox={`${b.minX - pad} ${b.minY - pad} ${w} ${h}`}
      role="img"
      aria-label={aria}
      preserveAspectRatio="xMidYMid meet"
      style={{ aspectRatio: `${w} / ${h}` }}
    >
      <style>{`@font-face{font-family:MsdVirgil;src:url("${fonts.replace(/"/g, '')}fonts/Virgil/Virgil-Regular.woff2") format("woff2");font-display:swap}`}</style>
      <rect x={b.minX - pad} y={b.minY - pad} width={w} height={h} fill="#ffffff" />
      {els.filter((e) => e.type !== 'text').map(shape)}
      {els.filter((e) => e.type === 'text').map(shape)}
    </svg>
  );
}
