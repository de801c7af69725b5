// Communication and time management: who talked and who drove, structure, check-ins with the
// interviewer, and time per phase against the plan.
import { type PhraseSet, hasPhrase, phrasesIn } from '../../../understanding/phrases.js';
import { wordCount } from '../../../understanding/text.js';
import type { Sentence } from '../../reading/transcript-index.js';
import { isCheckIn, phaseIndex } from '../../reading/transcript-index.js';
import type { Report } from '../../types.js';
import { type MetricContext, type MetricValues, UNMEASURED, countMetric, creditable, hitsOf, measured, round2, says, statementWithTag, withPhrase } from './context.js';

export function communicationMetrics(ctx: MetricContext, overruns: number | undefined, timeShare: number | undefined): { metrics: MetricValues; drive: Report['drive'] } {
  const { index, vocab, rubric } = ctx;
  const candidateTurns = index.turns.filter((t) => t.role === 'candidate');
  // [SCO35] Talk share and steering density count substantive words only (both speakers' for the
  // share), so filler and repeated sentences neither raise the share nor dilute the nudges.
  const candidateWords = candidateTurns.reduce((n, t) => n + t.substantiveWords, 0);
  const allWords = index.turns.reduce((n, t) => n + t.substantiveWords, 0);
  const talkShare = allWords > 0 ? round2(candidateWords / allWords) : 0;
  const agenda = withPhrase(index.candidate, vocab.agenda);
  const stated = index.candidate.filter((s) => creditable(s));
  // A request for the answer counts when it is put to the interviewer ("what would you use?", "tell me
  // the answer"), not a spoken question about the design ("what is the best way my API can choose?").
  const asksForWork = index.candidate.filter(
    (s) => (s.act === 'request_work' && (WORK_VERB.test(s.norm) || s.content)) || (s.act === 'request_answer' && ADDRESSED.test(s.norm)),
  );
  const candidateLedTransitions = index.transitions.filter((t) => t.by === 'candidate').length;
  const interviewerLedTransitions = index.transitions.length - candidateLedTransitions;
  // [SCO12] Steering: the interviewer's questions and nudges per 100 substantive words the candidate says.
  // [SCO51] Small talk ("Can you hear me?") and the interviewer's own confirming tags ("..., right?")
  // steer nothing, and one turn is one intervention however many questions it strings together
  // ("Can you explain this box? Is it a service? Or a database?").
  const nudges = index.interviewer.filter((s) => (s.question && s.act !== 'social' && s.act !== 'check_in' && !statementWithTag(s)) || hasPhrase(vocab.nudges, s.norm));
  const nudgeTurns = new Set(nudges.map((s) => s.turn)).size;
  const nudgeRate = round2((nudgeTurns * 100) / Math.max(candidateWords, 1));
  const terse = candidateTurns.filter((t) => t.words < rubric.params.terseTurnWords);
  // [SCO12][SCO38] A check-in is a check-in act ("Does that make sense so far?"), an involving phrase
  // asked or stated ("What do you think?", "correct me if I'm wrong"), any question the candidate asks
  // once designing, or a bare confirming question at any time ("OK?", "Sound good?", "Fair?"). Small
  // talk, requests and text for the grader are not.
  const checkIns = index.candidate.filter((s) => {
    if (s.act === 'check_in') return true;
    if (s.act === 'question') {
      return hasPhrase(vocab.involvement, s.norm) || isCheckIn(s, vocab) || phaseIndex(s.phase) >= phaseIndex('high_level_design') || wordCount(s.text) <= CONFIRMING_WORDS;
    }
    return says(s, vocab.involvement).length > 0;
  });

  const metrics: MetricValues = {
    'comm.talkShare': measured(talkShare),
    'comm.candidateLed': measured(candidateLedTransitions + agenda.length, hitsOf(agenda)),
    'comm.signposts': countMetric(stated.filter((s) => signposts(s, vocab.signposts)), vocab.signposts),
    // [SCO55] Quotes prefer an involving phrase ("what do you think?", "which matters more?"), then a
    // check-in act ("Does that make sense?"), over a design question asked while drawing.
    'comm.checkIns': measured(
      checkIns.length,
      checkIns.map((sentence) => ({ sentence, strength: hasPhrase(vocab.involvement, sentence.norm) ? 3 : sentence.act === 'check_in' ? 2 : 1 })),
    ),
    'comm.decisions': countMetric(index.candidate, vocab.decisions),
    'comm.nudgeRate': measured(nudgeRate),
    'comm.terseShare': measured(candidateTurns.length > 0 ? round2(terse.length / candidateTurns.length) : 0),
    'comm.phaseOverruns': overruns === undefined ? UNMEASURED : measured(overruns),
    // [SCO46] The part of the planned length the interview used (real times only).
    'comm.timeShare': timeShare === undefined ? UNMEASURED : measured(timeShare),
    // [SCO49] The share of the conversation (both speakers' words) from the high-level design on,
    // wrap-up aside: an interview spent in requirements never got to the design.
    // Unmeasured when the design was never found in a pasted transcript: then when it started is unknown.
    'comm.designShare': index.phasesGiven || index.transitions.some((t) => phaseIndex(t.to) >= phaseIndex('high_level_design')) ? measured(designShare(index)) : UNMEASURED,
    // [SCO40] Asking the interviewer to do the candidate's part: draw it, design it, decide it, or say the answer.
    'comm.asksForWork': measured(asksForWork.length, hitsOf(asksForWork)),
  };

  // [SCO12] Who drove: the candidate when they do most of the talking with little steering, the
  // interviewer when they steer heavily or the candidate says little.
  const driver = talkShare >= 0.6 && nudgeRate <= 1.5 ? 'candidate' : talkShare < 0.5 || nudgeRate >= 4 ? 'interviewer' : 'shared';
  return {
    metrics,
    drive: {
      candidateWordShare: talkShare,
      candidateLedTransitions,
      interviewerLedTransitions,
      interviewerNudges: nudgeTurns,
      driver,
    },
  };
}

