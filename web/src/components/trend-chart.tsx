// One score across interviews, oldest first (inline SVG, drawn here). Points are evenly spaced
// so a busy day does not squash them; each carries its date, problem and value in a tooltip, and
// the whole picture's accessible name lists every value. The drawing is as wide as its box (text
// stays at its real size on a tablet and on a wide screen).
import { useLayoutEffect, useRef, useState } from 'react';

export interface TrendPoint {
  id: string;
  date: Date;
  problem: string;
  level: string;
  value: number;
}

const H = 240;
const M = { left: 40, right: 34, top: 24, bottom: 46 };
const MIN = 1;
const MAX = 4;

const dateLabel = (d: Date) => d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
const timeLabel = (d: Date) => d.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
const fullDate = (d: Date) => d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const show = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

export function trendLabel(title: string, points: TrendPoint[]): string {
  return `${title}, out of ${MAX}, across ${points.length} finished interview${points.length === 1 ? '' : 's'}, oldest first: ${points
    .map((p) => `${dateLabel(p.date)} ${p.problem} (${p.level}) ${show(p.value)}`)
    .join('; ')}.`;
}

function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(300, Math.round(el.clientWidth)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, width };
}

export function TrendChart({ title, points }: { title: string; points: TrendPoint[] }) {
  const { ref, width: W } = useWidth(760);
  const n = points.length;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const inset = 22; // keeps the first and last points clear of the axis labels
  const x = (i: number) => (n === 1 ? M.left + plotW / 2 : M.left + inset + ((plotW - 2 * inset) * i) / (n - 1));
  const y = (v: number) => M.top + plotH * (1 - (Math.max(MIN, Math.min(MAX, v)) - MIN) / (MAX - MIN));
  // Room for about one date label per 90 px; the time is added when a day has several interviews.
  const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor((W - M.left - M.right) / 90))));
  const days = points.map((p) => p.date.toDateString());
  const sameDay = new Set(days).size < days.length;
  const coords = points.map((p, i) => [x(i), y(p.value)] as const);
  return (
    <div ref={ref} className="trend-box">
      <svg className="trend" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={trendLabel(title, points)} data-testid="trend-chart" data-points={n}>
        <g aria-hidden="true">
          {[1, 2, 3, 4].map((v) => (
            <g key={v}>
              <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} className={v === MIN ? 'trend-axis' : 'trend-grid'} />
              <text x={M.left - 10} y={y(v) + 4} textAnchor="end" className="trend-tick">{v}</text>
            </g>
          ))}
          {points.map((p, i) =>
            (n - 1 - i) % every === 0 ? (
              <text key={p.id} x={x(i)} y={H - M.bottom + 20} textAnchor="middle" className="trend-tick">
                {dateLabel(p.date)}
                {sameDay && (
                  <tspan x={x(i)} dy={15} className="trend-time">
                    {timeLabel(p.date)}
                  </tspan>
                )}
              </text>
            ) : null,
          )}
          {n > 1 && <polyline className="trend-line" points={coords.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')} />}
        </g>
        {points.map((p, i) => (
          <g key={p.id} className="trend-point" data-value={p.value}>
            <title>{`${fullDate(p.date)} · ${p.problem} (${p.level}): ${show(p.value)} / ${MAX}`}</title>
            <circle cx={coords[i]![0]} cy={coords[i]![1]} r={5.5} />
            <text x={coords[i]![0]} y={coords[i]![1] - 11} textAnchor="middle" className="trend-value" aria-hidden="true">
              {show(p.value)}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
