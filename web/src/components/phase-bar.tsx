// The phase stepper with what is expected now, and the two clocks (phase and interview) from the
// server's clock, interpolated locally between clock frames.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { PHASE_GOALS, PHASE_LABELS, type Phase, type PhaseSlot } from '../../../server/protocol/phases.js';
import { CheckIcon, ClockIcon } from './icons.js';
import { clockNow, formatDuration, type LiveSnapshot, type TimedClock } from '../session-live.js';

export function useTicker(ms: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const t = setInterval(() => setNow(performance.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** A phase plan as the stepper reads it: labels and goals come from the phase itself. */
type Plan = readonly PhaseSlot[];

export function PhaseStepper({ plan, phase, ended }: { plan: Plan; phase: Phase; ended: boolean }) {
  const current = plan.findIndex((s) => s.phase === phase);
  return (
    <ol className="stepper" aria-label="Interview phases">
      {plan.map((slot, i) => {
        const state = ended || i < current ? 'done' : i === current ? 'current' : 'upcoming';
        const minutes = Math.round((slot.endMs - slot.startMs) / 60_000);
        return (
          <li key={slot.phase} className={`step ${state}`} aria-current={state === 'current' ? 'step' : undefined} title={PHASE_GOALS[slot.phase]}>
            <span className="step-dot" aria-hidden="true">{state === 'done' ? <CheckIcon /> : i + 1}</span>
            <span className="step-label">{PHASE_LABELS[slot.phase]}</span>
            <span className="step-min">{minutes} min</span>
            <span className="visually-hidden">{state === 'done' ? ' (done)' : state === 'current' ? ' (now)' : ''}</span>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * Every phase's one-line goal, behind a button: the step titles show them only to a mouse, and
 * the line under the stepper says only the current one. Escape or a click elsewhere closes it.
 */
export function PhaseGoals({ plan, phase }: { plan: Plan; phase: Phase }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !ref.current?.open) return;
    e.stopPropagation();
    ref.current.open = false;
    ref.current.querySelector('summary')?.focus();
  };
  return (
    <details className="phase-goals" ref={ref} onToggle={() => setOpen(ref.current?.open ?? false)} onKeyDown={onKeyDown}>
      <summary>What each phase expects</summary>
      <ol className="phase-goals-list" data-testid="phase-goals">
        {plan.map((slot) => (
          <li key={slot.phase} className={slot.phase === phase ? 'current' : undefined} aria-current={slot.phase === phase ? 'step' : undefined}>
            <strong>{PHASE_LABELS[slot.phase]}</strong> <span className="muted small">{Math.round((slot.endMs - slot.startMs) / 60_000)} min</span>
            <span className="phase-goals-goal">{PHASE_GOALS[slot.phase]}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}

export function Clocks({ clock, snapshot }: { clock: TimedClock | null; snapshot: LiveSnapshot }) {
  const now = useTicker(250);
  if (!clock) return null;
  const c = clockNow(clock, now);
  const ended = snapshot.status === 'ended';
  const warned = snapshot.warning?.phase === snapshot.phase;
  const over = c.overPhaseMs > 0 && !ended;
  const phaseClass = over ? 'over' : warned || c.remainingInPhaseMs <= 60_000 ? 'warn' : '';
  return (
    <div className="clocks">
      <div className={`clock ${phaseClass}`} role="timer" aria-label="Time left in this phase">
        <span className="clock-label">{over ? 'Phase over by' : 'Phase left'}</span>
        <span className="clock-value" data-testid="phase-clock">{formatDuration(over ? c.overPhaseMs : c.remainingInPhaseMs)}</span>
      </div>
      <div className={`clock ${c.remainingTotalMs <= 5 * 60_000 && !ended ? 'warn' : ''}`} role="timer" aria-label="Time left in the interview">
        <span className="clock-label">Interview left</span>
        <span className="clock-value" data-testid="total-clock">{formatDuration(c.remainingTotalMs)}</span>
      </div>
    </div>
  );
}

export function PhaseNotice({ snapshot, plan }: { snapshot: LiveSnapshot; plan: Plan }) {
  const now = useTicker(1000);
  const clock = snapshot.clock;
  if (snapshot.status === 'ended') return <p className="phase-goal">The interview has ended.</p>;
  const over = clock ? clockNow(clock, now).overPhaseMs > 0 : false;
  const warning = snapshot.warning?.phase === snapshot.phase ? snapshot.warning : null;
  return (
    <div className="phase-goal-row">
      <p className="phase-goal" data-testid="phase-goal">
        <strong>{PHASE_LABELS[snapshot.phase]}:</strong> {PHASE_GOALS[snapshot.phase]}
      </p>
      {over ? (
        <p className="phase-alert over" role="status">Planned time is up: the interviewer will move on shortly.</p>
      ) : warning ? (
        // Not a live region: the warning arrives in the chat too, and is announced from there once.
        <p className="phase-alert">
          <ClockIcon /> About {Math.max(1, Math.round(warning.remainingMs / 60_000))} min left in {PHASE_LABELS[warning.phase].toLowerCase()}
        </p>
      ) : null}
      <PhaseGoals plan={plan} phase={snapshot.phase} />
    </div>
  );
}
