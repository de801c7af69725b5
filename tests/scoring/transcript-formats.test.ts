// Transcripts as people have them: every format the scorer reads, on transcripts written here.
import { describe, expect, it } from 'vitest';
import { parseMarkdownTranscript } from '../../server/scoring/reading/markdown-transcript.js';
import { TranscriptError, chooseCandidate, parseTranscriptText, readSpeakerTurns } from '../../server/scoring/reading/transcript-formats.js';
import { previewTranscript, readTranscript } from '../../server/scoring/reading/transcript-file.js';
import { scoreOffline } from '../../server/scoring/offline-scorer.js';
import { loadRubric } from '../../server/scoring/rules/rubric.js';

/** [speaker, text, atMs?] of every turn. */
const turnsOf = (text: string, candidate?: string) =>
  parseTranscriptText(text, { source: 't', ...(candidate ? { candidate } : {}) }).scoringTurns.map((t) => [t.speaker, t.role, t.text, t.atMs]);

const thrown = (fn: () => unknown): TranscriptError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof TranscriptError) return err;
    throw err;
  }
  throw new Error('expected a TranscriptError');
};

describe('plain and timestamped speaker lines (these failed with "no turns found")', () => {
  const plain = [
    'Interviewer: Let us design a parking garage system.',
    'Candidate: How many levels does it have, and how many spots per level?',
    'Interviewer: Five levels, two hundred spots each.',
    'Candidate: So about a thousand spots in total.',
    'Candidate: Do drivers reserve ahead or just drive in?',
  ].join('\n');

  it('reads plain Interviewer:/Candidate: lines, merging a speaker\'s consecutive lines into one turn', () => {
    expect(turnsOf(plain)).toEqual([
      ['Interviewer', 'interviewer', 'Let us design a parking garage system.', undefined],
      ['Candidate', 'candidate', 'How many levels does it have, and how many spots per level?', undefined],
      ['Interviewer', 'interviewer', 'Five levels, two hundred spots each.', undefined],
      ['Candidate', 'candidate', 'So about a thousand spots in total.\n\nDo drivers reserve ahead or just drive in?', undefined],
    ]);
    // The same text through the entry points the page, the API and the CLI use.
    const read = readTranscript(plain, { source: 'plain.txt' });
    expect(read.format).toBe('speaker_lines');
    expect(read.input.turns.map((t) => t.role)).toEqual(['interviewer', 'candidate', 'interviewer', 'candidate']);
    expect(parseMarkdownTranscript(plain).turns).toHaveLength(4);
    const report = scoreOffline(read.input, loadRubric());
    expect(report.stats).toMatchObject({ turns: 4, candidateTurns: 2 });
  });

  it('reads a timestamp before or after the speaker, in brackets, parentheses or bare, and times the turns from the first', () => {
    const before = ['[12:03] Interviewer: Design a group chat.', '12:20 Candidate: One to one, or groups too?', '(00:12:45) Interviewer: Both.', '00:13:03 - Candidate: Then websockets.'].join('\n');
    expect(turnsOf(before)).toEqual([
      ['Interviewer', 'interviewer', 'Design a group chat.', 0],
      ['Candidate', 'candidate', 'One to one, or groups too?', 17_000],
      ['Interviewer', 'interviewer', 'Both.', 42_000],
      ['Candidate', 'candidate', 'Then websockets.', 60_000],
    ]);
    const after = ['Interviewer [12:03]: Design a group chat.', 'Candidate (12:20): One to one, or groups too?', 'Interviewer 12:45: Both.', 'Candidate: [13:03] Then websockets.'].join('\n');
    expect(turnsOf(after)).toEqual(turnsOf(before));
  });

  it('keeps the Markdown format exactly as it was: each marked paragraph its own turn, stamps read past and kept as times', () => {
    const md = ['# Mock', '', '[00:00] **Interviewer:** Design a cache.', '', '**Candidate:** [00:30] First a question.', '', '**Candidate:** A second paragraph turn.', '', 'Interviewer: not a marker in Markdown'].join('\n');
    expect(turnsOf(md)).toEqual([
      ['Interviewer', 'interviewer', 'Design a cache.', 0],
      ['Candidate', 'candidate', 'First a question.', 30_000],
      ['Candidate', 'candidate', 'A second paragraph turn.\n\nInterviewer: not a marker in Markdown', undefined],
    ]);
  });
});

