// [COACH2..COACH6] Coach mode's hint ladder. For the phase the interview is in, the open gaps (what
// the candidate has not covered yet, read from the same coverage and listening state the
// interviewer uses), each with three rungs built from the problem bank's data: a nudge, a pointer,
// a sketch of the idea. Pure: the clock is passed in; no hint ever states a hidden fact the
// candidate has not asked about (each rung is checked by the fact-leak check the model
// interviewer's reply guard uses).
import type { HintGap, HintRung } from './events.js';
import { factLeakCheck, figures } from './fact-leak.js';
import { type HintInput, type LadderGap, openGaps } from './hint-gaps.js';
import type { LoadedProblem, ResolvedEstimate } from './problem.js';
import type { Phase } from './phases.js';

export { type HintInput, type LadderGap, openGaps };

export const RUNG_NAMES = { 1: 'nudge', 2: 'pointer', 3: 'sketch' } as const satisfies Record<HintRung, string>;

export interface HintClock {
  /** Interview milliseconds now. */
  now(): number;
}

export interface Hint {
  phase: Phase;
  gap: HintGap;
  rung: HintRung;
  rungName: (typeof RUNG_NAMES)[HintRung];
  text: string;
  atMs: number;
}

export type HintDecision =
  | { ok: true; hint: Hint }
  | { ok: false; reason: 'not_coach' | 'ended' | 'nothing_open' | 'ladder_done'; message: string };

/** [COACH5] How to get an estimate without its figures, when the bank's derivation would give a fact away. */
const METHOD: Record<ResolvedEstimate['kind'], string> = {
  qps: 'Start from a count per day, divide by the seconds in a day (about a hundred thousand), then multiply by a peak factor of a few times.',
  bytes_per_year: 'Multiply the items written per day by the bytes per item, then by the days in a year.',
  bytes: 'Multiply the number of items by the bytes per item, over the time you keep them.',
  bps: 'Multiply the requests per second by the bytes per request, then by 8 for bits.',
};

/**
 * [COACH5] True when the text states no hidden fact the candidate has not asked about: no
 * distinctive figure of one and no run of its wording (the fact-leak check of the reply guard,
 * sentence by sentence). Figures the candidate said themselves may come back.
 */
export function revealsNoHiddenFact(text: string, problem: LoadedProblem, revealed: ReadonlySet<string>, candidateWords = ''): boolean {
  const material = [problem.statement, ...problem.facts.filter((f) => revealed.has(f.topic)).map((f) => f.answer), candidateWords].join('\n');
  const forbidden = problem.facts.filter((f) => !revealed.has(f.topic)).map((f) => f.answer);
  const facts = factLeakCheck(forbidden, new Set(figures(material)));
  // Sentence by sentence, as the reply guard reads a reply: a run of wording never spans two.
  return text.split(/(?<=[.!?])\s+/).every((sentence) => facts.leak(sentence) === undefined);
}

/** The text without its figures ("Ingesting 100k clicks per second" → "Ingesting clicks per second"). */
function withoutFigures(text: string): string {
  return text.replace(/\s*~?\$?\d[\d,.]*\s*(?:[kmbt]|million|billion|thousand|%)?(?![a-z])/gi, '').replace(/\s{2,}/g, ' ').trim();
}

/** [COACH5] A rung that would give a hidden fact away falls back to a wording without it. */
function safeText(text: string, gap: LadderGap, rung: HintRung, input: HintInput): string {
  const { state: s, problem } = input;
  const words = s.turns.filter((t) => t.role === 'candidate').map((t) => t.text).join('\n');
  const safe = (t: string) => revealsNoHiddenFact(t, problem, s.revealed, words);
  if (safe(text)) return text;
  if (gap.kind === 'estimate' && rung === 3) {
    const e = problem.resolvedEstimates.find((x) => `est:${x.id}` === gap.key);
    if (e) return `${METHOD[e.kind]} If a figure you need is missing, ask me for it first.`;
  }
  const scrubbed = withoutFigures(text);
  if (scrubbed.length > 10 && safe(scrubbed)) return scrubbed;
  return rung === 1 ? 'What about the part of this phase you have not covered yet?' : 'Ask me about the requirement this depends on first; then reason from what I tell you.';
}

/**
 * [COACH3] The next hint: the current gap's next rung (nudge, then pointer, then sketch). A gap
 * whose three rungs were given makes way for the next open gap; a gap the candidate has covered
 * is no longer open, so it is never hinted.
 */
export function nextHint(input: HintInput, clock: HintClock): HintDecision {
  const s = input.state;
  if (s.mode !== 'coach') return { ok: false, reason: 'not_coach', message: 'hints are given in coach mode only; this is an interview' };
  if (s.status === 'ended') return { ok: false, reason: 'ended', message: 'the interview has ended' };
  const gaps = openGaps(input);
  if (gaps.length === 0) return { ok: false, reason: 'nothing_open', message: 'Nothing obvious is missing in this phase: when you are ready, move on.' };
  const used = (key: string) => s.hints.filter((h) => h.gap.key === key).length;
  const gap = gaps.find((g) => used(g.key) < 3);
  if (!gap) return { ok: false, reason: 'ladder_done', message: 'You have had every hint for this phase: put it in your own words, or move on.' };
  const rung = (used(gap.key) + 1) as HintRung;
  const { rungs, ...about } = gap;
  const text = safeText(rungs[rung - 1]!, gap, rung, input);
  const label = safeText(about.label, gap, 1, input);
  return { ok: true, hint: { phase: s.phase, gap: { ...about, label }, rung, rungName: RUNG_NAMES[rung], text, atMs: clock.now() } };
}

/**
 * [COACH3][RIV10] The whole ladder of the phase, for a peer interviewer's kit: every open gap (the
 * current one first) with its three rungs, each made safe as a hint is (COACH5), so the
 * interviewer can read any of them out.
 */
export function safeLadder(input: HintInput): LadderGap[] {
  return openGaps(input).map((g) => ({
    ...g,
    label: safeText(g.label, g, 1, input),
    rungs: [safeText(g.rungs[0], g, 1, input), safeText(g.rungs[1], g, 2, input), safeText(g.rungs[2], g, 3, input)],
  }));
}

/** How a hint reads in the chat when the candidate asked for one there. */
export function hintReplyText(h: Pick<Hint, 'rung' | 'text'>): string {
  const lead = h.rung === 1 ? 'A nudge:' : h.rung === 2 ? 'A pointer:' : 'A sketch of the idea:';
  return `${lead} ${h.text}`;
}
