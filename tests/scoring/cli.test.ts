import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runScoreCli } from '../../server/cli/score.js';
import { CALIBRATION_DIR } from '../calibration/calibration-set.js';
import { transcriptExport } from './session-fixture.js';

const run = async (...argv: string[]) => {
  let out = '';
  let err = '';
  const code = await runScoreCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
  return { code, out, err };
};
const file = (level: string, name: string) => join(CALIBRATION_DIR, level, name);
const dir = mkdtempSync(join(tmpdir(), 'score-cli-'));

describe('[SCO22] npm run score', () => {
  it('prints the report JSON with --json', async () => {
    const { code, out, err } = await run(file('mid', 'url-shortener.md'), '--level', 'mid', '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ performedLevel: 'mid', targetLevel: 'mid', scorer: 'offline', problem: { id: 'url-shortener' } });
    expect(report.verdict).toMatch(/^(strong_no|no|lean_no|lean_yes|yes|strong_yes)$/);
    expect(report.dimensions).toHaveLength(8);
    for (const d of report.dimensions) {
      expect(d).toEqual(expect.objectContaining({ id: expect.any(String), score: expect.any(Number), evidence: expect.any(Array) }));
      for (const e of d.evidence) expect(e).toEqual(expect.objectContaining({ turn: expect.any(Number), quote: expect.any(String) }));
    }
    expect(Array.isArray(report.redFlags)).toBe(true);
    expect(report.nextSteps).toHaveLength(3);
  });

  it('prints the Markdown report by default, and --level overrides the file', async () => {
    const { code, out } = await run(file('senior', 'ticketmaster.md'), '--level', 'junior');
    expect(code).toBe(0);
    expect(out).toMatch(/^# Interview report: Event Ticket Booking/);
    expect(out).toContain('**Verdict for junior:');
  });

  it('takes the problem from --problem, by id or as a YAML file', async () => {
    const byId = JSON.parse((await run(file('junior', 'news-feed.md'), '--problem', 'url-shortener', '--json')).out);
    expect(byId.problem.id).toBe('url-shortener');
    const yaml = new URL('../../prompts/problems/news-feed.yaml', import.meta.url).pathname;
    const byFile = JSON.parse((await run(file('junior', 'news-feed.md'), '--problem', yaml, '--json')).out);
    expect(byFile.problem.id).toBe('news-feed');
  });

  it('scores a JSON transcript export', async () => {
    const path = join(dir, 'session.json');
    writeFileSync(path, transcriptExport('senior'));
    const { code, out } = await run(path, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ targetLevel: 'senior', problem: { id: 'url-shortener' } });
  });

  it('scores an unknown problem on agnostic signals, with a warning', async () => {
    const path = join(dir, 'unknown.md');
    writeFileSync(path, '---\nproblem: elevator\n---\n**Interviewer:** Design an elevator system.\n\n**Candidate:** How many floors?');
    const { code, out, err } = await run(path, '--json');
    expect(code).toBe(0);
    expect(err).toMatch(/problem "elevator" is not in the problem bank/);
    expect(JSON.parse(out).problem).toBeNull();
  });

  it('fails clearly on a bad file, a bad level or a bad problem', async () => {
    const empty = join(dir, 'empty.md');
    writeFileSync(empty, '# nothing here');
    let r = await run(empty);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/empty\.md: no turns found/);
    r = await run(join(dir, 'missing.md'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read .*missing\.md: ENOENT/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"mock-interview-transcript"}');
    r = await run(bad);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.json: not a transcript export/);
    r = await run(file('mid', 'news-feed.md'), '--level', 'staff');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--level must be junior, mid or senior/);
    r = await run(file('mid', 'news-feed.md'), '--problem', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown problem "nope"/);
    r = await run();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/usage/);
  });

  it('exits non-zero from the real entry point on a bad file', async () => {
    const empty = join(dir, 'empty2.md');
    writeFileSync(empty, 'no turns');
    const exec = promisify(execFile);
    const entry = new URL('../../server/cli/score.ts', import.meta.url).pathname;
    const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
    const failed = await exec(tsx, [entry, empty], { env: { PATH: process.env.PATH } }).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/no turns found/);
    const ok = await exec(tsx, [entry, file('junior', 'url-shortener.md'), '--json'], { env: { PATH: process.env.PATH } });
    expect(JSON.parse(ok.stdout).performedLevel).toBe('junior');
  });
});
