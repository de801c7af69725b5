// Depth: concrete mechanisms, the problem's deep-dive topics, sustained reasoning in the deep
// dive, where the design breaks, concurrency, and low-level detail brought in before any design.
// [SCO38] Only the candidate's affirmative statements count; a hard part the candidate negates,
// hedges or puts off, and never states, is a gap.
import type { DeepDive } from '../../../domain/problem.js';
import { cueState } from '../../../understanding/claims.js';
import { type PhraseSet, hasPhrase, normalize, phraseSet } from '../../../understanding/phrases.js';
import type { Sentence } from '../../reading/transcript-index.js';
import { phaseIndex } from '../../reading/transcript-index.js';
import { type Hit, type MetricContext, type MetricValues, UNMEASURED, beforeDesign, countMetric, creditable, hitsIn, measured, says, termsMetric, withPhrase } from './context.js';

export function depthMetrics(ctx: MetricContext): MetricValues {
  const { index, vocab, input, rubric } = ctx;
  // [SCO35] A long turn is long in substantive words: filler does not make reasoning sustained.
  // [SCO52] In a pasted transcript the deep dive's start is inferred, and spoken interviews reason at
  // length while drawing: long turns count from the high-level design on (wrap-up aside) there.
  const reasoning = (p: Sentence['phase']) => (index.phasesGiven ? p === 'deep_dive' : phaseIndex(p) >= phaseIndex('high_level_design') && p !== 'wrap_up');
  const long = index.turns.filter((t) => t.role === 'candidate' && reasoning(t.phase) && t.substantiveWords >= rubric.params.longTurnWords);
  const early = withPhrase(index.candidate.filter(beforeDesign), vocab.lowLevelDetail);
  // [SCO34] Where the design breaks and how concurrent updates stay correct are said about a design:
  // a peak sized in the estimate ("plan for 10x") or a requirements question ("do we need
  // exactly-once?") is not that, so only statements from the high-level design on count.
  const designStatements = index.candidate.filter((s) => !beforeDesign(s) && creditable(s));

  const metrics: MetricValues = {
    'depth.mechanisms': termsMetric(index.candidate, vocab.mechanisms),
    'depth.deepDives': UNMEASURED,
    'depth.hardPartGaps': UNMEASURED,
    'depth.coreMissed': UNMEASURED,
    'depth.longTurns': measured(long.length, long.map((t) => ({ sentence: longest(t.sentences) }))),
    'depth.bottlenecks': countMetric(designStatements, vocab.bottlenecks),
    'depth.concurrency': termsMetric(designStatements, vocab.concurrency),
    'depth.raceCore': UNMEASURED,
    'depth.earlyDetail': measured(early.length, early.map((sentence) => ({ sentence }))),
  };

  const problem = input.problem;
  if (problem) {
    const engaged: Hit[] = [];
    const gaps: Hit[] = [];
    const dives = problem.deepDives.map((d) => diveReading(d, index.candidate, rubric.params.deepDiveMinHits, vocab.components));
    for (const d of dives) {
      if (d.engaged) engaged.push(d.engaged);
      if (d.gap) gaps.push(d.gap);
    }
    metrics['depth.deepDives'] = measured(engaged.length, engaged);
    // [SCO38] A hard part hedged, negated or put off and never stated.
    metrics['depth.hardPartGaps'] = measured(gaps.length, gaps);
    // [SCO41] The problem's core hard part (its first deep dive) never engaged.
    const core = dives[0];
    if (core) metrics['depth.coreMissed'] = measured(core.engaged ? 0 : 1, core.gap ? [core.gap] : []);
    // [SCO8] A problem whose core is contention names it in its statement, tags or deep dives.
    const raceWords = [problem.statement, ...problem.tags, ...problem.deepDives.flatMap((d) => [d.title, ...d.keywords])].map(normalize);
    metrics['depth.raceCore'] = measured(raceWords.some((t) => hasPhrase(vocab.raceCore, t)) ? 1 : 0);
  }
  return metrics;
}

