// Requirements and scoping: the questions asked before designing, the hidden facts they
// uncovered, the non-functional topics raised and the scope agreed.
import { factsAskedAbout } from '../../../domain/fact-topics.js';
import { normalize } from '../../../understanding/phrases.js';
import { isCheckIn } from '../../reading/transcript-index.js';
import type { Report } from '../../types.js';
import { ASSERTED_OR_DEFERRED, type Hit, type MetricContext, type MetricValues, UNMEASURED, beforeDesign, countMetric, creditable, hitsOf, measured, raises, round2, says } from './context.js';

/** [SCO33] "skip the admin UI for now", "we can park analytics until later", "drop exports from v1". */
const DEFERRAL = /(?<![a-z])(?:skip|skipping|park|parking|defer|deferring|punt|punting|drop|dropping|leave|leaving)(?![a-z])[^.;:?!]{0,80}?(?<![a-z])(?:for now|until later|for later|for a later|from v1|for v1|from the mvp|for the mvp|out of the mvp|for a v2|to v2|to a v2|to later)(?![a-z])/;

export function requirementsMetrics(ctx: MetricContext): { metrics: MetricValues; clarification: Report['clarification'] } {
  const { index, vocab, input } = ctx;
  const early = index.candidate.filter(beforeDesign);
  // [SCO33] Sentences that say what will not be built: a listed phrase, or a deferral ("skip X for now").
  // [SCO38] Only statements: "should we leave out analytics?" asks, it does not scope.
  const excluded = early.filter((s) => says(s, vocab.outOfScope, ASSERTED_OR_DEFERRED).length > 0 || (creditable(s) && DEFERRAL.test(s.norm)));
  // [SCO32][SCO38] A clarifying question is a sentence whose act is a question: not a check-in on the
  // candidate's own progress ("Should I start drawing?"), a request or small talk.
  const questions = early.filter((s) => s.act === 'question' && !isCheckIn(s, vocab));

  // [SCO27] Each topic is shown by the sentence that raises it best: a question about it first (asking
  // is what the signal is about), then the one touching most topics, then the earliest.
  const raised = early.map((s) => ({ s, topics: vocab.nfrTopicSets.filter(([, set]) => raises(s, set).length > 0).map(([t]) => t) }));
  const strength = (r: (typeof raised)[number]) => r.topics.length + (r.s.act === 'question' ? 2 : 0);
  const topics = new Map<string, Hit>();
  for (const [topic] of vocab.nfrTopicSets) {
    let best: (typeof raised)[number] | undefined;
    for (const r of raised) if (r.topics.includes(topic) && (!best || strength(r) > strength(best))) best = r;
    if (best) topics.set(topic, { sentence: best.s, strength: strength(best) });
  }
  const functional = early.filter((s) => s.phase === 'requirements' && raises(s, vocab.functional).length > 0);

  const metrics: MetricValues = {
    'req.questions': measured(questions.length, hitsOf(questions)),
    'req.nfrTopics': measured(topics.size, [...topics.values()]),
    'req.scoping': countMetric(early, vocab.scope, ASSERTED_OR_DEFERRED),
    'req.outOfScope': measured(excluded.length, hitsOf(excluded)),
    'req.functional': measured(functional.length, hitsOf(functional)),
    'req.factsUncovered': UNMEASURED,
    'req.factsShare': UNMEASURED,
  };
  const clarification: Report['clarification'] = { questions: questions.length, factsUncovered: [], factsMissed: [] };

  const problem = input.problem;
  if (problem && problem.facts.length > 0) {
    const uncovered = new Map<string, Hit>();
    // [SCO36] A fact counts once a candidate question asks about its topic by the rule the live
    // interviewer answers by (`factsAskedAbout`), in any phase, as the interviewer answers in any
    // phase: a pasted transcript, where the interviewer paraphrases, is credited like a session...
    for (const s of index.candidate) {
      if (s.act !== 'question') continue;
      for (const f of factsAskedAbout({ sentences: [s], acts: [s.act], quantities: [] }, problem).facts) if (!uncovered.has(f.topic)) uncovered.set(f.topic, { sentence: s });
    }
    // ...or the interviewer stated its answer (verbatim, as the app does) right after a candidate turn.
    index.turns.forEach((t, i) => {
      if (t.role !== 'interviewer' || i === 0) return;
      const prev = index.turns[i - 1]!;
      if (prev.role !== 'candidate' || prev.sentences.length === 0) return;
      for (const f of problem.facts) {
        if (!uncovered.has(f.topic) && t.norm.includes(normalize(f.answer))) {
          uncovered.set(f.topic, { sentence: prev.sentences.find((s) => s.act === 'question') ?? prev.sentences[0]! });
        }
      }
    });
    const ordered = problem.facts.filter((f) => uncovered.has(f.topic));
    metrics['req.factsUncovered'] = measured(ordered.length, ordered.map((f) => uncovered.get(f.topic)!));
    metrics['req.factsShare'] = measured(round2(ordered.length / problem.facts.length), ordered.map((f) => uncovered.get(f.topic)!));
    clarification.factsUncovered = ordered.map((f) => ({ topic: f.topic, turn: uncovered.get(f.topic)!.sentence.turn }));
    clarification.factsMissed = problem.facts.filter((f) => !uncovered.has(f.topic)).map((f) => f.topic);
  }
  return { metrics, clarification };
}
