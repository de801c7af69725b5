// Rules for the problem bank (prompts/problems/*.yaml, prompts/pivots.yaml) and its loader
// (server/content/problem-bank.ts).
//
// BANK1  The real bank loads without error and holds at least 12 problems, including the core set.
// BANK2  Every problem is rich enough to run an interview: >= 6 facts, >= 3 estimates, >= 4 components,
//        >= 3 deep dives, >= 2 pivots, >= 3 functional requirements.
// BANK3  Problem ids are unique, and ids are unique inside each problem's estimates, components, deep dives
//        and pivots.
// BANK4  Every estimate range resolves to one quantity of the estimate's kind, positive, with low <= high,
//        and at most ~30x wide (a range wider than that cannot tell a good estimate from a bad one).
// BANK5  Matching words are usable: no synonym/keyword shorter than 2 characters, all lowercase and trimmed,
//        and no synonym claimed by two components of the same problem.
// BANK6  Fact topics are unique per problem; a problem-specific (non-standard) topic lists keywords.
// BANK7  The generic pivots load: 6-8 of them, unique ids, each with expected words.
// BANK8  resolveProblem rejects a range of the wrong kind ("5 TB" for qps), naming the file and estimate.
// BANK9  resolveProblem rejects a problem with a missing field, naming the file and the field.
// BANK10 resolveProblem rejects a range whose low is above its high, and a range with no unit.
// BANK11 loadProblemBank rejects a file whose name differs from the problem id.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadProblemBank, PROMPTS_DIR, resolveProblem } from '../server/content/problem-bank.js';
import { STANDARD_TOPICS } from '../server/domain/problem.js';
import { parseQuantity } from '../server/understanding/quantities.js';

const CORE_IDS = [
  'url-shortener',
  'ticketmaster',
  'news-feed',
  'dropbox',
  'chat',
  'ride-hailing',
  'rate-limiter',
  'web-crawler',
  'payment-system',
  'distributed-cache',
  'ad-click-aggregator',
  'leaderboard',
];

/** A small but valid problem, used as the base for the rejection tests. */
function validRaw(): Record<string, unknown> {
  return {
    id: 'toy',
    title: 'Toy problem',
    difficulty: 'easy',
    tags: ['toy'],
    statement: 'Design a toy service.',
    functional: ['Create a toy', 'Fetch a toy'],
    facts: [
      { topic: 'scale', answer: 'About one million toys a day.' },
      { topic: 'read_write', answer: 'Ten reads for every write.' },
      { topic: 'latency', answer: 'Under 100 ms at p99.' },
      { topic: 'availability', answer: 'Three nines is plenty.' },
      { topic: 'consistency', answer: 'Eventual consistency is fine.' },
      { topic: 'colour', keywords: ['colour', 'color'], answer: 'Toys come in three colours.' },
    ],
    estimates: [
      { id: 'write_qps', label: 'Writes', kind: 'qps', low: '5 QPS', high: '50 QPS', derivation: '1M / 86,400 s is about 12/s.' },
      { id: 'storage', label: 'Storage', kind: 'bytes_per_year', low: '100 GB/year', high: '1 TB/year', derivation: '1M x 1 KB x 365 is about 365 GB a year.' },
    ],
    components: [
      { id: 'lb', label: 'Load balancer', synonyms: ['load balancer', 'lb'], question: 'What spreads the traffic?' },
      { id: 'db', label: 'Database', synonyms: ['database', 'db'], question: 'Where do toys live durably?' },
      { id: 'cache', label: 'Cache', synonyms: ['cache', 'redis'], question: 'What absorbs the repeated reads?' },
      { id: 'queue', label: 'Queue', synonyms: ['queue', 'kafka'], question: 'What smooths out write bursts?' },
    ],
    deepDives: [
      { id: 'a', title: 'Dive A', probes: ['What happens when it breaks?'], keywords: ['failover'] },
      { id: 'b', title: 'Dive B', probes: ['How does it scale out further?'], keywords: ['shard'] },
      { id: 'c', title: 'Dive C', probes: ['How stale can the reads be?'], keywords: ['replica'] },
    ],
    pivots: [
      { id: 'p1', text: 'Writes grow a hundredfold.', expects: ['shard'] },
      { id: 'p2', text: 'The budget is cut by 80%.', expects: ['cost'] },
    ],
  };
}

