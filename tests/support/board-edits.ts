// Scripted whiteboard editing, as Excalidraw stores it: boxes with bound labels, arrows, moves,
// renames, restyles and deletions (tombstones), each bumping `version` and drawing a new
// `versionNonce`. Seeded, so a test, the bench and a browser test replay the same board history.

export type El = Record<string, unknown> & { id: string; version: number; versionNonce: number };

/** mulberry32: a small seeded generator. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LABELS = ['API gateway', 'Load balancer', 'App service', 'Redis cache', 'Postgres', 'Kafka', 'Worker', 'CDN', 'Object store', 'Search index', 'Rate limiter', 'ID generator'];

function base(id: string, type: string, x: number, y: number, w: number, h: number, rnd: () => number, index: string): El {
  return {
    id, type, x, y, width: w, height: h, angle: 0, strokeColor: '#1e1e1e', backgroundColor: 'transparent', fillStyle: 'solid',
    strokeWidth: 2, strokeStyle: 'solid', roughness: 1, opacity: 100, groupIds: [], frameId: null, index,
    roundness: type === 'rectangle' ? { type: 3 } : null, seed: Math.floor(rnd() * 2 ** 31), version: 1,
    versionNonce: Math.floor(rnd() * 2 ** 31), isDeleted: false, boundElements: null, updated: 1_700_000_000_000, link: null, locked: false,
  };
}

/** A board being edited: `step()` makes one edit and returns the whole scene after it. */
export class BoardScript {
  readonly board = new Map<string, El>();
  private readonly rnd: () => number;
  private count = 0;

  constructor(seed = 1) {
    this.rnd = seeded(seed);
  }

  private index(): string {
    return `a${(this.count++).toString(36).padStart(4, '0')}`;
  }

  private bump(e: El, fields: Record<string, unknown>): void {
    this.board.set(e.id, { ...e, ...fields, version: e.version + 1, versionNonce: Math.floor(this.rnd() * 2 ** 31), updated: (e.updated as number) + 1000 });
  }

  private live(type?: string): El[] {
    return [...this.board.values()].filter((e) => !e.isDeleted && (!type || e.type === type));
  }

  addBox(label = LABELS[Math.floor(this.rnd() * LABELS.length)]!): string {
    const id = `box${this.count}`;
    const x = Math.round(this.rnd() * 1200);
    const y = Math.round(this.rnd() * 800);
    const box = { ...base(id, 'rectangle', x, y, 180, 80, this.rnd, this.index()), boundElements: [{ id: `${id}-t`, type: 'text' }] };
    const text = {
      ...base(`${id}-t`, 'text', x + 10, y + 28, 160, 25, this.rnd, this.index()),
      text: label, originalText: label, fontSize: 20, fontFamily: 5, textAlign: 'center', verticalAlign: 'middle', containerId: id, lineHeight: 1.25, autoResize: true,
    };
    this.board.set(id, box);
    this.board.set(text.id, text);
    return id;
  }

  addArrow(): void {
    const boxes = this.live('rectangle');
    if (boxes.length < 2) return void this.addBox();
    const [a, b] = [boxes[Math.floor(this.rnd() * boxes.length)]!, boxes[Math.floor(this.rnd() * boxes.length)]!];
    const x = (a.x as number) + 180;
    const y = (a.y as number) + 40;
    const dx = (b.x as number) - x;
    const dy = (b.y as number) + 40 - y;
    const id = `arrow${this.count}`;
    this.board.set(id, {
      ...base(id, 'arrow', x, y, Math.abs(dx), Math.abs(dy), this.rnd, this.index()),
      points: [[0, 0], [dx, dy]], startArrowhead: null, endArrowhead: 'arrow', roundness: { type: 2 },
      startBinding: { elementId: a.id, focus: 0, gap: 4 }, endBinding: { elementId: b.id, focus: 0, gap: 4 }, elbowed: false,
    });
  }

  /** One random edit; the scene after it (every element, tombstones included). */
  step(): El[] {
    const r = this.rnd();
    const boxes = this.live('rectangle');
    const texts = this.live('text');
    if (boxes.length < 3 || r < 0.22) this.addBox();
    else if (r < 0.34) this.addArrow();
    else if (r < 0.7) {
      const e = boxes[Math.floor(this.rnd() * boxes.length)]!;
      const dx = Math.round(this.rnd() * 60 - 30);
      const dy = Math.round(this.rnd() * 60 - 30);
      this.bump(e, { x: (e.x as number) + dx, y: (e.y as number) + dy });
      const t = this.board.get(`${e.id}-t`);
      if (t && !t.isDeleted) this.bump(t, { x: (t.x as number) + dx, y: (t.y as number) + dy });
    } else if (r < 0.82) {
      const t = texts[Math.floor(this.rnd() * texts.length)]!;
      const label = `${LABELS[Math.floor(this.rnd() * LABELS.length)]} ${Math.floor(this.rnd() * 9) + 1}`;
      this.bump(t, { text: label, originalText: label, width: label.length * 10 });
    } else if (r < 0.9) {
      const e = boxes[Math.floor(this.rnd() * boxes.length)]!;
      this.bump(e, { backgroundColor: ['#a5d8ff', '#ffc9c9', '#b2f2bb', 'transparent'][Math.floor(this.rnd() * 4)], strokeStyle: this.rnd() < 0.5 ? 'dashed' : 'solid' });
    } else {
      const e = [...boxes, ...this.live('arrow')][Math.floor(this.rnd() * (boxes.length + this.live('arrow').length))]!;
      this.bump(e, { isDeleted: true });
      const t = this.board.get(`${e.id}-t`);
      if (t) this.bump(t, { isDeleted: true });
    }
    return this.scene();
  }

  scene(): El[] {
    return [...this.board.values()].sort((a, b) => ((a.index as string) < (b.index as string) ? -1 : 1));
  }
}

/** The elements Excalidraw would draw (tombstones left out), id → version: what a replay must show. */
export function visibleVersions(scene: readonly Record<string, unknown>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of scene) if (!e.isDeleted) out[e.id as string] = e.version as number;
  return out;
}
