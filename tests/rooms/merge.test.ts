// The element merge (server/rooms/merge.ts): Excalidraw's rule as a pure, total order.
import { describe, expect, it } from 'vitest';
import { applyMerge, canonical, mergeScenes, orderedElements, reconcile, wins, type Mergeable } from '../../server/domain/scene-merge.js';

type E = Mergeable & Record<string, unknown>;
const e = (id: string, version: number, versionNonce: number, extra: Record<string, unknown> = {}): E => ({ id, version, versionNonce, type: 'rectangle', ...extra });
const sceneOf = (...els: E[]) => new Map(els.map((x) => [x.id, x]));

/** A small deterministic PRNG so the shuffles are the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
function shuffle<T>(xs: T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe('merge', () => {
  it('[MRG1] the higher version wins, whichever side it is on', () => {
    expect(wins(e('a', 3, 9), e('a', 2, 1))).toBe(true);
    expect(wins(e('a', 2, 1), e('a', 3, 9))).toBe(false);
    const { accepted, rejected } = reconcile(sceneOf(e('a', 2, 1)), [e('a', 3, 9)]);
    expect(accepted).toEqual([e('a', 3, 9)]);
    expect(rejected).toEqual([]);
  });

  it('[MRG2] the same version goes to the lower versionNonce', () => {
    expect(wins(e('a', 5, 10), e('a', 5, 20))).toBe(true);
    expect(wins(e('a', 5, 20), e('a', 5, 10))).toBe(false);
    const { accepted, rejected } = reconcile(sceneOf(e('a', 5, 10)), [e('a', 5, 20)]);
    expect(accepted).toEqual([]);
    // The loser's sender is told the winner, so it converges too.
    expect(rejected).toEqual([e('a', 5, 10)]);
  });

  it('[MRG2] equal version and nonce with different content still has one winner', () => {
    const x = e('a', 5, 10, { x: 1 });
    const y = e('a', 5, 10, { x: 2 });
    expect(wins(x, y)).not.toBe(wins(y, x));
    expect(mergeScenes([x], [y]).get('a')).toEqual(mergeScenes([y], [x]).get('a'));
  });

  it('[MRG3] a deletion wins only with a higher version; an older one never removes a newer element', () => {
    const live = e('a', 4, 50, { isDeleted: false });
    const staleDelete = e('a', 3, 1, { isDeleted: true });
    expect(reconcile(sceneOf(live), [staleDelete]).accepted).toEqual([]);
    const newerDelete = e('a', 5, 99, { isDeleted: true });
    expect(reconcile(sceneOf(live), [newerDelete]).accepted).toEqual([newerDelete]);
    // The tombstone is kept: an old edit arriving late cannot bring the element back.
    const after = applyMerge(sceneOf(live), [newerDelete]);
    expect(reconcile(after, [e('a', 4, 1, { isDeleted: false })]).accepted).toEqual([]);
    expect(after.get('a')!.isDeleted).toBe(true);
  });

  it('[MRG4] fields the merge does not read are kept exactly as sent', () => {
    const rich = e('a', 2, 7, { x: 1.5, boundElements: [{ id: 'b', type: 'arrow' }], customData: { note: 'ü' }, index: 'a0', future: { nested: [1, null] } });
    const { accepted } = reconcile(sceneOf(e('a', 1, 1)), [rich]);
    expect(accepted[0]).toBe(rich);
    expect(JSON.parse(JSON.stringify(accepted[0]))).toEqual(rich);
  });

  it('[MRG5] merging what the scene already holds changes nothing', () => {
    const els = [e('a', 1, 5), e('b', 3, 2, { isDeleted: true }), e('c', 2, 8)];
    const scene = applyMerge(new Map(), reconcile(new Map(), els).accepted);
    const again = reconcile(scene, els.map((x) => ({ ...x })));
    expect(again.accepted).toEqual([]);
    expect(again.rejected).toEqual([]);
    expect(applyMerge(scene, again.accepted)).toEqual(scene);
  });

  it('[MRG6] any arrival order of the same elements gives the same scene', () => {
    const rand = rng(42);
    const pool: E[] = [];
    for (let i = 0; i < 300; i++) {
      const id = `el${Math.floor(rand() * 40)}`;
      pool.push(e(id, 1 + Math.floor(rand() * 5), Math.floor(rand() * 4), { isDeleted: rand() < 0.2, x: Math.floor(rand() * 1000) }));
    }
    const reference = canonical(orderedElements(mergeScenes(pool, []).values()));
    for (let round = 0; round < 25; round++) {
      const order = shuffle(pool, rand);
      // Arrivals in batches of random sizes, as frames from several peers would come.
      let scene = new Map<string, E>();
      for (let i = 0; i < order.length; ) {
        const n = 1 + Math.floor(rand() * 10);
        scene = applyMerge(scene, reconcile(scene, order.slice(i, i + n)).accepted);
        i += n;
      }
      expect(canonical(orderedElements(scene.values()))).toBe(reference);
    }
    const half = Math.floor(pool.length / 2);
    expect(canonical(orderedElements(mergeScenes(pool.slice(0, half), pool.slice(half)).values()))).toBe(
      canonical(orderedElements(mergeScenes(pool.slice(half), pool.slice(0, half)).values())),
    );
  });

  it('[MRG6] within one frame the winning copy of an id is kept, not the last one', () => {
    const { accepted } = reconcile(new Map<string, E>(), [e('a', 3, 1), e('a', 2, 0), e('a', 3, 5)]);
    expect(accepted).toEqual([e('a', 3, 1)]);
  });

  it('orders a scene by fractional index, then id', () => {
    const out = orderedElements([e('b', 1, 1, { index: 'a1' }), e('a', 1, 1, { index: 'a1' }), e('c', 1, 1, { index: 'a0' })]);
    expect(out.map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });
});
