// Generic detection beyond the calibration vocabulary: pivots however phrased, trade-off language
// per clause, plural-tolerant vocabulary, rates per period, evidence that carries its signal,
// timestamps, phase labels and an inferred deep dive. Rules SCO24..SCO29 in server/scoring/SPEC.md.
import { describe, expect, it } from 'vitest';
import { extractEvidence } from '../../server/scoring/rules/extract.js';
import { parseQuantities as statedQuantities } from '../../server/understanding/quantities.js';
import { parseMarkdownTranscript } from '../../server/scoring/reading/markdown-transcript.js';
import { scoreOffline } from '../../server/scoring/offline-scorer.js';
import { compilePhrases, hasPhrase, normalize, phrasesIn } from '../../server/understanding/phrases.js';
import { announcesChange } from '../../server/scoring/rules/pivot-detect.js';
import { loadRubric } from '../../server/scoring/rules/rubric.js';
import { compiledVocabulary } from '../../server/scoring/rules/vocabulary.js';
import { type Line, transcript } from './helpers.js';

const rubric = loadRubric();
const vocab = compiledVocabulary(rubric);
const metricsOf = (lines: Line[]) => extractEvidence(transcript(lines), rubric).metrics;

const SKETCH: Line[] = [
  ['I', 'Design a system that sends reminders to users.'],
  ['C', 'How many reminders a day, and how late can one be?'],
  ['I', 'About ten million a day; a minute late is fine.'],
  ['C', 'The API writes each reminder to Postgres, a scheduler polls for due ones and pushes them onto a Kafka topic, and workers send them through the providers.'],
];

describe('[SCO24] pivots however the interviewer phrases them', () => {
  it('[SCO24] reads "what if", "suppose", "let\'s say the budget", "now imagine", "the requirement changed" and multipliers as changed constraints', () => {
    for (const said of [
      'What if traffic grows 20x next year?',
      'Suppose the budget for this is cut in half.',
      "Let's say the budget for the fleet is cut in half. What would you do?",
      'Now imagine the product team wants every reminder kept for seven years.',
      'The requirement changed: data about European users must stay in Europe.',
      'Requirements have changed a bit since this morning.',
      'Say we get twice the writes at peak.',
      'Now assume the volume goes up 100x during elections.',
      'Suppose now a new law says photos must be stored only in the country of the user.',
    ]) {
      expect(announcesChange(normalize(said), vocab), said).toBe(true);
    }
  });

  it('[SCO24] does not read failure probes or walk-throughs as pivots', () => {
    for (const said of [
      'What if the database goes down?',
      'What happens if a worker dies halfway through a job?',
      "Let's say a user uploads a photo; walk me through it.",
      'Imagine a user opens the link. What happens?',
      'What if two students order the last slice at the same time?',
      'What if lots of people hold rooms and never pay, like bots?',
      'What if the worker must retry the call?',
      'Is that legal?',
    ]) {
      expect(announcesChange(normalize(said), vocab), said).toBe(false);
    }
  });

  it('[SCO24] without phase cues, a pivot can follow the candidate\'s design sketch but not the requirements', () => {
    const pivot: Line = ['I', 'Now assume the volume goes up 100x during a sale.'];
    const after = scoreOffline(transcript([...SKETCH, pivot, ['C', "Then the scheduler is the bottleneck, so I'd shard the table by due time and add more workers."]]), rubric);
    expect(after.pivot).toMatchObject({ turn: 5 });
    expect(['well', 'partly']).toContain(after.pivot!.handling);
    const early = scoreOffline(transcript([SKETCH[0]!, SKETCH[1]!, pivot, ['C', 'Okay, noted.']]), rubric);
    expect(early.pivot).toBeNull();
  });
});