describe('any two speaker names', () => {
  it('takes Me (and You) as the candidate and the other speaker as the interviewer', () => {
    const me = ['Me: Hi, thanks for having me.', 'Alex: Sure. Let us design a rate limiter.', 'Me: Per user or per IP address?', 'Alex: Per API key.'].join('\n');
    expect(turnsOf(me).map(([s, r]) => [s, r])).toEqual([
      ['Me', 'candidate'],
      ['Alex', 'interviewer'],
      ['Me', 'candidate'],
      ['Alex', 'interviewer'],
    ]);
    const you = ['Priya Nair: Let us design a ride-hailing backend.', 'You: Riders and drivers both?', 'Priya Nair: Yes.'].join('\n');
    expect(parseTranscriptText(you).candidate).toEqual({ name: 'You', from: 'names' });
  });

  it('takes the one speaker not called Interviewer as the candidate, and a role in parentheses counts', () => {
    expect(parseTranscriptText('Interviewer: Design a feed.\nJordan: Who follows whom?\nInterviewer: Anyone.').candidate).toEqual({ name: 'Jordan', from: 'names' });
    const marked = '**Dana (interviewer):** Design a feed.\n\n**Sam:** Who follows whom?\n\n**Dana (interviewer):** Anyone can.';
    expect(turnsOf(marked).map(([s, r]) => [s, r])).toEqual([
      ['Dana (interviewer)', 'interviewer'],
      ['Sam', 'candidate'],
      ['Dana (interviewer)', 'interviewer'],
    ]);
  });

  it('asks which speaker is the candidate when the names do not say it, listing the speakers', () => {
    const text = ['Speaker 1: Let us design a rate limiter.', 'Speaker 2: Per user or per IP address?', 'Speaker 1: Per API key.', 'Speaker 2: A token bucket then.'].join('\n');
    const err = thrown(() => parseTranscriptText(text, { source: 'call.txt' }));
    expect(err.code).toBe('ambiguous_speakers');
    expect(err.speakers).toEqual(['Speaker 1', 'Speaker 2']);
    expect(err.message).toMatch(/call\.txt: cannot tell which speaker is the candidate.*"Speaker 1", "Speaker 2"/);
    // Named by the caller, in any case and spacing.
    expect(turnsOf(text, 'speaker  2').map(([, r]) => r)).toEqual(['interviewer', 'candidate', 'interviewer', 'candidate']);
    expect(parseTranscriptText(text, { candidate: 'SPEAKER 2' }).candidate).toEqual({ name: 'Speaker 2', from: 'request' });
    // A name that is not a speaker is an error naming the speakers, never a silent guess.
    const unknown = thrown(() => parseTranscriptText(text, { candidate: 'Speaker 3' }));
    expect(unknown.code).toBe('unknown_speaker');
    expect(unknown.message).toMatch(/no speaker is called "Speaker 3"; the speakers are "Speaker 1", "Speaker 2"/);
    // Two speakers who both say "candidate" are as ambiguous as none.
    expect(() => chooseCandidate([{ name: 'Me', turns: 1, words: 1, roleFromName: 'candidate' }, { name: 'You', turns: 1, words: 1, roleFromName: 'candidate' }], undefined)).toThrow(/cannot tell/);
  });

  it('a third speaker (a shadowing interviewer) is an interviewer', () => {
    const text = ['Interviewer: Design a leaderboard.', 'Shadow Kim: I will just listen.', 'Candidate: How many players?', 'Interviewer: A million.', 'Shadow Kim: Noted.', 'Candidate: Sorted sets then.'].join('\n');
    const parsed = parseTranscriptText(text);
    expect(parsed.speakers.map((s) => s.name)).toEqual(['Interviewer', 'Shadow Kim', 'Candidate']);
    expect(parsed.scoringTurns.filter((t) => t.role === 'candidate').map((t) => t.speaker)).toEqual(['Candidate', 'Candidate']);
  });

  it('does not take the labels of notes inside a turn for speakers', () => {
    const text = [
      'Interviewer: Design a cache for a product page.',
      'Candidate: Requirements: low latency, mostly reads.',
      'Pros: fast reads. Cons: stale data.',
      'Pros: cheap to run.',
      'Also see https://example.com/cache: a link.',
      'Interviewer: Good.',
    ].join('\n');
    expect(turnsOf(text)).toEqual([
      ['Interviewer', 'interviewer', 'Design a cache for a product page.', undefined],
      ['Candidate', 'candidate', 'Requirements: low latency, mostly reads.\nPros: fast reads. Cons: stale data.\nPros: cheap to run.\nAlso see https://example.com/cache: a link.', undefined],
      ['Interviewer', 'interviewer', 'Good.', undefined],
    ]);
  });
});

