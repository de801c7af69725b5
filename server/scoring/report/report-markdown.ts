// The report as Markdown: verdict first, then the dimensions table, each dimension's marks and
// quotes, coach mode's hints (COACH8), red flags, time per phase, the pivot, the estimation check,
// components and next steps.
import { LEVEL_LABELS, VERDICT_LABELS } from '../../protocol/report-labels.js';
import { PHASE_LABELS } from '../../domain/phases.js';
import type { DimensionReport, EvidenceItem, Report } from '../types.js';
import { formatInterviewTime } from '../../protocol/board-timeline.js';

export interface MarkdownOptions {
  /** [RPL8] The interview time of turn n: each quote then says when it was said ("[12:03]"). */
  turnTime?: (turn: number) => number | undefined;
}

const STATUS_LABELS: Record<Report['timeUse']['rows'][number]['status'], string> = {
  on_plan: 'on plan',
  over: 'over',
  under: 'under',
  skipped: 'skipped',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}

function quoteLines(e: EvidenceItem, stampOf: (turn: number) => string): string[] {
  const lines = [`> **Turn ${e.turn}${stampOf(e.turn)}:** ${e.quote.replace(/\n+/g, ' ')}`];
  if (e.note) lines.push(`>`, `> _${e.note}_`);
  return [...lines, ''];
}

function marksSummary(d: DimensionReport): string {
  const count = (m: string) => d.marks.filter((x) => x.mark === m).length;
  const parts = (['++', '+', '-'] as const).filter((m) => count(m) > 0).map((m) => `[${m}]×${count(m)}`);
  return parts.join(' ') || '—';
}

/** [SCO45] The score as shown: "n/a" when there was nothing to judge, "(low confidence)" when little bears on it. */
function scoreText(d: DimensionReport): string {
  if (d.confidence === 'not_applicable') return 'n/a (not applicable)';
  return `${d.score} / 4${d.confidence === 'low' ? ' (low confidence)' : ''}`;
}

const RUNG_LABELS = { nudge: 'Nudge', pointer: 'Pointer', sketch: 'Sketch' } as const;

/** [COACH8] A coach-mode report's hints (when, phase, rung, text, where the gap was covered) and the assisted dimensions. */
function coachLines(report: Report, stampOf: (turn: number) => string): string[] {
  const coach = report.coach;
  if (!coach) return [];
  const n = coach.hints.length;
  const out = ['## Coach mode', '', `Coach mode: ${n} hint${n === 1 ? '' : 's'}.`, ''];
  if (n === 0) return [...out, 'No hint was asked for: every score is the candidate\'s own.', ''];
  const title = (id: string) => report.dimensions.find((d) => d.id === id)?.title ?? id.replace(/_/g, ' ');
  const assisted = coach.assisted.map((a) => `${title(a.dimension)} (${a.hints} hint${a.hints === 1 ? '' : 's'})`);
  out.push(`Assisted (evidence came after a hint on it): ${assisted.join(', ') || 'none'}.`, '');
  out.push('| Time | Phase | Rung | Hint | About | Covered |', '| --- | --- | --- | --- | --- | --- |');
  for (const h of coach.hints) {
    const covered = h.usedAtTurn !== undefined ? `turn ${h.usedAtTurn}${stampOf(h.usedAtTurn)}` : 'not covered';
    out.push(`| ${formatInterviewTime(h.atMs)} | ${PHASE_LABELS[h.phase]}${h.via === 'chat' ? ' (in the chat)' : ''} | ${RUNG_LABELS[h.rungName]} | ${cell(h.text)} | ${cell(h.gap.label)} | ${covered} |`);
  }
  return [...out, ''];
}

