// Real speech (SCO51-SCO57): how candidates and interviewers talk in a recorded 45-minute interview.
// Transcripts written for the project in spoken style, on problems outside the bank.
import { describe, expect, it } from 'vitest';
import { extractEvidence } from '../../server/scoring/rules/extract.js';
import { scoreOffline } from '../../server/scoring/offline-scorer.js';
import { loadRubric } from '../../server/scoring/rules/rubric.js';
import { metricFlag, overall } from '../../server/scoring/rules/score-rules.js';
import type { DimensionId } from '../../server/scoring/types.js';
import { type Line, transcript } from './helpers.js';
import { SPOKEN_AUCTION_SENIOR } from './spoken-interviews.js';
import { problemBank } from '../calibration/calibration-set.js';

const rubric = loadRubric();
const metrics = (lines: Line[]) => extractEvidence(transcript(lines, 'senior'), rubric).metrics;

const DESIGN: Line[] = [
  ['I', 'Design a service that stores and serves recipes for a cooking app.'],
  ['C', 'Sure. So the client goes through a load balancer to a recipe service, which writes to a database, with a cache in front and workers for image resizing.'],
];

describe('[SCO51] steering counts interventions, not small talk or tags', () => {
  it('counts an interviewer turn of three questions once, and never "can you hear me?" or a confirming tag', () => {
    const lines: Line[] = [
      ['I', 'Hi, can you hear me? How is your day going?'],
      ['C', 'Yes, all good, thanks.'],
      ['I', "So this is the system design round, right? Design a parking garage payment system."],
      ['C', 'Okay. So the driver pays at a kiosk, the kiosk calls a payment service, and the payment service writes the ticket and the charge to a database.'],
      ['I', 'Can you explain this box? Is it a service? Or is it a database?'],
      ['C', 'It is a service, stateless, behind a load balancer, and it writes to Postgres.'],
    ];
    const r = scoreOffline(transcript(lines, 'mid'), rubric);
    expect(r.drive.interviewerNudges).toBe(1);
  });
});

describe('[SCO52] spoken reasoning while drawing is sustained reasoning', () => {
  it('counts long candidate turns from the high-level design on in a pasted transcript', () => {
    const long =
      'So the upload goes to the recipe service, which stores the image in object storage and writes the metadata row to Postgres, keyed by recipe ID, ' +
      'and then it publishes an event to a queue so the workers can resize the image, because resizing inline would make the upload slow for the user. ' +
      'The workers are stateless, so if one of them dies another one picks the message up again, and the resize is idempotent because it writes to a key derived from the recipe ID, ' +
      'which means running it twice does no harm, and the cache in front of the reads holds the hot recipes with a TTL of an hour.';
    const reads =
      'For the reads, the client asks the recipe service for a recipe by ID, the service looks it up in the Redis cache first, and on a miss it reads the row from a read replica and fills the cache, ' +
      'so most reads never touch the primary, which matters because reads outnumber writes by about a hundred to one. The search goes to a separate search index that a worker updates from the same queue, ' +
      'so a slow index never blocks an upload, and if the index falls behind users just see a new recipe in search a few seconds later, which is fine for a cooking app.';
    const lines: Line[] = [...DESIGN, ['I', 'Okay, walk me through an upload.'], ['C', long], ['I', 'And the reads?'], ['C', reads]];
    expect(metrics(lines)['depth.longTurns'].value).toBe(2);
  });
});

describe('[SCO53] a figure and what it implies, said in two sentences', () => {
  it('ties the figure to the design when the next sentence of the turn says what it implies', () => {
    const lines: Line[] = [
      ['I', 'How much storage do we need?'],
      ['C', 'Say 50 million recipes at 2 kilobytes each, that is about 100 gigabytes. So it fits on one machine, we do not need to shard.'],
    ];
    expect(metrics(lines)['est.tiedToDesign'].value).toBe(1);
  });
  it('does not tie a consequence to a figure said in another turn', () => {
    const lines: Line[] = [
      ['I', 'How much storage do we need?'],
      ['C', 'Say 50 million recipes at 2 kilobytes each, that is about 100 gigabytes.'],
      ['I', 'Okay.'],
      ['C', 'So it fits on one machine.'],
    ];
    expect(metrics(lines)['est.tiedToDesign'].value).toBe(0);
  });
});

describe('[SCO54] a red flag can cap the verdict', () => {
  it('an interview that never gave the design its time is at most lean no where the flag applies, whatever the scores', () => {
    const rule = rubric.redFlags.find((f) => f.id === 'design_too_late')!;
    expect('capVerdict' in rule && rule.capVerdict).toBe('lean_no');
    const all = rubric.dimensions.map((d) => ({ id: d.id as DimensionId, score: { junior: 4, mid: 4, senior: 4 } }));
    const flagged = overall(rubric, all, [{ flag: metricFlag(rule as Parameters<typeof metricFlag>[0]), outcome: 'fired' }]);
    expect(flagged.verdict.senior).toBe('lean_no');
    expect(flagged.verdict.mid).toBe('lean_no');
    expect(flagged.verdict.junior).toBe('strong_yes');
    expect(overall(rubric, all, []).verdict.senior).toBe('strong_yes');
  });
});