function rejection(raw: unknown, file = 'toy.yaml'): string {
  try {
    resolveProblem(raw, file);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected resolveProblem to reject the problem');
}

describe('problem bank', () => {
  const bank = loadProblemBank();

  it('[BANK1] loads the real bank with at least 12 problems, including the core set', () => {
    expect(bank.problems.length).toBeGreaterThanOrEqual(12);
    for (const id of CORE_IDS) expect(bank.byId.has(id), id).toBe(true);
    expect(bank.byId.size).toBe(bank.problems.length);
  });

  it('[BANK2] every problem has enough facts, estimates, components, deep dives and pivots', () => {
    for (const p of bank.problems) {
      expect(p.facts.length, `${p.id} facts`).toBeGreaterThanOrEqual(6);
      expect(p.estimates.length, `${p.id} estimates`).toBeGreaterThanOrEqual(3);
      expect(p.components.length, `${p.id} components`).toBeGreaterThanOrEqual(4);
      expect(p.deepDives.length, `${p.id} deep dives`).toBeGreaterThanOrEqual(3);
      expect(p.pivots.length, `${p.id} pivots`).toBeGreaterThanOrEqual(2);
      expect(p.functional.length, `${p.id} functional`).toBeGreaterThanOrEqual(3);
      for (const d of p.deepDives) expect(d.probes.length, `${p.id}/${d.id} probes`).toBeGreaterThanOrEqual(2);
    }
  });

  it('[BANK3] problem ids are unique, and so are the ids inside each problem', () => {
    const ids = bank.problems.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of bank.problems) {
      for (const [what, list] of [
        ['estimates', p.estimates],
        ['components', p.components],
        ['deepDives', p.deepDives],
        ['pivots', p.pivots],
      ] as const) {
        const inner = list.map((x) => x.id);
        expect(new Set(inner).size, `${p.id} ${what}`).toBe(inner.length);
      }
    }
  });

  it('[BANK4] every estimate range resolves to its kind, with 0 < low <= high and a sane width', () => {
    for (const p of bank.problems) {
      expect(p.resolvedEstimates).toHaveLength(p.estimates.length);
      for (const e of p.resolvedEstimates) {
        const where = `${p.id}/${e.id}`;
        expect(parseQuantity(e.low)?.kind, `${where} low`).toBe(e.kind);
        expect(parseQuantity(e.high)?.kind, `${where} high`).toBe(e.kind);
        expect(e.lowValue, where).toBeGreaterThan(0);
        expect(e.lowValue, where).toBeLessThanOrEqual(e.highValue);
        expect(e.highValue / e.lowValue, `${where} width`).toBeLessThanOrEqual(30);
        expect(e.keywords.length, `${where} keywords`).toBeGreaterThan(0);
      }
    }
  });

  it('[BANK5] synonyms and keywords are at least 2 characters, lowercase, and not shared between components', () => {
    for (const p of bank.problems) {
      const words = [
        ...p.components.flatMap((c) => c.synonyms),
        ...p.facts.flatMap((f) => f.keywords),
        ...p.estimates.flatMap((e) => e.keywords),
        ...p.deepDives.flatMap((d) => d.keywords),
        ...p.pivots.flatMap((v) => v.expects),
      ];
      for (const w of words) {
        expect(w.length, `${p.id} "${w}"`).toBeGreaterThanOrEqual(2);
        expect(w, `${p.id} "${w}"`).toBe(w.toLowerCase().trim());
      }
      const owner = new Map<string, string>();
      for (const c of p.components) {
        for (const s of c.synonyms) {
          expect(owner.get(s), `${p.id}: "${s}" in ${owner.get(s)} and ${c.id}`).toBeUndefined();
          owner.set(s, c.id);
        }
      }
    }
  });

  it('[BANK6] fact topics are unique and problem-specific topics carry keywords', () => {
    const standard = new Set<string>(STANDARD_TOPICS);
    for (const p of bank.problems) {
      const topics = p.facts.map((f) => f.topic);
      expect(new Set(topics).size, p.id).toBe(topics.length);
      for (const f of p.facts) {
        if (!standard.has(f.topic)) expect(f.keywords.length, `${p.id}/${f.topic}`).toBeGreaterThan(0);
      }
    }
  });

  it('[BANK7] the generic pivots load, 6 to 8 of them with unique ids and expected words', () => {
    expect(bank.genericPivots.length).toBeGreaterThanOrEqual(6);
    expect(bank.genericPivots.length).toBeLessThanOrEqual(8);
    const ids = bank.genericPivots.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const v of bank.genericPivots) expect(v.expects.length, v.id).toBeGreaterThan(0);
  });
});

