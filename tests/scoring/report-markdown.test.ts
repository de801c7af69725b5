import { describe, expect, it } from 'vitest';
import { scoreOffline } from '../../server/scoring/offline-scorer.js';
import { reportToMarkdown } from '../../server/scoring/report/report-markdown.js';
import { loadRubric } from '../../server/scoring/rules/rubric.js';
import { calibrationCases } from '../calibration/calibration-set.js';

const rubric = loadRubric();

describe('Markdown report', () => {
  const c = calibrationCases().find((x) => x.name === 'mid/ticketmaster.md')!;
  const report = scoreOffline(c.input, rubric);
  const md = reportToMarkdown(report);

  it('leads with the verdict and records rubric version and scorer', () => {
    expect(md.split('\n')[0]).toBe('# Interview report: Event Ticket Booking (Ticketmaster)');
    expect(md).toContain(`Rubric ${rubric.version} · scorer: offline`);
    expect(md).toMatch(/\*\*Verdict for mid: (Lean yes|Yes|Strong yes)\*\* · performed at \*\*mid\*\*/);
  });

  it('has the dimensions, time-per-phase and estimation tables', () => {
    expect(md).toContain('| Dimension | Score | Evidence supports | Marks |');
    expect(md).toContain('| Phase | Planned (min) | Used (min) | Turns | |');
    expect(md).toContain('| Estimate | Reference | Stated | Turn | Verdict |');
    for (const d of report.dimensions) expect(md).toContain(`| ${d.title} | ${d.score} / 4 |`);
  });

  it('[SCO19] quotes evidence as blockquotes with turn numbers', () => {
    for (const d of report.dimensions) {
      for (const e of d.evidence) expect(md).toContain(`> **Turn ${e.turn}:** ${e.quote}`);
    }
    expect(md).toContain('## Pivot');
    expect(md).toContain('Handled: **poorly**');
    expect(md).toContain('## Next steps');
  });

  it('is the same text every time', () => {
    expect(reportToMarkdown(scoreOffline(c.input, rubric))).toBe(md);
  });
});
