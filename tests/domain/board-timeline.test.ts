// The whiteboard timeline as pure functions: the diff keeps only what changed, random edit
// sequences rebuild exactly at every moment (after a JSON round trip, as the database stores
// them), keyframes keep loading short, and an interview from before timelines replays its board.
import { describe, expect, it } from 'vitest';
import { EMPTY_HEAD, KEYFRAME_EVERY, diffScenes, headAfter, nextEntry, timelineView, type TimelineHead } from '../../server/domain/board-timeline.js';
import { canonical } from '../../server/domain/scene-merge.js';
import { BoardReplay, TimelineEntry, applyEntry, formatInterviewTime, isKeyframe, type TimelineElement } from '../../server/protocol/board-timeline.js';
import type { SessionEvent } from '../../server/domain/events.js';
import { BoardScript, seeded, type El } from '../support/board-edits.js';

const byId = (scene: readonly Record<string, unknown>[]) => canonical(Object.fromEntries(scene.map((e) => [e.id, e])));

/** Records scenes at the given times as the recorder does; entries come back through JSON. */
function record(scenes: Array<[number, readonly TimelineElement[]]>): { entries: TimelineEntry[]; recorded: Array<[number, readonly TimelineElement[]]> } {
  let head: TimelineHead = EMPTY_HEAD;
  const entries: TimelineEntry[] = [];
  const recorded: Array<[number, readonly TimelineElement[]]> = [];
  for (const [t, scene] of scenes) {
    const entry = nextEntry(head, scene, t);
    if (!entry) continue;
    const stored = TimelineEntry.parse(JSON.parse(JSON.stringify(entry)));
    entries.push(stored);
    head = headAfter([stored], head);
    recorded.push([entry.t, scene]);
  }
  return { entries, recorded };
}

/** Edits a replace-mode PUT can make besides Excalidraw's own: elements dropped, fields gone, no versions. */
function roughen(scene: El[], rnd: () => number): TimelineElement[] {
  return scene
    .filter(() => rnd() > 0.05)
    .map((e) => {
      const r = rnd();
      if (r < 0.05) {
        const { link: _l, ...rest } = e;
        return rest as TimelineElement;
      }
      if (r < 0.08) {
        const { version: _v, versionNonce: _n, ...rest } = e;
        return rest as TimelineElement;
      }
      return e;
    });
}

