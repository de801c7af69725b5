// [REF1..REF6] The reference walkthrough of a finished interview: the problem's reference answer,
// built from the bank's data, marked against what the candidate said and drew. Hidden facts asked
// and missed, the reference estimates with their derivation beside the candidate's figure, the
// expected components as an Excalidraw scene laid out in layers, and each deep dive with the
// parts of a good answer and the known wrong answers. Pure: no I/O, no clock, no randomness.
// The candidate's words are read only through the understanding module (readings on the turns,
// cueState, showsAntiPattern).
import type {
  ReferenceAntiPattern,
  ReferenceComponent,
  ReferenceDeepDive,
  ReferenceEstimateRow,
  ReferenceFact,
  ReferenceQuote,
  ReferenceWalkthrough,
} from '../protocol/reference.js';
import { type Said, type SentenceReading, cueState, parseQuantities, quoteOf, readTurn, showsAntiPattern, states } from '../understanding/index.js';
import { type GivenFigure, componentsPresent, rangeText, statedEstimates, statedText } from './coverage.js';
import type { ExpectedComponent, LoadedProblem } from './problem.js';
import type { SessionState } from './session.js';

export type Layer = ReferenceComponent['layer'];
export const LAYERS: readonly Layer[] = ['edge', 'service', 'async', 'data'];

/** The part of the session the walkthrough reads. */
export type ReferenceSession = Pick<SessionState, 'turns' | 'revealed'>;

interface CandidateSentence extends Said {
  /** The transcript's turn number (from 1), as the finished page and the report number turns. */
  number: number;
  /** The whole turn's text, for a verbatim quote. */
  text: string;
}

function candidateSentences(s: ReferenceSession): CandidateSentence[] {
  const out: CandidateSentence[] = [];
  s.turns.forEach((t, i) => {
    if (t.role !== 'candidate') return;
    const reading = t.reading ?? readTurn(t.text);
    for (const sentence of reading.sentences) out.push({ turn: t.seq, sentence, number: i + 1, text: t.text });
  });
  return out;
}

function quoteAt(all: readonly CandidateSentence[], said: Said): ReferenceQuote {
  const at = all.find((x) => x.sentence === said.sentence) ?? all.find((x) => x.turn === said.turn);
  return quoteOfSentence(at?.number ?? 1, at?.text ?? said.sentence.text, said.sentence);
}

function quoteOfSentence(number: number, text: string, sentence: SentenceReading): ReferenceQuote {
  return { turn: number, quote: quoteOf(text, { start: sentence.start, end: sentence.end }) };
}

// ---- layers ------------------------------------------------------------------------------------

const LAYER_WORDS: ReadonlyArray<readonly [Layer, RegExp]> = [
  ['data', /\b(?:cache|caches|cached|store|stores|storage|db|database|databases|index|registry|archive|snapshots?|checkpoints?|olap|graph|vault|heap|replicas|ring|leaderboard|ledger|structure)\b/g],
  ['async', /\b(?:queue|queues|stream|streams|log|pipeline|pub ?sub|kafka|events?|fan ?out|scheduler|timer|jobs?|workers?|closer|reconcil\w*|aggregat\w*|processors?|collector|crawler|fetchers?|dispatcher|transcoding|merge|merger|poller|frontier)\b/g],
  ['edge', /\b(?:load balancer|gateway|cdn|proxy|client|clients|device|waiting room|connection|connections|edge)\b/g],
  ['service', /\b(?:service|services|api|server|servers|endpoint|provider|providers|connector)\b/g],
];

/** The layer named by the last layer word in `text` (the head noun comes last: "Aggregate / OLAP store" is a store). */
function lastLayerWord(text: string): Layer | undefined {
  let best: { layer: Layer; at: number; cdn: boolean } | undefined;
  for (const [layer, re] of LAYER_WORDS) {
    for (const m of text.matchAll(re)) {
      const cdn = m[0] === 'cdn';
      // A CDN beside a cache or a store is that cache ("Cache / CDN"): it decides only alone.
      if (!best || (best.cdn && !cdn) || (cdn === best.cdn && m.index > best.at)) best = { layer, at: m.index, cdn };
    }
  }
  return best?.layer;
}

