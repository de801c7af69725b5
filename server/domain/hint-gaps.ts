// [COACH2] The open gaps of the phase an interview is in, each with its three rungs (a nudge, a
// pointer, a sketch of the idea), built from the problem bank's data and read against the same
// coverage and listening state the interviewer uses: what the candidate covered is not a gap. Pure.
import { mentionsAny, parseQuantities, showsAntiPattern, termHits } from '../understanding/index.js';
import { componentsPresent, statedEstimates } from './coverage.js';
import type { HintGap } from './events.js';
import { candidateSaid, probeStates, shortQuote } from './listening.js';
import { type AntiPattern, type DeepDive, type ExpectedComponent, type HiddenFact, type LoadedProblem, type Pivot, STANDARD_TOPICS } from './problem.js';
import type { SessionState } from './session.js';

/** A gap of the current phase with its three rungs, in order. */
export interface LadderGap extends HintGap {
  rungs: [string, string, string];
}

export interface HintInput {
  state: SessionState;
  problem: LoadedProblem;
  diagramText: string;
  genericPivots?: readonly Pivot[];
}

// ---- requirements: facts not asked about --------------------------------------------------

/** The order a strong candidate asks in: size first, then the non-functional targets, then scope. */
const TOPIC_ORDER = ['scale', 'read_write', 'latency', 'availability', 'consistency', 'out_of_scope'];

const TOPIC_WORDS: Record<string, string> = {
  scale: 'the scale',
  read_write: 'the mix of reads and writes',
  latency: 'how fast it must answer',
  availability: 'availability',
  consistency: 'consistency',
  data_retention: 'how long data is kept',
  out_of_scope: 'what is out of scope',
  geography: 'where the users are',
  features: 'which features matter most',
  clients: 'who calls the system',
};

const TOPIC_QUESTION: Record<string, string> = {
  scale: 'How many users and requests a day should I plan for, and what does the peak look like?',
  read_write: 'What is the ratio of reads to writes?',
  latency: 'What latency do users expect for the main operation?',
  availability: 'What availability do we need, and what may degrade during an outage?',
  consistency: 'Must every read see the latest write, or is some staleness fine?',
  data_retention: 'How long do we keep the data, and how big is each record?',
  out_of_scope: 'What is out of scope for this interview?',
  geography: 'Where are the users: one region or worldwide?',
  features: 'Which features are the core ones for this interview?',
  clients: 'Which clients call the system: web, mobile, other services?',
};

function topicWords(f: HiddenFact): string {
  return TOPIC_WORDS[f.topic] ?? `the ${f.keywords[0] ?? f.topic.replace(/_/g, ' ')}`;
}

function factGaps(p: LoadedProblem, s: SessionState): LadderGap[] {
  const standard = new Set<string>(STANDARD_TOPICS);
  const rank = (f: HiddenFact) => {
    const i = TOPIC_ORDER.indexOf(f.topic);
    return i >= 0 ? i : standard.has(f.topic) ? 100 : 50; // the problem's own topics before the minor standard ones
  };
  return p.facts
    .filter((f) => !s.revealed.has(f.topic))
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => {
      const words = topicWords(f);
      const question = TOPIC_QUESTION[f.topic] ?? `What should I know about ${words}?`;
      return {
        key: `fact:${f.topic}`,
        kind: 'fact' as const,
        dimension: 'requirements',
        label: `Ask about ${words}`,
        rungs: [
          `What about ${words}?`,
          `Which question about ${words} would change your design the most? Ask it before you design.`,
          `Ask me outright, for example: "${question}" Then write the answer down as a requirement.`,
        ],
      };
    });
}

// ---- estimation: reference estimates not stated -----------------------------------------------