describe('whiteboard timeline (pure)', () => {
  it('[RPL1] a change holds added elements, only the changed fields of updated ones, and removed ids', () => {
    const script = new BoardScript(7);
    script.addBox('API');
    script.addBox('DB');
    const before = script.scene();
    const prev = new Map(before.map((e) => [e.id, e as TimelineElement] as const));
    expect(diffScenes(prev, before)).toBeNull();

    const [box] = before;
    const moved = { ...box!, x: (box!.x as number) + 10, version: box!.version + 1, versionNonce: 42 };
    const added = { ...box!, id: 'new', index: 'b0' };
    const next = [moved, ...before.slice(1, 3), added]; // the last element is gone
    const change = diffScenes(prev, next)!;
    expect(change.a).toEqual([added]);
    expect(change.u).toEqual([{ id: box!.id, s: { x: moved.x, version: moved.version, versionNonce: 42 } }]);
    expect(change.r).toEqual([before[3]!.id]);

    // The merge rule decides "changed": the same version and nonce with other content still differs.
    const sneaky = { ...before[1]!, text: 'edited without a version bump' };
    expect(diffScenes(prev, [before[0]!, sneaky, before[2]!, before[3]!])!.u).toEqual([{ id: sneaky.id, s: { text: sneaky.text } }]);
    // A field that disappears is said so.
    const { link: _link, ...noLink } = before[0]!;
    expect(diffScenes(prev, [noLink as TimelineElement, ...before.slice(1)])!.u).toEqual([{ id: box!.id, d: ['link'] }]);
  });

  it('[RPL2][RPL3] random edit sequences rebuild exactly at every recorded moment and between them', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const rnd = seeded(seed * 31);
      const script = new BoardScript(seed);
      const scenes: Array<[number, readonly TimelineElement[]]> = [];
      let t = 0;
      const edits = 20 + Math.floor(rnd() * 100);
      for (let i = 0; i < edits; i++) {
        t += Math.floor(rnd() * 20_000); // some edits share a millisecond, some are far apart
        const scene = script.step();
        scenes.push([t, rnd() < 0.15 ? roughen(scene, rnd) : scene]);
        if (rnd() < 0.05) scenes.push([t, scenes[scenes.length - 1]![1]]); // a save with nothing new
      }
      const { entries, recorded } = record(scenes);
      expect(entries.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(isKeyframe(entries[0]!)).toBe(true);

      // Sequential rebuild, one entry at a time.
      let board = new Map<string, TimelineElement>();
      entries.forEach((e, i) => {
        board = applyEntry(board, e);
        expect(byId([...board.values()]), `seed ${seed} entry ${i}`).toBe(byId(recorded[i]![1]));
      });

      // Seeking in random order: the board of the last save at or before each moment.
      const replay = new BoardReplay(entries);
      expect(replay.sceneAt(-1)).toEqual([]);
      const probes = Array.from({ length: 25 }, () => Math.floor(rnd() * (t + 5_000)));
      for (const at of probes) {
        const last = [...recorded].reverse().find(([rt]) => rt <= at);
        expect(byId(replay.sceneAt(at)), `seed ${seed} at ${at}`).toBe(byId(last ? last[1] : []));
      }
      // Drawing order: Excalidraw's index, then id.
      const order = replay.sceneAt(t).map((e) => `${String(e.index ?? '')}|${e.id}`);
      expect(order).toEqual([...order].sort());
    }
  });

  it('[RPL4] keyframes: the first entry, at least every 50, and whenever the changes outweigh the board', () => {
    const script = new BoardScript(3);
    const scenes: Array<[number, readonly TimelineElement[]]> = [];
    for (let i = 0; i < 400; i++) scenes.push([i * 6_000, script.step()]);
    const { entries, recorded } = record(scenes);
    let since = 0;
    let bytes = 0;
    let keyBytes = 0;
    entries.forEach((e, i) => {
      if (isKeyframe(e)) {
        since = 0;
        bytes = 0;
        keyBytes = JSON.stringify(e).length;
        return;
      }
      since++;
      bytes += JSON.stringify(e).length;
      expect(since).toBeLessThan(KEYFRAME_EVERY);
      // Loading never applies more changes than a board's worth.
      expect(bytes).toBeLessThan(Math.max(keyBytes, JSON.stringify(recorded[i]![1]).length));
    });
    // Stored bytes stay a small part of a whole scene at every edit.
    const timeline = entries.reduce((n, e) => n + JSON.stringify(e).length, 0);
    const full = scenes.reduce((n, [, s]) => n + JSON.stringify(s).length, 0);
    expect(timeline / full).toBeLessThan(0.1);
    expect(entries.filter(isKeyframe).length).toBeGreaterThan(1);
  });

  it('[RPL5] interview time never runs backwards in a timeline', () => {
    const script = new BoardScript(5);
    const a = nextEntry(EMPTY_HEAD, script.step(), 5_000)!;
    const head = headAfter([a]);
    const b = nextEntry(head, script.step(), 4_000)!;
    expect(b.t).toBe(5_000);
    expect(b.n).toBe(2);
    expect(nextEntry(headAfter([b], head), script.scene(), 9_000)).toBeNull();
  });

  it('[RPL6][RPL7] the served timeline: phases and end from the events; an old interview replays its final board', () => {
    const events = [
      { type: 'session_started', seq: 1, atMs: 0 },
      { type: 'phase_changed', from: 'requirements', to: 'estimation', reason: 'timeout', seq: 5, atMs: 300_000 },
      { type: 'session_ended', reason: 'candidate', seq: 9, atMs: 900_000 },
    ] as unknown as SessionEvent[];
    const script = new BoardScript(9);
    const final = script.step();
    const old = timelineView([], final, events, 2_700_000);
    expect(old).toMatchObject({ legacy: true, endMs: 900_000, phases: [{ phase: 'requirements', label: 'Requirements', atMs: 0 }, { phase: 'estimation', label: 'Estimation', atMs: 300_000 }] });
    expect(byId(new BoardReplay(old.entries).sceneAt(0))).toBe(byId(final));
    expect(timelineView([], [], events, 0)).toMatchObject({ legacy: false, entries: [] });
    const entry = nextEntry(EMPTY_HEAD, final, 60_000)!;
    expect(timelineView([entry], final, events, 0)).toMatchObject({ legacy: false, entries: [entry] });
  });

  it('[RPL8] interview times are written mm:ss', () => {
    expect(formatInterviewTime(0)).toBe('00:00');
    expect(formatInterviewTime(723_400)).toBe('12:03');
    expect(formatInterviewTime(75 * 60_000)).toBe('75:00');
  });
});