/**
 * [REF4] The diagram layer of an expected component, from its label (else its id): stores and
 * caches at the bottom, queues and background work above them, services in the middle, what the
 * clients reach first (load balancers, gateways, CDNs, the client side) at the top. Deterministic.
 */
export function layerOf(c: Pick<ExpectedComponent, 'id' | 'label'>): Layer {
  const words = (t: string) => t.toLowerCase().replace(/[/()_-]/g, ' ');
  return lastLayerWord(words(c.label)) ?? lastLayerWord(words(c.id)) ?? 'service';
}

// ---- the reference diagram ----------------------------------------------------------------------

export const BOX_WIDTH = 200;
export const BOX_HEIGHT = 84;
const GAP_X = 40;
const GAP_Y = 80;
const FONT_SIZE = 16;
const LINE_HEIGHT = 1.25;
const CHARS_PER_LINE = 20;

export const COVERED_COLORS = { stroke: '#2f9e44', background: '#b2f2bb' } as const;
export const MISSED_COLORS = { stroke: '#e03131', background: '#ffc9c9' } as const;
const CLIENT_COLORS = { stroke: '#495057', background: '#e9ecef' } as const;

/** Words wrapped into lines of at most `max` characters (a longer word gets its own line). */
export function wrapWords(text: string, max = CHARS_PER_LINE): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A stable small integer from a string (seeds and nonces of the generated elements). */
function hashOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) % 2_000_000_000;
}

type Element = Record<string, unknown> & { id: string; type: string };

function base(id: string, type: string, x: number, y: number, width: number, height: number): Element {
  return {
    id,
    type,
    x,
    y,
    width,
    height,
    angle: 0,
    strokeColor: '#1e1e1e',
    backgroundColor: 'transparent',
    fillStyle: 'solid',
    strokeWidth: 2,
    strokeStyle: 'solid',
    roughness: 1,
    opacity: 100,
    groupIds: [],
    frameId: null,
    roundness: null,
    seed: hashOf(`seed:${id}`) + 1,
    version: 1,
    versionNonce: hashOf(`nonce:${id}`),
    isDeleted: false,
    boundElements: null,
    updated: 1,
    link: null,
    locked: true,
  };
}

interface Box {
  id: string;
  x: number;
  y: number;
  row: number;
  arrows: string[];
}

function labelledBox(id: string, x: number, y: number, lines: string[], colors: { stroke: string; background: string }, dashed: boolean): Element[] {
  const textId = `${id}-label`;
  const rect = {
    ...base(id, 'rectangle', x, y, BOX_WIDTH, BOX_HEIGHT),
    strokeColor: colors.stroke,
    backgroundColor: colors.background,
    strokeStyle: dashed ? 'dashed' : 'solid',
    roundness: { type: 3 },
    boundElements: [{ id: textId, type: 'text' }],
  };
  const text = lines.join('\n');
  const height = lines.length * FONT_SIZE * LINE_HEIGHT;
  const label = {
    ...base(textId, 'text', x + 10, y + (BOX_HEIGHT - height) / 2, BOX_WIDTH - 20, height),
    text,
    originalText: lines.join(' '),
    fontSize: FONT_SIZE,
    fontFamily: 2,
    textAlign: 'center',
    verticalAlign: 'middle',
    containerId: id,
    lineHeight: LINE_HEIGHT,
    autoResize: true,
    baseline: Math.round(FONT_SIZE * 0.9),
  };
  return [rect, label];
}

/**
 * [REF4] The expected components as an Excalidraw scene: a "Clients" box on top, then one row per
 * layer (edge, services, async, data; empty layers skipped), boxes centred in their row; each box
 * in a row gets an arrow from the nearest box of the row above, and a box of the row above that
 * has none gets one to its nearest box below. Covered components are green, missed ones red and
 * dashed with "(missed)" under the label. Deterministic: the same input gives the same scene.
 */