describe('[SCO55] spoken fillers are not signals, and quotes say what they claim', () => {
  it('"actually" as filler is no revision; taking something back is', () => {
    const filler: Line[] = [...DESIGN, ['C', 'And the service would actually talk to the image provider, and it actually stores the result.']];
    expect(metrics(filler)['adapt.revisions'].value).toBe(0);
    const taken: Line[] = [...DESIGN, ['C', "No wait, it's better to do it on the recipe ID, so the load spreads evenly."]];
    expect(metrics(taken)['adapt.revisions'].value).toBe(1);
  });
  it('"a third party provider" is not a signpost', () => {
    const lines: Line[] = [...DESIGN, ['C', 'The payment part goes to a third party provider like Stripe.']];
    expect(metrics(lines)['comm.signposts'].value).toBe(0);
  });
  it('quotes a real check-in before a design question asked while drawing', () => {
    const lines: Line[] = [...DESIGN, ['C', 'So the cache is Redis here, can the provider resize images for us?'], ['C', 'Does that make sense so far, or should I go deeper on the cache?']];
    const hits = metrics(lines)['comm.checkIns'].hits;
    const best = [...hits].sort((a, b) => (b.strength ?? 0) - (a.strength ?? 0))[0]!;
    expect(best.sentence.text).toContain('Does that make sense');
  });
});

describe('[SCO56] trade-offs, alternatives, failures and limits in spoken words', () => {
  it('hears an alternative and a cost said the way people say them', () => {
    const lines: Line[] = [
      ...DESIGN,
      ['C', "There's a case to be made for putting the search in the recipe service itself. The problem is that then we can't scale the reads separately."],
    ];
    const m = metrics(lines);
    expect(m['trade.alternatives'].value).toBeGreaterThanOrEqual(1);
    expect(m['trade.language'].value).toBeGreaterThanOrEqual(1);
  });
  it('hears failure handling and a limit said in words', () => {
    const lines: Line[] = [
      ...DESIGN,
      ['C', 'If that box goes down, we just spin up another instance and the load balancer takes it out of the pool.'],
      ['C', 'With all the writes on one row, a single machine can\'t handle the load at the peak.'],
    ];
    const m = metrics(lines);
    expect(m['fail.terms'].value).toBeGreaterThanOrEqual(1);
    expect(m['fail.scenarios'].value).toBeGreaterThanOrEqual(1);
    expect(m['depth.bottlenecks'].value).toBe(1);
  });
  it('a strong spoken senior on a problem outside the bank performs at senior with a yes and no red flag', () => {
    const r = scoreOffline(transcript(SPOKEN_AUCTION_SENIOR, 'senior'), rubric);
    expect(r.performedLevel).toBe('senior');
    expect(['yes', 'strong_yes']).toContain(r.verdict);
    expect(r.redFlags).toEqual([]);
    for (const id of ['depth', 'failure_modes', 'trade_offs']) expect(r.dimensions.find((d) => d.id === id)!.score, id).toBeGreaterThanOrEqual(3);
  });
});

describe('[SCO57] "how would you change your design" announces a changed constraint', () => {
  it('finds the growth pivot said as a walk-through and a question', () => {
    const r = scoreOffline(transcript(SPOKEN_AUCTION_SENIOR, 'senior'), rubric);
    expect(r.pivot?.turn).toBe(19);
    expect(r.dimensions.find((d) => d.id === 'adaptability')!.confidence).not.toBe('not_applicable');
  });
  it('a failure probe that mentions the design is not a pivot', () => {
    const lines: Line[] = [...DESIGN, ['I', 'Would you change your design if the database goes down?'], ['C', 'We fail over to the replica.']];
    expect(scoreOffline(transcript(lines, 'senior'), rubric).pivot).toBeNull();
  });
});

describe('[SCO39] known wrong answers are not read into other words', () => {
  const bank = problemBank();
  const flags = (problemId: string, said: string) =>
    scoreOffline(transcript([...DESIGN, ['C', said]], 'senior', { problem: bank.byId.get(problemId)! }), rubric).redFlags.map((f) => f.id);
  it("a Kafka consumer's committed offset is not offset pagination; paging by offset is", () => {
    expect(flags('news-feed', 'The fan out worker is a Kafka consumer, and after a crash it picks up from the last committed offset.')).not.toContain('anti_pattern.offset_pagination');
    expect(flags('news-feed', 'The client asks for the next page with offset pagination, passing the page number and a limit of twenty.')).toContain('anti_pattern.offset_pagination');
  });
  it('"load balancer" is not the load of an on-sale surge', () => {
    expect(flags('ticketmaster', 'We put a load balancer in front and add more servers behind it.')).not.toContain('anti_pattern.autoscale_the_surge');
    expect(flags('ticketmaster', 'For the on-sale surge we just autoscale, adding more servers as the load spikes.')).toContain('anti_pattern.autoscale_the_surge');
  });
});

describe('[SCO58] "transaction" counts for concurrency only in its database sense', () => {
  it('gives no concurrency credit for a money transaction, and credits a write in one transaction', () => {
    const money: Line[] = [
      ...DESIGN,
      ['I', 'Walk me through a donation.'],
      ['C', 'So a donor picks a charity and pays. Each donation transaction goes to the payment provider, and we show the transactions in the donor history.'],
    ];
    const db: Line[] = [
      ...DESIGN,
      ['I', 'Walk me through a donation.'],
      ['C', 'The donation row and the charity total are written in one transaction, so a crash never leaves a total without its donation.'],
    ];
    expect(metrics(money)['depth.concurrency'].value).toBe(0);
    expect(metrics(db)['depth.concurrency'].value).toBe(1);
  });
});
