// `npm run score` on transcripts as people have them: plain and timestamped speaker lines, any two
// speaker names with --candidate, and --preview to see the turns as read.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScoreCli } from '../../server/cli/score.js';

const run = async (...argv: string[]) => {
  let out = '';
  let err = '';
  const code = await runScoreCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
  return { code, out, err };
};
const dir = mkdtempSync(join(tmpdir(), 'score-cli-formats-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const TIMED = ['[00:00] Interviewer: Let us design a parking garage system.', '[00:30] Candidate: How many levels, and how many spots on each?', '[01:10] Interviewer: Five levels, two hundred spots each.', '[02:00] Candidate: So about a thousand spots; a small SQL database is plenty.'].join('\n');
const NAMED = ['Speaker 1  0:00', 'Let us design a parking garage system.', '', 'Speaker 2  0:20', 'How many levels, and how many spots on each?', '', 'Speaker 1  0:45', 'Five levels.'].join('\n');

describe('npm run score on transcripts as people have them', () => {
  it('scores timestamped plain speaker lines (they used to fail with "no turns found")', async () => {
    const { code, out, err } = await run(file('timed.txt', TIMED), '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out).stats).toMatchObject({ turns: 4, candidateTurns: 2 });
  });

  it('asks for --candidate when the names do not say who the candidate is, and scores with it', async () => {
    const path = file('named.txt', NAMED);
    const ambiguous = await run(path);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toMatch(/named\.txt: cannot tell which speaker is the candidate; the speakers are "Speaker 1", "Speaker 2".*\(pass --candidate NAME\)/);
    const ok = await run(path, '--candidate', 'Speaker 2', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).stats).toMatchObject({ turns: 3, candidateTurns: 1 });
    const unknown = await run(path, '--candidate', 'Speaker 3');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no speaker is called "Speaker 3"/);
    expect((await run(path, '--candidate', ' ')).code).toBe(2);
  });

  it('--preview prints the turns as read (speaker, role, time) without scoring; --json gives the preview object', async () => {
    const path = file('named2.txt', NAMED);
    const text = await run(path, '--preview');
    expect(text.code).toBe(0);
    expect(text.out.split('\n').slice(0, 5)).toEqual([
      'format: speaker_headers; 3 turns; speakers: Speaker 1 (2 turns), Speaker 2 (1 turns)',
      'candidate: not clear from the names; pass --candidate NAME',
      '   1 00:00 Speaker 1 [?]: Let us design a parking garage system.',
      '   2 00:20 Speaker 2 [?]: How many levels, and how many spots on each?',
      '   3 00:45 Speaker 1 [?]: Five levels.',
    ]);
    const json = JSON.parse((await run(path, '--preview', '--candidate', 'speaker 2', '--json')).out);
    expect(json).toMatchObject({ format: 'speaker_headers', candidate: 'Speaker 2', candidateFrom: 'request', needsCandidate: false });
    expect(json.turns.map((t: { role: string }) => t.role)).toEqual(['interviewer', 'candidate', 'interviewer']);
  });
});