export function referenceScene(components: ReadonlyArray<Pick<ReferenceComponent, 'id' | 'label' | 'layer' | 'covered'>>): Element[] {
  const rows: Array<Array<{ id: string; lines: string[]; colors: { stroke: string; background: string }; dashed: boolean }>> = [
    [{ id: 'ref-clients', lines: ['Clients'], colors: CLIENT_COLORS, dashed: false }],
  ];
  for (const layer of LAYERS) {
    const inLayer = components.filter((c) => c.layer === layer);
    if (inLayer.length === 0) continue;
    rows.push(
      inLayer.map((c) => ({
        id: `ref-${c.id}`,
        lines: [...wrapWords(c.label), c.covered ? '(covered)' : '(missed)'],
        colors: c.covered ? COVERED_COLORS : MISSED_COLORS,
        dashed: !c.covered,
      })),
    );
  }
  const widest = Math.max(...rows.map((r) => r.length));
  const totalWidth = widest * BOX_WIDTH + (widest - 1) * GAP_X;
  const elements: Element[] = [];
  const boxes: Box[][] = [];
  rows.forEach((row, r) => {
    const rowWidth = row.length * BOX_WIDTH + (row.length - 1) * GAP_X;
    const x0 = (totalWidth - rowWidth) / 2;
    const y = r * (BOX_HEIGHT + GAP_Y);
    boxes.push(
      row.map((b, i) => {
        const x = x0 + i * (BOX_WIDTH + GAP_X);
        elements.push(...labelledBox(b.id, x, y, b.lines, b.colors, b.dashed));
        return { id: b.id, x, y, row: r, arrows: [] };
      }),
    );
  });

  const nearest = (from: Box, candidates: readonly Box[]) =>
    candidates.reduce((best, c) => (Math.abs(c.x - from.x) < Math.abs(best.x - from.x) ? c : best), candidates[0]!);
  const links: Array<[Box, Box]> = [];
  for (let r = 1; r < boxes.length; r++) {
    const above = boxes[r - 1]!;
    const below = boxes[r]!;
    const linked = new Set<string>();
    for (const b of below) {
      const a = nearest(b, above);
      links.push([a, b]);
      linked.add(a.id);
    }
    for (const a of above) if (!linked.has(a.id)) links.push([a, nearest(a, below)]);
  }
  for (const [a, b] of links) {
    const id = `ref-arrow-${a.id.slice(4)}-${b.id.slice(4)}`;
    const x = a.x + BOX_WIDTH / 2;
    const y = a.y + BOX_HEIGHT + 4;
    const dx = b.x + BOX_WIDTH / 2 - x;
    const dy = b.y - 4 - y;
    elements.push({
      ...base(id, 'arrow', x, y, Math.abs(dx), Math.abs(dy)),
      strokeColor: '#495057',
      roundness: { type: 2 },
      points: [
        [0, 0],
        [dx, dy],
      ],
      lastCommittedPoint: null,
      startBinding: { elementId: a.id, focus: 0, gap: 4 },
      endBinding: { elementId: b.id, focus: 0, gap: 4 },
      startArrowhead: null,
      endArrowhead: 'arrow',
      elbowed: false,
    });
    a.arrows.push(id);
    b.arrows.push(id);
  }
  // Boxes list the arrows bound to them, as Excalidraw stores it.
  for (const row of boxes) {
    for (const box of row) {
      const rect = elements.find((e) => e.id === box.id)!;
      rect.boundElements = [...(rect.boundElements as Array<{ id: string; type: string }>), ...box.arrows.map((id) => ({ id, type: 'arrow' }))];
    }
  }
  return elements;
}

// ---- the walkthrough -----------------------------------------------------------------------------

/** A few of a cue's phrases as words to show (wildcards and duplicates removed). */
function examplesOf(any: readonly string[], max = 4): string[] {
  const out: string[] = [];
  for (const p of any) {
    const word = p.replace(/\*$/, '').trim();
    if (word.length < 2 || out.includes(word)) continue;
    out.push(word);
    if (out.length === max) break;
  }
  return out;
}

/**
 * [REF1..REF6] The walkthrough of a finished interview. `diagramText` is the final whiteboard as
 * text (diagram-text.ts); a component is covered when it is drawn there or stated in the talk.
 */
