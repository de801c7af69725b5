// The reference walkthrough (server/domain/reference.ts): every problem in the bank yields a
// complete one, and a scripted transcript is marked right (asked/missed facts, the candidate's
// figures and recaps, components drawn or said, cues covered/hedged/missed, anti-patterns fallen into).
import { describe, expect, it } from 'vitest';
import { loadProblemBank } from '../../server/content/problem-bank.js';
import { describeDiagram } from '../../server/domain/diagram-text.js';
import type { SessionEvent } from '../../server/domain/events.js';
import { buildReference, layerOf, referenceScene } from '../../server/domain/reference.js';
import { fold } from '../../server/domain/session.js';
import { ReferenceWalkthrough } from '../../server/protocol/index.js';

const bank = loadProblemBank();
const empty = (problemId: string) => fold([{ type: 'session_started', problemId, level: 'mid', durationMinutes: 45, seq: 1, atMs: 0 }]);

type El = { id: string; type: string; x: number; y: number; width: number; height: number; text?: string; containerId?: string; startBinding?: { elementId: string }; endBinding?: { elementId: string }; boundElements?: Array<{ id: string; type: string }> | null };

describe('[REF1-6] every problem in the bank has a complete reference', () => {
  for (const problem of bank.problems) {
    it(problem.id, () => {
      const ref = buildReference(problem, empty(problem.id), '');
      expect(ReferenceWalkthrough.parse(ref)).toEqual(ref);
      expect(ref.problem).toEqual({ id: problem.id, title: problem.title, statement: problem.statement });

      expect(ref.facts.map((f) => [f.topic, f.answer])).toEqual(problem.facts.map((f) => [f.topic, f.answer]));
      expect(ref.facts.every((f) => !f.asked)).toBe(true);

      expect(ref.estimates.map((e) => [e.id, e.label, e.derivation])).toEqual(problem.estimates.map((e) => [e.id, e.label, e.derivation]));
      for (const e of ref.estimates) {
        expect(e.range).toMatch(/\d.*–.*\d/);
        expect(e.stated).toBeNull();
      }

      expect(ref.components.map((c) => [c.id, c.label])).toEqual(problem.components.map((c) => [c.id, c.label]));
      expect(ref.components.every((c) => !c.covered && !c.drawn && c.said === null)).toBe(true);

      expect(ref.deepDives.map((d) => d.id)).toEqual(problem.deepDives.map((d) => d.id));
      problem.deepDives.forEach((d, i) => {
        const got = ref.deepDives[i]!;
        expect(got.title).toBe(d.title);
        expect(got.probes.map((p) => p.ask)).toEqual(d.probes.map((p) => p.ask));
        d.probes.forEach((p, j) => {
          expect(got.probes[j]!.cues.map((c) => c.ask)).toEqual(p.answeredWhen.map((c) => c.ask));
          for (const c of got.probes[j]!.cues) {
            expect(c.status).toBe('missed');
            expect(c.examples.length).toBeGreaterThan(0);
          }
        });
      });

      expect(ref.antiPatterns.map((a) => [a.id, a.title, a.why])).toEqual(problem.antiPatterns.map((a) => [a.id, a.title, a.why]));
      expect(ref.antiPatterns.every((a) => a.fellInto.length === 0)).toBe(true);

      // The diagram: a box per component (plus the clients), each labelled with its label, bound
      // arrows between existing boxes, every component reached by an arrow, no two boxes overlapping.
      const els = ref.diagram.elements as unknown as El[];
      const rects = els.filter((e) => e.type === 'rectangle');
      expect(rects.map((r) => r.id).sort()).toEqual(['ref-clients', ...problem.components.map((c) => `ref-${c.id}`)].sort());
      for (const c of problem.components) {
        const label = els.find((e) => e.type === 'text' && e.containerId === `ref-${c.id}`)!;
        expect(label.text!.replace(/\n/g, ' ')).toBe(`${c.label} (missed)`);
      }
      const arrows = els.filter((e) => e.type === 'arrow');
      const ids = new Set(rects.map((r) => r.id));
      for (const a of arrows) {
        expect(ids.has(a.startBinding!.elementId)).toBe(true);
        expect(ids.has(a.endBinding!.elementId)).toBe(true);
        for (const end of [a.startBinding!.elementId, a.endBinding!.elementId]) {
          expect(rects.find((r) => r.id === end)!.boundElements!.some((b) => b.id === a.id)).toBe(true);
        }
      }
      for (const c of problem.components) expect(arrows.some((a) => a.endBinding!.elementId === `ref-${c.id}`)).toBe(true);
      for (let i = 0; i < rects.length; i++) {
        for (let j = i + 1; j < rects.length; j++) {
          const [a, b] = [rects[i]!, rects[j]!];
          const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
        }
      }
      // The diagram reader sees the same graph: every box with its label, the arrows as edges.
      const read = describeDiagram(els);
      expect(read.nodes.length).toBe(rects.length);
      expect(read.edges.length).toBe(arrows.length);
      // Deterministic.
      expect(buildReference(problem, empty(problem.id), '')).toEqual(ref);
    });
  }

  it('lays components out by what they are', () => {
    expect(layerOf({ id: 'load_balancer', label: 'Load balancer / API gateway' })).toBe('edge');
    expect(layerOf({ id: 'app_service', label: 'Shortening and redirect service' })).toBe('service');
    expect(layerOf({ id: 'queue', label: 'Fan-out queue and workers' })).toBe('async');
    expect(layerOf({ id: 'cache', label: 'Cache / CDN' })).toBe('data');
    expect(layerOf({ id: 'olap', label: 'Aggregate / OLAP store' })).toBe('data');
    expect(layerOf({ id: 'cdn', label: 'CDN' })).toBe('edge');
    expect(layerOf({ id: 'match_check', label: 'Atomic match check' })).toBe('service');
    // Rows top to bottom: clients, edge, services, data.
    const scene = referenceScene([
      { id: 'db', label: 'Database', layer: 'data', covered: true },
      { id: 'lb', label: 'Load balancer', layer: 'edge', covered: false },
      { id: 'svc', label: 'Service', layer: 'service', covered: true },
    ]) as unknown as El[];
    const y = (id: string) => scene.find((e) => e.id === id)!.y;
    expect(y('ref-clients')).toBeLessThan(y('ref-lb'));
    expect(y('ref-lb')).toBeLessThan(y('ref-svc'));
    expect(y('ref-svc')).toBeLessThan(y('ref-db'));
    expect(scene.find((e) => e.id === 'ref-lb-label')!.text).toBe('Load balancer\n(missed)');
    expect(scene.find((e) => e.id === 'ref-db-label')!.text).toBe('Database\n(covered)');
  });
});

