import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { RUBRIC_FILE, RubricError, loadRubric, parseRubric } from '../../server/scoring/rules/rubric.js';
import { DIMENSION_IDS } from '../../server/scoring/types.js';

const raw = () => parseYaml(readFileSync(RUBRIC_FILE, 'utf8'));

describe('[SCO18] the rubric is validated data', () => {
  it('loads the shipped rubric with a version and all eight dimensions at three levels', () => {
    const r = loadRubric();
    expect(r.version).toMatch(/\S/);
    expect(r.dimensions.map((d) => d.id).sort()).toEqual([...DIMENSION_IDS].sort());
    for (const d of r.dimensions) {
      for (const level of ['junior', 'mid', 'senior'] as const) {
        expect(d.levels[level].expected.length).toBeGreaterThan(10);
      }
      expect(d.signals.some((s) => s.points > 0)).toBe(true);
    }
    const flags = r.redFlags.map((f) => f.id);
    for (const id of ['decides_alone', 'detail_too_early', 'skipped_race', 'over_engineering', 'no_numbers', 'no_failure_handling']) {
      expect(flags).toContain(id);
    }
  });

  it('names the file and the field when a value is wrong', () => {
    const bad = raw();
    bad.dimensions[1].levels.mid.thresholds.meets = 'four';
    expect(() => parseRubric(bad, 'rubrics/rubric.yaml')).toThrow(/rubrics\/rubric\.yaml: dimensions\.1\.levels\.mid\.thresholds\.meets/);
  });

  it('rejects a condition on a metric that does not exist', () => {
    const bad = raw();
    bad.dimensions[0].signals[0].when = { metric: 'req.typo', gte: 1 };
    expect(() => parseRubric(bad, 'r.yaml')).toThrow(/dimensions\.0\.signals\.0\.when/);
  });

  it('rejects a level that marks an unknown signal, or a [-] signal with positive points', () => {
    const unknown = raw();
    unknown.dimensions[0].levels.junior.plus.push('no_such_signal');
    expect(() => parseRubric(unknown)).toThrow(/levels\.junior\.plus: no_such_signal is not a signal of requirements/);
    const wrongSign = raw();
    wrongSign.dimensions[0].levels.junior.minus.push('req_asks');
    expect(() => parseRubric(wrongSign)).toThrow(/expected negative/);
  });

  it('rejects bars that do not rise from junior to senior', () => {
    const bad = raw();
    bad.dimensions[0].levels.senior.thresholds = { partial: 0, meets: 0, exceeds: 0 };
    expect(() => parseRubric(bad)).toThrow(/thresholds must rise/);
  });

  it('reports unreadable or malformed files as RubricError with the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rubric-'));
    const file = join(dir, 'rubric.yaml');
    writeFileSync(file, 'version: [unclosed');
    expect(() => loadRubric(file)).toThrow(RubricError);
    expect(() => loadRubric(file)).toThrow(file);
    expect(() => loadRubric(join(dir, 'missing.yaml'))).toThrow(/cannot read/);
  });
});
