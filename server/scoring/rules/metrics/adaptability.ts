// Adaptability: what changed after the constraint pivot, how pushback was answered, and whether
// the candidate revised their own design when the facts moved.
import { type PhraseSet, hasPhrase, matchedPhrase, mentionsLoosely } from '../../../understanding/phrases.js';
import type { Sentence } from '../../reading/transcript-index.js';
import type { PivotReport } from '../../types.js';
import { type Hit, type MetricContext, type MetricValues, UNMEASURED, countMetric, creditable, distinctTerms, measured, namedTerms, phraseHits, round2, says } from './context.js';

/** How many candidate turns after the pivot count as the first response to it... */
const FIRST_RESPONSE_TURNS = 2;
/** ...and as the candidate's working-through of it (new terms, expected changes). */
const PIVOT_WINDOW_TURNS = 4;

export function adaptabilityMetrics(ctx: MetricContext): { metrics: MetricValues; pivot: PivotReport | null } {
  const { index, vocab, pivot } = ctx;
  const challengeTurns = index.turns.filter(
    (t) => t.role === 'interviewer' && t.turn !== pivot?.turn && t.sentences.some((s) => hasPhrase(vocab.challenge, s.norm)),
  );
  const engaged: Hit[] = [];
  for (const c of challengeTurns) {
    // Turns are numbered by position, so the reply is the next one.
    const reply = index.turns[c.turn];
    if (!reply || reply.role !== 'candidate') continue;
    const reasoned = reply.sentences.find(
      (s) => says(s, vocab.justification).length > 0 || says(s, vocab.tradeoff).length > 0 || says(s, vocab.alternatives).length > 0,
    );
    if (reasoned) engaged.push({ sentence: reasoned });
  }
  const metrics: MetricValues = {
    'adapt.pivotResponse': UNMEASURED,
    'adapt.pivotExpectsShare': UNMEASURED,
    'adapt.pivotNewTerms': UNMEASURED,
    'adapt.pivotDismissed': UNMEASURED,
    'adapt.pushbacks': measured(challengeTurns.length),
    // [SCO45] Turns where the interviewer questioned a choice of the candidate's (not a failure probe).
    'adapt.pushedBack': measured(index.turns.filter((t) => t.role === 'interviewer' && t.sentences.some((s) => hasPhrase(vocab.pushback, s.norm))).length),
    'adapt.pushbackEngaged': measured(engaged.length, engaged),
    'adapt.revisions': countMetric(index.candidate, vocab.revision),
  };
  if (!pivot) return { metrics, pivot: null };

  const before = index.candidate.filter((s) => s.turn < pivot.turn);
  // The wrap-up recaps the whole design; it is not the response to the pivot.
  const pivotPhase = index.turns[pivot.turn - 1]?.phase;
  const responding = (s: Sentence) => s.turn > pivot.turn && (s.phase !== 'wrap_up' || pivotPhase === 'wrap_up');
  const laterTurns = [...new Set(index.candidate.filter(responding).map((s) => s.turn))];
  const windowTurns = laterTurns.slice(0, PIVOT_WINDOW_TURNS);
  const after = index.candidate.filter((s) => windowTurns.includes(s.turn));
  const responseTurns = laterTurns.slice(0, FIRST_RESPONSE_TURNS);
  const response = after.filter((s) => responseTurns.includes(s.turn));
  const changeSentences = response.filter((s) => says(s, vocab.change).length > 0);
  const dismissive = response.filter((s) => says(s, vocab.dismissive).length > 0);
  const dismissed = dismissive.length > 0 && changeSentences.length === 0;

  const designSets = [vocab.components, vocab.mechanisms, vocab.failure, vocab.concurrency, vocab.heavyInfra];
  // Anything named before the pivot, even in a question, is not new after it.
  const known = new Set(designSets.flatMap((set) => [...namedTerms(before, set)]));
  // New terms, keyed by the words as said, so one word listed in two sets ("replicas") counts once.
  const fresh = new Map<string, Sentence>();
  for (const set of designSets) {
    for (const [term, s] of distinctTerms(after, set)) {
      const said = matchedText(designSets, term, s.norm);
      if (!known.has(term) && !fresh.has(said)) fresh.set(said, s);
    }
  }

  const expects = pivot.expects ?? [];
  const stating = after.filter((s) => creditable(s));
  const hitWords = expects.filter((w) => stating.some((s) => mentionsLoosely(s.norm, w)));
  const expectHits: Hit[] = hitWords.map((w) => ({ sentence: stating.find((s) => mentionsLoosely(s.norm, w))! }));

  // [SCO27] The quoted response is the sentence with the most change language, the quoted rework the
  // sentence that brings in the most new terms.
  metrics['adapt.pivotResponse'] = measured(changeSentences.length > 0 ? 1 : 0, phraseHits(changeSentences, vocab.change));
  const freshIn = (s: Sentence) => [...fresh.values()].filter((f) => f === s).length;
  metrics['adapt.pivotNewTerms'] = measured(fresh.size, [...new Set(fresh.values())].map((sentence) => ({ sentence, strength: freshIn(sentence) })));
  metrics['adapt.pivotDismissed'] = measured(dismissed ? 1 : 0, dismissed ? dismissive.map((sentence) => ({ sentence })) : []);
  if (expects.length > 0) metrics['adapt.pivotExpectsShare'] = measured(round2(hitWords.length / expects.length), expectHits);

  const share = expects.length > 0 ? hitWords.length / expects.length : undefined;
  let handling: PivotReport['handling'];
  if (responseTurns.length === 0) handling = 'not_answered';
  else if (dismissed || (changeSentences.length === 0 && fresh.size <= 1 && (share ?? 0) < 0.25)) handling = 'poorly';
  else if (changeSentences.length > 0 && (share === undefined ? fresh.size >= 3 : share >= 0.5)) handling = 'well';
  else handling = 'partly';

  const evidence = [...changeSentences, ...dismissive, ...response].slice(0, 1).concat(expectHits.map((h) => h.sentence).slice(0, 1));
  return {
    metrics,
    pivot: {
      turn: pivot.turn,
      text: pivot.text,
      ...(pivot.pivotId ? { pivotId: pivot.pivotId } : {}),
      handling,
      expectsHit: hitWords,
      expectsMissed: expects.filter((w) => !hitWords.includes(w)),
      changed: [...fresh.keys()],
      evidence: dedupe(evidence).map((s) => ({ turn: s.turn, quote: s.text })),
    },
  };
}

/** The words as said for a phrase ("invalidation" for "invalidat*"). */
function matchedText(sets: PhraseSet[], term: string, norm: string): string {
  for (const set of sets) {
    const found = matchedPhrase(set, term, norm);
    if (found) return found;
  }
  return term;
}

function dedupe(sentences: Sentence[]): Sentence[] {
  return sentences.filter((s, i) => sentences.findIndex((o) => o.turn === s.turn && o.start === s.start) === i);
}
