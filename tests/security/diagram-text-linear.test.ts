// [SAFE6] The whiteboard text costs work linear in the scene: numbering 5,000 copies of one label,
// finding which shape holds each note and what each arrow touches. The work is counted (boxes
// indexed and tested, labels probed), never timed; timings are in `npm run bench`.
import { describe, expect, it } from 'vitest';
import { describeDiagram, type DiagramWork } from '../../server/domain/diagram-text.js';

const rects = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, type: 'rectangle', x: (i % 100) * 120, y: Math.floor(i / 100) * 80, width: 100, height: 60, version: 1, versionNonce: i }));

function work(elements: unknown[]): { w: DiagramWork; text: string; labels: string[] } {
  const w = { steps: 0 };
  const s = describeDiagram(elements, w);
  return { w, text: s.text, labels: s.nodes.map((n) => n.label) };
}

describe('diagram-to-text work', () => {
  it('[SAFE6] 5,000 unlabelled rectangles: unique labels, a count in the text, and work proportional to the scene', () => {
    const big = work(rects(5_000));
    expect(new Set(big.labels).size).toBe(5_000);
    expect(big.labels).toContain('unlabelled rectangle #5000');
    expect(big.text).toContain('5000 unlabelled rectangles');
    expect(big.w.steps).toBeLessThanOrEqual(3 * 5_000);
    const half = work(rects(2_500));
    expect(big.w.steps / half.w.steps).toBeLessThan(2.2);
  });

  it('[SAFE6] duplicate labels are numbered as before, skipping numbers a literal label holds', () => {
    const label = (id: string, text: string, x: number) => [
      { id, type: 'rectangle', x, y: 0, width: 50, height: 50, boundElements: [{ id: `${id}t`, type: 'text' }] },
      { id: `${id}t`, type: 'text', text, containerId: id, x, y: 0, width: 10, height: 10 },
    ];
    const s = work([...label('a', 'Server', 0), ...label('b', 'Server', 100), ...label('c', 'Server #2', 200), ...label('d', 'Server', 300)]);
    expect(s.labels.sort()).toEqual(['Server', 'Server #2', 'Server #3', 'Server #4']);
  });

  it('[SAFE6] notes dropped on shapes and arrows between them: work linear, also when every box is nested in the next', () => {
    const scene = (n: number) => {
      const els: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const x = (i % 50) * 200;
        const y = Math.floor(i / 50) * 200;
        els.push({ id: `s${i}`, type: 'rectangle', x, y, width: 150, height: 150 });
        els.push({ id: `t${i}`, type: 'text', text: `svc ${i}`, x: x + 20, y: y + 20, width: 40, height: 20 });
        if (i > 0) els.push({ id: `a${i}`, type: 'arrow', x: x - 40, y: y + 75, points: [[0, 0], [60, 0]] });
      }
      return els;
    };
    const a = work(scene(1_000));
    const b = work(scene(2_000));
    expect(a.labels).toContain('svc 999');
    expect(b.w.steps / a.w.steps).toBeLessThan(2.3);
    expect(b.w.steps).toBeLessThan(20 * 6_000);

    const nested = (n: number) => {
      const els: unknown[] = [];
      for (let i = 0; i < n; i++) els.push({ id: `n${i}`, type: 'rectangle', x: -i, y: -i, width: 10_000 + 2 * i, height: 10_000 + 2 * i });
      for (let i = 0; i < n; i++) els.push({ id: `m${i}`, type: 'text', text: `m${i}`, x: 5_000 + (i % 50), y: 5_000, width: 10, height: 10 });
      return els;
    };
    const c = work(nested(1_000));
    const d = work(nested(2_000));
    expect(d.w.steps / c.w.steps).toBeLessThan(2.3);
    // The innermost box takes every note, as a full scan would choose; the others stay unlabelled.
    const n0 = describeDiagram(nested(2_000)).nodes.find((n) => n.id === 'n0')!;
    expect(n0.label).toMatch(/^m0 /);
    expect(d.labels.filter((l) => !l.startsWith('unlabelled'))).toEqual([n0.label]);
  });
});
