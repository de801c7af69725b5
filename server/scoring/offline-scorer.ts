// [SCO1] The offline scorer: transcript in, report out. Pure and deterministic: no clock, no I/O,
// no randomness; the same input and rubric always give the same report, byte for byte.
import type { Phase } from '../domain/phases.js';
import { HOME_PHASES, hitsFor, preferred, selectEvidence, toEvidence } from './report/evidence-select.js';
import { type Evidence, extractEvidence } from './rules/extract.js';
import type { Hit } from './rules/metrics/context.js';
import { FLAG_FALLBACK_NOTE, nextSteps } from './report/next-steps.js';
import { hasPhrase, phrasesIn } from '../understanding/phrases.js';
import { conditionMetrics } from './rules/rubric.js';
import type { Rubric, Signal } from './rules/rubric-schema.js';
import { type DimensionScoring, type Flag, type Scoring, flagsAt, scoreEvidence } from './rules/score-rules.js';
import { verdictReasons } from './report/verdict-reasons.js';
import type { MetricId } from './rules/metric-ids.js';
import type { Sentence } from './reading/transcript-index.js';
import { wordCount } from '../understanding/text.js';
import { phaseIndex } from './reading/transcript-index.js';
import { type CompiledVocabulary, compiledVocabulary } from './rules/vocabulary.js';
import { type DimensionReport, type MarkItem, REPORT_FORMAT, REPORT_VERSION, type RedFlagFound, type Report, type ScoringInput } from './types.js';

export function scoreOffline(input: ScoringInput, rubric: Rubric): Report {
  const evidence = extractEvidence(input, rubric);
  const scoring = scoreEvidence(rubric, evidence.metrics, evidence.antiPatterns);
  return buildReport(input, rubric, evidence, scoring);
}

export function buildReport(input: ScoringInput, rubric: Rubric, ev: Evidence, scoring: Scoring): Report {
  const level = input.level;
  const vocab = compiledVocabulary(rubric);
  const dimensionOf = (s: Signal) => rubric.dimensions.find((d) => d.signals.includes(s))!.id;
  const firstHit = (s: Signal) => preferred(hitsFor(s, ev.metrics), HOME_PHASES[dimensionOf(s)])[0];
  const signalEvidence = (s: Signal) => {
    const hit = firstHit(s);
    return hit ? toEvidence(hit, ev.index, s.text) : undefined;
  };
  /** [SCO33] Where a missing signal bears on the transcript, in a turn no earlier next step quotes. */
  const expectedAt = (s: Signal | Flag, taken: ReadonlySet<number>) => {
    const phases = HOME_PHASES['dimension' in s ? s.dimension : dimensionOf(s)];
    const own = 'rule' in s ? (s.hits ?? (s.when ? hitsFor({ when: s.when, evidence: s.evidence }, ev.metrics) : [])) : hitsFor(s, ev.metrics);
    const partial = preferred(own, phases).find((h) => !taken.has(h.sentence.turn));
    if (partial) return toEvidence(partial, ev.index, 'Where this came up; more of it was expected.');
    const moment = calledFor(s, ev, vocab, phases).find((m) => !taken.has(m.hit.sentence.turn));
    return moment ? toEvidence(moment.hit, ev.index, moment.note) : undefined;
  };

  const candidateWords = ev.index.turns.reduce((n, t) => n + (t.role === 'candidate' ? t.substantiveWords : 0), 0);
  const dimensions: DimensionReport[] = scoring.dimensions.map((d) => {
    const spec = d.dimension.levels[level];
    const marks: MarkItem[] = [];
    for (const s of d.fired) {
      const mark = spec.plusPlus.includes(s.id) ? '++' : spec.plus.includes(s.id) ? '+' : spec.minus.includes(s.id) ? '-' : undefined;
      if (!mark) continue;
      const hit = firstHit(s);
      marks.push({ mark, signal: s.id, text: s.text, ...(hit ? { turn: hit.sentence.turn } : {}) });
    }
    const quotes = selectEvidence(d.dimension.id, d.fired, spec, ev.metrics, ev.index);
    const trust = confidence(d, rubric, ev, d.score[level], candidateWords);
    return {
      id: d.dimension.id,
      title: d.dimension.title,
      score: d.score[level],
      supportedLevel: d.supportedLevel,
      points: d.points,
      evidence: quotes.evidence,
      ...(quotes.note ? { evidenceNote: quotes.note } : {}),
      marks,
      skippedSignals: d.skipped.map((s) => s.id),
      offlineScore: d.score[level],
      ...trust,
    };
  });

  const raised = flagsAt(rubric, scoring, level);
  const redFlags: RedFlagFound[] = raised.map((flag) => {
    const own = flag.hits ?? (flag.when ? hitsFor({ when: flag.when, evidence: flag.evidence }, ev.metrics) : []);
    const hits = preferred(own, HOME_PHASES[flag.dimension]).slice(0, 2);
    // [SCO43] A flag raised by an absence (no numbers, no failure handling) is shown where it was
    // called for, or without a quote: never with a sentence that does not bear on it.
    const called = hits.length === 0 ? expectedAt(flag, new Set()) : undefined;
    const items = hits.length > 0 ? hits.map((h) => toEvidence(h, ev.index, undefined, flag.id)) : called ? [{ ...called, note: called.note ?? FLAG_FALLBACK_NOTE }] : [];
    return { id: flag.id, title: flag.title, dimension: flag.dimension, detail: flag.description, evidence: items };
  });

  const candidateTurns = ev.index.turns.filter((t) => t.role === 'candidate');
  const steps = nextSteps(rubric, level, scoring.dimensions, dimensions, raised, redFlags, signalEvidence, expectedAt);
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    rubricVersion: rubric.version,
    scorer: 'offline',
    targetLevel: level,
    problem: input.problem ? { id: input.problem.id, title: input.problem.title } : null,
    skipped: skippedParts(input, ev, rubric),
    performedLevel: scoring.performedLevel,
    verdict: scoring.verdict[level],
    overallScore: scoring.mean[level],
    dimensions,
    redFlags,
    timeUse: ev.timeUse,
    pivot: ev.pivotReport,
    estimationCheck: ev.estimationCheck,
    components: ev.components,
    clarification: ev.clarification,
    drive: ev.drive,
    nextSteps: steps,
    reasons: verdictReasons(rubric, level, scoring.verdict[level], dimensions, redFlags, steps),
    stats: {
      turns: ev.index.turns.length,
      candidateTurns: candidateTurns.length,
      candidateWords: candidateTurns.reduce((n, t) => n + t.words, 0),
    },
  };
}