describe('[SCO25] trade-off language', () => {
  it('[SCO25] counts each clause that names a cost or a preference: "X versus Y; I\'d rather A than B" is two', () => {
    const m = metricsOf([['C', "The trade-off is latency versus cost of retries; I'd rather delay than drop."]]);
    expect(m['trade.language'].value).toBe(2);
    expect(m['trade.alternatives'].value).toBe(2);
    const quote = scoreOffline(transcript([['C', "The trade-off is latency versus cost of retries; I'd rather delay than drop."]]), rubric);
    expect(quote.dimensions.find((d) => d.id === 'trade_offs')!.evidence[0]!.quote).toMatch(/trade-off is latency versus cost/);
  });

  it('[SCO25] hears "at the cost of", "the downside", "in exchange", "we give up", "worth it" and comparisons with the other option', () => {
    for (const said of [
      'Partitioned timers avoid that, at the cost of the lease machinery.',
      'The downside is an extra hop.',
      'We give up strict ordering in exchange for throughput.',
      "It's one more system to run, but it's worth it here.",
      'Missing a run beats running twice.',
      'A sweeper is simpler than a delayed message per hold.',
    ]) {
      expect(metricsOf([['C', said]])['trade.language'].value, said).toBeGreaterThanOrEqual(1);
    }
    expect(metricsOf([['C', 'We store the rows in Postgres.']])['trade.language'].value).toBe(0);
  });

  it('[SCO25] counts at most two clauses of one sentence', () => {
    const m = metricsOf([['C', 'The cost is latency; the downside is money; the catch is operations; the price is complexity.']]);
    expect(m['trade.language'].value).toBe(2);
  });
});

describe('[SCO26] vocabulary breadth', () => {
  it('[SCO26] a phrase matches its plural, and a listed plural is the same term', () => {
    const set = compilePhrases(['token bucket', 'replica', 'replicas', 'estimat*', '10x']);
    expect(hasPhrase(set, 'per provider token buckets')).toBe(true);
    expect(phrasesIn(set, 'two replicas')).toEqual(['replica']);
    expect(phrasesIn(set, 'we estimated two replica sets')).toEqual(['replica', 'estimat']);
  });

  it('[SCO26] counts retries, backoff, circuit breakers, dead letters, partitioning and token buckets as mechanisms', () => {
    const m = metricsOf([
      ['C', 'Producers write to a Kafka topic partitioned by user.'],
      ['C', 'The worker retries with exponential backoff and a circuit breaker, then parks the message in a dead letter queue.'],
      ['C', "I'd add per-provider token buckets and batch pushes."],
    ]);
    expect(m['depth.mechanisms'].value).toBeGreaterThanOrEqual(5);
    expect(m['fail.terms'].value).toBeGreaterThanOrEqual(3);
  });

  it('[SCO26] reads counts over a period and spoken numbers as rates, but not per-user counts', () => {
    const rate = (text: string) => statedQuantities(text).map((q) => [q.kind, Math.round(q.value * 100) / 100]);
    expect(rate('so 4,000 orders in like 2 hours')).toEqual([['qps', 0.56]]);
    expect(rate('Maybe one order per second.')).toEqual([['qps', 1]]);
    expect(rate('About 2 million submissions a day.')).toEqual([['qps', 23.15]]);
    expect(rate('Each user uploads 10 photos a week.')).toEqual([]);
  });
});

describe('[SCO27] evidence that carries the signal', () => {
  it('[SCO27] quotes a question about a non-functional topic over a sentence that merely mentions it', () => {
    const report = scoreOffline(
      transcript([
        ['I', 'Design a notification system.'],
        ['C', 'So 50M a day is about 600 per second on average, maybe 3k per second at peak.'],
        ['C', 'Do we need delivery guarantees? And how many notifications per day at peak?'],
      ]),
      rubric,
    );
    const req = report.dimensions.find((d) => d.id === 'requirements')!;
    expect(req.evidence.find((e) => e.note === 'Raises non-functional requirements, not just features')?.quote).toBe('And how many notifications per day at peak?');
  });

  it('[SCO27] "per second" and a closing "first" are not signposts; an opening ordinal is', () => {
    const m = metricsOf([
      ['C', 'That is about 600 per second, maybe 3k per second at peak.'],
      ['C', 'We could drop marketing notifications first.'],
    ]);
    expect(m['comm.signposts'].value).toBe(0);
    expect(metricsOf([['C', 'Second, it gives us replay.'], ['C', 'First, some requirements.']])['comm.signposts'].value).toBe(2);
  });

  it('[SCO12] a bare confirming question counts as a check-in', () => {
    expect(metricsOf([['C', 'Out of scope: the editor UI. OK?']])['comm.checkIns'].value).toBe(1);
  });
});

describe('[SCO28] timestamps in Markdown transcripts', () => {
  it('[SCO28] reads a stamp before the marker or at the start of the turn and leaves it out of the text', () => {
    const { turns } = parseMarkdownTranscript(
      ['[00:00] **Interviewer:** Design a cron service.', '', '[12:03] - **Candidate:** Questions first.', '**Interviewer:** (1:02:03) Go on.', '**Candidate:** [00:15] A 10:1 ratio.'].join('\n'),
    );
    expect(turns.map((t) => [t.role, t.text])).toEqual([
      ['interviewer', 'Design a cron service.'],
      ['candidate', 'Questions first.'],
      ['interviewer', 'Go on.'],
      ['candidate', 'A 10:1 ratio.'],
    ]);
  });
});

