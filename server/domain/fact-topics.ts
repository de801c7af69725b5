// Which hidden facts a clarifying question is about. The same question always maps to the same
// topics, so the same fact is revealed the same way every time.
import { type TurnReading, mentionsAny, readTurn } from '../understanding/index.js';
import type { HiddenFact, Problem } from './problem.js';

/** [FACT1] Built-in trigger words for the standard topics (matched as whole words or phrases). */
export const TOPIC_WORDS: Record<string, readonly string[]> = {
  scale: ['how many users', 'users', 'dau', 'mau', 'daily active', 'scale', 'traffic', 'how big', 'volume', 'how many requests', 'peak', 'qps', 'rps', 'requests per second', 'throughput'],
  read_write: ['read', 'reads', 'write', 'writes', 'ratio', 'read-heavy', 'write-heavy', 'read heavy', 'write heavy'],
  latency: ['latency', 'fast', 'slow', 'p99', 'p95', 'milliseconds', 'ms', 'response time', 'real-time', 'real time', 'realtime'],
  availability: ['availability', 'available', 'uptime', 'downtime', 'sla', 'nines', 'outage', 'fault tolerant', 'highly available'],
  consistency: ['consistency', 'consistent', 'stale', 'eventual', 'eventually', 'strong', 'strongly', 'accurate', 'accuracy', 'exactly once', 'double'],
  data_retention: ['retention', 'retain', 'how long', 'keep', 'store for', 'forever', 'expire', 'expiry', 'ttl', 'size of', 'how large', 'storage', 'history', 'how much data', 'data size', 'stored', 'store data'],
  out_of_scope: ['out of scope', 'in scope', 'scope', 'focus on', 'analytics', 'authentication', 'auth'],
  geography: ['global', 'globally', 'region', 'regions', 'country', 'countries', 'geographic', 'worldwide', 'international', 'multi-region'],
  features: ['feature', 'features', 'functional', 'functionality', 'use case', 'use cases', 'what should', 'core'],
  clients: ['mobile', 'web', 'client', 'clients', 'app', 'browser', 'api', 'devices', 'platform'],
};

/**
 * [FACT5] Phrases that ask whether something is wanted at all ("do we need ...?"). They mean the
 * scope only when nothing more specific matched: "what availability do we need?" is about
 * availability, "do we need to support edits?" is about scope.
 */
export const SCOPE_FALLBACK_WORDS: readonly string[] = ['should we', 'do we need', 'need to support', 'do i need', 'do we have to', 'is it required'];

/**
 * [FACT2] The sentences of a message that ask about the problem, as the understanding module reads
 * them: a question by its punctuation or grammar, not a check-in ("is this ok?"), a request for the
 * answer or small talk, and not a statement that opens with "when" or "how".
 */
export function questionSentences(text: string | TurnReading): string[] {
  const reading = typeof text === 'string' ? readTurn(text) : text;
  return reading.sentences.filter((s) => s.act === 'question').map((s) => s.text);
}

/** [FACT2] True when the text asks something about the problem. */
export function isQuestion(text: string): boolean {
  return questionSentences(text).length > 0;
}

export { mentionsAny };

export function mentions(text: string, word: string): boolean {
  return mentionsAny(text, [word]);
}

function wordsFor(fact: HiddenFact): readonly string[] {
  return [...(TOPIC_WORDS[fact.topic] ?? []), ...fact.keywords];
}

/**
 * [FACT3] The facts a message's questions are about, in the problem's order. A problem-specific
 * topic wins over a standard one when both match the same question, so that "how long do links
 * live?" reveals the expiry fact rather than general retention.
 */
export function factsAskedAbout(text: string | TurnReading, problem: Pick<Problem, 'facts'>): { facts: HiddenFact[]; uncovered: boolean } {
  const questions = questionSentences(text);
  const hit = new Set<HiddenFact>();
  let uncovered = false;
  for (const q of questions) {
    const specific = problem.facts.filter((f) => !(f.topic in TOPIC_WORDS) && mentionsAny(q, f.keywords));
    const standard = problem.facts.filter((f) => f.topic in TOPIC_WORDS && mentionsAny(q, wordsFor(f)));
    let matched = specific.length > 0 ? [...specific, ...standard.filter((f) => f.keywords.length > 0 && mentionsAny(q, f.keywords))] : standard;
    if (matched.length === 0 && mentionsAny(q, SCOPE_FALLBACK_WORDS)) matched = problem.facts.filter((f) => f.topic === 'out_of_scope');
    if (matched.length === 0) uncovered = true;
    for (const f of matched) hit.add(f);
  }
  return { facts: problem.facts.filter((f) => hit.has(f)), uncovered };
}
