// [SCO18] Loads rubrics/rubric.yaml, validates it with zod and checks what zod cannot: that every id a
// level names exists, marks point the right way, and the bars rise from junior to senior.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { LEVELS } from '../../domain/problem.js';
import { type Condition, type Rubric, RubricSchema } from './rubric-schema.js';
import { VERDICTS } from '../types.js';
import { formatIssues } from '../../platform/errors.js';

export type { Rubric } from './rubric-schema.js';

export const RUBRIC_FILE = new URL('../../../rubrics/rubric.yaml', import.meta.url).pathname;

export class RubricError extends Error {}

/** Reads and validates the rubric; throws a RubricError naming the file and the field. */
export function loadRubric(file = RUBRIC_FILE): Rubric {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RubricError(`rubric: ${file}: cannot read (${(err as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new RubricError(`rubric: ${file}: not valid YAML (${(err as Error).message})`);
  }
  return parseRubric(raw, file);
}

export function parseRubric(raw: unknown, file = 'rubric'): Rubric {
  const parsed = RubricSchema.safeParse(raw);
  if (!parsed.success) {
    throw new RubricError(`rubric: ${file}: ${formatIssues(parsed.error.issues, { root: '(root)' })}`);
  }
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw new RubricError(`rubric: ${file}: ${problems.join('; ')}`);
  return parsed.data;
}

function crossCheck(r: Rubric): string[] {
  const out: string[] = [];
  const dimIds = new Set<string>();
  const signalIds = new Set<string>();
  // An anti-pattern flag belongs to whichever dimension the bank names: any dimension may list it.
  const flagDims = new Map(r.redFlags.map((f) => [f.id, f.kind === 'anti_pattern' ? '*' : f.dimension]));
  if (flagDims.size !== r.redFlags.length) out.push('redFlags: ids must be unique');
  r.dimensions.forEach((d, di) => {
    if (dimIds.has(d.id)) out.push(`dimensions.${di}.id: ${d.id} appears twice`);
    dimIds.add(d.id);
    const points = new Map<string, number>();
    d.signals.forEach((s, si) => {
      if (signalIds.has(s.id) || flagDims.has(s.id)) out.push(`dimensions.${di}.signals.${si}.id: ${s.id} is not unique`);
      signalIds.add(s.id);
      points.set(s.id, s.points);
    });
    for (const level of LEVELS) {
      const spec = d.levels[level];
      const at = `dimensions.${di}.levels.${level}`;
      const check = (list: string[], key: string, sign: 1 | -1) => {
        for (const id of list) {
          const p = points.get(id);
          if (p === undefined) out.push(`${at}.${key}: ${id} is not a signal of ${d.id}`);
          else if (Math.sign(p) !== sign) out.push(`${at}.${key}: ${id} has points ${p}, expected ${sign > 0 ? 'positive' : 'negative'}`);
        }
      };
      check(spec.plus, 'plus', 1);
      check(spec.plusPlus, 'plusPlus', 1);
      check(spec.minus, 'minus', -1);
      for (const id of spec.redFlags) {
        const dim = flagDims.get(id);
        if (dim === undefined) out.push(`${at}.redFlags: ${id} is not a red flag`);
        else if (dim !== d.id && dim !== '*') out.push(`${at}.redFlags: ${id} belongs to ${dim}`);
      }
    }
    for (const key of ['partial', 'meets', 'exceeds'] as const) {
      const [j, m, s] = LEVELS.map((l) => d.levels[l].thresholds[key]);
      if (!(j! <= m! && m! <= s!)) out.push(`dimensions.${di}.levels: ${key} thresholds must rise junior <= mid <= senior`);
    }
  });
  const order = r.verdictBands.map((b) => b.verdict).join(',');
  if (order !== [...VERDICTS].reverse().join(',')) out.push(`verdictBands: list ${[...VERDICTS].reverse().join(', ')} in that order`);
  for (let i = 1; i < r.verdictBands.length; i++) {
    if (r.verdictBands[i]!.minMean > r.verdictBands[i - 1]!.minMean) out.push(`verdictBands.${i}.minMean: must not rise below a better verdict`);
  }
  return out;
}

/** The metric ids a condition reads. */
export function conditionMetrics(c: Condition): string[] {
  if ('metric' in c) return [c.metric];
  return ('all' in c ? c.all : c.any).flatMap(conditionMetrics);
}