describe("meeting transcribers' exports", () => {
  it('Otter / Zoom: "Speaker Name  0:03" header lines followed by the words', () => {
    const otter = [
      'Mock interview, exported from the transcriber',
      '',
      'Dana Reyes  0:03',
      'Hi, today we will design a notification service.',
      '',
      'Sam Lee  0:12',
      'Great. How many notifications a day?',
      'And which channels matter most?',
      '',
      'Dana Reyes  0:25',
      'About ten million, mostly push.',
      '',
      'Sam Lee  1:02',
      'Then one queue per channel.',
    ].join('\n');
    const read = readSpeakerTurns(otter, 'otter.txt');
    expect(read.format).toBe('speaker_headers');
    expect(turnsOf(otter, 'Sam Lee')).toEqual([
      ['Dana Reyes', 'interviewer', 'Hi, today we will design a notification service.', 0],
      ['Sam Lee', 'candidate', 'Great. How many notifications a day?\nAnd which channels matter most?', 9_000],
      ['Dana Reyes', 'interviewer', 'About ten million, mostly push.', 22_000],
      ['Sam Lee', 'candidate', 'Then one queue per channel.', 59_000],
    ]);
    // Zoom's bracketed name works the same way.
    expect(turnsOf('[Dana Reyes] 00:00:03\nHello.\n[Sam Lee] 00:00:09\nHi there.\n[Dana Reyes] 00:00:15\nShall we start?', 'Sam Lee').map(([s, , , at]) => [s, at])).toEqual([
      ['Dana Reyes', 0],
      ['Sam Lee', 6_000],
      ['Dana Reyes', 12_000],
    ]);
  });

  it('Teams: "Speaker   0:00:03" lines', () => {
    const teams = ['Dana Reyes   0:00:03', 'Let us design a leaderboard.', 'Sam Lee   0:00:09', 'How many players?', 'Dana Reyes   0:01:15', 'About a million daily.'].join('\n');
    expect(turnsOf(teams, 'Sam Lee')).toEqual([
      ['Dana Reyes', 'interviewer', 'Let us design a leaderboard.', 0],
      ['Sam Lee', 'candidate', 'How many players?', 6_000],
      ['Dana Reyes', 'interviewer', 'About a million daily.', 72_000],
    ]);
  });

  it('Google Meet: "Speaker: text" lines after a header, with a stamp line every few minutes timing the next turn', () => {
    const meet = [
      'Design practice - Transcript',
      'Attendees',
      'Dana Reyes, Sam Lee',
      'Transcript',
      '00:00:00',
      '',
      'Dana Reyes: Let us design a URL shortener.',
      'Sam Lee: How many new links per day?',
      'Dana Reyes: About a hundred million.',
      '00:05:00',
      'Sam Lee: That is about twelve hundred writes a second.',
      'Sam Lee: Reads are maybe a hundred times more.',
    ].join('\n');
    expect(turnsOf(meet, 'Sam Lee')).toEqual([
      ['Dana Reyes', 'interviewer', 'Let us design a URL shortener.', 0],
      ['Sam Lee', 'candidate', 'How many new links per day?', undefined],
      ['Dana Reyes', 'interviewer', 'About a hundred million.', undefined],
      ['Sam Lee', 'candidate', 'That is about twelve hundred writes a second.\n\nReads are maybe a hundred times more.', 300_000],
    ]);
  });

  it('Rev: "Speaker 1 (00:05):" with the words on the next line', () => {
    const rev = 'Speaker 1 (00:00):\nLet us design a web crawler.\n\nSpeaker 2 (00:05):\nHow many pages a day?\n\nSpeaker 1 (01:09):\nA billion.';
    expect(turnsOf(rev, 'Speaker 2')).toEqual([
      ['Speaker 1', 'interviewer', 'Let us design a web crawler.', 0],
      ['Speaker 2', 'candidate', 'How many pages a day?', 5_000],
      ['Speaker 1', 'interviewer', 'A billion.', 69_000],
    ]);
  });

  it('reads times of day ("10:02" ... "10:46") as hours and minutes, and AM/PM stamps as such', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `10:${String(2 + i * 4).padStart(2, '0')} ${i % 2 ? 'Candidate' : 'Interviewer'}: Point number ${i}.`);
    const at = parseTranscriptText(lines.join('\n')).scoringTurns.map((t) => t.atMs);
    expect(at).toEqual(Array.from({ length: 12 }, (_, i) => i * 4 * 60_000));
    const ampm = '11:58 AM Interviewer: Design a ticket system.\n12:03 PM Candidate: How many events?\n12:31 PM Interviewer: Time to wrap up.';
    expect(parseTranscriptText(ampm).scoringTurns.map((t) => t.atMs)).toEqual([0, 5 * 60_000, 33 * 60_000]);
    // Minutes and seconds stay minutes and seconds when the pace is a conversation's.
    const mmss = Array.from({ length: 12 }, (_, i) => `[${String(i * 2).padStart(2, '0')}:30] ${i % 2 ? 'Candidate' : 'Interviewer'}: Point ${i}.`);
    expect(parseTranscriptText(mmss.join('\n')).scoringTurns.map((t) => t.atMs)).toEqual(Array.from({ length: 12 }, (_, i) => i * 120_000));
  });
});

