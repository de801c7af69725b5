// What the interviewer says when the server moves the interview along (opening, warnings, phase
// changes, the pivot, the end). Fixed wording: the server owns these moments.
import { PHASE_GOALS, PHASE_LABELS } from '../domain/phases.js';
import type { Problem } from '../domain/problem.js';
import type { Announcement } from '../domain/session.js';

export function openingText(problem: Pick<Problem, 'statement'>, durationMinutes: number): string {
  return `Hi, thanks for joining. We have ${durationMinutes} minutes. Here's the problem: ${problem.statement} ` +
    `We'll start with requirements: ask me anything you need to pin down before designing.`;
}

function minutes(ms: number): string {
  const m = Math.max(1, Math.round(ms / 60_000));
  return m === 1 ? 'about a minute' : `about ${m} minutes`;
}

export function announcementText(a: Announcement): string {
  switch (a.kind) {
    case 'warning':
      return `Time check: ${minutes(a.remainingMs)} left for ${PHASE_LABELS[a.phase].toLowerCase()}.`;
    case 'phase': {
      const lead = a.reason === 'timeout'
        ? `We're over time on ${PHASE_LABELS[a.from].toLowerCase()}, so let's move on.`
        : `Sounds good, let's move on.`;
      return `${lead} Next is ${PHASE_LABELS[a.to].toLowerCase()}: ${PHASE_GOALS[a.to]}`;
    }
    case 'pivot':
      return `${a.beforeMovingOn ? 'Before we move on, one more thing. ' : ''}Let me change one constraint. ${a.pivot.text} What changes in your design, and what stays the same?`;
    case 'ended':
      return a.reason === 'time'
        ? "That's time. Thank you, your feedback report is being prepared."
        : 'Thanks, we can stop here. Your feedback report is being prepared.';
  }
}