export function buildReference(problem: LoadedProblem, s: ReferenceSession, diagramText: string): ReferenceWalkthrough {
  const sentences = candidateSentences(s);

  // [REF1] Hidden facts: asked (the interviewer revealed it) or missed; the turn that gave it.
  const facts: ReferenceFact[] = problem.facts.map((f) => {
    const asked = s.revealed.has(f.topic);
    const at = asked ? s.turns.findIndex((t) => t.role === 'interviewer' && t.text.includes(f.answer)) : -1;
    return { topic: f.topic, answer: f.answer, asked, ...(at >= 0 ? { turn: at + 1 } : {}) };
  });

  // [REF2] Estimates: the derivation beside the candidate's concluded figure (the last one they
  // stated for it); a figure that repeats one the interviewer gave from a revealed fact is a recap.
  const given: GivenFigure[] = problem.facts
    .filter((f) => s.revealed.has(f.topic))
    .flatMap((f) => parseQuantities(f.answer).map((q) => ({ value: q.value, fromPeriod: q.fromPeriod ?? false })));
  const estimates: ReferenceEstimateRow[] = problem.resolvedEstimates.map((e) => ({
    id: e.id,
    label: e.label,
    range: rangeText(e),
    derivation: e.derivation,
    stated: null,
    recaps: [],
  }));
  s.turns.forEach((t, i) => {
    if (t.role !== 'candidate') return;
    const reading = t.reading ?? readTurn(t.text);
    for (const st of statedEstimates(t.text, problem, given, reading)) {
      const row = estimates.find((r) => r.id === st.estimate.id)!;
      const sentence = reading.sentences.find((x) => st.quantity.index >= x.start && st.quantity.index < x.end);
      // A figure in a question ("is it about 1k a second?") is not one the candidate stated.
      if (sentence && !states(sentence)) continue;
      const quote = sentence ? quoteOfSentence(i + 1, t.text, sentence) : { turn: i + 1, quote: st.quantity.text.trim() };
      const figure = statedText(st.quantity);
      if (st.recap) row.recaps.push({ ...quote, figure });
      else row.stated = { ...quote, figure, verdict: st.feedback.verdict, factor: st.feedback.factor };
    }
  });

  // [REF3] Components: drawn (a synonym on the board) or stated (a statement naming it).
  const drawn = componentsPresent(problem.components, diagramText.trim() ? [diagramText] : []);
  const components: ReferenceComponent[] = problem.components.map((c) => {
    const st = cueState({ any: c.synonyms }, sentences);
    const said = st.status === 'said' ? quoteAt(sentences, st.by) : null;
    return { id: c.id, label: c.label, synonyms: [...c.synonyms], layer: layerOf(c), covered: drawn.has(c.id) || said !== null, drawn: drawn.has(c.id), said };
  });

  // [REF5] Deep dives: every probe's parts of a good answer, covered (stated), hedged or missed.
  const deepDives: ReferenceDeepDive[] = problem.deepDives.map((d) => ({
    id: d.id,
    title: d.title,
    probes: d.probes.map((p) => ({
      ask: p.ask,
      cues: p.answeredWhen.map((cue) => {
        const st = cueState(cue, sentences);
        return {
          ask: cue.ask,
          examples: examplesOf(cue.any),
          status: st.status === 'said' ? ('covered' as const) : st.status === 'hedged' ? ('hedged' as const) : ('missed' as const),
          by: st.status === 'missing' ? null : quoteAt(sentences, st.by),
        };
      }),
    })),
  }));

  // [REF6] Anti-patterns: each statement of the candidate's that shows it, quoted.
  const antiPatterns: ReferenceAntiPattern[] = problem.antiPatterns.map((ap) => ({
    id: ap.id,
    title: ap.title,
    why: ap.why,
    fellInto: sentences.filter((x) => showsAntiPattern(x.sentence, ap)).map((x) => quoteOfSentence(x.number, x.text, x.sentence)),
  }));

  return {
    format: 'mock-interview-reference',
    problem: { id: problem.id, title: problem.title, statement: problem.statement },
    functional: [...problem.functional],
    facts,
    estimates,
    components,
    diagram: { elements: referenceScene(components) },
    deepDives,
    antiPatterns,
  };
}
