// Coach mode end to end over real HTTP and WebSocket with the real database (server/SPEC.md: COACH1–COACH7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageId, startTestServer, type TestServer } from '../support/app.js';
import { connect } from '../support/ws-client.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

async function newSession(mode?: 'coach' | 'interview') {
  const res = await app.api('/api/sessions', { body: { problemId: 'payment-system', level: 'mid', durationMinutes: 45, ...(mode ? { mode } : {}) } });
  expect(res.status).toBe(201);
  return res.body as { id: string; token: string; mode: string };
}
const say = (s: { id: string; token: string }, text: string) => app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: messageId(), text } });
const events = async (s: { id: string; token: string }) => (await app.api(`/api/sessions/${s.id}/export`, { token: s.token })).body.events as any[];

describe('coach mode', () => {
  it('[COACH1] the mode is chosen at the start and stored on the session; the default is an interview', async () => {
    const coach = await newSession('coach');
    expect(coach.mode).toBe('coach');
    expect((await events(coach))[0]).toMatchObject({ type: 'session_started', mode: 'coach' });
    const plain = await newSession();
    expect(plain.mode).toBe('interview');
    const bad = await app.api('/api/sessions', { body: { problemId: 'payment-system', level: 'mid', mode: 'tutor' } });
    expect(bad.status).toBe(400);
  });

  it('[COACH4] the hint button records each rung as a hint_given event with its phase and time; an interview gets none', async () => {
    const s = await newSession('coach');
    app.clock.advance(30_000);
    const first = await app.api(`/api/sessions/${s.id}/hints`, { method: 'POST', token: s.token });
    expect(first.status).toBe(201);
    expect(first.body.hint).toMatchObject({ rung: 1, rungName: 'nudge', phase: 'requirements', via: 'button', gap: { key: 'fact:scale', dimension: 'requirements' } });
    const stored = (await events(s)).filter((e) => e.type === 'hint_given');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ phase: 'requirements', rung: 1, via: 'button' });
    expect(stored[0].atMs).toBeGreaterThanOrEqual(30_000);
    const listed = await app.api(`/api/sessions/${s.id}/hints`, { token: s.token });
    expect(listed.body).toMatchObject({ mode: 'coach', hints: [{ rung: 1 }] });
    // The token guards hints like everything else.
    expect((await app.api(`/api/sessions/${s.id}/hints`, { method: 'POST', token: 'wrong' })).status).toBe(404);

    const plain = await newSession('interview');
    const refused = await app.api(`/api/sessions/${plain.id}/hints`, { method: 'POST', token: plain.token });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('not_coach_mode');
    expect((await events(plain)).some((e) => e.type === 'hint_given')).toBe(false);
  });

  it('[COACH4] asking for help in the chat climbs the same ladder in coach mode; in an interview the reply stays as it was', async () => {
    const s = await newSession('coach');
    await app.api(`/api/sessions/${s.id}/hints`, { method: 'POST', token: s.token });
    const asked = await say(s, "I'm stuck, can you give me a hint?");
    expect(asked.status).toBe(201);
    expect(asked.body.reply).toMatchObject({ move: 'hint', source: 'offline' });
    expect(asked.body.reply.text).toMatch(/^A pointer: /);
    const hint = (await events(s)).filter((e) => e.type === 'hint_given').at(-1);
    expect(hint).toMatchObject({ rung: 2, via: 'chat', replyTo: asked.body.candidate.seq, gap: { key: 'fact:scale' } });

    const plain = await newSession('interview');
    const reply = await say(plain, "I'm stuck, can you give me a hint?");
    expect(reply.body.reply.move).not.toBe('hint');
    expect(reply.body.reply.text).not.toMatch(/^A (nudge|pointer|sketch)/);
    expect((await events(plain)).some((e) => e.type === 'hint_given')).toBe(false);
  });

  it('[COACH4] a hint frame on the session socket is answered by the hint_given event; outside coach mode by an error frame', async () => {
    const s = await newSession('coach');
    const ws = await connect(`${app.url.replace('http', 'ws')}/api/sessions/${s.id}/ws?token=${s.token}`);
    ws.send({ type: 'hello', lastSeq: 2 });
    await ws.next((f) => f.type === 'welcome');
    ws.send({ type: 'hint' });
    const frame = await ws.next((f) => f.type === 'event' && f.event.type === 'hint_given');
    expect(frame.event).toMatchObject({ rung: 1, via: 'button', phase: 'requirements' });
    await ws.close();

    const plain = await newSession('interview');
    const ws2 = await connect(`${app.url.replace('http', 'ws')}/api/sessions/${plain.id}/ws?token=${plain.token}`);
    ws2.send({ type: 'hello', lastSeq: 2 });
    await ws2.next((f) => f.type === 'welcome');
    ws2.send({ type: 'hint' });
    expect(await ws2.next((f) => f.type === 'error')).toMatchObject({ code: 'not_coach_mode' });
    await ws2.close();
  });

  it('[COACH6] the report lists each hint with the turn where its gap was covered, marks assisted dimensions and counts the hints', async () => {
    const s = await newSession('coach');
    await app.api(`/api/sessions/${s.id}/hints`, { method: 'POST', token: s.token }); // fact:scale, nudge
    await say(s, 'How many payments do we process per day, and what is the peak?');
    for (const phase of ['estimation', 'high_level_design', 'deep_dive']) {
      const r = await app.api(`/api/sessions/${s.id}/advance`, { method: 'POST', token: s.token });
      expect(r.body.phase).toBe(phase);
    }
    const dive = await app.api(`/api/sessions/${s.id}/hints`, { method: 'POST', token: s.token });
    expect(dive.body.hint).toMatchObject({ phase: 'deep_dive', gap: { kind: 'probe', dimension: 'depth' } });
    await say(s, 'Every request carries an idempotency key. We store it with a unique constraint in the same transaction as the payment, so a retry returns the same response as the first attempt instead of charging again.');
    expect((await app.api(`/api/sessions/${s.id}/end`, { method: 'POST', token: s.token })).status).toBe(200);
    const after = await app.api(`/api/sessions/${s.id}/hints`, { method: 'POST', token: s.token });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('session_ended');

    const report = await app.api(`/api/sessions/${s.id}/report`, { token: s.token });
    expect(report.status).toBe(200);
    const coach = report.body.coach;
    expect(coach.mode).toBe('coach');
    expect(coach.hints).toHaveLength(2);
    const turns = (await app.api(`/api/sessions/${s.id}`, { token: s.token })).body.transcript as Array<{ text: string; role: string }>;
    const turnOf = (start: string) => turns.findIndex((t) => t.role === 'candidate' && t.text.startsWith(start)) + 1;
    expect(coach.hints[0]).toMatchObject({ gap: { key: 'fact:scale' }, usedAtTurn: turnOf('How many payments') });
    expect(coach.hints[1]).toMatchObject({ gap: { key: 'dd:idempotency:0' }, usedAtTurn: turnOf('Every request carries') });
    // Depth's evidence came after the hint on it: assisted, with the turns that show it.
    const depth = report.body.dimensions.find((d: any) => d.id === 'depth');
    const afterHint = depth.evidence.filter((e: any) => e.turn >= turnOf('Every request carries'));
    expect(afterHint.length).toBeGreaterThan(0);
    expect(coach.assisted).toContainEqual(expect.objectContaining({ dimension: 'depth', hints: 1 }));
    for (const a of coach.assisted) expect(coach.hints.some((h: any) => h.gap.dimension === a.dimension)).toBe(true);

    // An interview's report has no coach section.
    const plain = await newSession('interview');
    await say(plain, 'How many payments per day?');
    await app.api(`/api/sessions/${plain.id}/end`, { method: 'POST', token: plain.token });
    expect((await app.api(`/api/sessions/${plain.id}/report`, { token: plain.token })).body.coach).toBeUndefined();
  });
});