/**
 * [SCO45] How far a dimension's score can be trusted: not applicable when it had nothing to judge
 * (its rubric `applicableWhen` does not hold); low when the whole interview has fewer substantive
 * candidate words than `minCandidateWords`, or when a score of 3 or 4 rests on sentences with fewer
 * than `minEvidenceWords` words between them.
 */
function confidence(d: DimensionScoring, rubric: Rubric, ev: Evidence, score: number, candidateWords: number): Pick<DimensionReport, 'confidence' | 'confidenceNote'> {
  if (!d.applicable) {
    return { confidence: 'not_applicable', confidenceNote: 'Not applicable: nothing in this interview called for it (no constraint change and no pushback), so it does not count toward the verdict.' };
  }
  const { minCandidateWords, minEvidenceWords } = rubric.params;
  if (candidateWords < minCandidateWords) {
    return { confidence: 'low', confidenceNote: `Low confidence: a short transcript (${candidateWords} substantive words from the candidate).` };
  }
  if (score >= 3) {
    const sentences = new Set<Sentence>();
    for (const s of d.fired) {
      if (s.points <= 0) continue;
      for (const id of s.evidence ? [s.evidence] : conditionMetrics(s.when)) for (const h of ev.metrics[id as MetricId].hits) if (h.sentence.role === 'candidate') sentences.add(h.sentence);
    }
    const words = [...sentences].reduce((n, x) => n + wordCount(x.text), 0);
    const global = d.fired.some((s) => s.points > 0 && conditionMetrics(s.when).some((m) => ev.metrics[m as MetricId].hits.length === 0));
    if (words < minEvidenceWords && !global) {
      return { confidence: 'low', confidenceNote: `Low confidence: not enough evidence; this score rests on ${words} words of the candidate's.` };
    }
  }
  return {};
}

/** [SCO10] What could not be checked, said in the report rather than silently scored as absent. */
function skippedParts(input: ScoringInput, ev: Evidence, rubric: Rubric): string[] {
  const out: string[] = [];
  if (!input.problem) {
    out.push('No known problem: hidden facts, the estimation check against reference ranges, expected components, deep-dive topics and the race-condition check were skipped; only problem-agnostic signals were scored.');
  }
  if (!ev.pivot) out.push('No constraint pivot was found in the transcript: adaptability was scored on pushback and revisions only.');
  else if (!ev.pivot.expects) out.push('The pivot is not one of the known pivots: what it expects the design to change was not checked.');
  if (!input.diagramText?.trim()) out.push('No diagram: components were read from the conversation only.');
  const said = ev.index.turns.reduce((n, t) => n + (t.role === 'candidate' ? t.substantiveWords : 0), 0);
  if (said < rubric.params.minCandidateWords) {
    out.push(`A short transcript: the candidate said ${said} substantive words, so every score is low confidence.`);
  }
  if (ev.timeUse.estimated) out.push("No timestamps: time per phase is estimated from each phase's share of the words, and time overruns were not scored.");
  if (!ev.index.phasesGiven) out.push('Phases were inferred from cues in the conversation.');
  const ignored = [...new Set(ev.index.ignored.map((s) => s.turn))];
  if (ignored.length > 0) out.push(`Text addressed to the scorer was ignored (turn ${ignored.join(', ')}).`);
  return out;
}

