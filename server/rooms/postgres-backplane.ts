// The PostgreSQL backplane: several processes share one database. Every durable change takes its
// seq from the room row in the transaction that writes it, and that transaction also NOTIFYs the
// room's channel with a reference (node, seq): the other nodes read the rows from the database,
// so no payload ever nears NOTIFY's 8,000-byte limit [ROOM20–ROOM22]. Pointers and presence are
// small and go in the notification itself.
import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import type { Attached, Backplane, BackplaneListener, VolatileMessage } from './backplane.js';
import type { ChatRow, NewChat, RoomStore, SceneBatch } from './store.js';

/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; stay clear of it. */
export const NOTIFY_MAX_BYTES = 7_900;

type Wire = ({ n: string; k: 'c'; seq: number } | ({ n: string; k: 'v' } & { m: VolatileMessage }));

interface Subscription {
  listener: BackplaneListener;
  unlisten: () => Promise<void>;
}

export function roomChannel(roomId: string): string {
  return `room:${roomId}`;
}

export class PostgresBackplane implements Backplane {
  readonly kind = 'postgres' as const;
  readonly nodeId = randomBytes(6).toString('base64url');
  readonly shared = true;
  private readonly subs = new Map<string, Subscription>();

  constructor(
    private readonly store: RoomStore,
    private readonly sql: postgres.Sql,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  async attach(roomId: string, listener: BackplaneListener): Promise<Attached> {
    let first = true;
    const { unlisten } = await this.sql.listen(
      roomChannel(roomId),
      (payload) => this.receive(roomId, payload),
      () => {
        // Runs once listening and again after every reconnect of the listening connection.
        if (first) first = false;
        else this.subs.get(roomId)?.listener.resync();
      },
    );
    this.subs.set(roomId, { listener, unlisten });
    // Read the seq after LISTEN: whatever commits later is announced to us.
    const row = await this.store.get(roomId);
    if (!row) throw new Error(`room ${roomId} does not exist`);
    // Every seq is taken in the transaction that stores it: none is ever unknown.
    return { seq: row.seq };
  }

  async detach(roomId: string): Promise<void> {
    // After postgres-js re-listens (a reconnect) this unlisten may leave the channel subscribed;
    // notifications for rooms no longer attached are dropped in `receive`.
    const sub = this.subs.get(roomId);
    this.subs.delete(roomId);
    await sub?.unlisten().catch((err) => this.log(`room ${roomId}: unlisten failed`, err));
  }

  commitScene(roomId: string, batches: SceneBatch[]): Promise<number[]> {
    return this.store.appendScene(roomId, batches, (seqs) => this.notification(roomId, { n: this.nodeId, k: 'c', seq: seqs[seqs.length - 1]! }));
  }

  commitChat(roomId: string, message: NewChat): Promise<{ message: ChatRow; duplicate: boolean }> {
    return this.store.appendChat(roomId, message, 'next', (seq) => this.notification(roomId, { n: this.nodeId, k: 'c', seq }));
  }

  publish(roomId: string, message: VolatileMessage): void {
    const n = this.notification(roomId, { n: this.nodeId, k: 'v', m: message });
    if (!n) return;
    this.sql.notify(n.channel, n.payload).catch((err) => this.log(`room ${roomId}: notify failed`, err));
  }

  async flush(): Promise<void> {
    // Every change is written when it is committed.
  }

  async close(): Promise<void> {
    await Promise.all([...this.subs.keys()].map((id) => this.detach(id)));
  }

  private notification(roomId: string, wire: Wire): { channel: string; payload: string } | undefined {
    const payload = JSON.stringify(wire);
    if (Buffer.byteLength(payload) > NOTIFY_MAX_BYTES) {
      this.log(`room ${roomId}: a ${wire.k === 'v' ? wire.m.kind : 'commit'} notification is over ${NOTIFY_MAX_BYTES} bytes; not sent`);
      return undefined;
    }
    return { channel: roomChannel(roomId), payload };
  }

  private receive(roomId: string, payload: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(payload) as Wire;
    } catch {
      this.log(`room ${roomId}: unreadable notification`);
      return;
    }
    if (wire.n === this.nodeId) return;
    const sub = this.subs.get(roomId);
    if (!sub) return;
    if (wire.k === 'c') sub.listener.committed(wire.seq);
    else sub.listener.volatile(wire.n, wire.m);
  }
}