function estimateGaps(p: LoadedProblem, s: SessionState): LadderGap[] {
  const given = p.facts
    .filter((f) => s.revealed.has(f.topic))
    .flatMap((f) => parseQuantities(f.answer).map((q) => ({ value: q.value, fromPeriod: q.fromPeriod ?? false })));
  const stated = new Set(
    s.turns.filter((t) => t.role === 'candidate').flatMap((t) => statedEstimates(t.text, p, given, t.reading).map((x) => x.estimate.id)),
  );
  return p.resolvedEstimates
    .filter((e) => !stated.has(e.id))
    .map((e) => {
      const label = e.label.toLowerCase();
      return {
        key: `est:${e.id}`,
        kind: 'estimate' as const,
        dimension: 'estimation',
        label: e.label,
        rungs: [
          `What about the ${label}?`,
          `Which figure you already have does the ${label} follow from, and what do you multiply or divide it by?`,
          // The bank's derivation uses the facts' figures: the guard keeps it only once they were asked for.
          `One way to get there: ${e.derivation}`,
        ],
      };
    });
}

// ---- high-level design: the board, then missing components ------------------------------------

const AREAS: Array<[RegExp, string]> = [
  [/cache|cdn|edge/, 'the read path'],
  [/queue|kafka|stream|outbox|event|bus|pub ?sub|log\b/, 'what happens after a write'],
  [/gateway|balanc|\blb\b|ingress|api/, 'how requests get in'],
  [/notif|webhook|push|fan ?out|email/, 'how others hear about a change'],
  [/worker|job|schedul|reconcil|crawler|batch|cron|sweeper/, 'the work that happens in the background'],
  [/search|index|ranking|geo/, 'how things are found'],
  [/vault|auth|token|secur|kms|hsm/, 'protecting what is sensitive'],
  [/database|\bdb\b|store|storage|ledger|blob|s3|table|warehouse/, 'where the data lives'],
];

function areaOf(c: ExpectedComponent): string {
  const text = `${c.id.replace(/_/g, ' ')} ${c.label}`.toLowerCase();
  return AREAS.find(([re]) => re.test(text))?.[1] ?? 'the parts between the client and the data';
}

function presentComponents(p: LoadedProblem, s: SessionState, diagramText: string): Set<string> {
  const present = componentsPresent(p.components, [diagramText]);
  const said = candidateSaid(s);
  for (const c of p.components) {
    if (said.some((x) => x.sentence.act === 'statement' && termHits(x.sentence, c.synonyms).some((h) => h.polarity === 'asserted' || h.polarity === 'hedged'))) present.add(c.id);
  }
  return present;
}

function designGaps(p: LoadedProblem, s: SessionState, diagramText: string): LadderGap[] {
  const drawn = diagramText.trim() !== '' && diagramText !== '(empty whiteboard)';
  const present = presentComponents(p, s, diagramText);
  const missing = p.components.filter((c) => !present.has(c.id));
  const board: LadderGap[] = drawn
    ? []
    : [
        {
          key: 'board:draw',
          kind: 'board',
          dimension: 'high_level_design',
          label: 'Put the design on the board',
          rungs: [
            'What about the whiteboard? Your design is only in words so far.',
            'Draw the path of one core request, from the client to where its data is stored.',
            `Start with boxes and arrows: client, then ${p.components.slice(0, 3).map((c) => c.label.toLowerCase()).join(', then ')}, and label what travels on each arrow.`,
          ],
        },
      ];
  return [
    ...board,
    ...missing.map((c) => ({
      key: `comp:${c.id}`,
      kind: 'component' as const,
      dimension: 'high_level_design',
      label: c.label,
      rungs: [
        `What about ${areaOf(c)}?`,
        c.question,
        `Add a ${c.label.toLowerCase()} (for example ${c.synonyms.slice(0, 2).join(' or ')}) to the board, and say in one sentence what it does here.`,
      ] as [string, string, string],
    })),
  ];
}

// ---- deep dive: the pivot, known wrong answers, probes ----------------------------------------

/** The part of an anti-pattern's `why` that says what to do instead (it opens with what is wrong). */
function goodAnswerOf(ap: AntiPattern): string {
  const sentences = ap.why.match(/[^.!?]+[.!?]+/g)?.map((x) => x.trim()) ?? [ap.why];
  const at = sentences.findIndex((x) => /\b(?:strong|good) answer\b/i.test(x));
  return sentences.slice(at >= 0 ? at : Math.min(1, sentences.length - 1)).join(' ');
}

