// The backplane contract (server/rooms/backplane.ts): what the hub relies on from every
// implementation, in-process (one writer, seqs from memory, debounced writes) and PostgreSQL
// (seqs from the room row, LISTEN/NOTIFY between nodes). Registered once per implementation in
// backplanes.contract.test.ts, in the style of tldraw's storageContractSuite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backplane, BackplaneListener, VolatileMessage } from '../../server/rooms/backplane.js';
import type { RoomStore } from '../../server/rooms/store.js';
import { eventually, OPEN_TIMEOUT_MS } from './databases.js';
import { chat, element, newRoom } from './room-store.contract.js';

export interface BackplaneHarness {
  store: RoomStore;
  /** A backplane over the harness's database; each call is a new one (a new process or node). */
  backplane(): Backplane;
  close(): Promise<void>;
}

/** A listener that records what it is told. */
export class Recorder implements BackplaneListener {
  readonly committedSeqs: number[] = [];
  readonly messages: Array<{ from: string; message: VolatileMessage }> = [];
  resyncs = 0;
  committed(seq: number): void {
    this.committedSeqs.push(seq);
  }
  volatile(fromNode: string, message: VolatileMessage): void {
    this.messages.push({ from: fromNode, message });
  }
  resync(): void {
    this.resyncs++;
  }
}

