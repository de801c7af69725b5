// Rules for server/domain/diagram-text.ts (describeDiagram: Excalidraw scene -> graph description).
//
// DIA1  Arrows bound between nodes are edges; `text` writes them as chains followed from nodes with no
//       incoming edge (by label, then position), every edge exactly once, branches joined with "; ".
// DIA2  A shape's (rectangle/ellipse/diamond) label is its bound text (text with containerId = shape id,
//       originalText preferred, whitespace collapsed); text with no container is a note, unless its centre
//       lies inside an unlabelled shape, whose label it then becomes.
// DIA3  Elements with isDeleted: true are ignored (a deleted label leaves its shape unlabelled, a deleted
//       arrow makes no edge); of two copies of one id, the one the room merge keeps (`wins` of
//       server/domain/scene-merge.ts, MRG1–MRG2): the higher version, an equal version the lower
//       versionNonce, equal version and nonce the smaller canonical JSON (a deletion gets no favour).
// DIA4  Text bound to an arrow (containerId = arrow id) is the edge label, written in parentheses after the target.
// DIA5  A binding to a text element maps to that text's container (or the shape it was dropped on); a binding
//       to a standalone text makes that text a node of shape 'text' (and not a note).
// DIA6  frame / magicframe elements are nodes of shape 'frame' labelled by `name` (or "Frame"); each is written
//       as "Frame <name>: <children by label>", children being the nodes whose frameId is the frame id.
// DIA7  An arrow end with no usable binding maps to the smallest shape whose box holds that end
//       (x + points[0] / x + points[last]); if an end stays unresolved the arrow is no edge and is counted as
//       "Other: N unconnected arrow(s)". A line with a binding is treated like an arrow; one without is a drawing.
// DIA8  A shape with no label is a node labelled "unlabelled <type>"; repeated labels get " #2", " #3", ...
//       in reading order so that edge ends stay unambiguous; in "Unconnected:" several unlabelled shapes of
//       one type are written as a count ("3 unlabelled rectangles").
// DIA9  Odd input never throws: non-objects, missing or mistyped fields, garbage bindings and points are
//       skipped or defaulted.
// DIA10 The summary does not depend on the order of the elements array.
// DIA11 `text` is capped at 1,500 characters; when cut it ends with "… (N more items omitted)".
// DIA12 Labels are user data: control/format characters stripped, whitespace collapsed, capped at
//       80 characters (notes at 200) with "…".
// DIA13 An empty or all-deleted scene gives "(empty whiteboard)".
// DIA14 Layout of `text`: chains line, one line per frame, "Unconnected: …" (non-frame nodes with no edge),
//       "Notes: …" (JSON-quoted, reading order), "Other: …" (counts of unconnected arrows, lines,
//       freehand drawings, images, other elements); empty sections are left out.
// DIA15 An arrow whose only arrowhead is at its start points from its end to its start; identical edges
//       (same ends, same label) are listed once.
// DIA16 Nodes reachable only through a cycle are started from the first by label; each edge is still written once.
import { describe, expect, it } from 'vitest';
import { describeDiagram } from '../server/domain/diagram-text.js';
import { wins } from '../server/domain/scene-merge.js';
import { EXCALIDRAW_STYLE } from './support/excalidraw.js';

type El = Record<string, unknown>;

let nonce = 1000;
function base(type: string, id: string, x: number, y: number, width: number, height: number, extra: El = {}): El {
  nonce += 7;
  return {
    id,
    type,
    x,
    y,
    width,
    height,
    ...EXCALIDRAW_STYLE,
    roundness: null,
    seed: nonce * 3,
    version: 3,
    versionNonce: nonce,
    updated: 1730000000000,
    ...extra,
  };
}

function text(id: string, value: string, x: number, y: number, extra: El = {}): El {
  return base('text', id, x, y, Math.max(10, value.length * 9), 25, {
    text: value,
    originalText: value,
    fontSize: 20,
    fontFamily: 5,
    textAlign: 'left',
    verticalAlign: 'top',
    containerId: null,
    autoResize: true,
    lineHeight: 1.25,
    ...extra,
  });
}