describe('[SCO29] phases without cue phrases', () => {
  const phases = (lines: Line[]) => extractEvidence(transcript(lines), rubric).index.turns.map((t) => t.phase);

  it('[SCO29] a candidate sentence that labels a phase ("High level: ...", "Sizing.") moves there', () => {
    const got = phases([
      ['I', 'Design a distributed cron.'],
      ['C', 'How many jobs?'],
      ['I', 'Two million.'],
      ['C', 'Sizing. That is about 550 firings a second.'],
      ['C', 'High level: definitions in Postgres, a scheduler tier, Kafka and an executor pool.'],
    ]);
    expect(got).toEqual(['requirements', 'requirements', 'requirements', 'estimation', 'high_level_design']);
  });

  it('[SCO29] the deep dive starts at the first interviewer question after the design sketch, unless someone names it', () => {
    const lines: Line[] = [
      ['I', "Let's go to the high-level design."],
      ...SKETCH.slice(3),
      ['I', 'Why Kafka between the scheduler and the workers?'],
      ['C', 'Because the providers are slow.'],
    ];
    expect(phases(lines)).toEqual(['high_level_design', 'high_level_design', 'deep_dive', 'deep_dive']);
    const named: Line[] = [...lines, ['I', "Let's dive into the scheduler."]];
    expect(phases(named).slice(0, 4)).toEqual(['high_level_design', 'high_level_design', 'high_level_design', 'high_level_design']);
  });
});

describe('[SCO32] phase cues said in passing', () => {
  const indexOf = (lines: Line[]) => extractEvidence(transcript(lines), rubric).index;
  const phases = (lines: Line[]) => indexOf(lines).turns.map((t) => t.phase);

  it('[SCO32] "At a high level: ..." and "At a high level, ..." open the high-level design', () => {
    for (const opening of ['At a high level: the API writes to Postgres and workers send.', 'So at a very high level, the API writes to Postgres and workers send.', 'From a high level: the API writes to Postgres.']) {
      const got = phases([
        ['I', 'Design a reminder service.'],
        ['C', 'How many reminders a day?'],
        ['I', 'Ten million.'],
        ['C', opening],
      ]);
      expect(got, opening).toEqual(['requirements', 'requirements', 'requirements', 'high_level_design']);
    }
    // A phase word in the middle of a requirements sentence is not a label.
    expect(phases([['I', 'Design it.'], ['C', 'What does the product look like at a high level for users?']])).toEqual(['requirements', 'requirements']);
  });

  it('[SCO32] a check-in that mentions going deeper neither moves to the deep dive nor stops the deep dive being inferred', () => {
    const lines: Line[] = [
      ['I', "Let's go to the high-level design."],
      ['C', `${SKETCH[3]![1]} Does that shape make sense before I go deeper?`],
      ['I', 'Why Kafka between the scheduler and the workers?'],
      ['C', 'Because the providers are slow.'],
    ];
    expect(phases(lines)).toEqual(['high_level_design', 'high_level_design', 'deep_dive', 'deep_dive']);
    const index = indexOf(lines);
    expect(index.transitions.map((t) => [t.turn, t.to])).toEqual([[1, 'high_level_design'], [3, 'deep_dive']]);
  });

  it('[SCO32] a check-in is not a clarifying requirements question, even before the design', () => {
    const m = metricsOf([
      ['I', 'Design a reminder service.'],
      ['C', 'How many reminders a day?'],
      ['I', 'Ten million.'],
      ['C', 'My first idea is a queue and some workers. Does that make sense before I go deeper? Does this sound right so far?'],
    ]);
    expect(m['req.questions'].value).toBe(1);
    expect(m['comm.checkIns'].hits.map((h) => h.sentence.text)).toEqual(['Does that make sense before I go deeper?', 'Does this sound right so far?']);
  });
});

