// The room store contract (server/rooms/store.ts, RoomStore): what the room, the hub and both
// backplanes rely on, whatever database is under it. Registered once per database in
// stores.contract.test.ts, in the style of tldraw's storageContractSuite.
import { describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/client.js';
import type { RoomElement } from '../../server/protocol/rooms.js';
import { createRoomStore, type NewChat, type RoomStore } from '../../server/rooms/store.js';
import { uniqueId, useStore } from './databases.js';

export function element(id: string, version: number, versionNonce: number, extra: Record<string, unknown> = {}): RoomElement {
  return { id, type: 'rectangle', version, versionNonce, isDeleted: false, x: 1, y: 2, width: 30, height: 40, ...extra } as RoomElement;
}

export function chat(clientMessageId: string, text: string, extra: Partial<NewChat> = {}): NewChat {
  return { clientMessageId, peerId: 'p1', name: 'Ada', role: 'peer', kind: 'message', text, at: new Date('2026-01-01T09:00:00Z'), ...extra };
}

export async function newRoom(store: RoomStore): Promise<string> {
  const id = uniqueId('contract-room');
  await store.create({ id, mode: 'whiteboard', tokenHash: 'hash', clockSpeed: 1 });
  return id;
}

export function roomStoreContractSuite(name: string, open: () => Promise<Database>): void {
  describe(`RoomStore contract: ${name}`, () => {
    const store = useStore(open, createRoomStore);

    it('[ROOMC1] a created room reads back at seq 0; an unknown id reads as undefined', async () => {
      const id = await newRoom(store());
      const row = await store().get(id);
      expect(row?.id).toBe(id);
      expect(row?.mode).toBe('whiteboard');
      expect(row?.seq).toBe(0);
      expect(await store().get(uniqueId('missing'))).toBeUndefined();
      expect(await store().scene(id)).toEqual([]);
    });

    it('[ROOMC2] appendScene hands out the next seqs from the room row, one per batch, and stores who changed what', async () => {
      const id = await newRoom(store());
      expect(await store().appendScene(id, [{ from: 'a', elements: [element('e1', 1, 5)] }, { from: 'b', elements: [element('e2', 1, 5)] }])).toEqual([1, 2]);
      expect(await store().appendScene(id, [{ from: 'a', elements: [element('e3', 1, 5)] }])).toEqual([3]);
      expect((await store().get(id))?.seq).toBe(3);
      const scene = (await store().scene(id)).sort((x, y) => x.seq - y.seq);
      expect(scene.map((s) => [s.el.id, s.seq, s.from])).toEqual([
        ['e1', 1, 'a'],
        ['e2', 2, 'b'],
        ['e3', 3, 'a'],
      ]);
      expect(scene[0]!.el).toEqual(element('e1', 1, 5));
      await expect(store().appendScene(uniqueId('missing'), [{ from: 'a', elements: [element('x', 1, 1)] }])).rejects.toThrow();
    });

    it('[ROOMC3][MRG1][MRG2] appendScene keeps the merge winner: a lower version never replaces a higher one; an equal version goes to the lower nonce', async () => {
      const id = await newRoom(store());
      await store().appendScene(id, [{ from: 'a', elements: [element('e', 5, 50, { x: 500 })] }]);
      await store().appendScene(id, [{ from: 'b', elements: [element('e', 4, 1, { x: 400 })] }]);
      expect((await store().scene(id)).map((s) => [s.el.x, s.from])).toEqual([[500, 'a']]);
      await store().appendScene(id, [{ from: 'c', elements: [element('e', 5, 60, { x: 560 })] }]);
      expect((await store().scene(id)).map((s) => s.el.x)).toEqual([500]);
      await store().appendScene(id, [{ from: 'd', elements: [element('e', 5, 10, { x: 510 })] }]);
      expect((await store().scene(id)).map((s) => [s.el.x, s.from, s.seq])).toEqual([[510, 'd', 4]]);
    });

    it('[ROOMC4] elementCount counts elements that are not deleted', async () => {
      const id = await newRoom(store());
      await store().appendScene(id, [{ from: 'a', elements: [element('a', 1, 1), element('b', 1, 1), element('c', 1, 1)] }]);
      await store().appendScene(id, [{ from: 'a', elements: [element('b', 2, 1, { isDeleted: true })] }]);
      expect(await store().elementCount(id)).toBe(2);
      expect((await store().scene(id)).length).toBe(3); // the tombstone is kept [MRG3]
    });

    it('[ROOMC5] changesSince returns the elements and chat in (after, upTo], in seq order', async () => {
      const id = await newRoom(store());
      await store().appendScene(id, [{ from: 'a', elements: [element('a', 1, 1)] }]); // 1
      await store().appendChat(id, chat('c1', 'hello'), 'next'); // 2
      await store().appendScene(id, [{ from: 'a', elements: [element('b', 1, 1)] }]); // 3
      await store().appendChat(id, chat('c2', 'again'), 'next'); // 4
      const mid = await store().changesSince(id, 1, 3);
      expect(mid.elements.map((e) => [e.el.id, e.seq])).toEqual([['b', 3]]);
      expect(mid.chat.map((c) => [c.text, c.seq])).toEqual([['hello', 2]]);
      const all = await store().changesSince(id, 0);
      expect(all.elements.map((e) => e.seq)).toEqual([1, 3]);
      expect(all.chat.map((c) => c.seq)).toEqual([2, 4]);
      expect(await store().changesSince(id, 4)).toEqual({ elements: [], chat: [] });
    });

    it('[ROOMC6] appendChat is idempotent on clientMessageId: the same message again is the stored one and takes no seq', async () => {
      const id = await newRoom(store());
      const first = await store().appendChat(id, chat('same', 'hello'), 'next');
      expect(first.duplicate).toBe(false);
      expect(first.message).toMatchObject({ seq: 1, text: 'hello', clientMessageId: 'same', name: 'Ada', role: 'peer', kind: 'message' });
      const again = await store().appendChat(id, chat('same', 'changed text'), 'next');
      expect(again).toEqual({ message: first.message, duplicate: true });
      expect((await store().get(id))?.seq).toBe(1);
      expect((await store().allChat(id)).map((c) => c.text)).toEqual(['hello']);
      const pivot = await store().appendChat(id, chat('p', 'Now 10x the traffic', { kind: 'pivot', pivotId: 'ten-x' }), 7);
      expect(pivot.message).toMatchObject({ seq: 7, kind: 'pivot', pivotId: 'ten-x' });
      expect((await store().get(id))?.seq).toBe(7);
    });

    it('[ROOMC7] reserveSeqs reserves above everything stored or reserved; saveScenes writes at given seqs and only raises the room seq', async () => {
      const id = await newRoom(store());
      expect(await store().reserveSeqs(id, 10)).toEqual({ after: 0, upTo: 10, stored: 0 });
      expect(await store().reserveSeqs(id, 5)).toEqual({ after: 10, upTo: 15, stored: 0 });
      await store().saveScenes([{ roomId: id, entries: [{ el: element('a', 1, 1), seq: 12, from: 'x' }], lastSeq: 12 }]);
      expect((await store().get(id))?.seq).toBe(12);
      await store().saveScenes([{ roomId: id, entries: [], lastSeq: 11 }]);
      expect((await store().get(id))?.seq).toBe(12);
      expect((await store().scene(id)).map((s) => [s.el.id, s.seq])).toEqual([['a', 12]]);
      expect(await store().reserveSeqs(id, 5)).toEqual({ after: 15, upTo: 20, stored: 12 });
    });

    it('[ROOMC8] recentChat gives the latest messages after a seq, oldest first', async () => {
      const id = await newRoom(store());
      for (let i = 1; i <= 5; i++) await store().appendChat(id, chat(`m${i}`, `message ${i}`), 'next');
      expect((await store().recentChat(id, 2)).map((c) => c.text)).toEqual(['message 4', 'message 5']);
      expect((await store().recentChat(id, 10, 3)).map((c) => c.seq)).toEqual([4, 5]);
      expect((await store().allChat(id)).map((c) => c.seq)).toEqual([1, 2, 3, 4, 5]);
    });

    it('[ROOMC9][RIV7][RIV8] start, end and the shadow report are set once; later calls return the stored value', async () => {
      const id = await newRoom(store());
      const t1 = new Date('2026-01-01T10:00:00Z');
      const t2 = new Date('2026-01-01T11:00:00Z');
      expect((await store().start(id, t1)).toISOString()).toBe(t1.toISOString());
      expect((await store().start(id, t2)).toISOString()).toBe(t1.toISOString());
      expect((await store().end(id, t2)).toISOString()).toBe(t2.toISOString());
      expect((await store().end(id, t1)).toISOString()).toBe(t2.toISOString());
      expect(await store().saveShadow(id, { verdict: 'lean_yes' })).toEqual({ verdict: 'lean_yes' });
      expect(await store().saveShadow(id, { verdict: 'no' })).toEqual({ verdict: 'lean_yes' });
    });

    it('[ROOMC10] the scorecard keeps one entry per dimension, the last written, sorted by dimension', async () => {
      const id = await newRoom(store());
      await store().saveScorecard(id, { dimension: 'requirements', score: 2, notes: 'first', updatedAt: new Date('2026-01-01T10:00:00Z') });
      await store().saveScorecard(id, { dimension: 'estimation', score: 3, notes: 'ok', updatedAt: new Date('2026-01-01T10:01:00Z') });
      await store().saveScorecard(id, { dimension: 'requirements', score: 4, notes: 'better', updatedAt: new Date('2026-01-01T10:02:00Z') });
      expect(await store().scorecard(id)).toEqual([
        { dimension: 'estimation', score: 3, notes: 'ok', updatedAt: '2026-01-01T10:01:00.000Z' },
        { dimension: 'requirements', score: 4, notes: 'better', updatedAt: '2026-01-01T10:02:00.000Z' },
      ]);
    });
  });
}
