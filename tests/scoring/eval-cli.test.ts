// `npm run eval -- DIR`: a directory of transcripts the test writes, labelled in both accepted
// shapes; the offline figures checked against the scorer's own public entry points, and the judge
// (the real `openai` client against the local fake server) run several times for its spread.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spearman, spread } from '../../server/cli/eval-stats.js';
import { type EvalResult, runEvalCli } from '../../server/cli/eval.js';
import { loadProblemBank } from '../../server/content/problem-bank.js';
import type { JudgeOutput } from '../../server/scoring/judge/judge-schema.js';
import { scoreOffline } from '../../server/scoring/offline-scorer.js';
import { loadRubric } from '../../server/scoring/rules/rubric.js';
import { readTranscript } from '../../server/scoring/reading/transcript-file.js';
import { DIMENSION_IDS, VERDICTS } from '../../server/scoring/types.js';
import { type FakeOpenAI, start } from '../support/fake-openai.js';

const STRONG = `---
problem: url-shortener
---

**Interviewer:** Let's design a URL shortener.

**Candidate:** Before drawing anything, a few questions. How many new links per day, and what is the read to write ratio? Do links expire, and do we need custom aliases?

**Interviewer:** About 100 million new links a day, reads are 100 times writes, links never expire, custom aliases are optional.

**Candidate:** So 100M a day is about 1,200 writes per second and 120k reads per second at average; peak maybe 3x. Each record is around 500 bytes, so 50 GB a day and about 180 TB over ten years.

**Interviewer:** Sounds right. What does the design look like?

**Candidate:** A stateless API tier behind a load balancer, a key-value store such as DynamoDB or Cassandra for code to URL, and a Redis cache in front because reads dominate. Codes come from a counter service handing out ranges, base62 encoded, so there are no collisions; the trade-off against hashing is a dependency on the range allocator, which I accept because collisions cost a read on every write.

**Interviewer:** What if the cache node dies?

**Candidate:** Reads fall through to the store, which is sized for it with read replicas; we'd alert on the miss rate and p99 latency. The counter service keeps its ranges in a replicated store, so a crash loses at most one unused range.

**Interviewer:** Now assume writes go up 100x.

**Candidate:** Then 120k writes per second: I would shard the key-value store by code, give each API node larger counter ranges so the allocator is not a hotspot, and write asynchronously through a queue if latency allows. I'd rather accept a short delay before a new link works than drop writes.
`;

const PLAIN_WEAK = [
  'Interviewer: Design a URL shortener.',
  'Candidate: Okay, I will use a database.',
  'Interviewer: Anything else you want to know first?',
  'Candidate: No. The server saves the link in the database and returns it.',
  'Interviewer: How many requests per second would you expect?',
  'Candidate: Maybe ten.',
  'Interviewer: What happens if the database goes down?',
  'Candidate: I am not sure.',
].join('\n');

const VTT_MID = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:05.000',
  '<v Dana Reyes>Let us design a URL shortener.</v>',
  '',
  '00:00:06.000 --> 00:00:14.000',
  '<v Sam Lee>How many links per day, and how long do they live?</v>',
  '',
  '00:00:15.000 --> 00:00:20.000',
  '<v Dana Reyes>About ten million a day, kept for five years.</v>',
  '',
  '00:00:21.000 --> 00:01:10.000',
  '<v Sam Lee>So about 120 writes per second. I would use an API service, a SQL database with an index on the short code, and a cache for popular links.</v>',
  '',
  '00:01:11.000 --> 00:01:15.000',
  '<v Dana Reyes>How do you make the codes?</v>',
  '',
  '00:01:16.000 --> 00:02:00.000',
  '<v Sam Lee>A hash of the URL, base62, and on a collision I add a salt and try again.</v>',
].join('\n');

const rubric = loadRubric();
const bank = loadProblemBank();
let dir: string;

function writeSet(at: string): void {
  mkdirSync(at, { recursive: true });
  writeFileSync(join(at, 'strong.md'), STRONG);
  writeFileSync(join(at, 'weak.txt'), PLAIN_WEAK);
  writeFileSync(join(at, 'call.vtt'), VTT_MID);
  writeFileSync(join(at, 'extra.md'), '**Interviewer:** Not labelled.\n\n**Candidate:** So not scored.');
  writeFileSync(
    join(at, 'labels.json'),
    JSON.stringify([
      // The project's shape, with per-dimension scores.
      { file: 'strong.md', level: 'senior', verdict: 'yes', dimensions: { requirements: 4, estimation: 4, failure_modes: 3 } },
      { file: 'weak.txt', level: 'below_junior', verdict: 'strong_no', targetLevel: 'junior', dimensions: { requirements: 1, estimation: 1 } },
      // The interviewing.io shape: title, source, targetLevel (staff), verdict; the speaker to take as the candidate.
      { file: 'call.vtt', title: 'Shortener', source: 'https://example.com/mock', targetLevel: 'staff', verdict: 'lean_no', level: 'mid', candidate: 'Sam Lee', problem: 'url-shortener' },
    ]),
  );
}