/** A candidate sentence that commits to a choice: "I'll use ...", or "I'd ..." naming a component. */
const FIRST_PERSON_CHOICE = /(?<![a-z])(?:i'd|i would|we'd|we would|i'll|we'll|let's)(?![a-z])/;

/**
 * [SCO33] Moments a missing signal was called for, when no candidate sentence counted toward it:
 * for leading the interview, where the interviewer moved it on; for alternatives, costs and reasons,
 * the candidate's choices that name none; for failure handling, the sketch naming the most parts;
 * for the pivot, the interviewer's pivot; for pushback, the interviewer's challenges. Other signals
 * have no such moment, and the next step says that no turn showed it.
 */
function calledFor(s: Signal | Flag, ev: Evidence, vocab: CompiledVocabulary, phases: readonly Phase[]): Array<{ hit: Hit; note: string }> {
  const metrics = s.evidence ? [s.evidence] : s.when ? conditionMetrics(s.when) : [];
  const inPhases = (sentences: typeof ev.index.candidate) => [...sentences].sort((a, b) => (phases.includes(a.phase) ? 0 : 1) - (phases.includes(b.phase) ? 0 : 1) || a.turn - b.turn);
  if (metrics.includes('comm.candidateLed')) {
    return ev.index.transitions
      .filter((t) => t.by === 'interviewer')
      .flatMap((t) => {
        const turn = ev.index.turns[t.turn - 1]!;
        const sentence = turn.sentences.find((x) => hasPhrase(vocab.phaseCues[t.to as Exclude<Phase, 'requirements'>], x.norm)) ?? turn.sentences.find((x) => x.question) ?? turn.sentences[0];
        return sentence ? [{ hit: { sentence }, note: 'The interviewer moved the interview on here; this was the moment to lead.' }] : [];
      });
  }
  if (metrics.some((m) => m.startsWith('fail.'))) {
    // The sketch that names the most parts: each of them is a box that can fail.
    const parts = (x: (typeof ev.index.candidate)[number]) => new Set(phrasesIn(vocab.components, x.norm)).size;
    const sketches = ev.index.candidate.filter((x) => phaseIndex(x.phase) >= phaseIndex('high_level_design') && parts(x) >= 1);
    return [...sketches]
      .sort((a, b) => parts(b) - parts(a) || a.turn - b.turn)
      .map((sentence) => ({ hit: { sentence }, note: 'The design names these parts here; what happens when one of them fails was not said.' }));
  }
  if (metrics.some((m) => m.startsWith('adapt.pivot')) && ev.pivot) {
    const turn = ev.index.turns[ev.pivot.turn - 1];
    // The pivot's longest sentence states the constraint ("What changes?" does not).
    const sentence = turn && turn.sentences.length > 0 ? turn.sentences.reduce((best, x) => (x.end - x.start > best.end - best.start ? x : best)) : undefined;
    return sentence ? [{ hit: { sentence }, note: 'The constraint changed here.' }] : [];
  }
  if (metrics.some((m) => m.startsWith('adapt.pushback'))) {
    return ev.index.interviewer
      .filter((x) => hasPhrase(vocab.challenge, x.norm))
      .map((sentence) => ({ hit: { sentence }, note: 'The interviewer challenged a choice here.' }));
  }
  if (metrics.includes('depth.mechanisms')) {
    // A part of the design named in a statement without saying how it works (or only as a maybe).
    const named = ev.index.candidate.filter(
      (x) => phaseIndex(x.phase) >= phaseIndex('high_level_design') && (x.act === 'statement' || x.act === 'move_on') && hasPhrase(vocab.components, x.norm) && !hasPhrase(vocab.mechanisms, x.norm),
    );
    return inPhases(named).map((sentence) => ({ hit: { sentence }, note: 'A part of the design named here without saying how it works.' }));
  }
  const missing: Record<string, [PhraseSetName, string]> = {
    'trade.alternatives': ['alternatives', 'A choice made here without naming the option not taken.'],
    'trade.language': ['tradeoff', 'A choice made here without saying what it costs.'],
    'trade.justifications': ['justification', 'A choice made here without saying why.'],
  };
  const key = metrics.find((m) => m in missing);
  if (!key) return [];
  const [lacking, note] = missing[key]!;
  const choices = ev.index.candidate.filter(
    (x) =>
      (hasPhrase(vocab.decisions, x.norm) || (FIRST_PERSON_CHOICE.test(x.norm) && hasPhrase(vocab.components, x.norm))) &&
      !hasPhrase(vocab[lacking], x.norm) &&
      x.act === 'statement',
  );
  return inPhases(choices).map((sentence) => ({ hit: { sentence }, note }));
}

type PhraseSetName = 'alternatives' | 'tradeoff' | 'justification';