describe('caption files', () => {
  it('WebVTT with <v Speaker> voice tags: cues of one speaker joined into a turn, timed by the cue', () => {
    const vtt = [
      'WEBVTT',
      '',
      'NOTE written for this test',
      '',
      '00:00:01.000 --> 00:00:04.000',
      '<v Dana Reyes>Let us design a file storage service.</v>',
      '',
      '00:00:04.500 --> 00:00:07.000',
      '<v Sam Lee>How large are the files</v>',
      '',
      '00:00:07.000 --> 00:00:09.000',
      '<v Sam Lee>and how many users &amp; devices?</v>',
      '',
      '00:01:10.000 --> 00:01:12.000',
      '<v.loud Dana Reyes>Up to 5 GB, fifty million users.',
    ].join('\n');
    const read = readSpeakerTurns(vtt);
    expect(read.format).toBe('webvtt');
    expect(turnsOf(vtt, 'Sam Lee')).toEqual([
      ['Dana Reyes', 'interviewer', 'Let us design a file storage service.', 0],
      ['Sam Lee', 'candidate', 'How large are the files and how many users & devices?', 3_500],
      ['Dana Reyes', 'interviewer', 'Up to 5 GB, fifty million users.', 69_000],
    ]);
  });

  it('WebVTT with "Speaker: text" cues (Zoom), a cue without a speaker continuing the last one', () => {
    const vtt = ['WEBVTT', '', '1', '00:00:01.000 --> 00:00:04.000', 'Interviewer: Let us design a file storage service.', '', '2', '00:00:04.500 --> 00:00:07.000', 'Candidate: How large are the files?', '', '3', '00:00:07.100 --> 00:00:09.000', 'And how many users?'].join('\n');
    expect(turnsOf(vtt)).toEqual([
      ['Interviewer', 'interviewer', 'Let us design a file storage service.', 0],
      ['Candidate', 'candidate', 'How large are the files? And how many users?', 3_500],
    ]);
  });

  it('old Teams WebVTT: the speaker on the first line of each cue', () => {
    const vtt = ['WEBVTT', '', 'a1/1-0', '00:00:01.000 --> 00:00:04.000', 'Dana Reyes', 'Let us design a web crawler.', '', 'a1/2-0', '00:00:05.000 --> 00:00:08.000', 'Sam Lee', 'How many pages a day?', '', 'a1/3-0', '00:00:09.000 --> 00:00:10.000', 'Dana Reyes', 'A billion.'].join('\n');
    expect(turnsOf(vtt, 'Sam Lee').map(([s, r, t]) => [s, r, t])).toEqual([
      ['Dana Reyes', 'interviewer', 'Let us design a web crawler.'],
      ['Sam Lee', 'candidate', 'How many pages a day?'],
      ['Dana Reyes', 'interviewer', 'A billion.'],
    ]);
  });

  it('SRT with "Speaker: text" lines, a cue over two lines read as one sentence', () => {
    const srt = ['1', '00:00:01,000 --> 00:00:04,000', 'Interviewer: Let us design a web crawler.', '', '2', '00:00:05,000 --> 00:00:08,500', 'Candidate: How many pages', 'per day, <i>roughly</i>?', '', '3', '00:01:10,000 --> 00:01:12,000', 'Interviewer: A billion.'].join('\n');
    expect(readSpeakerTurns(srt).format).toBe('srt');
    expect(turnsOf(srt)).toEqual([
      ['Interviewer', 'interviewer', 'Let us design a web crawler.', 0],
      ['Candidate', 'candidate', 'How many pages per day, roughly?', 4_000],
      ['Interviewer', 'interviewer', 'A billion.', 69_000],
    ]);
  });

  it('a caption file that names no speakers is refused with the reason', () => {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nLet us design a crawler.\n\n00:00:05.000 --> 00:00:08.000\nHow many pages?';
    const err = thrown(() => readSpeakerTurns(vtt, 'call.vtt'));
    expect(err.code).toBe('bad_transcript');
    expect(err.message).toMatch(/call\.vtt: the WebVTT file has 2 cues but names no speakers/);
  });
});