describe('resolveProblem rejections', () => {
  it('[BANK8] the valid fixture the rejection tests start from resolves', () => {
    const p = resolveProblem(validRaw(), 'toy.yaml');
    expect(p.resolvedEstimates.map((e) => e.lowValue)).toEqual([5, 100e9]);
  });

  it('[BANK8] rejects "5 TB" as a qps range, naming the file and the estimate', () => {
    const raw = validRaw();
    (raw.estimates as Array<Record<string, unknown>>)[0]!.low = '5 TB';
    const msg = rejection(raw, 'broken-kind.yaml');
    expect(msg).toContain('broken-kind.yaml');
    expect(msg).toContain('write_qps');
    expect(msg).toContain('qps');
  });

  it('[BANK9] rejects a problem with a missing field, naming the file and the field', () => {
    const raw = validRaw();
    delete raw.statement;
    const msg = rejection(raw, 'no-statement.yaml');
    expect(msg).toContain('no-statement.yaml');
    expect(msg).toContain('statement');

    const raw2 = validRaw();
    delete (raw2.components as Array<Record<string, unknown>>)[1]!.synonyms;
    const msg2 = rejection(raw2, 'no-synonyms.yaml');
    expect(msg2).toContain('no-synonyms.yaml');
    expect(msg2).toContain('components.1.synonyms');
  });

  it('[BANK10] rejects a range with low above high, and a range without a unit', () => {
    const raw = validRaw();
    (raw.estimates as Array<Record<string, unknown>>)[1]!.low = '5 TB/year';
    const msg = rejection(raw, 'inverted.yaml');
    expect(msg).toContain('inverted.yaml');
    expect(msg).toContain('storage');
    expect(msg).toContain('low is above high');

    const raw2 = validRaw();
    (raw2.estimates as Array<Record<string, unknown>>)[0]!.high = '5000';
    const msg2 = rejection(raw2, 'unitless.yaml');
    expect(msg2).toContain('unitless.yaml');
    expect(msg2).toContain('write_qps');
  });

  it('[BANK11] loadProblemBank rejects a file whose name differs from the problem id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bank-'));
    try {
      mkdirSync(join(dir, 'problems'));
      writeFileSync(join(dir, 'problems', 'not-toy.yaml'), stringify(validRaw()));
      writeFileSync(join(dir, 'pivots.yaml'), readFileSync(join(PROMPTS_DIR, 'pivots.yaml'), 'utf8'));
      expect(() => loadProblemBank(dir)).toThrow(/not-toy\.yaml.*toy/);

      rmSync(join(dir, 'problems', 'not-toy.yaml'));
      writeFileSync(join(dir, 'problems', 'toy.yaml'), stringify(validRaw()));
      expect(loadProblemBank(dir).problems.map((p) => p.id)).toEqual(['toy']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
