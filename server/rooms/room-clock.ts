// The room clock of a peer interview: the solo interview's phase plan (PLAN1) run from the moment
// the interviewer starts it, at the clock speed the room was created with, stopped for good when
// the interviewer ends the interview [RIV7]. Pure. [RIV5]
import { MINUTE, phasePlan } from '../domain/phases.js';
import type { RoomClock } from '../protocol/rooms.js';

export function roomClock(durationMinutes: number, startedAtMs: number | undefined, speed: number, nowMs: number, endedAtMs?: number): RoomClock {
  const plan = phasePlan(durationMinutes);
  const totalMs = durationMinutes * MINUTE;
  const until = endedAtMs === undefined ? nowMs : Math.min(nowMs, endedAtMs);
  const elapsedMs = startedAtMs === undefined ? 0 : Math.min(totalMs, Math.max(0, (until - startedAtMs) * speed));
  const status = endedAtMs !== undefined ? 'ended' : startedAtMs === undefined ? 'waiting' : elapsedMs >= totalMs ? 'ended' : 'running';
  const slot = plan.find((s) => elapsedMs < s.endMs) ?? plan[plan.length - 1]!;
  return {
    status,
    phase: slot.phase,
    elapsedMs,
    totalMs,
    phaseEndsAtMs: slot.endMs,
    remainingInPhaseMs: status === 'ended' ? 0 : Math.max(0, slot.endMs - elapsedMs),
    remainingTotalMs: status === 'ended' ? 0 : Math.max(0, totalMs - elapsedMs),
    speed,
    plan,
  };
}
