// POST /api/score and POST /api/score/preview over real HTTP against the real server: transcripts
// as people have them, the candidate named when the speakers' names do not say it, clear 4xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, SpeakersErrorBody, TRANSCRIPT_MAX_CHARS, TranscriptPreview } from '../../server/protocol/index.js';
import { ReportSchema } from '../../server/scoring/types.js';
import { startTestServer, type TestServer } from '../support/app.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.close();
});

const PLAIN = [
  '[00:00] Interviewer: Let us design a URL shortener.',
  '[00:20] Candidate: How many new links per day, and what is the read to write ratio?',
  '[00:45] Interviewer: About 100 million a day, reads are a hundred times writes.',
  '[01:30] Candidate: So about 1200 writes per second and 120k reads per second.',
  '[01:40] Candidate: I would put a cache in front of the key value store.',
].join('\n');

const NAMED = [
  'Dana Reyes  0:02',
  'Let us design a notification service for a shopping app.',
  '',
  'Sam Lee  0:15',
  'How many notifications a day, and which channels?',
  '',
  'Dana Reyes  0:31',
  'Fifty million a day, mostly push.',
  '',
  'Sam Lee  1:05',
  'That is about 600 per second. I would put a queue per channel and retry with backoff.',
].join('\n');

describe('POST /api/score/preview', () => {
  it('returns the parsed turns (speaker, role, text, atMs) and the speakers, scoring nothing', async () => {
    const res = await app.api('/api/score/preview', { body: { text: PLAIN } });
    expect(res.status).toBe(200);
    const p = TranscriptPreview.parse(res.body);
    expect(p).toMatchObject({ format: 'speaker_lines', candidate: 'Candidate', candidateFrom: 'names', needsCandidate: false, timed: true, problem: null });
    expect(p.turns.map((t) => [t.turn, t.speaker, t.role, t.atMs])).toEqual([
      [1, 'Interviewer', 'interviewer', 0],
      [2, 'Candidate', 'candidate', 20_000],
      [3, 'Interviewer', 'interviewer', 45_000],
      [4, 'Candidate', 'candidate', 90_000],
    ]);
    expect(p.turns[3]!.text).toBe('So about 1200 writes per second and 120k reads per second.\n\nI would put a cache in front of the key value store.');
    expect(p.speakers.map((s) => [s.name, s.role, s.turns])).toEqual([
      ['Interviewer', 'interviewer', 2],
      ['Candidate', 'candidate', 2],
    ]);
    // A problem named in the body is resolved for the preview too.
    const withProblem = TranscriptPreview.parse((await app.api('/api/score/preview', { body: { text: PLAIN, problemId: 'url-shortener' } })).body);
    expect(withProblem.problem).toEqual({ id: 'url-shortener', title: 'URL Shortener' });
  });

  it('says the candidate is needed when the names do not tell, and applies the one the request names', async () => {
    const res = await app.api('/api/score/preview', { body: { text: NAMED } });
    expect(res.status).toBe(200);
    const p = TranscriptPreview.parse(res.body);
    expect(p).toMatchObject({ format: 'speaker_headers', needsCandidate: true, candidate: null });
    expect(p.speakers.map((s) => s.name)).toEqual(['Dana Reyes', 'Sam Lee']);
    expect(p.turns.every((t) => t.role === null)).toBe(true);
    const chosen = TranscriptPreview.parse((await app.api('/api/score/preview', { body: { text: NAMED, candidate: 'sam lee' } })).body);
    expect(chosen).toMatchObject({ needsCandidate: false, candidate: 'Sam Lee', candidateFrom: 'request' });
    expect(chosen.turns.map((t) => t.role)).toEqual(['interviewer', 'candidate', 'interviewer', 'candidate']);
  });

  it('previews the JSON export of an interview held here', async () => {
    const s = (await app.api('/api/sessions', { body: { problemId: 'url-shortener', level: 'mid', durationMinutes: 20 } })).body;
    await app.api(`/api/sessions/${s.id}/messages`, { token: s.token, body: { clientMessageId: 'p-1', text: 'How many links are created per day?' } });
    const exported = (await app.api(`/api/sessions/${s.id}/export`, { token: s.token })).body;
    const p = TranscriptPreview.parse((await app.api('/api/score/preview', { body: { text: JSON.stringify(exported) } })).body);
    expect(p).toMatchObject({ format: 'json', candidate: 'Candidate', level: 'mid', problemId: 'url-shortener', problem: { id: 'url-shortener' } });
    expect(p.turns.find((t) => t.role === 'candidate')?.text).toBe('How many links are created per day?');
  });
});

