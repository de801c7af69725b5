// The web client's scene outbox (web/src/rooms/scene-outbox.ts): frames split by bytes under the
// frame limit, per-element sent/acknowledged versions, and a resend after a rejoin of whatever the
// room never acknowledged. Then the same outbox against the real server: big scenes go through
// without a too_large, and a frame lost with its socket reaches the other peer after the rejoin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOM_LIMITS } from '../../server/protocol/rooms.js';
import { SCENE_FRAME_BUDGET_BYTES, SceneOutbox, sceneFrameBytes, utf8Bytes } from '../../web/src/rooms/scene-outbox.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { createRoom, join, settle, until, type El } from './support.js';
import { EXCALIDRAW_STYLE } from '../support/excalidraw.js';

let nonce = 1;
const nextNonce = () => (nonce = (nonce * 48271) % 2_147_483_647);

/** A rectangle as Excalidraw 0.18 serializes it (~450 bytes). */
function rect(i: number, version = 1): El {
  return {
    id: `rect-${i.toString(36).padStart(6, '0')}-${'x'.repeat(8)}`,
    type: 'rectangle',
    x: 123.45678901234 + i,
    y: -987.6543210987 - i,
    width: 160.12345678901,
    height: 90.98765432109,
    ...EXCALIDRAW_STYLE,
    index: `a${i.toString(36)}`,
    roundness: { type: 3 },
    seed: 1_234_567_890 - i,
    version,
    versionNonce: nextNonce(),
    updated: 1_767_000_000_000 + i,
  };
}

/** A freedraw stroke of `n` points (~40 bytes a point). */
function stroke(i: number, n = 200, version = 1): El {
  const points: number[][] = [];
  for (let k = 0; k < n; k++) points.push([k * 1.2345678901234 + 0.1 * i, Math.sin(k / 7) * 33.333333333333 - 0.01 * i]);
  return { ...rect(100_000 + i, version), id: `stroke-${i}`, type: 'freedraw', points, pressures: [], simulatePressure: true };
}

function bump(e: El, extra: Record<string, unknown> = {}): El {
  return { ...e, ...extra, version: e.version + 1, versionNonce: nextNonce() };
}

function expectWellFormed(frames: El[][], all: El[]) {
  for (const f of frames) {
    expect(sceneFrameBytes(f)).toBeLessThanOrEqual(SCENE_FRAME_BUDGET_BYTES);
    expect(f.length).toBeLessThanOrEqual(ROOM_LIMITS.elementsPerFrame);
  }
  const ids = frames.flat().map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual(all.map((e) => e.id).sort());
}