export function backplaneContractSuite(name: string, open: () => Promise<BackplaneHarness>): void {
  describe(`Backplane contract: ${name}`, () => {
    let h: BackplaneHarness;
    const opened: Backplane[] = [];
    const backplane = (): Backplane => {
      const b = h.backplane();
      opened.push(b);
      return b;
    };
    beforeAll(async () => {
      h = await open();
    }, OPEN_TIMEOUT_MS);
    afterAll(async () => {
      for (const b of opened) await b.close().catch(() => undefined);
      await h?.close();
    });

    it('[BPC1] attach tells where the log stands; commitScene gives each batch the next seq, increasing across calls', async () => {
      const b = backplane();
      const id = await newRoom(h.store);
      const at = await b.attach(id, new Recorder());
      expect(at.seq).toBe(0);
      expect(at.unknown).toBeUndefined();
      const first = await b.commitScene(id, [{ from: 'p1', elements: [element('a', 1, 1)] }, { from: 'p2', elements: [element('b', 1, 1)] }]);
      expect(first).toEqual([at.seq + 1, at.seq + 2]);
      const second = await b.commitScene(id, [{ from: 'p1', elements: [element('c', 1, 1)] }]);
      expect(second).toEqual([at.seq + 3]);
    });

    it('[BPC2][ROOM14] committed elements are durable after flush(room), at their seqs, with their senders', async () => {
      const b = backplane();
      const id = await newRoom(h.store);
      await b.attach(id, new Recorder());
      const [s1] = await b.commitScene(id, [{ from: 'p1', elements: [element('a', 1, 1, { x: 11 })] }]);
      const [s2] = await b.commitScene(id, [{ from: 'p2', elements: [element('a', 2, 1, { x: 22 }), element('b', 1, 1)] }]);
      await b.flush(id);
      const scene = (await h.store.scene(id)).sort((x, y) => x.el.id.localeCompare(y.el.id));
      expect(scene.map((s) => [s.el.id, s.el.x, s.seq, s.from])).toEqual([
        ['a', 22, s2, 'p2'],
        ['b', 1, s2, 'p2'],
      ]);
      expect(s2).toBeGreaterThan(s1!);
      expect((await h.store.get(id))?.seq).toBe(s2);
    });

    it('[BPC3] a chat message takes a seq above the scene committed before it, and that scene is durable when the chat is', async () => {
      const b = backplane();
      const id = await newRoom(h.store);
      await b.attach(id, new Recorder());
      const [sceneSeq] = await b.commitScene(id, [{ from: 'p1', elements: [element('a', 1, 1)] }]);
      const { message, duplicate } = await b.commitChat(id, chat('c1', 'hello'));
      expect(duplicate).toBe(false);
      expect(message.seq).toBeGreaterThan(sceneSeq!);
      // No flush: committing the chat made the scene before it durable.
      expect((await h.store.scene(id)).map((s) => [s.el.id, s.seq])).toEqual([['a', sceneSeq]]);
      expect((await h.store.get(id))?.seq).toBe(message.seq);
    });

    it('[BPC4] commitChat is idempotent on clientMessageId: the same message again is the stored one', async () => {
      const b = backplane();
      const id = await newRoom(h.store);
      await b.attach(id, new Recorder());
      const first = await b.commitChat(id, chat('same', 'hello'));
      const again = await b.commitChat(id, chat('same', 'hello'));
      expect(again.duplicate).toBe(true);
      expect(again.message).toEqual(first.message);
      expect((await h.store.allChat(id)).length).toBe(1);
    });

    it('[BPC5] detach stores what is pending', async () => {
      const b = backplane();
      const id = await newRoom(h.store);
      await b.attach(id, new Recorder());
      const [seq] = await b.commitScene(id, [{ from: 'p1', elements: [element('a', 1, 1)] }]);
      await b.detach(id);
      expect((await h.store.scene(id)).map((s) => s.seq)).toEqual([seq]);
    });

    it('[BPC6][ROOM5] after a restart (a new backplane on the same database) seqs continue above every seq handed out before', async () => {
      const before = backplane();
      const id = await newRoom(h.store);
      await before.attach(id, new Recorder());
      const seqs = await before.commitScene(id, [{ from: 'p1', elements: [element('a', 1, 1)] }, { from: 'p1', elements: [element('b', 1, 1)] }]);
      await before.close();
      const after = backplane();
      const at = await after.attach(id, new Recorder());
      expect(at.seq).toBeGreaterThanOrEqual(Math.max(...seqs));
      const [next] = await after.commitScene(id, [{ from: 'p2', elements: [element('c', 1, 1)] }]);
      expect(next).toBeGreaterThan(Math.max(...seqs));
      await after.flush(id);
      expect((await h.store.changesSince(id, Math.max(...seqs))).elements.map((e) => e.el.id)).toEqual(['c']);
    });

    it('[BPC7] commitScene on a room that is not attached (or does not exist) is refused', async () => {
      const b = backplane();
      await expect(b.commitScene('contract-room-never-made', [{ from: 'p1', elements: [element('a', 1, 1)] }])).rejects.toThrow();
    });

    it('[BPC8][ROOM21][ROOM22] two backplanes on one database: a shared one tells the other node of commits and volatile messages, never itself; a single-process one says it is not shared', async () => {
      const a = backplane();
      const b = backplane();
      expect(a.nodeId).not.toBe('');
      const id = await newRoom(h.store);
      const ra = new Recorder();
      const rb = new Recorder();
      await a.attach(id, ra);
      await b.attach(id, rb);
      const [seq] = await a.commitScene(id, [{ from: 'p1', elements: [element('a', 1, 1)] }]);
      a.publish(id, { kind: 'pointer', peerId: 'p1', x: 3, y: 4 });
      if (!a.shared) {
        // One process: the hub tells its own peers; nothing crosses the backplane.
        expect(a.kind).toBe('in-process');
        await a.flush(id);
        expect(rb.committedSeqs).toEqual([]);
        expect(rb.messages).toEqual([]);
        return;
      }
      expect(a.nodeId).not.toBe(b.nodeId);
      await eventually(() => rb.committedSeqs.includes(seq!) && rb.messages.length > 0, 'the other node to hear the commit and the pointer');
      expect(rb.messages).toEqual([{ from: a.nodeId, message: { kind: 'pointer', peerId: 'p1', x: 3, y: 4 } }]);
      const { message } = await b.commitChat(id, chat('from-b', 'hi'));
      await eventually(() => ra.committedSeqs.includes(message.seq), 'the first node to hear the chat');
      expect(ra.committedSeqs).toEqual([message.seq]);
      expect(rb.committedSeqs).toEqual([seq]);
      expect(ra.messages).toEqual([]);
      // Detached: notifications for the room are no longer delivered.
      await b.detach(id);
      await a.commitScene(id, [{ from: 'p1', elements: [element('b', 1, 1)] }]);
      a.publish(id, { kind: 'hello' });
      await a.commitChat(id, chat('after-detach', 'x'));
      await new Promise((r) => setTimeout(r, 200));
      expect(rb.committedSeqs).toEqual([seq]);
      expect(rb.messages.length).toBe(1);
    });
  });
}