const ADDRESSED = /(?<![a-z])(?:you|your|me)(?![a-z])/;
/** Asking for work on the design ("draw the rest", "do the math"), not "it's up to you" about where to go next. */
const WORK_VERB = /(?<![a-z])(?:draw|design|sketch|write|fill|finish|complete|calculate|estimate|read|pick|choose|decide)(?![a-z])/;

/** A candidate question this short is a confirmation ("OK?", "Sound good?"), not a requirement question. */
const CONFIRMING_WORDS = 2;
/** "second" as a unit of time: "600 per second", "a second before", "every few seconds". */
const TIME_UNIT = /(?:\d[\d.,]*\s*[kmb]?|per|a|an|each|every|few|couple of|of|within|split|nano|milli|micro)\s+seconds?(?![a-z0-9])/g;
/** An ordinal opening the sentence: "First, some requirements." */
const OPENING_ORDINAL = /^(?:(?:and|so|ok|okay|now|then)[,]?\s+)?(?:first|second|third|finally)(?![a-z0-9])/;
/** [SCO55] An ordinal naming a thing, not a step: "a third party provider", "the first time", "first class". */
const ORDINAL_COMPOUND = /(?<![a-z0-9])(?:first|second|third)\s+(?:party|parties|class|time|times|hand|level|degree|order|person)(?![a-z])/g;
/** An ordinal closing its clause is an adverb, not a signpost: "check Redis first, then ...". */
const CLAUSE_END_ORDINAL = /(?<![a-z0-9])(?:first|second|third|last|finally)\s*(?:[,.;:!?)]|$)/g;

/**
 * [SCO27] A signpost: a phrase of the set ("let me start", "to recap") anywhere; a single word
 * ("first", "second", "finally") only where it is not a unit of time or an adverb closing its
 * clause: "Second, it gives us replay" is a signpost; "600 per second" and "check Redis first" are not.
 */
function signposts(s: Sentence, set: PhraseSet): boolean {
  const found = phrasesIn(set, s.norm);
  if (found.some((p) => p.includes(' '))) return true;
  if (found.length === 0) return false;
  if (OPENING_ORDINAL.test(s.norm)) return true;
  return hasPhrase(set, s.norm.replace(TIME_UNIT, ' ').replace(CLAUSE_END_ORDINAL, ' ').replace(ORDINAL_COMPOUND, ' '));
}

function designShare(index: MetricContext['index']): number {
  let all = 0;
  let design = 0;
  for (const t of index.turns) {
    all += t.words;
    if (phaseIndex(t.phase) >= phaseIndex('high_level_design') && t.phase !== 'wrap_up') design += t.words;
  }
  return all > 0 ? round2(design / all) : 0;
}