/** Cue words that are figures or units ("200 writes", "per second"): hedging them is estimating, not dodging. */
const FIGURE_WORDS = /\d|(?<![a-z])(?:per|a)\s+(?:second|minute|hour|day|week|month)(?![a-z])/;

interface DiveReading {
  /** The sentence that states most of the topic, when it is engaged. */
  engaged?: Hit;
  /** A part of a good answer to one of its probes was stated. */
  cueSaid: boolean;
  /** The first sentence that hedges, negates or puts off one of its words never stated elsewhere. */
  gap?: Hit;
}

/**
 * [SCO38] What the candidate's statements say about one deep dive: engaged when its keywords and
 * answer cues (a component's name or a figure aside) come up at least `minHits` times in them (each
 * statement counting the distinct words it states),
 * or every part of a good answer to one of
 * its probes (`cueState`, statements only, known wrong answers aside); a gap when one of those words
 * is only hedged, negated or put off ("we could add a lock maybe", "I didn't plan an idempotency key").
 */
function diveReading(d: DeepDive, candidate: readonly Sentence[], minHits: number, components: PhraseSet): DiveReading {
  const cues = d.probes.flatMap((p) => p.answeredWhen);
  // Naming a component ("postgres", "a cache") or a figure is not engaging a hard part: those cue
  // words only count as parts of a probe's answer.
  const specific = cues.flatMap((c) => c.any).filter((p) => !FIGURE_WORDS.test(p) && !hasPhrase(components, normalize(p.replace(/\*$/, ''))));
  const keywords: PhraseSet = phraseSet([...d.keywords, ...specific]);
  const words: PhraseSet = phraseSet([...d.keywords, ...cues.flatMap((c) => c.any)]);
  const stated = new Set<string>();
  // Each statement counts the distinct words it states, as the rubric's `deepDiveMinHits` always has.
  let mentions = 0;
  let best: { s: Sentence; n: number } | undefined;
  const dodged: Array<{ s: Sentence; phrase: string }> = [];
  for (const s of candidate) {
    const said = says(s, words);
    for (const p of said) stated.add(p);
    const own = says(s, keywords);
    mentions += own.length;
    if (own.length > 0 && (!best || own.length > best.n)) best = { s, n: own.length };
    // Hedged figures are how estimates are said; a gap is about the design, from the high-level design on.
    if ((s.act !== 'statement' && s.act !== 'move_on') || beforeDesign(s)) continue;
    for (const h of hitsIn(s, words)) if (h.polarity !== 'asserted' && !FIGURE_WORDS.test(h.phrase)) dodged.push({ s, phrase: h.phrase });
  }
  const fair = candidate.filter((s) => s.antiPattern === undefined).map((sentence) => ({ turn: sentence.turn, sentence }));
  const said = stated.size > 0 ? new Set(cues.filter((c) => cueState(c, fair).status === 'said')) : new Set<(typeof cues)[number]>();
  const cueSaid = said.size > 0;
  const probeAnswered = d.probes.some((p) => p.answeredWhen.length > 0 && p.answeredWhen.every((c) => said.has(c)));
  const quote = best?.s ?? firstCueSentence(cues, fair);
  const engaged = (mentions >= minHits || probeAnswered) && quote ? { sentence: quote, strength: best?.n ?? 1 } : undefined;
  const gap = dodged.find((x) => !stated.has(x.phrase));
  return { ...(engaged ? { engaged } : {}), cueSaid, ...(gap ? { gap: { sentence: gap.s } } : {}) };
}

function firstCueSentence(cues: ReadonlyArray<{ any: readonly string[] }>, said: ReadonlyArray<{ turn: number; sentence: Sentence }>): Sentence | undefined {
  for (const c of cues) {
    const st = cueState(c, said);
    if (st.status === 'said') return st.by.sentence as Sentence;
  }
  return undefined;
}

/** The turn's longest statement (its longest sentence when it states nothing): the quote for sustained reasoning. */
function longest(sentences: Sentence[]): Sentence {
  const stated = sentences.filter((s) => creditable(s));
  const pool = stated.length > 0 ? stated : sentences;
  return pool.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
}