const run = async (argv: string[], env: Record<string, string | undefined> = {}) => {
  let out = '';
  let err = '';
  const code = await runEvalCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env });
  return { code, out, err };
};

/** What the scorer itself says about a file at a level, through its public entry points. */
function offlineAt(file: string, text: string, level: 'junior' | 'mid' | 'senior', candidate?: string) {
  const input = readTranscript(text, { source: file, level, ...(candidate ? { candidate } : {}), findProblem: (id) => bank.byId.get(id), genericPivots: bank.genericPivots, ...(file === 'call.vtt' ? { problem: bank.byId.get('url-shortener')! } : {}) }).input;
  return scoreOffline(input, rubric);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eval-cli-'));
  writeSet(dir);
});

describe('npm run eval (offline)', () => {
  it('scores every labelled transcript at the verdict level and compares level, verdict and dimensions with the labels', async () => {
    const { code, out, err } = await run([dir, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out) as EvalResult;
    expect(result.labels).toEqual({ total: 3, withLevel: 3, withVerdict: 3, withDimensions: 2 });
    expect(result.unlabelled).toEqual(['extra.md']);
    expect(result.judge).toBeUndefined();

    // Each row is what the scorer says at the label's target level: senior by default, junior as
    // labelled, senior for staff; the VTT scored with the label's candidate speaker.
    const byFile = Object.fromEntries(result.rows.map((r) => [r.file, r]));
    expect(Object.fromEntries(result.rows.map((r) => [r.file, r.scoredAt]))).toEqual({ 'strong.md': 'senior', 'weak.txt': 'junior', 'call.vtt': 'senior' });
    const expected = {
      'strong.md': offlineAt('strong.md', STRONG, 'senior'),
      'weak.txt': offlineAt('weak.txt', PLAIN_WEAK, 'junior'),
      'call.vtt': offlineAt('call.vtt', VTT_MID, 'senior', 'Sam Lee'),
    };
    for (const [file, report] of Object.entries(expected)) {
      expect(byFile[file]!.offline, file).toEqual({
        performedLevel: report.performedLevel,
        verdict: report.verdict,
        dimensions: Object.fromEntries(report.dimensions.map((d) => [d.id, d.score])),
      });
    }
    expect(expected['call.vtt'].stats.candidateTurns).toBe(3);

    // The figures follow from those rows.
    const levels = ['below_junior', 'junior', 'mid', 'senior', 'staff'];
    const files = ['strong.md', 'weak.txt', 'call.vtt'] as const;
    const labelLevel = { 'strong.md': 'senior', 'weak.txt': 'below_junior', 'call.vtt': 'mid' };
    const labelVerdict = { 'strong.md': 'yes', 'weak.txt': 'strong_no', 'call.vtt': 'lean_no' } as const;
    const lx = files.map((f) => levels.indexOf(labelLevel[f]));
    const ly = files.map((f) => levels.indexOf(expected[f].performedLevel));
    expect(result.offline.level.n).toBe(3);
    expect(result.offline.level.spearman).toEqual(spearman(lx, ly));
    expect(result.offline.level.withinOne).toBe(lx.filter((x, i) => Math.abs(x - ly[i]!) <= 1).length);
    expect(result.offline.level.confusion.flat().reduce((a, b) => a + b, 0)).toBe(3);
    const vx = files.map((f) => VERDICTS.indexOf(labelVerdict[f]));
    const vy = files.map((f) => VERDICTS.indexOf(expected[f].verdict));
    expect(result.offline.verdict.spearman).toEqual(spearman(vx, vy));
    expect(result.offline.verdict.exact).toBe(vx.filter((x, i) => x === vy[i]).length);
    expect(Object.keys(result.offline.dimensions)).toEqual(['requirements', 'estimation', 'failure_modes']);
    expect(result.offline.dimensions.requirements!.n).toBe(2);
    expect(result.offline.dimensions.failure_modes!.n).toBe(1);
  });

  it('prints the figures as text: the rows, Spearman, within one, the confusion tables, per-dimension agreement', async () => {
    const { code, out } = await run([dir, '--verdict-level', 'mid']);
    expect(code).toBe(0);
    expect(out).toMatch(/^npm run eval: 3 labelled transcripts in /);
    expect(out).toMatch(/else at mid, with the label's verdict/);
    expect(out).toMatch(/not in labels\.json, not scored: extra\.md/);
    expect(out).toMatch(/^strong\.md\s+mid\s+senior\s+yes\s+/m);
    expect(out).toMatch(/^call\.vtt\s+senior\s+mid\s+lean_no\s+/m);
    expect(out).toMatch(/ {2}level \(n=3\): Spearman (-?\d\.\d\d|n\/a.*); within one level \d\/3/);
    expect(out).toMatch(/ {2}verdict \(n=3\): Spearman/);
    expect(out).toContain('  level confusion (rows: label, columns: scorer)');
    expect(out).toContain('  verdict confusion (rows: label, columns: scorer)');
    expect(out).toMatch(/^ {4}requirements\s+2\s+/m);
    expect(out).toMatch(/^ {4}failure_modes\s+1\s+n\/a/m);
  });

  it('reports transcripts it cannot score, and refuses bad labels with the reason', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'eval-bad-'));
    writeFileSync(join(bad, 'two.txt'), 'Speaker 1: Design a cache.\nSpeaker 2: How big is it?\nSpeaker 1: Ten gigabytes.');
    writeFileSync(join(bad, 'ok.txt'), PLAIN_WEAK);
    writeFileSync(join(bad, 'labels.json'), JSON.stringify([{ file: 'two.txt', verdict: 'no' }, { file: 'ok.txt', verdict: 'no' }]));
    let r = await run([bad]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^two\.txt\s+senior\s+-\s+no\s+not scored/m);
    expect(r.out).toMatch(/two\.txt: cannot tell which speaker is the candidate.*\(add "candidate" to its label\)/);
    expect(r.out).toMatch(/verdict \(n=1\): Spearman n\/a/);

    const labels = (value: unknown) => writeFileSync(join(bad, 'labels.json'), typeof value === 'string' ? value : JSON.stringify(value));
    labels([{ file: 'ok.txt', verdict: 'maybe' }]);
    r = await run([bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/labels\.json: 0\.verdict: /);
    labels([{ file: 'ok.txt', dimensions: { charisma: 4 } }]);
    expect((await run([bad])).err).toMatch(/unknown dimension "charisma"/);
    labels([{ file: 'gone.md', level: 'mid' }]);
    expect((await run([bad])).err).toMatch(/lists files that are not in .*: gone\.md/);
    labels([{ file: '../outside.md' }]);
    expect((await run([bad])).err).toMatch(/"\.\.\/outside\.md" is outside/);
    labels('{ nope');
    expect((await run([bad])).err).toMatch(/labels\.json: not valid JSON/);
    labels({ labels: [{ file: 'ok.txt', level: 'junior' }] });
    expect((await run([bad])).code).toBe(0);

    const empty = mkdtempSync(join(tmpdir(), 'eval-none-'));
    r = await run([empty]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read .*labels\.json: ENOENT/);
    expect((await run([])).err).toMatch(/usage: npm run eval -- DIR/);
    expect((await run([dir, '--repeat', '0'])).err).toMatch(/--repeat must be a whole number/);
    expect((await run([dir, '--verdict-level', 'staff'])).err).toMatch(/--verdict-level must be junior, mid or senior/);
    const noModel = await run([dir, '--repeat', '2']);
    expect(noModel.code).toBe(0);
    expect(noModel.err).toMatch(/--repeat measures the model judge; no model is configured/);
  });

  it('runs from the npm script entry point', async () => {
    const exec = promisify(execFile);
    const entry = new URL('../../server/cli/eval.ts', import.meta.url).pathname;
    const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
    const ok = await exec(tsx, [entry, dir, '--json'], { env: { PATH: process.env.PATH } });
    expect(JSON.parse(ok.stdout).rows).toHaveLength(3);
    const failed = await exec(tsx, [entry, join(dir, 'nowhere')], { env: { PATH: process.env.PATH } }).catch((e) => e);
    expect(failed.code).toBe(2);
  }, 90_000); // two tsx start-ups: slow on a loaded two-core machine
});