describe('POST /api/score with transcripts as people have them', () => {
  it('scores plain timestamped speaker lines (which used to be 422 "no turns found")', async () => {
    const res = await app.api('/api/score', { body: { text: PLAIN, level: 'mid', problemId: 'url-shortener' } });
    expect(res.status).toBe(200);
    const report = ReportSchema.parse(res.body);
    expect(report.stats).toMatchObject({ turns: 4, candidateTurns: 2 });
    expect(report.problem?.id).toBe('url-shortener');
  });

  it('422 ambiguous_speakers lists the speakers; with `candidate` the transcript is scored with that speaker as the candidate', async () => {
    const res = await app.api('/api/score', { body: { text: NAMED } });
    expect(res.status).toBe(422);
    const err = SpeakersErrorBody.parse(res.body);
    expect(err.error.code).toBe('ambiguous_speakers');
    expect(err.error.speakers).toEqual(['Dana Reyes', 'Sam Lee']);
    expect(err.error.message).toMatch(/cannot tell which speaker is the candidate/);

    const asSam = ReportSchema.parse((await app.api('/api/score', { body: { text: NAMED, candidate: 'Sam Lee', level: 'junior' } })).body);
    const asDana = ReportSchema.parse((await app.api('/api/score', { body: { text: NAMED, candidate: 'Dana Reyes', level: 'junior' } })).body);
    // Each speaker has two turns; Sam says more (25 words against Dana's 16).
    expect(asSam.stats.candidateTurns).toBe(2);
    expect(asDana.stats.candidateTurns).toBe(2);
    expect(asSam.stats.candidateWords).toBeGreaterThan(asDana.stats.candidateWords);
    expect(asSam.targetLevel).toBe('junior');
    const md = await app.api('/api/score?format=md', { body: { text: NAMED, candidate: 'Sam Lee' } });
    expect(md.status).toBe(200);
    expect(md.body).toMatch(/^# /m);
  });

  it('refuses what cannot be scored with a clear error', async () => {
    const unknown = await app.api('/api/score', { body: { text: NAMED, candidate: 'Alex' } });
    expect(unknown.status).toBe(422);
    expect(SpeakersErrorBody.parse(unknown.body).error).toMatchObject({ code: 'unknown_speaker', speakers: ['Dana Reyes', 'Sam Lee'] });
    expect(unknown.body.error.message).toMatch(/no speaker is called "Alex"/);
    const unknownPreview = await app.api('/api/score/preview', { body: { text: NAMED, candidate: 'Alex' } });
    expect(unknownPreview.status).toBe(422);
    expect(unknownPreview.body.error.code).toBe('unknown_speaker');

    for (const path of ['/api/score', '/api/score/preview']) {
      const none = await app.api(path, { body: { text: 'just some notes about caching, no speakers' } });
      expect(none.status, path).toBe(422);
      expect(none.body.error).toMatchObject({ code: 'bad_transcript', message: expect.stringMatching(/no turns found/) });
      expect(none.body.error.speakers, path).toBeUndefined();
      const blank = await app.api(path, { body: { text: PLAIN, candidate: '   ' } });
      expect(blank.status, path).toBe(400);
      expect(blank.body.error.message).toMatch(/candidate: candidate is empty/);
      expect((await app.api(path, { body: { text: '' } })).status, path).toBe(400);
      expect((await app.api(path, { body: { text: PLAIN, problemId: 'nope' } })).body.error.code, path).toBe('unknown_problem');
      const vtt = await app.api(path, { body: { text: 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there' } });
      expect(vtt.status, path).toBe(422);
      expect(vtt.body.error.message).toMatch(/names no speakers/);
    }
  });

  it('the body limit is the one the protocol names', () => {
    expect(TRANSCRIPT_MAX_CHARS).toBe(LIMITS.transcriptChars);
  });
});