function cueWord(phrase: string): string {
  return phrase.replace(/\*$/, '');
}

/** The anti-pattern whose fix shares the most phrases with the probe's answer: its good answer sketches the probe. */
function matchingAntiPattern(p: LoadedProblem, cues: readonly string[]): AntiPattern | undefined {
  const set = new Set(cues);
  let best: { ap: AntiPattern; n: number } | undefined;
  for (const ap of p.antiPatterns) {
    const n = [...ap.unless, ...ap.rejects].filter((w) => set.has(w)).length;
    if (n > 0 && (!best || n > best.n)) best = { ap, n };
  }
  return best?.ap;
}

function pivotGaps(p: LoadedProblem, s: SessionState, generic: readonly Pivot[]): LadderGap[] {
  if (!s.pivot) return [];
  const pivot = [...p.pivots, ...generic].find((x) => x.id === s.pivot!.pivotId);
  const since = s.turns.filter((t) => t.role === 'candidate' && t.seq > s.pivot!.seq).map((t) => t.text);
  if (pivot ? since.some((t) => mentionsAny(t, pivot.expects)) : since.length > 0) return [];
  return [
    {
      key: `pivot:${s.pivot.pivotId}`,
      kind: 'pivot',
      dimension: 'adaptability',
      label: 'The new constraint',
      rungs: [
        'What about the new constraint?',
        `"${s.pivot.text}" Which component of your design does that hit first, and what do you give up to meet it?`,
        pivot ? `Ideas that fit it: ${pivot.expects.slice(0, 4).join(', ')}. Pick one, say what changes on the board and what it costs.` : 'Name the component that changes first, the change, and the cost of it.',
      ],
    },
  ];
}

function antiPatternGaps(p: LoadedProblem, s: SessionState): LadderGap[] {
  const said = candidateSaid(s);
  const out: LadderGap[] = [];
  for (const ap of p.antiPatterns) {
    const hit = said.find((x) => showsAntiPattern(x.sentence, ap));
    if (!hit) continue;
    // Put right since: a later statement names the fix.
    const fixed = said.some((x) => x.turn >= hit.turn && x.sentence !== hit.sentence && x.sentence.act === 'statement' && ap.unless.length > 0 && termHits(x.sentence, ap.unless).some((h) => h.polarity === 'asserted'));
    if (fixed) continue;
    out.push({
      key: `ap:${ap.id}`,
      kind: 'anti_pattern',
      dimension: ap.dimension,
      label: ap.title,
      rungs: [`What about what you said here: "${shortQuote(hit.sentence)}"? Look at it again.`, ap.challenge, goodAnswerOf(ap)],
    });
  }
  return out;
}

function probeGaps(p: LoadedProblem, s: SessionState): LadderGap[] {
  const said = candidateSaid(s);
  const states = probeStates(p, said);
  const candidateTexts = s.turns.filter((t) => t.role === 'candidate').map((t) => t.text);
  const touched = (d: DeepDive) => states.some((x) => x.dive.id === d.id && x.said.length > 0) || candidateTexts.some((t) => mentionsAny(t, d.keywords));
  // [TURN5] Like the interviewer: topics not yet touched first.
  const dives = p.deepDives.map((d, i) => ({ d, i, t: touched(d) })).sort((a, b) => Number(a.t) - Number(b.t) || a.i - b.i);
  // A probe the candidate is in the middle of (some parts said) comes before any new topic.
  const engaged = (x: (typeof states)[number]) => (x.said.length > 0 ? 0 : 1);
  const open = dives.flatMap(({ d }) => states.filter((x) => x.dive.id === d.id && !x.answered)).sort((a, b) => engaged(a) - engaged(b));
  return open.map((x) => {
    const d = x.dive;
    const probe = d.probes[x.index]!;
    const missing = x.missing.map((c) => probe.answeredWhen[c]!);
    const pointer = x.said.length > 0 && missing[0] ? missing[0].ask : probe.ask;
    const ap = matchingAntiPattern(p, probe.answeredWhen.flatMap((c) => c.any));
    const terms = missing.map((c) => cueWord(c.any[0]!));
    const keyTerms = terms.length > 0 ? `A good answer names ${terms.join(', and ')}.` : '';
    return {
      key: x.key,
      kind: 'probe' as const,
      dimension: 'depth',
      label: d.title,
      rungs: [`What about ${d.title.charAt(0).toLowerCase()}${d.title.slice(1)}?`, pointer, [ap ? goodAnswerOf(ap) : '', keyTerms].filter(Boolean).join(' ')] as [string, string, string],
    };
  });
}