function shape(type: 'rectangle' | 'ellipse' | 'diamond', id: string, x: number, y: number, w = 160, h = 80, extra: El = {}): El {
  return base(type, id, x, y, w, h, extra);
}

/** A shape with bound text, as Excalidraw makes it when you double-click a shape and type. */
function box(id: string, label: string, x: number, y: number, opts: { type?: 'rectangle' | 'ellipse' | 'diamond'; wrapped?: string; extra?: El } = {}): El[] {
  const w = 160;
  const h = 80;
  const s = shape(opts.type ?? 'rectangle', id, x, y, w, h, { boundElements: [{ type: 'text', id: `${id}-label` }], ...opts.extra });
  const t = text(`${id}-label`, opts.wrapped ?? label, x + 10, y + 27, {
    originalText: label,
    containerId: id,
    textAlign: 'center',
    verticalAlign: 'middle',
    frameId: opts.extra?.frameId ?? null,
  });
  return [s, t];
}

function rectOf(el: El): { x: number; y: number; w: number; h: number } {
  return { x: el.x as number, y: el.y as number, w: el.width as number, h: el.height as number };
}

function addBound(el: El, id: string, type: 'arrow' | 'text'): void {
  const list = Array.isArray(el.boundElements) ? (el.boundElements as unknown[]) : [];
  el.boundElements = [...list, { id, type }];
}

/** An arrow from the right edge of `from` to the left edge of `to`, bound at both ends. */
function arrow(
  id: string,
  from: El,
  to: El,
  opts: { label?: string; bindStart?: string | null; bindEnd?: string | null; type?: 'arrow' | 'line'; extra?: El } = {},
): El[] {
  const a = rectOf(from);
  const b = rectOf(to);
  const x = a.x + a.w + 5;
  const y = a.y + a.h / 2;
  const ex = b.x - 5;
  const ey = b.y + b.h / 2;
  const startId = opts.bindStart === undefined ? (from.id as string) : opts.bindStart;
  const endId = opts.bindEnd === undefined ? (to.id as string) : opts.bindEnd;
  const el = base(opts.type ?? 'arrow', id, x, y, Math.abs(ex - x), Math.abs(ey - y), {
    points: [
      [0, 0],
      [ex - x, ey - y],
    ],
    lastCommittedPoint: null,
    startBinding: startId ? { elementId: startId, focus: 0, gap: 5 } : null,
    endBinding: endId ? { elementId: endId, focus: 0, gap: 5 } : null,
    startArrowhead: null,
    endArrowhead: opts.type === 'line' ? null : 'arrow',
    elbowed: false,
    ...opts.extra,
  });
  if (startId) addBound(from, id, 'arrow');
  if (endId) addBound(to, id, 'arrow');
  const out = [el];
  if (opts.label) {
    addBound(el, `${id}-label`, 'text');
    out.push(text(`${id}-label`, opts.label, (x + ex) / 2 - 20, (y + ey) / 2 - 12, { containerId: id, textAlign: 'center', verticalAlign: 'middle' }));
  }
  return out;
}

/** The canonical scene: Client -> Load balancer -> API service -> Postgres, Redis cache beside API service. */
function chainScene(): El[] {
  const [client, clientL] = box('c1', 'Client', 0, 200) as [El, El];
  const [lb, lbL] = box('lb', 'Load balancer', 300, 200, { wrapped: 'Load\nbalancer' }) as [El, El];
  const [api, apiL] = box('api', 'API service', 600, 200) as [El, El];
  const [db, dbL] = box('db', 'Postgres', 900, 200, { type: 'ellipse' }) as [El, El];
  const [cache, cacheL] = box('cache', 'Redis cache', 900, 0) as [El, El];
  const [kafka, kafkaL] = box('kafka', 'Kafka', 600, 500) as [El, El];
  return [
    client,
    clientL,
    lb,
    lbL,
    api,
    apiL,
    db,
    dbL,
    cache,
    cacheL,
    kafka,
    kafkaL,
    ...arrow('a1', client, lb),
    ...arrow('a2', lb, api),
    ...arrow('a3', api, db),
    ...arrow('a4', api, cache, { label: 'read-through' }),
    text('note1', 'cache TTL 1h', 0, 600),
  ];
}

