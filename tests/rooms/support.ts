// Room test helpers: create rooms over REST, join them with real ws clients, and keep a client-side
// copy of the scene the way Excalidraw would (the same merge rule), to check convergence.
import type { TestServer } from '../support/app.js';
export { spawnServer, type ServerProcess } from '../support/process.js';
import { connect, type TestSocket } from '../support/ws-client.js';
import { wins } from '../../server/domain/scene-merge.js';

export interface El {
  id: string;
  type: string;
  version: number;
  versionNonce: number;
  isDeleted?: boolean;
  [k: string]: unknown;
}

let nonceCounter = 1;
export function el(id: string, version = 1, extra: Record<string, unknown> = {}): El {
  return { id, type: 'rectangle', version, versionNonce: 1_000_000 + (nonceCounter++ * 7919) % 1_000_000, isDeleted: false, x: 10, y: 20, width: 100, height: 50, ...extra };
}

export interface CreatedRoom {
  id: string;
  token: string;
  url: string;
  mode: string;
  interviewer?: { token: string; url: string };
  candidate?: { token: string; url: string };
}

export async function createRoom(app: Pick<TestServer, 'api'>, body?: unknown): Promise<CreatedRoom> {
  const res = await app.api('/api/rooms', { method: 'POST', ...(body !== undefined ? { body } : {}) });
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CreatedRoom;
}

export function roomSocketUrl(app: { url: string }, id: string, token?: string): string {
  return `${app.url.replace('http', 'ws')}/api/rooms/${id}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** A peer: a real socket plus the scene as an Excalidraw client would hold it. */
export class Peer {
  readonly scene = new Map<string, El>();
  lastSeq = 0;
  peerId = '';
  snapshots = 0;
  readonly raw: string[] = [];

  constructor(readonly sock: TestSocket) {
    sock.ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      const f = JSON.parse(text);
      if (f.type === 'snapshot') {
        this.snapshots++;
        this.peerId = f.you.peerId;
        this.apply(f.elements);
        this.lastSeq = Math.max(this.lastSeq, f.seq);
      } else if (f.type === 'scene') {
        this.apply(f.elements);
        this.lastSeq = Math.max(this.lastSeq, f.seq);
      } else if (f.type === 'ack') {
        if (f.elements) this.apply(f.elements);
        this.lastSeq = Math.max(this.lastSeq, f.seq);
      } else if (f.type === 'chat') {
        this.lastSeq = Math.max(this.lastSeq, f.seq);
      }
    });
  }

  private apply(elements: El[]) {
    for (const e of elements) if (wins(e, this.scene.get(e.id))) this.scene.set(e.id, e);
  }

  /** Changes elements locally (as Excalidraw does) and sends only those. */
  edit(...elements: El[]) {
    for (const e of elements) this.scene.set(e.id, e);
    this.sock.send({ type: 'scene', elements });
  }

  /** A local edit of an element this peer holds: version + 1, a new nonce. */
  bump(id: string, extra: Record<string, unknown> = {}): El {
    const cur = this.scene.get(id);
    if (!cur) throw new Error(`no element ${id}`);
    const next = { ...cur, ...extra, version: cur.version + 1, versionNonce: Math.floor(Math.random() * 2 ** 31) };
    this.edit(next);
    return next;
  }

  visible(): Record<string, El> {
    return Object.fromEntries([...this.scene].filter(([, e]) => !e.isDeleted).sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  framesOf(type: string): any[] {
    return this.raw.map((r) => JSON.parse(r)).filter((f) => f.type === type);
  }

  close() {
    return this.sock.close();
  }
}

export async function join(app: { url: string }, roomId: string, token: string, name: string, lastSeq?: number): Promise<Peer> {
  const sock = await connect(roomSocketUrl(app, roomId, token));
  const peer = new Peer(sock);
  sock.send({ type: 'join', name, ...(lastSeq !== undefined ? { lastSeq } : {}) });
  await sock.next((f) => f.type === 'snapshot');
  return peer;
}

export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until every peer has seen the room's latest seq (what the last ack said). */
export async function settle(peers: Peer[], timeoutMs = 10_000): Promise<void> {
  // A pong comes after everything the peer sent before it was stored and forwarded.
  await Promise.all(
    peers.map(async (p) => {
      p.sock.send({ type: 'ping' });
      await p.sock.next((f) => f.type === 'pong', timeoutMs);
    }),
  );
  const target = Math.max(...peers.map((p) => p.lastSeq));
  await until(() => peers.every((p) => p.lastSeq >= target), `all peers at seq ${target}`, timeoutMs);
}