describe('npm run eval with a model: the judge through the real openai client, and its spread over --repeat', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await start();
  });
  afterAll(async () => {
    await fake.close();
  });

  const judgeReply = (score: number): JudgeOutput => ({
    summary: 'Judged by the fake model.',
    dimensions: DIMENSION_IDS.map((id) => ({ id, score, supportedLevel: score >= 3 ? 'senior' : 'junior', rationale: `fake ${id}`, evidence: [] })),
  });

  it('judges each transcript N times and prints min/max/sd of every dimension, the verdict and the level', async () => {
    // Per transcript, in order: all 1s, all 4s, all 1s; the last transcript's third run fails (HTTP 400).
    for (let t = 0; t < 3; t++) {
      fake.enqueue({ kind: 'reply', text: JSON.stringify(judgeReply(1)) }, { kind: 'reply', text: JSON.stringify(judgeReply(4)) });
      fake.enqueue(t === 2 ? { kind: 'status', status: 400 } : { kind: 'reply', text: JSON.stringify(judgeReply(1)) });
    }
    const before = fake.requests.length;
    const env = { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'test-key', OPENAI_MODEL: 'fake-judge' };
    const { code, out, err } = await run([dir, '--repeat', '3', '--json'], env);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(fake.requests.length - before).toBe(9);
    for (const req of fake.requests.slice(before)) {
      expect(req.body.model).toBe('fake-judge');
      expect(req.body.response_format.json_schema.name).toBe('interview_scores');
      expect(req.headers.authorization).toBe('Bearer test-key');
    }
    const result = JSON.parse(out) as EvalResult;
    expect(result.judge).toMatchObject({ model: 'fake-judge', repeat: 3, totalRuns: 9, failedRuns: 1 });
    expect(result.rows.map((r) => [r.file, r.judge!.runs.length, r.judge!.failures.length])).toEqual([
      ['strong.md', 3, 0],
      ['weak.txt', 3, 0],
      ['call.vtt', 2, 1],
    ]);
    expect(result.rows[2]!.judge!.failures[0]).toMatch(/model judge failed/);
    for (const r of result.rows) {
      const [low, high] = r.judge!.runs;
      const s = result.spread!.find((x) => x.file === r.file)!;
      for (const id of DIMENSION_IDS) {
        // The judge said 1 and then 4: the reported scores never move back, and the spread is theirs.
        // [SCO47] A judge score with no verified candidate quote keeps the offline score, so a
        // dimension may not move at all; the spread is still computed from the runs as reported.
        expect(high!.dimensions[id], `${r.file} ${id}`).toBeGreaterThanOrEqual(low!.dimensions[id]);
        expect(s.dimensions[id]).toEqual(spread(r.judge!.runs.map((x) => x.dimensions[id])));
        expect(s.dimensions[id]!.stdev).toBeGreaterThanOrEqual(0);
      }
      expect(VERDICTS.indexOf(high!.verdict)).toBeGreaterThanOrEqual(VERDICTS.indexOf(low!.verdict));
      expect(s.verdict).toEqual(spread(r.judge!.runs.map((x) => VERDICTS.indexOf(x.verdict))));
    }
    // The judge's agreement comes from each transcript's first run (all 1s).
    expect(result.judge!.verdict.n).toBe(3);
  });

  it('prints the judge section and the spread table as text, and says when every judge call failed', async () => {
    for (let i = 0; i < 6; i++) fake.enqueue({ kind: 'reply', text: JSON.stringify(judgeReply(i % 2 ? 3 : 2)) });
    const env = { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'test-key', OPENAI_MODEL: 'fake-judge' };
    const { code, out } = await run([dir, '--repeat', '2'], env);
    expect(code).toBe(0);
    expect(out).toMatch(/^model judge \(fake-judge; 2 runs per transcript, agreement from each transcript's first successful run; 0 of 6 runs failed\)$/m);
    expect(out).toMatch(/^judge spread over 2 runs per transcript/m);
    expect(out).toMatch(/^ {2}file\s+runs\s+req\s+est\s+hld\s+depth\s+trade\s+adapt\s+fail\s+comm\s+verdict\s+level$/m);
    expect(out).toMatch(/^ {2}strong\.md\s+2\s+\d(\.\.\d)? sd \d\.\d\d/m);
    expect(out).toMatch(/^ {2}mean sd: req \d\.\d\d, /m);

    for (let i = 0; i < 3; i++) fake.enqueue({ kind: 'status', status: 400 });
    const down = await run([dir], env);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/every model judge run failed/);
    expect(down.out).toMatch(/3 of 3 runs failed/);
    // --offline leaves the model out.
    const before = fake.requests.length;
    expect((await run([dir, '--offline'], env)).code).toBe(0);
    expect(fake.requests.length).toBe(before);
  });
});
