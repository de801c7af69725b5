// Records each accepted whiteboard change in the owner's timeline. The change is taken against the
// last board the timeline holds (not the last scene saved), so an entry lost to a crash between the
// scene's save and the timeline's is folded into the next one instead of breaking the chain; a
// number taken by another node reloads the timeline's tail and records again. [RPL5][RPL6]
import { TimelineConflictError, type BoardTimelineStore } from '../db/board-timeline-store.js';
import { EMPTY_HEAD, headAfter, nextEntry, type TimelineHead } from '../domain/board-timeline.js';
import type { TimelineElement, TimelineEntry } from '../protocol/board-timeline.js';
import { KeyedMutex } from './keyed-mutex.js';

/** Timelines whose head is kept in memory; the least recently recorded beyond this are dropped. */
export const MAX_CACHED_HEADS = 500;

export class BoardRecorder {
  private readonly heads = new Map<string, TimelineHead>();
  private readonly lock = new KeyedMutex();

  constructor(
    private readonly store: BoardTimelineStore,
    private readonly maxCached = MAX_CACHED_HEADS,
  ) {}

  /** Records `scene` as the board at interview time `atMs`; returns the stored entry, or null when nothing changed. */
  record(ownerId: string, atMs: number, scene: readonly { id: string }[]): Promise<TimelineEntry | null> {
    return this.lock.run(ownerId, async () => {
      for (let attempt = 0; ; attempt++) {
        const head = await this.head(ownerId);
        const entry = nextEntry(head, scene as readonly TimelineElement[], atMs);
        if (!entry) return null;
        try {
          await this.store.append(ownerId, entry);
        } catch (err) {
          this.heads.delete(ownerId);
          if (err instanceof TimelineConflictError && attempt === 0) continue;
          throw err;
        }
        this.remember(ownerId, headAfter([entry], head));
        return entry;
      }
    });
  }

  /** The whole timeline, in order. */
  entries(ownerId: string): Promise<TimelineEntry[]> {
    return this.store.all(ownerId);
  }

  private async head(ownerId: string): Promise<TimelineHead> {
    const cached = this.heads.get(ownerId);
    if (cached) return cached;
    const head = headAfter(await this.store.tail(ownerId), EMPTY_HEAD);
    this.remember(ownerId, head);
    return head;
  }

  private remember(ownerId: string, head: TimelineHead): void {
    this.heads.delete(ownerId);
    this.heads.set(ownerId, head);
    for (const id of this.heads.keys()) {
      if (this.heads.size <= this.maxCached) break;
      this.heads.delete(id);
    }
  }
}
