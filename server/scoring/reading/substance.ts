// [SCO35] Substantive words: the words of sentences that carry content, so that talk which says
// nothing ("Right, so, yes, that is more or less the gist of it.") does not count as talking, and
// saying the same sentence again does not count twice.
import { TOPIC_WORDS, mentionsAny } from '../../domain/fact-topics.js';
import type { Problem } from '../../domain/problem.js';
import { hasPhrase } from '../../understanding/phrases.js';
import type { SentenceReading } from '../../understanding/read-turn.js';
import type { VocabularyKey } from '../rules/rubric-schema.js';
import type { CompiledVocabulary } from '../rules/vocabulary.js';

/**
 * The vocabularies whose phrases are design content: requirements, estimation, components, data
 * flow, mechanisms, trade-offs, failure and operations, decisions. Conversational sets (contrast
 * and comparative words alone, signposts, check-ins, agenda, nudges, transitions, pivot cues) are
 * not: "more or less" and "first" say nothing about the design.
 */
export const CONTENT_VOCABULARIES: readonly VocabularyKey[] = [
  'nfrTopics', 'scope', 'outOfScope', 'functional',
  'derivation', 'readWrite', 'consequence',
  'components', 'dataFlow', 'api', 'heavyInfra',
  'mechanisms', 'concurrency', 'raceCore', 'lowLevelDetail', 'bottlenecks',
  'alternatives', 'tradeoff', 'justification',
  'change', 'revision',
  'failure', 'failureScenario', 'ops',
  'decisions',
];

/** A sentence's words with everything but letters and digits dropped, to spot a repeated sentence. */
function repeatKey(norm: string): string {
  return norm.replace(/[^a-z0-9]+/g, ' ').trim();
}

/** The words the interviewer reads requirement questions by ([FACT1]: users, reads, latency, regions...). */
const TOPIC_TERMS: readonly string[] = Object.values(TOPIC_WORDS).flat();

type ProblemTerms = Pick<Problem, 'components' | 'deepDives' | 'facts' | 'estimates'>;

/** The problem's own terms: expected components and their synonyms, deep-dive, fact and estimate keywords. */
function problemTerms(problem: ProblemTerms | undefined): string[] {
  if (!problem) return [];
  return [
    ...problem.components.flatMap((c) => [c.label, ...c.synonyms]),
    ...problem.deepDives.flatMap((d) => d.keywords),
    ...problem.facts.flatMap((f) => f.keywords),
    ...problem.estimates.flatMap((e) => e.keywords),
  ];
}

export interface SubstanceJudge {
  /** True when the sentence carries content and does not repeat an earlier sentence by the same speaker. */
  (sentence: Pick<SentenceReading, 'text' | 'norm' | 'act'>, role: 'candidate' | 'interviewer'): boolean;
}

/**
 * [SCO35] A judge for sentences, in transcript order: a sentence is substantive when it has a
 * number, asks (a question, check-in or request; small talk never counts), or uses a phrase of a content vocabulary, a fact-topic word or one of the
 * problem's terms; and its words (letters and digits) are not those of an earlier sentence by the
 * same speaker. Stateful: call it once per sentence, in order.
 */
export function substanceJudge(vocab: CompiledVocabulary, problem?: ProblemTerms): SubstanceJudge {
  const seen = new Set<string>();
  const terms = [...TOPIC_TERMS, ...problemTerms(problem)];
  return (s, role) => {
    const key = `${role}:${repeatKey(s.norm)}`;
    const repeat = seen.has(key);
    seen.add(key);
    if (repeat) return false;
    // Small talk says nothing about the design, whatever its grammar.
    if (s.act === 'social') return false;
    // A question asks something of the other side (a requirement, a check-in): that is taking part.
    if (/[0-9]/.test(s.norm) || (s.act !== 'statement' && s.act !== 'move_on')) return true;
    if (CONTENT_VOCABULARIES.some((k) => hasPhrase(vocab[k], s.norm))) return true;
    return mentionsAny(s.text, terms);
  };
}
