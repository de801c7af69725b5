// The rubric's vocabulary compiled once per rubric object into phrase sets.
import type { Phase } from '../../domain/phases.js';
import { type PhraseSet, compilePhrases } from '../../understanding/phrases.js';
import { type Rubric, VOCABULARY_KEYS, type VocabularyKey } from './rubric-schema.js';

export type CueablePhase = Exclude<Phase, 'requirements'>;

export interface CompiledVocabulary extends Record<VocabularyKey, PhraseSet> {
  phaseCues: Record<CueablePhase, PhraseSet>;
  nfrTopicSets: Array<readonly [string, PhraseSet]>;
}

const cache = new WeakMap<Rubric, CompiledVocabulary>();

export function compiledVocabulary(rubric: Rubric): CompiledVocabulary {
  const hit = cache.get(rubric);
  if (hit) return hit;
  const v = rubric.vocabulary;
  const sets = Object.fromEntries(VOCABULARY_KEYS.map((k) => [k, compilePhrases(k === 'nfrTopics' ? Object.values(v.nfrTopics).flat() : v[k])])) as Record<VocabularyKey, PhraseSet>;
  const compiled: CompiledVocabulary = {
    ...sets,
    phaseCues: {
      estimation: compilePhrases(v.phaseCues.estimation),
      high_level_design: compilePhrases(v.phaseCues.high_level_design),
      deep_dive: compilePhrases(v.phaseCues.deep_dive),
      wrap_up: compilePhrases(v.phaseCues.wrap_up),
    },
    nfrTopicSets: Object.entries(v.nfrTopics).map(([topic, words]) => [topic, compilePhrases(words)] as const),
  };
  cache.set(rubric, compiled);
  return compiled;
}