describe('[SCO33] next steps that bear on the transcript', () => {
  const REQS: Line[] = [
    ['I', 'Design a notification service for internal teams.'],
    ['C', 'Who calls it, and how many notifications a day?'],
    ['I', 'Internal teams, about 300 million a day.'],
  ];

  it('[SCO33] "leave out", "won\'t build", "not in scope" and "skip X for now" state the scope', () => {
    for (const said of [
      "I'll leave out the template editor UI and analytics dashboards for now.",
      "We won't build a template editor in this round.",
      'Analytics dashboards are not in scope.',
      "Let's skip the admin console for now.",
      'I would park analytics until later.',
    ]) {
      const lines: Line[] = [...REQS, ['C', said]];
      expect(metricsOf(lines)['req.outOfScope'].value, said).toBe(1);
      const report = scoreOffline(transcript(lines), rubric);
      expect(report.dimensions[0]!.marks.map((m) => m.signal), said).toContain('req_scopes');
    }
    // Deferring work inside the design is not a statement of scope.
    expect(metricsOf([...REQS, ['C', 'At a high level: the API writes to Kafka and we skip the cache for now.']])['req.outOfScope'].value).toBe(0);
  });

  it('[SCO33] a missing signal is shown where it was called for, in a turn no other step quotes, or not at all', () => {
    const lines: Line[] = [
      ...REQS,
      ['C', "I'll leave out the template editor UI and analytics dashboards for now."],
      ['I', "Let's move to the high-level design."],
      ['C', "The API writes each notification to Kafka, and workers call the providers. I'll use Cassandra for the notification log."],
      ['I', "Let's dive into delivery."],
      ['C', 'Workers send each message once to the provider and record the status.'],
    ];
    const report = scoreOffline(transcript(lines), rubric);
    const byDimension = Object.fromEntries(report.nextSteps.map((s) => [s.dimension, s]));
    const turns = report.nextSteps.flatMap((s) => (s.evidence ? [s.evidence.turn] : []));
    expect(new Set(turns).size).toBe(turns.length);
    // Nobody said "the first long sentence of the phase" is evidence of a missing signal any more.
    for (const s of report.nextSteps) expect(s.evidence?.note).not.toBe('Where this was expected.');
    // Where the candidate did not lead, the step quotes the interviewer moving the interview on.
    if (byDimension.communication?.evidence) expect(lines[byDimension.communication.evidence.turn - 1]![0]).toBe('I');
    // A choice with no alternative is quoted for the alternatives step; failure handling points at the named parts.
    if (byDimension.trade_offs?.evidence) expect(byDimension.trade_offs.evidence.quote).toMatch(/Cassandra|Kafka/);
    if (byDimension.failure_modes?.evidence) expect(byDimension.failure_modes.evidence.note).toMatch(/fails/);
    const scopeAdvice = rubric.dimensions[0]!.signals.find((x) => x.id === 'req_scopes')!.advice;
    expect(report.nextSteps.map((s) => s.text)).not.toContain(scopeAdvice);
    expect(byDimension.failure_modes?.evidence?.turn).toBe(6);
    for (const s of report.nextSteps) if (!s.evidence) expect(s.note).toMatch(/^No turn showed this\. Next time, /);
  });
});

describe('[SCO34] depth signals are said about the design', () => {
  it('[SCO34] a peak sized in the estimate and a requirements question about exactly-once are not depth', () => {
    const before: Line[] = [
      ['I', 'Design a notification service.'],
      ['C', 'How many a day? And do we need exactly-once, or is a duplicate now and then fine?'],
      ['I', '300 million a day; duplicates are tolerable.'],
      ['C', "Let me do a quick estimate. That's 3,500 per second; I'd plan for a peak of maybe 10x, call it 35,000 per second, so it's a bottleneck for a single database."],
    ];
    const m = metricsOf(before);
    expect(m['depth.bottlenecks'].value).toBe(0);
    expect(m['depth.concurrency'].value).toBe(0);
    const design: Line[] = [
      ...before,
      ['I', "Let's move to the high-level design."],
      ['C', 'A single Postgres would be the bottleneck at 35,000 writes per second, so we shard by user id; at 10x it breaks first at the primary.'],
      ['C', 'Each notification gets an idempotency key, and the worker records it with a conditional write, so a redelivered message is sent at most once.'],
    ];
    const d = metricsOf(design);
    expect(d['depth.bottlenecks'].value).toBe(1);
    expect(d['depth.bottlenecks'].hits.map((h) => h.sentence.turn)).toEqual([6]);
    expect(d['depth.concurrency'].value).toBeGreaterThanOrEqual(2);
    expect(d['depth.concurrency'].hits.every((h) => h.sentence.turn === 7)).toBe(true);
  });
});