describe('the preview', () => {
  it('lists the turns and speakers, and with ambiguous names says the candidate is needed instead of failing', () => {
    const text = 'Speaker 1 [00:00]: Design a rate limiter.\nSpeaker 2 [00:10]: Per user?\nSpeaker 1 [00:20]: Per key.';
    const p = previewTranscript(text, { source: 't' });
    expect(p).toMatchObject({ format: 'speaker_lines', needsCandidate: true, candidate: null, candidateFrom: null, timed: true });
    expect(p.turns.map((t) => [t.speaker, t.role, t.atMs])).toEqual([
      ['Speaker 1', null, 0],
      ['Speaker 2', null, 10_000],
      ['Speaker 1', null, 20_000],
    ]);
    const chosen = previewTranscript(text, { source: 't', candidate: 'Speaker 2' });
    expect(chosen).toMatchObject({ needsCandidate: false, candidate: 'Speaker 2', candidateFrom: 'request' });
    expect(chosen.speakers.map((s) => [s.name, s.role, s.turns])).toEqual([
      ['Speaker 1', 'interviewer', 2],
      ['Speaker 2', 'candidate', 1],
    ]);
    expect(() => previewTranscript(text, { source: 't', candidate: 'Nobody' })).toThrow(/no speaker is called "Nobody"/);
  });

  it('still fails clearly when there are no turns at all', () => {
    const err = thrown(() => previewTranscript('just some notes about caching', { source: 'notes.txt' }));
    expect(err.code).toBe('bad_transcript');
    expect(err.message).toMatch(/notes\.txt: no turns found/);
  });
});