describe('describeDiagram', () => {
  it('[DIA1] writes the chain Client -> LB -> API -> DB with the cache as a branch', () => {
    const s = describeDiagram(chainScene());
    expect(s.text).toBe(
      'Client -> Load balancer -> API service -> Postgres; API service -> Redis cache (read-through)\n' +
        'Unconnected: Kafka\n' +
        'Notes: "cache TTL 1h"',
    );
    expect(s.edges).toEqual([
      { from: 'API service', to: 'Postgres' },
      { from: 'API service', to: 'Redis cache', label: 'read-through' },
      { from: 'Client', to: 'Load balancer' },
      { from: 'Load balancer', to: 'API service' },
    ]);
    expect(s.nodes).toEqual([
      { id: 'api', label: 'API service', shape: 'rectangle' },
      { id: 'c1', label: 'Client', shape: 'rectangle' },
      { id: 'kafka', label: 'Kafka', shape: 'rectangle' },
      { id: 'lb', label: 'Load balancer', shape: 'rectangle' },
      { id: 'db', label: 'Postgres', shape: 'ellipse' },
      { id: 'cache', label: 'Redis cache', shape: 'rectangle' },
    ]);
    expect(s.freeText).toEqual(['cache TTL 1h']);
  });

  it('[DIA1] starts several roots in label order', () => {
    const scene = [...box('web', 'Web', 0, 0), ...box('mob', 'Mobile', 0, 200), ...box('gw', 'Gateway', 300, 100)];
    const [web, , mobile, , gw] = scene as [El, El, El, El, El];
    scene.push(...arrow('x1', web, gw), ...arrow('x2', mobile, gw));
    expect(describeDiagram(scene).text).toBe('Mobile -> Gateway; Web -> Gateway');
  });

  it('[DIA2] bound text labels its shape, free text is a note or labels the unlabelled shape it sits on', () => {
    const scene: El[] = [
      ...box('svc', 'Order  service', 0, 0, { wrapped: 'Order\nservice' }),
      // Dropped on an unlabelled box: becomes its label.
      shape('rectangle', 'q', 300, 0, 200, 100),
      text('qt', 'Queue', 330, 30),
      // Dropped on a labelled box: stays a note.
      ...box('db', 'Orders DB', 0, 300),
      text('dbnote', 'sharded by user', 10, 310),
      // Free-standing.
      text('n', 'p99 < 200ms', 600, 600),
    ];
    const s = describeDiagram(scene);
    expect(s.nodes.map((n) => n.label)).toEqual(['Order service', 'Orders DB', 'Queue']);
    expect(s.freeText).toEqual(['sharded by user', 'p99 < 200ms']);
    expect(s.text).toBe('Unconnected: Order service, Orders DB, Queue\nNotes: "sharded by user", "p99 < 200ms"');
  });

  it('[DIA2] prefers originalText over the wrapped text and falls back to text', () => {
    const [r, t] = box('r', 'Notification', 0, 0, { wrapped: 'Notifi\ncation' }) as [El, El];
    expect(describeDiagram([r, t]).nodes[0]?.label).toBe('Notification');
    delete t.originalText;
    expect(describeDiagram([r, t]).nodes[0]?.label).toBe('Notifi cation');
  });

  it('[DIA3] ignores deleted elements: a deleted arrow, a deleted label, a deleted shape', () => {
    const scene = chainScene();
    const byId = (id: string): El => scene.find((e) => e.id === id) as El;
    byId('a4').isDeleted = true; // API -> cache arrow
    byId('a4-label').isDeleted = true;
    byId('kafka-label').isDeleted = true; // Kafka box loses its label
    byId('note1').isDeleted = true;
    scene.push({ ...shape('diamond', 'gone', 0, 900), isDeleted: true });
    const s = describeDiagram(scene);
    expect(s.text).toBe('Client -> Load balancer -> API service -> Postgres\nUnconnected: Redis cache, unlabelled rectangle');
    expect(s.nodes.some((n) => n.id === 'gone')).toBe(false);
    expect(s.freeText).toEqual([]);
  });

  it('[DIA3] of two copies of one id the higher version wins (deleted or not)', () => {
    const [r, t] = box('r', 'Cache', 0, 0) as [El, El];
    const older = { ...r, version: 2 };
    const newerDeleted = { ...r, version: 5, isDeleted: true };
    // The text bound to a deleted shape goes with it.
    expect(describeDiagram([older, t, newerDeleted]).text).toBe('(empty whiteboard)');
    expect(describeDiagram([newerDeleted, t, older]).nodes).toEqual([]);
    expect(describeDiagram([{ ...r, version: 9 }, t, newerDeleted]).nodes).toEqual([{ id: 'r', label: 'Cache', shape: 'rectangle' }]);
  });

  it('[DIA3] of two copies with equal version the room merge rule decides: lower nonce, then smaller canonical JSON, deleted or not', () => {
    const [r, t] = box('r', 'Cache', 0, 0) as [El, El];
    const cache = [{ id: 'r', label: 'Cache', shape: 'rectangle' }];
    // Equal version: the lower versionNonce wins, whichever copy is deleted.
    const lowNonceDeleted = { ...r, version: 4, versionNonce: 10, isDeleted: true };
    const highNonceLive = { ...r, version: 4, versionNonce: 20 };
    expect(describeDiagram([highNonceLive, t, lowNonceDeleted]).nodes).toEqual([]);
    expect(describeDiagram([{ ...lowNonceDeleted, isDeleted: false }, t, { ...highNonceLive, isDeleted: true }]).nodes).toEqual(cache);
    // Equal version and nonce: the smaller canonical JSON, as rooms merge it ("height":50 sorts
    // before "height":60), so a deleted copy can win; the order of the array never matters.
    const small = { ...r, version: 4, versionNonce: 7, height: 50 };
    const large = { ...r, version: 4, versionNonce: 7, height: 60 };
    expect(wins(small as never, large as never)).toBe(true);
    const pairs: Array<[El, El]> = [
      [{ ...small, isDeleted: true }, large],
      [small, { ...large, isDeleted: true }],
    ];
    for (const [keep, drop] of pairs) {
      const expected = keep.isDeleted === true ? [] : cache;
      expect(describeDiagram([keep, t, drop]).nodes).toEqual(expected);
      expect(describeDiagram([drop, t, keep]).nodes).toEqual(expected);
    }
  });

  it('[DIA4] arrow labels become edge labels in parentheses after the target', () => {
    const scene = [...box('a', 'Producer', 0, 0), ...box('b', 'Topic', 300, 0)];
    const [a, , b] = scene as [El, El, El];
    scene.push(...arrow('e', a, b, { label: 'publish\n(async)' }));
    const s = describeDiagram(scene);
    expect(s.edges).toEqual([{ from: 'Producer', to: 'Topic', label: 'publish (async)' }]);
    expect(s.text).toBe('Producer -> Topic (publish (async))');
  });

  it('[DIA5] an arrow bound to the text inside a container connects the container', () => {
    const scene = [...box('a', 'Client', 0, 0), ...box('b', 'CDN', 300, 0)];
    const [a, , b] = scene as [El, El, El];
    scene.push(...arrow('e', a, b, { bindStart: 'a-label', bindEnd: 'b-label' }));
    expect(describeDiagram(scene).text).toBe('Client -> CDN');
  });

  it('[DIA5] an arrow bound to a standalone text makes it a text node; to dropped-on text, the shape', () => {
    const users = text('u', 'Users', 0, 0);
    const q = shape('rectangle', 'q', 300, 0, 200, 100);
    const qt = text('qt', 'SQS', 330, 30);
    const scene = [users, q, qt, ...arrow('e', users, q, { bindStart: 'u', bindEnd: 'qt' })];
    const s = describeDiagram(scene);
    expect(s.nodes).toEqual([
      { id: 'q', label: 'SQS', shape: 'rectangle' },
      { id: 'u', label: 'Users', shape: 'text' },
    ]);
    expect(s.freeText).toEqual([]);
    expect(s.text).toBe('Users -> SQS');
  });

  it('[DIA6] frames group their children', () => {
    const frame = base('frame', 'f1', -50, -50, 800, 300, { name: 'Backend' });
    const unnamed = base('frame', 'f2', -50, 400, 400, 300, { name: null });
    const inF1 = { frameId: 'f1' };
    const scene = [
      frame,
      unnamed,
      ...box('api', 'API service', 0, 0, { extra: inF1 }),
      ...box('db', 'Postgres', 300, 0, { extra: inF1 }),
      ...box('w', 'Worker', 0, 450, { extra: { frameId: 'f2' } }),
      ...box('x', 'Browser', 0, 900),
    ];
    const s = describeDiagram(scene);
    expect(s.nodes.filter((n) => n.shape === 'frame')).toEqual([
      { id: 'f1', label: 'Backend', shape: 'frame' },
      { id: 'f2', label: 'Frame', shape: 'frame' },
    ]);
    expect(s.text).toBe('Frame Backend: API service, Postgres\nFrame: Worker\nUnconnected: API service, Browser, Postgres, Worker');
  });

  it('[DIA6] magicframe counts as a frame; an empty frame says so', () => {
    const s = describeDiagram([base('magicframe', 'm', 0, 0, 100, 100, { name: 'Sketch' })]);
    expect(s.nodes).toEqual([{ id: 'm', label: 'Sketch', shape: 'frame' }]);
    expect(s.text).toBe('Frame Sketch: (empty)');
  });

  it('[DIA7] unbound arrow ends are resolved by position; unresolvable arrows are counted, not drawn', () => {
    const scene = [...box('a', 'App', 0, 0), ...box('b', 'Search', 300, 0), ...box('c', 'Index', 600, 0)];
    const [a, , b, , c] = scene as [El, El, El, El, El];
    // Start bound, end dropped inside Search's box without binding.
    scene.push(...arrow('e1', a, b, { bindEnd: null, extra: { points: [[0, 0], [200, 0]] } }));
    // Neither end bound, both inside boxes.
    scene.push(...arrow('e2', b, c, { bindStart: null, bindEnd: null, extra: { x: 400, y: 40, points: [[0, 0], [250, 5]] } }));
    // Ends in empty space.
    scene.push(...arrow('e3', c, a, { bindEnd: null, extra: { x: 770, y: 40, points: [[0, 0], [300, 400]] } }));
    const s = describeDiagram(scene);
    expect(s.edges).toEqual([
      { from: 'App', to: 'Search' },
      { from: 'Search', to: 'Index' },
    ]);
    expect(s.text).toBe('App -> Search -> Index\nOther: 1 unconnected arrow');
  });

  it('[DIA7] a line with bindings is an edge, a line without is a drawing', () => {
    const scene = [...box('a', 'A', 0, 0), ...box('b', 'B', 300, 0)];
    const [a, , b] = scene as [El, El, El];
    scene.push(...arrow('l1', a, b, { type: 'line' }));
    scene.push(...arrow('l2', a, b, { type: 'line', bindStart: null, bindEnd: null }));
    scene.push(base('freedraw', 'fd', 0, 500, 30, 30, { points: [[0, 0], [5, 5]] }));
    expect(describeDiagram(scene).text).toBe('A -> B\nOther: 1 line, 1 freehand drawing');
  });

  it('[DIA8] unlabelled shapes are nodes with distinct labels', () => {
    const r1 = shape('rectangle', 'r1', 0, 0);
    const r2 = shape('rectangle', 'r2', 0, 300);
    const d = shape('diamond', 'd', 300, 0);
    const scene = [r1, r2, d, ...arrow('e', r1, d), ...arrow('e2', r2, d)];
    const s = describeDiagram(scene);
    expect(s.nodes).toEqual([
      { id: 'd', label: 'unlabelled diamond', shape: 'diamond' },
      { id: 'r1', label: 'unlabelled rectangle', shape: 'rectangle' },
      { id: 'r2', label: 'unlabelled rectangle #2', shape: 'rectangle' },
    ]);
    expect(s.text).toBe('unlabelled rectangle -> unlabelled diamond; unlabelled rectangle #2 -> unlabelled diamond');
  });

  it('[DIA8] several unconnected unlabelled shapes are counted, not listed', () => {
    const scene = [
      ...box('k', 'Kafka', 0, 0),
      shape('rectangle', 'r1', 0, 200),
      shape('rectangle', 'r2', 0, 400),
      shape('rectangle', 'r3', 0, 600),
      shape('ellipse', 'e1', 300, 200),
    ];
    const s = describeDiagram(scene);
    expect(s.nodes).toHaveLength(5);
    expect(s.text).toBe('Unconnected: Kafka, unlabelled ellipse, 3 unlabelled rectangles');
  });

  it('[DIA8] a repeated user label is made unique without clashing with an existing "#2"', () => {
    const scene = [...box('a', 'Server', 0, 0), ...box('b', 'Server', 0, 200), ...box('c', 'Server #2', 0, 400)];
    expect(describeDiagram(scene).nodes.map((n) => n.label)).toEqual(['Server', 'Server #3', 'Server #2']);
  });

  it('[DIA9] odd input does not throw', () => {
    const odd: unknown[] = [
      null,
      undefined,
      42,
      'rectangle',
      [],
      { type: 'rectangle' },
      { id: 7, type: 'rectangle' },
      { id: 'r', type: 'rectangle', x: 'a', y: null, width: NaN, height: Infinity },
      { id: 't', type: 'text', text: 42, originalText: null, containerId: 99 },
      { id: 't2', type: 'text', text: 'hello', containerId: 'nope' },
      { id: 'a', type: 'arrow', points: 'x', startBinding: 'r', endBinding: { elementId: 5 } },
      { id: 'a2', type: 'arrow', points: [null, [1], [Number.NaN, 2], [3, 'x']], startBinding: { elementId: 'r' } },
      { id: 'a3', type: 'arrow', x: 0, y: 0, points: [[0, 0], [0, 0]], startBinding: { elementId: 'r' }, endBinding: { elementId: 'r' } },
      { id: 'f', type: 'frame', name: { evil: true } },
      { id: 'x', type: 'embeddable' },
      { id: 'loop', type: 'text', text: 'self', containerId: 'loop' },
      { id: 'u', type: 'ellipse', frameId: 'u', boundElements: 'nope' },
    ];
    expect(() => describeDiagram(odd)).not.toThrow();
    const s = describeDiagram(odd);
    expect(s.nodes.map((n) => n.id).sort()).toEqual(['f', 'r', 'u']);
    expect(s.freeText).toEqual(['self', 'hello']); // same position: by id
    expect(typeof s.text).toBe('string');
    expect(() => describeDiagram(null as unknown as unknown[])).not.toThrow();
    expect(describeDiagram({} as unknown as unknown[]).text).toBe('(empty whiteboard)');
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    expect(() => describeDiagram([hostile])).not.toThrow();
  });

  it('[DIA10] the summary does not depend on element order', () => {
    const scene = chainScene();
    scene.push(base('frame', 'f', 550, -50, 600, 400, { name: 'Core' }));
    for (const e of scene) if (['api', 'cache'].includes(e.id as string)) e.frameId = 'f';
    const expected = describeDiagram(scene);
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let k = 0; k < 25; k++) {
      const shuffled = [...scene];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j] as El, shuffled[i] as El];
      }
      expect(describeDiagram(shuffled)).toEqual(expected);
    }
    expect(describeDiagram([...scene].reverse())).toEqual(expected);
  });

  it('[DIA11] caps the text at 1,500 characters with a count of omitted items', () => {
    const scene: El[] = [];
    for (let i = 0; i < 200; i++) scene.push(...box(`s${i}`, `Service number ${String(i).padStart(3, '0')}`, (i % 20) * 200, Math.floor(i / 20) * 200));
    for (let i = 0; i < 5; i++) scene.push(text(`n${i}`, `note ${i}`, 0, 5000 + i * 50));
    const s = describeDiagram(scene);
    expect(s.nodes).toHaveLength(200);
    expect(s.text.length).toBeLessThanOrEqual(1500);
    expect(s.text.startsWith('Unconnected: Service number 000, Service number 001')).toBe(true);
    const m = /… \((\d+) more items omitted\)$/.exec(s.text);
    expect(m).not.toBeNull();
    const shown = s.text.split(', ').length;
    expect(Number(m?.[1])).toBe(205 - shown);
  });

  it('[DIA11] a very long first chain is cut rather than dropped', () => {
    const scene: El[] = [];
    for (let i = 0; i < 40; i++) scene.push(...box(`s${i}`, `Stage ${String(i).padStart(2, '0')} ${'x'.repeat(60)}`, i * 300, 0));
    for (let i = 0; i < 39; i++) scene.push(...arrow(`e${i}`, scene[i * 2] as El, scene[(i + 1) * 2] as El));
    const s = describeDiagram(scene);
    expect(s.text.length).toBeLessThanOrEqual(1500);
    expect(s.text.startsWith('Stage 00')).toBe(true);
    expect(s.text.endsWith('… (1 more item omitted)')).toBe(true);
  });

  it('[DIA12] labels are sanitised and capped', () => {
    const evil = 'Auth\u0000 \u202eservice\u0007\t\n\r  v2';
    const long = 'L'.repeat(300);
    const scene = [...box('a', evil, 0, 0), ...box('b', long, 0, 200), text('n', `${'n'.repeat(250)}\u0001`, 0, 500)];
    const s = describeDiagram(scene);
    expect(s.nodes.map((n) => n.label)).toEqual(['Auth service v2', `${'L'.repeat(79)}…`]);
    expect(s.freeText[0]).toBe(`${'n'.repeat(199)}…`);
    expect(s.text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
  });

  it('[DIA13] empty or all-deleted scenes', () => {
    expect(describeDiagram([])).toEqual({ nodes: [], edges: [], freeText: [], text: '(empty whiteboard)' });
    const deleted = chainScene().map((e) => ({ ...e, isDeleted: true }));
    expect(describeDiagram(deleted).text).toBe('(empty whiteboard)');
    // Blank text is not content either.
    expect(describeDiagram([text('t', '   \n ', 0, 0)]).text).toBe('(empty whiteboard)');
  });

  it('[DIA14] lays the text out as chains, frames, unconnected, notes, other', () => {
    const scene = chainScene();
    scene.push(base('frame', 'f', 550, -50, 600, 400, { name: 'Core' }));
    for (const e of scene) if (['api', 'api-label', 'db', 'cache'].includes(e.id as string)) e.frameId = 'f';
    scene.push(base('image', 'img', 0, 900, 100, 100, { fileId: 'abc', status: 'saved' }));
    scene.push(text('note2', 'shard by user_id', 0, 550));
    expect(describeDiagram(scene).text).toBe(
      'Client -> Load balancer -> API service -> Postgres; API service -> Redis cache (read-through)\n' +
        'Frame Core: API service, Postgres, Redis cache\n' +
        'Unconnected: Kafka\n' +
        'Notes: "shard by user_id", "cache TTL 1h"\n' +
        'Other: 1 image',
    );
  });

  it('[DIA15] backwards arrows are reversed and duplicate edges listed once', () => {
    const scene = [...box('a', 'Reader', 0, 0), ...box('b', 'Replica', 300, 0)];
    const [a, , b] = scene as [El, El, El];
    scene.push(...arrow('e1', b, a, { extra: { startArrowhead: 'arrow', endArrowhead: null } }));
    scene.push(...arrow('e2', a, b));
    const s = describeDiagram(scene);
    expect(s.edges).toEqual([{ from: 'Reader', to: 'Replica' }]);
    expect(s.text).toBe('Reader -> Replica');
  });

  it('[DIA16] cycles are written once, starting from the first label', () => {
    const scene = [...box('a', 'Leader', 0, 0), ...box('b', 'Follower A', 300, 0), ...box('c', 'Follower B', 300, 200)];
    const [a, , b, , c] = scene as [El, El, El, El, El];
    scene.push(...arrow('e1', a, b), ...arrow('e2', b, c), ...arrow('e3', c, a, { label: 'heartbeat' }), ...arrow('e4', a, a));
    const s = describeDiagram(scene);
    expect(s.edges).toHaveLength(4);
    expect(s.text).toBe('Follower A -> Follower B -> Leader (heartbeat) -> Follower A; Leader -> Leader');
  });
});