describe('[REF1-6] a scripted interview is marked right', () => {
  const problem = bank.byId.get('url-shortener')!;
  const answer = (topic: string) => problem.facts.find((f) => f.topic === topic)!.answer;
  const events: SessionEvent[] = [{ type: 'session_started', problemId: problem.id, level: 'mid', durationMinutes: 45, seq: 1, atMs: 0 }];
  const say = (text: string) => events.push({ type: 'candidate_message', clientMessageId: `c${events.length}`, text, seq: events.length + 1, atMs: events.length * 1000 });
  const reply = (text: string, revealed: string[] = []) => events.push({ type: 'interviewer_message', text, asked: [], revealed, source: 'offline', kind: 'reply', seq: events.length + 1, atMs: events.length * 1000 });
  say('What is the read to write ratio, how many redirects per link?'); // turn 1
  reply(`Good question. ${answer('read_write')}`, ['read_write']); // turn 2
  say('With 10 billion redirects a day, that is around 115k reads per second.'); // turn 3
  reply('And writes?'); // turn 4
  say('Writes are about 50 writes per second.'); // turn 5
  reply('Go on.'); // turn 6
  say('We put a load balancer in front of the shortening service.'); // turn 7
  say('Codes are base62 from a single global counter.'); // turn 8
  say('We answer with a 301 so we can count every click.'); // turn 9
  say('Maybe we could shard by the code.'); // turn 10
  say('Is a cache worth it here?'); // turn 11: a question names the cache, it does not cover it
  const ref = buildReference(problem, fold(events), describeDiagram([
    { id: 'b1', type: 'rectangle', x: 0, y: 0, width: 100, height: 60, boundElements: [{ id: 't1', type: 'text' }] },
    { id: 't1', type: 'text', x: 10, y: 20, width: 80, height: 20, text: 'Postgres', containerId: 'b1' },
  ]).text);

  it('[REF1] facts asked, with the turn that gave them, and facts missed', () => {
    expect(ref.facts.filter((f) => f.asked).map((f) => [f.topic, f.turn])).toEqual([['read_write', 2]]);
    expect(ref.facts.filter((f) => !f.asked).map((f) => f.topic)).toEqual(problem.facts.map((f) => f.topic).filter((t) => t !== 'read_write'));
  });

  it('[REF2] estimates: the candidate figure beside the reference, a repeated given figure as a recap', () => {
    const by = Object.fromEntries(ref.estimates.map((e) => [e.id, e]));
    expect(by.read_qps!.stated).toMatchObject({ turn: 3, verdict: 'in_range', quote: 'With 10 billion redirects a day, that is around 115k reads per second.' });
    expect(by.read_qps!.stated!.figure).toContain('115k');
    expect(by.read_qps!.recaps).toEqual([expect.objectContaining({ turn: 3, figure: expect.stringContaining('10 billion redirects a day') })]);
    expect(by.write_qps!.stated).toMatchObject({ turn: 5, verdict: 'off' });
    expect(by.storage_per_year!.stated).toBeNull();
    expect(by.storage_per_year!.derivation).toBe(problem.estimates.find((e) => e.id === 'storage_per_year')!.derivation);
  });

  it('[REF3] components: drawn, said (with the quote) or missed', () => {
    const by = Object.fromEntries(ref.components.map((c) => [c.id, c]));
    expect(by.load_balancer).toMatchObject({ covered: true, drawn: false, said: { turn: 7, quote: 'We put a load balancer in front of the shortening service.' } });
    expect(by.app_service).toMatchObject({ covered: true, said: { turn: 7 } });
    expect(by.id_generator).toMatchObject({ covered: true, said: { turn: 8 } });
    expect(by.database).toMatchObject({ covered: true, drawn: true, said: null });
    expect(by.cache).toMatchObject({ covered: false, drawn: false, said: null });
    // The scene marks the same.
    const els = ref.diagram.elements as unknown as El[];
    expect(els.find((e) => e.id === 'ref-cache-label')!.text).toMatch(/\(missed\)$/);
    expect(els.find((e) => e.id === 'ref-database-label')!.text).toMatch(/\(covered\)$/);
    expect((els.find((e) => e.id === 'ref-cache') as unknown as { strokeStyle: string }).strokeStyle).toBe('dashed');
  });

  it('[REF5] deep-dive cues: covered, hedged or missed, with the quote', () => {
    const dive = (id: string) => ref.deepDives.find((d) => d.id === id)!;
    const codes = dive('code_generation').probes[0]!.cues;
    expect(codes.map((c) => c.status)).toEqual(['covered', 'missed']);
    expect(codes[0]!.by).toEqual({ turn: 8, quote: 'Codes are base62 from a single global counter.' });
    expect(codes[1]!.by).toBeNull();
    expect(dive('redirect_scaling').probes[1]!.cues.map((c) => c.status)).toEqual(['covered', 'covered']);
    expect(dive('redirect_scaling').probes[0]!.cues.map((c) => c.status)).toEqual(['missed', 'missed']);
    const shard = dive('data_model').probes[2]!.cues[0]!;
    expect(shard.status).toBe('hedged');
    expect(shard.by).toEqual({ turn: 10, quote: 'Maybe we could shard by the code.' });
  });

  it('[REF6] anti-patterns fallen into, with the quote; the others not', () => {
    const fell = Object.fromEntries(ref.antiPatterns.map((a) => [a.id, a.fellInto]));
    expect(fell.single_counter_no_plan).toEqual([{ turn: 8, quote: 'Codes are base62 from a single global counter.' }]);
    expect(fell.permanent_redirect_with_tracking).toEqual([{ turn: 9, quote: 'We answer with a 301 so we can count every click.' }]);
    expect(fell.collisions_ignored).toEqual([]);
    expect(fell.single_db_for_redirects).toEqual([]);
    for (const a of ref.antiPatterns) expect(a.why.length).toBeGreaterThan(10);
  });
});
