// [SCO1] The offline scorer: transcript in, report out. Pure and deterministic: no clock, no I/O,
// no randomness; the same input and rubric always give the same report, byte for byte.
import { type Evidence, extractEvidence } from './extract.js';
import { HOME_PHASES, fallbackSentence, hitsFor, preferred, selectEvidence, toEvidence } from './evidence-select.js';
import { nextSteps } from './next-steps.js';
import type { Rubric, Signal } from './rubric-schema.js';
import { type Scoring, flagsAt, scoreEvidence } from './score-rules.js';
import { type DimensionReport, type MarkItem, REPORT_FORMAT, REPORT_VERSION, type RedFlagFound, type Report, type ScoringInput } from './types.js';

export function scoreOffline(input: ScoringInput, rubric: Rubric): Report {
  const evidence = extractEvidence(input, rubric);
  const scoring = scoreEvidence(rubric, evidence.metrics);
  return buildReport(input, rubric, evidence, scoring);
}

export function buildReport(input: ScoringInput, rubric: Rubric, ev: Evidence, scoring: Scoring): Report {
  const level = input.level;
  const dimensionOf = (s: Signal) => rubric.dimensions.find((d) => d.signals.includes(s))!.id;
  const firstHit = (s: Signal) => preferred(hitsFor(s, ev.metrics), HOME_PHASES[dimensionOf(s)])[0];
  const signalEvidence = (s: Signal) => {
    const hit = firstHit(s);
    return hit ? toEvidence(hit, ev.index, s.text) : undefined;
  };
  /** Where a missing signal was expected: the candidate's words in the dimension's phase. */
  const expectedAt = (s: Signal) => {
    const sentence = fallbackSentence(ev.index, HOME_PHASES[dimensionOf(s)]);
    return sentence ? toEvidence({ sentence }, ev.index, 'Where this was expected.') : undefined;
  };

  const dimensions: DimensionReport[] = scoring.dimensions.map((d) => {
    const spec = d.dimension.levels[level];
    const marks: MarkItem[] = [];
    for (const s of d.fired) {
      const mark = spec.plusPlus.includes(s.id) ? '++' : spec.plus.includes(s.id) ? '+' : spec.minus.includes(s.id) ? '-' : undefined;
      if (!mark) continue;
      const hit = firstHit(s);
      marks.push({ mark, signal: s.id, text: s.text, ...(hit ? { turn: hit.sentence.turn } : {}) });
    }
    return {
      id: d.dimension.id,
      title: d.dimension.title,
      score: d.score[level],
      supportedLevel: d.supportedLevel,
      points: d.points,
      evidence: selectEvidence(d.dimension.id, d.fired, spec, ev.metrics, ev.index, ev.pivot?.turn),
      marks,
      skippedSignals: d.skipped.map((s) => s.id),
      offlineScore: d.score[level],
    };
  });

  const redFlags: RedFlagFound[] = flagsAt(rubric, scoring, level).map((flag) => {
    const hits = preferred(hitsFor(flag, ev.metrics), HOME_PHASES[flag.dimension]).slice(0, 2);
    const fallback = fallbackSentence(ev.index, HOME_PHASES[flag.dimension]);
    const items = hits.length > 0 ? hits.map((h) => toEvidence(h, ev.index)) : fallback ? [toEvidence({ sentence: fallback }, ev.index, 'Where it was expected.')] : [];
    return { id: flag.id, title: flag.title, dimension: flag.dimension, detail: flag.description, evidence: items };
  });

  const candidateTurns = ev.index.turns.filter((t) => t.role === 'candidate');
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    rubricVersion: rubric.version,
    scorer: 'offline',
    targetLevel: level,
    problem: input.problem ? { id: input.problem.id, title: input.problem.title } : null,
    skipped: skippedParts(input, ev),
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
    nextSteps: nextSteps(rubric, level, scoring.dimensions, dimensions, redFlags, signalEvidence, expectedAt),
    stats: {
      turns: ev.index.turns.length,
      candidateTurns: candidateTurns.length,
      candidateWords: candidateTurns.reduce((n, t) => n + t.words, 0),
    },
  };
}

/** [SCO10] What could not be checked, said in the report rather than silently scored as absent. */
function skippedParts(input: ScoringInput, ev: Evidence): string[] {
  const out: string[] = [];
  if (!input.problem) {
    out.push('No known problem: hidden facts, the estimation check against reference ranges, expected components, deep-dive topics and the race-condition check were skipped; only problem-agnostic signals were scored.');
  }
  if (!ev.pivot) out.push('No constraint pivot was found in the transcript: adaptability was scored on pushback and revisions only.');
  else if (!ev.pivot.expects) out.push('The pivot is not one of the known pivots: what it expects the design to change was not checked.');
  if (!input.diagramText?.trim()) out.push('No diagram: components were read from the conversation only.');
  if (ev.timeUse.estimated) out.push("No timestamps: time per phase is estimated from each phase's share of the words, and time overruns were not scored.");
  if (!ev.index.phasesGiven) out.push('Phases were inferred from cues in the conversation.');
  const ignored = [...new Set(ev.index.ignored.map((s) => s.turn))];
  if (ignored.length > 0) out.push(`Text addressed to the scorer was ignored (turn ${ignored.join(', ')}).`);
  return out;
}
