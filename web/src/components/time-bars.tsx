// Time per phase as horizontal bars (plain CSS widths, no chart library): for each phase a light
// bar for the minutes planned and a dark one inside it for the minutes used, on one scale for all
// phases, so a phase that ran long or was skipped shows at a glance. Like the radar, the picture is
// one image with its figures in its accessible name; the table below carries the same numbers.
import { PHASE_LABELS } from '../../../server/protocol/phases.js';
import type { TimeUse } from '../../../server/protocol/report.js';

type Row = TimeUse['rows'][number];

export const TIME_STATUS_LABELS: Record<Row['status'], string> = { on_plan: 'on plan', over: 'over', under: 'under', skipped: 'skipped' };

const minutes = (m: number) => `${m.toFixed(1)} min`;

/** Percent of the longest bar, so the phase that took (or was planned) longest fills the track. */
function share(m: number, scale: number): string {
  return `${scale > 0 ? (Math.max(0, m) / scale) * 100 : 0}%`;
}

export function TimeBars({ rows }: { rows: Row[] }) {
  const scale = Math.max(0, ...rows.map((r) => Math.max(r.plannedMinutes, r.usedMinutes)));
  const name = `Minutes used against the plan, per phase: ${rows
    .map((r) => `${PHASE_LABELS[r.phase]} ${minutes(r.usedMinutes)} used of ${minutes(r.plannedMinutes)} planned, ${TIME_STATUS_LABELS[r.status]}`)
    .join('; ')}.`;
  return (
    <figure className="time-bars-figure">
      <div className="time-bars" role="img" aria-label={name} data-testid="time-bars">
        {rows.map((r) => (
          <div key={r.phase} className={`time-bar status-${r.status}`} data-phase={r.phase}>
            <span className="time-bar-label">{PHASE_LABELS[r.phase]}</span>
            <span className="time-bar-track">
              <span className="time-bar-planned" style={{ width: share(r.plannedMinutes, scale) }} />
              <span className="time-bar-used" style={{ width: share(r.usedMinutes, scale) }} />
            </span>
            <span className="time-bar-value">
              {r.usedMinutes.toFixed(1)} / {minutes(r.plannedMinutes)}
            </span>
          </div>
        ))}
      </div>
      <figcaption className="muted small time-bars-key">
        <span className="time-key time-key-used" aria-hidden="true" /> used <span className="time-key time-key-over" aria-hidden="true" /> used, over the plan{' '}
        <span className="time-key time-key-planned" aria-hidden="true" /> planned
      </figcaption>
    </figure>
  );
}
