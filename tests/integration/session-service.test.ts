// The session service on a real database, without HTTP: concurrency and memory bounds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionService } from '../../server/app/session-service.js';
import { loadProblemBank } from '../../server/content/problem-bank.js';
import { openDatabase, type Database } from '../../server/db/client.js';
import { createSessionStore } from '../../server/db/session-store.js';
import { createOfflineInterviewer } from '../../server/interviewer/offline-interviewer.js';
import type { Interviewer } from '../../server/interviewer/types.js';
import { ManualClock, messageId, testDatabase } from '../support/app.js';

let db: Database;
beforeAll(async () => {
  db = await openDatabase(testDatabase());
});
afterAll(async () => {
  await db?.close();
});

function service(interviewer: Interviewer = createOfflineInterviewer(), maxCachedSessions?: number) {
  return new SessionService({ store: createSessionStore(db.db), bank: loadProblemBank(), interviewer, clock: new ManualClock(), clockSpeed: 1, maxCachedSessions });
}

describe('session service', () => {
  it('[SVC1] keeps at most the configured number of unwatched sessions in memory, and reloads evicted ones', async () => {
    const svc = service(undefined, 2);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await svc.create({ problemId: 'url-shortener', level: 'mid', durationMinutes: 45 })).id);
    const watched = ids[0]!;
    const stop = svc.subscribe(watched, () => {});
    for (const id of ids) await svc.current(id);
    expect(svc.cachedSessionCount()).toBeLessThanOrEqual(2);
    const again = await svc.current(ids[1]!);
    expect(again.state.turns[0]!.kind).toBe('opening');
    expect((await svc.current(watched)).row.id).toBe(watched);
    stop();
  });

  it('[SVC2] concurrent messages to one session get distinct seqs and one reply each, in order', async () => {
    const svc = service();
    const { id } = await svc.create({ problemId: 'url-shortener', level: 'mid', durationMinutes: 45 });
    const texts = ['How many users?', 'What latency?', 'Is analytics in scope?', 'Read or write heavy?'];
    const results = await Promise.all(texts.map((t) => svc.postMessage(id, messageId(), t)));
    const seqs = results.map((r) => r.candidate.seq);
    expect(new Set(seqs).size).toBe(4);
    for (const r of results) expect(r.reply?.type === 'interviewer_message' && r.reply.replyTo).toBe(r.candidate.seq);
    const live = await svc.current(id);
    expect(live.events.map((e) => e.seq)).toEqual(live.events.map((_, i) => i + 1));
  });

  it('[SVC3] a slow reply does not hold up the candidate: the next message is acknowledged at once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const offline = createOfflineInterviewer();
    const slow: Interviewer = { name: 'offline', respond: async (input, o) => (await gate, offline.respond(input, o)) };
    const svc = service(slow);
    const { id } = await svc.create({ problemId: 'url-shortener', level: 'mid', durationMinutes: 45 });
    const first = await svc.submitMessage(id, messageId(), 'How many users?');
    const second = await svc.submitMessage(id, messageId(), 'What latency?');
    expect(second.candidate.seq).toBe(first.candidate.seq + 1);
    const diagram = await svc.putDiagram(id, [{ id: 't', type: 'text', text: 'API', x: 0, y: 0, width: 5, height: 5 }]);
    expect(diagram.changed).toBe(true);
    release();
    const [r1, r2] = await Promise.all([first.reply, second.reply]);
    expect(r1?.seq).toBeLessThan(r2!.seq);
  });

  it('[MSG5] ending the interview stops the model call phrasing a reply; no reply follows the end', async () => {
    let signal: AbortSignal | undefined;
    let started!: () => void;
    const phrasing = new Promise<void>((r) => (started = r));
    // A model that streams a word, then takes its time: only the caller's abort ends it early.
    const slow: Interviewer = {
      name: 'openai',
      respond: (_input, options) =>
        new Promise((resolve, reject) => {
          signal = options?.signal;
          options?.onDelta?.('Hmm, ');
          started();
          const timer = setTimeout(() => resolve({ text: 'Hmm, a late answer.', source: 'openai', usage: { promptTokens: 0, completionTokens: 0 } }), 20_000);
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('aborted'));
          });
        }),
    };
    const svc = service(slow);
    const { id } = await svc.create({ problemId: 'url-shortener', level: 'mid', durationMinutes: 45 });
    const { reply } = await svc.submitMessage(id, messageId(), 'How many links a day?');
    await phrasing;
    await svc.end(id);
    expect(signal?.aborted).toBe(true);
    expect(await reply).toBeUndefined();
    const events = (await svc.current(id)).events;
    expect(events.at(-1)?.type).toBe('interviewer_message'); // the closing words
    expect(events.filter((e) => e.type === 'interviewer_message' && e.replyTo !== undefined)).toEqual([]);
    expect(events.findIndex((e) => e.type === 'session_ended')).toBe(events.length - 2);
  });
});
