// The session store contract (server/db/session-store.ts, SessionStore): the event log appended
// optimistically on seq, the session row, the scene and the report. Registered once per database
// in stores.contract.test.ts, in the style of tldraw's storageContractSuite.
import { describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/client.js';
import { AppendConflictError, createSessionStore, type NewSession, type SessionStore, type TimedEvent } from '../../server/db/session-store.js';
import { uniqueId, useStore } from './databases.js';

const started: TimedEvent = { type: 'session_started', problemId: 'url-shortener', level: 'mid', durationMinutes: 45, atMs: 0 };
const say = (clientMessageId: string, text: string, atMs: number): TimedEvent => ({ type: 'candidate_message', clientMessageId, text, atMs });

function sessionRow(extra: Partial<NewSession> = {}): NewSession {
  return {
    id: uniqueId('contract-session'),
    tokenHash: 'hash',
    clientKeyHash: null,
    problemId: 'url-shortener',
    level: 'mid',
    durationMinutes: 45,
    clockSpeed: 1,
    startedAt: new Date('2026-01-01T09:00:00Z'),
    status: 'active',
    phase: 'requirements',
    ...extra,
  };
}

export function sessionStoreContractSuite(name: string, open: () => Promise<Database>): void {
  describe(`SessionStore contract: ${name}`, () => {
    const store = useStore(open, createSessionStore);

    it('[SESC1] create stores the row and the first events at seq 1..n; events(after) returns those above, in order', async () => {
      const row = sessionRow();
      const first = await store().create(row, [started, say('m1', 'How many users?', 1_000)]);
      expect(first.map((e) => [e.seq, e.type, e.atMs])).toEqual([
        [1, 'session_started', 0],
        [2, 'candidate_message', 1_000],
      ]);
      const got = await store().get(row.id);
      expect(got).toMatchObject({ id: row.id, problemId: 'url-shortener', level: 'mid', lastSeq: 2, phase: 'requirements', status: 'active' });
      expect(await store().events(row.id)).toEqual(first);
      expect((await store().events(row.id, 1)).map((e) => e.seq)).toEqual([2]);
      expect(await store().get(uniqueId('missing'))).toBeUndefined();
      expect(await store().events(uniqueId('missing'))).toEqual([]);
    });

    it('[SESC2] append after the last seq takes the next seqs; after a stale seq it is an AppendConflictError and stores nothing', async () => {
      const row = sessionRow();
      await store().create(row, [started]);
      const appended = await store().append(row.id, 1, [say('m1', 'one', 10), say('m2', 'two', 20)]);
      expect(appended.map((e) => e.seq)).toEqual([2, 3]);
      await expect(store().append(row.id, 1, [say('m3', 'late', 30)])).rejects.toBeInstanceOf(AppendConflictError);
      expect((await store().events(row.id)).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect((await store().get(row.id))?.lastSeq).toBe(3);
      expect(await store().append(row.id, 3, [])).toEqual([]);
    });

    it('[SESC3] the same clientMessageId twice in one session is an AppendConflictError; in another session it is fine', async () => {
      const a = sessionRow();
      const b = sessionRow();
      await store().create(a, [started, say('dup', 'first', 5)]);
      await store().create(b, [started]);
      await expect(store().append(a.id, 2, [say('dup', 'again', 6)])).rejects.toBeInstanceOf(AppendConflictError);
      expect((await store().get(a.id))?.lastSeq).toBe(2);
      expect((await store().append(b.id, 1, [say('dup', 'other session', 6)])).map((e) => e.seq)).toEqual([2]);
    });

    it('[SESC4] appending a phase change or the end moves the row: phase, status ended, endedAt', async () => {
      const row = sessionRow();
      await store().create(row, [started]);
      await store().append(row.id, 1, [{ type: 'phase_changed', from: 'requirements', to: 'estimation', reason: 'candidate', atMs: 100 }]);
      expect(await store().get(row.id)).toMatchObject({ phase: 'estimation', status: 'active', endedAt: null });
      await store().append(row.id, 2, [{ type: 'session_ended', reason: 'candidate', atMs: 200 }]);
      const ended = await store().get(row.id);
      expect(ended?.status).toBe('ended');
      expect(ended?.endedAt).toBeInstanceOf(Date);
    });

    it('[SESC5] listByClient returns one client key\'s sessions, newest first, at most `limit`', async () => {
      const key = uniqueId('client');
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const row = sessionRow({ clientKeyHash: key });
        ids.push(row.id);
        await store().create(row, [started]);
        await new Promise((r) => setTimeout(r, 5)); // distinct createdAt
      }
      await store().create(sessionRow({ clientKeyHash: uniqueId('other-client') }), [started]);
      expect((await store().listByClient(key, 10)).map((r) => r.id)).toEqual([...ids].reverse());
      expect((await store().listByClient(key, 2)).map((r) => r.id)).toEqual([ids[2], ids[1]]);
    });

    it('[SESC6] the scene and its picture are replaced whole; null drops the picture', async () => {
      const row = sessionRow();
      await store().create(row, [started]);
      const scene = [{ id: 'r', type: 'rectangle', version: 2, versionNonce: 9, x: 1, y: 2 }] as never[];
      await store().saveScene(row.id, scene, '<svg/>');
      expect(await store().get(row.id)).toMatchObject({ scene, sceneSvg: '<svg/>' });
      await store().saveScene(row.id, [], null);
      expect(await store().get(row.id)).toMatchObject({ scene: [], sceneSvg: null });
    });

    it('[SESC7] a report is stored once per session; saving again replaces it', async () => {
      const row = sessionRow();
      await store().create(row, [started]);
      expect(await store().getReport(row.id)).toBeUndefined();
      await store().saveReport(row.id, { rubricVersion: '1', scorer: 'offline', report: { verdict: 'no' } });
      await store().saveReport(row.id, { rubricVersion: '2', scorer: 'model', report: { verdict: 'yes' } });
      expect(await store().getReport(row.id)).toMatchObject({ rubricVersion: '2', scorer: 'model', report: { verdict: 'yes' } });
    });
  });
}