// ---- wrap-up --------------------------------------------------------------------------------

function wrapUpGaps(s: SessionState): LadderGap[] {
  const said = s.turns.filter((t) => t.role === 'candidate').map((t) => t.text).join(' ');
  const out: LadderGap[] = [];
  if (!mentionsAny(said, ['least sure', 'least confident', 'weakest', 'biggest risk', 'riskiest', 'not sure about', 'would revisit', 'trade off', 'tradeoff'])) {
    out.push({
      key: 'wrap:tradeoff',
      kind: 'wrap_up',
      dimension: 'trade_offs',
      label: 'Name your weakest trade-off',
      rungs: [
        'What about the weakest part of your design?',
        'Which decision would you revisit first if the scale or the budget changed?',
        'Name one trade-off you made (for example consistency for latency), why you made it, and what would make you change it.',
      ],
    });
  }
  if (!mentionsAny(said, ['to summarize', 'to summarise', 'in summary', 'to recap', 'recap', 'summing up'])) {
    out.push({
      key: 'wrap:summary',
      kind: 'wrap_up',
      dimension: 'communication',
      label: 'Summarise the design',
      rungs: [
        'What about a summary before we stop?',
        'Could you sum up the design in a minute: what drove it and what it is made of?',
        'Three lines: the requirements that drove the design, the core components and how data flows through them, and the biggest risk with how you would handle it.',
      ],
    });
  }
  return out;
}

// ---- the ladder -------------------------------------------------------------------------------

function gapsOfPhase(input: HintInput): LadderGap[] {
  const { state: s, problem: p, diagramText } = input;
  switch (s.phase) {
    case 'requirements':
      return factGaps(p, s);
    case 'estimation':
      return estimateGaps(p, s);
    case 'high_level_design':
      return designGaps(p, s, diagramText);
    case 'deep_dive':
      return [...pivotGaps(p, s, input.genericPivots ?? []), ...antiPatternGaps(p, s), ...probeGaps(p, s)];
    case 'wrap_up':
      return [...antiPatternGaps(p, s), ...wrapUpGaps(s)];
  }
}

/** The gap the interviewer's last question in this phase was about (a follow-up belongs to its probe). */
function askedGapKey(s: SessionState): string | undefined {
  const last = [...s.turns].reverse().find((t) => t.role === 'interviewer' && t.question);
  if (!last?.question || last.phase !== s.phase) return undefined;
  const [kind, id, probe] = last.question.key.split(':');
  if (kind === 'fu' || kind === 'commit') return `dd:${id}:${probe}`;
  if (kind === 'est-fix' || kind === 'est-redo') return `est:${id}`;
  if (kind === 'rej') return `comp:${id}`;
  if (kind === 'pivot') return `pivot:${id}`;
  return last.question.key;
}

/**
 * [COACH2] The open gaps of the phase the interview is in, the current one first: the gap the
 * interviewer's last question is about, when it is still open, then the rest in the order the
 * interviewer would take them. Covered ones are not there.
 */
export function openGaps(input: HintInput): LadderGap[] {
  const gaps = gapsOfPhase(input);
  const current = askedGapKey(input.state);
  const i = current ? gaps.findIndex((g) => g.key === current) : -1;
  return i > 0 ? [gaps[i]!, ...gaps.slice(0, i), ...gaps.slice(i + 1)] : gaps;
}
