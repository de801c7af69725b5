// The eight dimensions on one radar (inline SVG, drawn here: no chart library). The picture is
// one image with its scores in its accessible name; the table beside it carries the same numbers
// for anyone who cannot read the shape.

export interface RadarAxis {
  id: string;
  /** Full name (tables, the accessible name). */
  title: string;
  /** Short name drawn around the chart. */
  label: string;
  score: number;
}

export const MAX_SCORE = 4;

const SHORT_LABELS: Record<string, string> = {
  requirements: 'Requirements',
  estimation: 'Estimation',
  high_level_design: 'High-level design',
  depth: 'Depth',
  trade_offs: 'Trade-offs',
  adaptability: 'Adaptability',
  failure_modes: 'Failure modes',
  communication: 'Communication',
};

export function shortLabel(id: string, title: string): string {
  return SHORT_LABELS[id] ?? title;
}

// Geometry, shared with the peer-interview radar: a wide box so the labels left and right of the
// chart fit without clipping.
export const W = 560;
export const H = 330;
export const CX = W / 2;
export const CY = H / 2 + 2;
export const R = 118;

export function point(i: number, n: number, r: number): [number, number] {
  const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
  return [CX + r * Math.cos(a), CY + r * Math.sin(a)];
}

export const fmt = (n: number) => n.toFixed(1);

/** The point of axis `i` at `score` (clamped to 0..MAX_SCORE). */
export function scorePoint(i: number, n: number, score: number): [number, number] {
  return point(i, n, (R * Math.max(0, Math.min(MAX_SCORE, score))) / MAX_SCORE);
}

/** The polygon of the ring at score `v`. */
export function ringPoints(n: number, v: number): string {
  return Array.from({ length: n }, (_, i) => point(i, n, (R * v) / MAX_SCORE).map(fmt).join(',')).join(' ');
}

/** Where an axis label goes: just outside the chart, anchored away from the centre. */
export function labelPlacement(i: number, n: number): { x: string; y: string; anchor: 'start' | 'middle' | 'end' } {
  const [x, y] = point(i, n, R + 16);
  const dx = x - CX;
  const anchor = Math.abs(dx) < 2 ? 'middle' : dx > 0 ? 'start' : 'end';
  const dy = y < CY - R ? -4 : y > CY + R ? 14 : 5;
  return { x: fmt(x), y: fmt(y + dy), anchor };
}

/** A score as four pips and "n/4". */
export function ScorePips({ score, label }: { score: number; label: string }) {
  return (
    <span className="score" role="img" aria-label={label}>
      {[1, 2, 3, 4].map((k) => (
        <span key={k} className={`score-pip${k <= score ? ' on' : ''}`} aria-hidden="true" />
      ))}
      <span className="score-num" aria-hidden="true">{score}/{MAX_SCORE}</span>
    </span>
  );
}

export function radarLabel(axes: RadarAxis[]): string {
  return `Scores by dimension, out of ${MAX_SCORE}: ${axes.map((a) => `${a.title} ${a.score}`).join(', ')}.`;
}

export function RadarChart({ axes }: { axes: RadarAxis[] }) {
  const n = axes.length;
  if (n < 3) return null;
  const ring = (v: number) => ringPoints(n, v);
  const shape = axes.map((a, i) => scorePoint(i, n, a.score));
  return (
    <svg
      className="radar"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={radarLabel(axes)}
      data-testid="radar"
      data-cx={CX}
      data-cy={CY}
      data-r={R}
      data-max={MAX_SCORE}
    >
      <g className="radar-grid" aria-hidden="true">
        {[1, 2, 3, 4].map((v) => (
          <polygon key={v} points={ring(v)} className={v === MAX_SCORE ? 'radar-ring outer' : 'radar-ring'} />
        ))}
        {axes.map((a, i) => {
          const [x, y] = point(i, n, R);
          return <line key={a.id} x1={CX} y1={CY} x2={fmt(x)} y2={fmt(y)} className="radar-spoke" />;
        })}
        {/* Ring values between the first two spokes, where no score dot can sit on them. */}
        {[1, 2, 3, 4].map((v) => {
          const [x, y] = point(0.5, n, ((R * v) / MAX_SCORE) * Math.cos(Math.PI / n) - 7);
          return (
            <text key={v} x={fmt(x)} y={fmt(y + 4)} textAnchor="middle" className="radar-tick">
              {v}
            </text>
          );
        })}
      </g>
      <polygon className="radar-shape" points={shape.map((p) => p.map(fmt).join(',')).join(' ')} aria-hidden="true" />
      <g aria-hidden="true">
        {shape.map(([x, y], i) => (
          <circle key={axes[i]!.id} cx={fmt(x)} cy={fmt(y)} r={4} className="radar-dot" />
        ))}
        {axes.map((a, i) => {
          const at = labelPlacement(i, n);
          return (
            <text key={a.id} x={at.x} y={at.y} textAnchor={at.anchor} className="radar-label">
              {a.label} <tspan className="radar-score">{a.score}</tspan>
            </text>
          );
        })}
      </g>
    </svg>
  );
}