describe('scene outbox: frames by bytes', () => {
  it('the byte budget is under the server limit, and sizes are UTF-8 bytes as the server counts them', () => {
    expect(SCENE_FRAME_BUDGET_BYTES).toBeLessThan(ROOM_LIMITS.frameBytes);
    for (const s of ['abc', 'é', '→', '😀', 'a😀é→\u0000']) expect(utf8Bytes(s)).toBe(Buffer.byteLength(s, 'utf8'));
    const f = [rect(1), stroke(2, 3)];
    expect(sceneFrameBytes(f)).toBe(Buffer.byteLength(JSON.stringify({ type: 'scene', elements: f })));
  });

  it('5,000 rectangles (over 2 MB in one frame) go in frames that each fit the budget', () => {
    const all = Array.from({ length: 5_000 }, (_, i) => rect(i));
    expect(sceneFrameBytes(all)).toBeGreaterThan(ROOM_LIMITS.frameBytes); // what the old count split sent
    const { frames, unsendable } = new SceneOutbox().take(all);
    expect(unsendable).toEqual([]);
    expect(frames.length).toBeGreaterThan(1);
    expectWellFormed(frames, all);
  });

  it('360 freedraw strokes go in frames that each fit the budget', () => {
    const all = Array.from({ length: 360 }, (_, i) => stroke(i));
    expect(sceneFrameBytes(all)).toBeGreaterThan(ROOM_LIMITS.frameBytes);
    const { frames } = new SceneOutbox().take(all);
    expectWellFormed(frames, all);
  });

  it('20,000 small elements: never more than elementsPerFrame in a frame', () => {
    const all = Array.from({ length: 20_000 }, (_, i) => ({ id: `l${i}`, type: 'line', version: 1, versionNonce: i }));
    const { frames } = new SceneOutbox().take(all);
    expect(frames.length).toBe(4);
    expectWellFormed(frames as El[][], all as El[]);
  });

  it('edits of elements the room has and new elements never share a frame; edits go first', () => {
    const box = new SceneOutbox();
    const old = [rect(1), rect(2)];
    box.remote(old, { full: true });
    const { frames } = box.take([rect(3), bump(old[0]!), rect(4), bump(old[1]!)]);
    expect(frames.map((f) => f.map((e) => e.id))).toEqual([[old[0]!.id, old[1]!.id], [rect(3).id, rect(4).id]]);
  });

  it('an element larger than a frame by itself is reported once, never sent, and reported again when it changes', () => {
    const box = new SceneOutbox();
    const huge = stroke(1, 60_000);
    expect(sceneFrameBytes([huge])).toBeGreaterThan(SCENE_FRAME_BUDGET_BYTES);
    const small = rect(2);
    const first = box.take([huge, small]);
    expect(first.frames).toEqual([[small]]);
    expect(first.unsendable).toEqual([{ element: huge, reason: 'too_large', bytes: expect.any(Number) }]);
    expect(box.needsSend(huge)).toBe(false);
    const again = box.take([huge, small]);
    expect(again).toEqual({ frames: [], unsendable: [] });
    box.reset(); // a rejoin does not retry it either
    expect(box.take([huge]).unsendable).toEqual([]);
    const changed = bump(huge);
    expect(box.take([changed]).unsendable.map((u) => u.element)).toEqual([changed]);
  });

  it('a deleted huge element goes as a slim tombstone', () => {
    const box = new SceneOutbox();
    const gone = bump(stroke(1, 60_000), { isDeleted: true });
    const { frames, unsendable } = box.take([gone]);
    expect(unsendable).toEqual([]);
    expect(frames).toHaveLength(1);
    const sent = frames[0]![0]!;
    expect(sent).toMatchObject({ id: gone.id, type: 'freedraw', version: gone.version, versionNonce: gone.versionNonce, isDeleted: true, points: [] });
    expect(sceneFrameBytes(frames[0]!)).toBeLessThan(1_000);
  });

  it('an element holding a NUL character (refused by the server, with its whole frame) is reported, not sent', () => {
    const box = new SceneOutbox();
    const bad = { ...rect(1), type: 'text', text: 'a\u0000b' };
    const { frames, unsendable } = box.take([bad, rect(2)]);
    expect(frames).toEqual([[rect(2)].map((r) => expect.objectContaining({ id: r.id }))]);
    expect(unsendable.map((u) => u.reason)).toEqual(['nul']);
  });
});

describe('scene outbox: acknowledgements and the rejoin', () => {
  it('marks nothing acknowledged when sent; unacknowledged elements are sent again after a rejoin', () => {
    const box = new SceneOutbox();
    const a = rect(1);
    expect(box.take([a]).frames).toEqual([[a]]);
    expect(box.state(a.id)).toEqual({ sent: { version: 1, versionNonce: a.versionNonce }, acked: undefined });
    expect(box.take([a]).frames).toEqual([]); // in flight: not twice on one socket
    box.barrier();
    box.reset(); // the socket dropped before the pong
    expect(box.take([a]).frames).toEqual([[a]]);
  });

  it('acknowledged elements are not resent after a rejoin; later edits are', () => {
    const box = new SceneOutbox();
    const a = rect(1);
    const b = rect(2);
    box.take([a, b]);
    box.barrier();
    box.ack();
    box.pong();
    expect(box.state(a.id).acked).toEqual({ version: 1, versionNonce: a.versionNonce });
    expect(box.inFlight).toBe(0);
    box.reset();
    expect(box.take([a, b]).frames).toEqual([]);
    const a2 = bump(a);
    expect(box.take([a2, b]).frames).toEqual([[a2]]);
  });

  it('an ack vouches for the oldest frame only (the server may answer several frames with one ack)', () => {
    const box = new SceneOutbox({ budgetBytes: sceneFrameBytes([rect(1)]) + 10 }); // one rectangle a frame
    const els = [rect(1), rect(2), rect(3)];
    expect(box.take(els).frames).toHaveLength(3);
    box.barrier();
    box.ack(); // the first frame (perhaps more) was merged
    expect(box.inFlight).toBe(2);
    box.reset();
    expect(box.take(els).frames.flat().map((e) => e.id)).toEqual([els[1]!.id, els[2]!.id]);
  });

  it('a pong vouches for every frame sent before its ping, not for frames after it', () => {
    const box = new SceneOutbox();
    const a = rect(1);
    box.take([a]);
    box.barrier();
    const b = rect(2);
    box.take([a, b]); // b only
    box.pong();
    expect(box.state(a.id).acked).toBeDefined();
    expect(box.state(b.id).acked).toBeUndefined();
    box.reset();
    expect(box.take([a, b]).frames).toEqual([[b]]);
  });

  it('an element that lost the merge: the ack brings the winner, which stays the acknowledged version', () => {
    const box = new SceneOutbox();
    const mine = rect(1, 3);
    box.take([mine]);
    box.barrier();
    const winner = { ...mine, version: 5, versionNonce: 7, x: 0 };
    box.ack();
    box.remote([winner], { full: false }); // the ack's elements
    box.pong();
    expect(box.state(mine.id).acked).toEqual({ version: 5, versionNonce: 7 });
    // The board merges the winner in: nothing to send.
    expect(box.needsSend(winner)).toBe(false);
    // Recorded in any order, the winner is kept.
    const other = new SceneOutbox();
    other.take([mine]);
    other.remote([winner], { full: false });
    other.ack();
    expect(other.state(mine.id).acked).toEqual({ version: 5, versionNonce: 7 });
  });

  it("elements the room sends are known; a full snapshot forgets what the room no longer has", () => {
    const box = new SceneOutbox();
    const a = rect(1);
    const b = rect(2);
    box.remote([a, b], { full: true });
    expect(box.take([a, b]).frames).toEqual([]);
    box.reset();
    box.remote([a], { full: true }); // the room lost b (a restart before it was stored)
    expect(box.take([a, b]).frames).toEqual([[b]]);
  });

  it('a partial (resume) snapshot keeps what was acknowledged before', () => {
    const box = new SceneOutbox();
    const a = rect(1);
    const b = rect(2);
    box.take([a, b]);
    box.barrier();
    box.pong();
    const c = rect(3);
    box.take([c]); // lost with the socket
    box.reset();
    box.remote([], { full: false });
    expect(box.take([a, b, c]).frames).toEqual([[c]]);
  });
});