export function reportToMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const stampOf = (turn: number) => {
    const at = options.turnTime?.(turn);
    return at === undefined ? '' : ` [${formatInterviewTime(at)}]`;
  };
  const quote = (e: EvidenceItem) => quoteLines(e, stampOf);
  const out: string[] = [];
  const title = report.problem ? report.problem.title : 'Free-form transcript';
  out.push(`# Interview report: ${title}`, '');
  out.push(
    `**Verdict for ${report.targetLevel}: ${VERDICT_LABELS[report.verdict]}** · performed at **${LEVEL_LABELS[report.performedLevel]}** · overall ${report.overallScore.toFixed(2)} / 4`,
    '',
  );
  const reasons = report.reasons ?? [];
  if (reasons.length > 0) {
    out.push('What decided it:', '');
    for (const r of reasons) {
      out.push(`- ${r.text}`);
      if (r.evidence) out.push(`  > **Turn ${r.evidence.turn}${stampOf(r.evidence.turn)}:** ${r.evidence.quote.replace(/\n+/g, ' ')}${r.evidence.note ? ` _(${r.evidence.note})_` : ''}`);
    }
    out.push('');
  }
  out.push(`Rubric ${report.rubricVersion} · scorer: ${report.scorer}${report.model ? ` (${report.model})` : ''}`, '');
  if (report.notice) out.push(`> **Notice:** ${report.notice}`, '');

  out.push('## Dimensions', '', '| Dimension | Score | Evidence supports | Marks |', '| --- | --- | --- | --- |');
  for (const d of report.dimensions) {
    const model = d.modelScore !== undefined ? ` (offline ${d.offlineScore}, model ${d.modelScore})` : '';
    out.push(`| ${cell(d.title)} | ${scoreText(d)}${model} | ${d.confidence === 'not_applicable' ? '—' : LEVEL_LABELS[d.supportedLevel]} | ${marksSummary(d)} |`);
  }
  out.push('');
  for (const d of report.dimensions) {
    out.push(`### ${d.title}: ${scoreText(d)}`, '');
    if (d.confidenceNote) out.push(`_${d.confidenceNote}_`, '');
    if (d.disagreement) out.push(`> **The model judge and the offline scorer differ:** ${d.disagreement}`, '');
    for (const m of d.marks) out.push(`- [${m.mark}] ${m.text}${m.turn ? ` (turn ${m.turn})` : ''}`);
    if (d.marks.length > 0) out.push('');
    if (d.rationale) out.push(d.rationale, '');
    for (const e of d.evidence) out.push(...quote(e));
    if (d.evidenceNote) out.push(`_${d.evidenceNote}_`, '');
    if (d.skippedSignals.length > 0) out.push(`_Not checked: ${d.skippedSignals.join(', ')}._`, '');
  }

  out.push(...coachLines(report, stampOf));

  out.push('## Red flags', '');
  if (report.redFlags.length === 0) out.push('None found.', '');
  for (const f of report.redFlags) {
    out.push(`- **${f.title}** (${f.dimension.replace(/_/g, ' ')}): ${f.detail}`, '');
    for (const e of f.evidence) out.push(...quote(e));
  }

  out.push('## Time per phase', '');
  if (report.timeUse.estimated) out.push(`_Estimated from each phase's share of the words over ${report.timeUse.durationMinutes} minutes; the transcript has no timestamps._`, '');
  out.push('| Phase | Planned (min) | Used (min) | Turns | |', '| --- | --- | --- | --- | --- |');
  for (const r of report.timeUse.rows) {
    out.push(`| ${PHASE_LABELS[r.phase]} | ${r.plannedMinutes} | ${r.usedMinutes} | ${r.turns} | ${STATUS_LABELS[r.status]} |`);
  }
  out.push('');

  out.push('## Pivot', '');
  if (!report.pivot) out.push('No constraint pivot in this transcript.', '');
  else {
    const p = report.pivot;
    out.push(`Turn ${p.turn}: ${p.text.replace(/\n+/g, ' ')}`, '', `Handled: **${p.handling.replace(/_/g, ' ')}**.`);
    if (p.expectsHit.length + p.expectsMissed.length > 0) {
      out.push(`Expected changes named: ${p.expectsHit.join(', ') || 'none'}; not named: ${p.expectsMissed.join(', ') || 'none'}.`);
    }
    out.push(`New in the design after the pivot: ${p.changed.join(', ') || 'nothing'}.`, '');
    for (const e of p.evidence) out.push(...quote(e));
  }

  out.push('## Estimation check', '');
  if (report.estimationCheck.length === 0) out.push('No reference estimates (no known problem).', '');
  else {
    out.push('| Estimate | Reference | Stated | Turn | Verdict |', '| --- | --- | --- | --- | --- |');
    for (const r of report.estimationCheck) {
      out.push(`| ${cell(r.label)} | ${cell(r.reference)} | ${cell(r.stated ?? '—')} | ${r.turn ?? '—'} | ${r.verdict.replace(/_/g, ' ')} |`);
    }
    out.push('');
  }

  out.push('## Components', '');
  if (!report.components) out.push('No expected components (no known problem).', '');
  else {
    const covered = report.components.covered.map((c) => `${c.label} (${c.where === 'talk' ? `turn ${c.turn}` : 'diagram'})`);
    out.push(`Covered: ${covered.join(', ') || 'none'}.`, '', `Missed: ${report.components.missed.map((c) => c.label).join(', ') || 'none'}.`, '');
  }

  const c = report.clarification;
  out.push('## Clarifying questions', '', `${c.questions} question(s) before the design.`);
  if (report.problem) {
    const found = c.factsUncovered.map((f) => `${f.topic} (turn ${f.turn})`);
    out.push(`Hidden facts uncovered: ${found.join(', ') || 'none'}. Not asked about: ${c.factsMissed.join(', ') || 'none'}.`);
  }
  out.push('');

  const dr = report.drive;
  out.push(
    '## Who drove the conversation',
    '',
    `Driver: **${dr.driver}**. Candidate's share of the words: ${Math.round(dr.candidateWordShare * 100)}%. Phase changes led by the candidate: ${dr.candidateLedTransitions}, by the interviewer: ${dr.interviewerLedTransitions}. Interviewer turns that asked or nudged: ${dr.interviewerNudges}.`,
    '',
  );

  out.push('## Next steps', '');
  report.nextSteps.forEach((s, i) => {
    out.push(`${i + 1}. ${s.text} _(${s.dimension.replace(/_/g, ' ')})_`, '');
    if (s.evidence) out.push(...quote(s.evidence).map((l) => (l ? `   ${l}` : l)));
    else if (s.note) out.push(`   _${s.note}_`, '');
  });

  if (report.skipped.length > 0) {
    out.push('## Not checked', '');
    for (const s of report.skipped) out.push(`- ${s}`);
    out.push('');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