// ---- against the real server ---------------------------------------------------------------

describe('scene outbox with the real server', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  async function sendAll(peer: Awaited<ReturnType<typeof join>>, box: SceneOutbox, all: El[]) {
    const { frames } = box.take(all);
    for (const f of frames) peer.sock.send({ type: 'scene', elements: f });
    peer.sock.send({ type: 'ping' });
    box.barrier();
    // Acks come before the pong (the server answers a ping after the flush of what came before).
    const acks = frames.length ? await peer.sock.next((f) => f.type === 'ack' && f.of === 'scene') : undefined;
    if (acks) box.ack();
    await peer.sock.next((f) => f.type === 'pong');
    box.pong();
    return frames;
  }

  it('5,000 rectangles and 360 strokes reach the other peer with no error', async () => {
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    const b = await join(app, room.id, room.token, 'Grace');
    const box = new SceneOutbox();
    const all = [...Array.from({ length: 5_000 }, (_, i) => rect(i)), ...Array.from({ length: 360 }, (_, i) => stroke(i))];
    const frames = await sendAll(a, box, all);
    expect(frames.length).toBeGreaterThan(2);
    await settle([a, b], 20_000);
    expect(a.framesOf('error')).toEqual([]);
    expect(b.scene.size).toBe(all.length);
    expect(box.inFlight).toBe(0);
    expect((await app.api(`/api/rooms/${room.id}`, { token: room.token })).body.elementCount).toBe(all.length);
    await a.close();
    await b.close();
  });

  it('a frame lost with its socket is resent after the rejoin (resume, full: false) and reaches the other peer', async () => {
    const room = await createRoom(app);
    const a = await join(app, room.id, room.token, 'Ada');
    const b = await join(app, room.id, room.token, 'Grace');
    const box = new SceneOutbox();
    const first = rect(1);
    await sendAll(a, box, [first]);
    await until(() => b.scene.has(first.id), 'b has the first rectangle');
    const lastSeq = a.lastSeq;

    // Drawn, "sent", and lost: the socket goes before the frame left the browser.
    const second = rect(2);
    expect(box.take([first, second]).frames).toEqual([[second]]);
    await a.close();

    box.reset(); // the client opens a new socket
    const again = await join(app, room.id, room.token, 'Ada', lastSeq);
    const snap = again.framesOf('snapshot')[0];
    expect(snap.full).toBe(false);
    box.remote(snap.elements, { full: snap.full });
    const resent = await sendAll(again, box, [first, second]);
    expect(resent.flat().map((e) => e.id)).toEqual([second.id]);
    await until(() => b.scene.has(second.id), 'b has the rectangle drawn before the drop');
    expect(again.framesOf('error')).toEqual([]);
    await again.close();
    await b.close();
  });
});
