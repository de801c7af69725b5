import { describe, expect, it } from 'vitest';
import { TranscriptError, parseMarkdownTranscript } from '../../server/scoring/reading/markdown-transcript.js';

describe('[SCO20] Markdown transcripts', () => {
  it('reads turns, continues multi-paragraph turns and ignores headings and front matter', () => {
    const text = [
      '---',
      'problem: url-shortener',
      'level: senior',
      '---',
      '# Mock interview',
      'Some preamble before anyone speaks.',
      '',
      '**Interviewer:** Design a URL shortener.',
      '',
      '**Candidate:** First, some questions.',
      '',
      'How many links per day?',
      '',
      '## Estimation',
      '',
      '- a bullet that belongs to the candidate',
      '',
      '**Interviewer**: About 100 million.',
    ].join('\n');
    const { turns, meta } = parseMarkdownTranscript(text);
    expect(meta).toMatchObject({ problem: 'url-shortener', level: 'senior' });
    expect(turns).toEqual([
      { turn: 1, role: 'interviewer', text: 'Design a URL shortener.' },
      { turn: 2, role: 'candidate', text: 'First, some questions.\n\nHow many links per day?\n\n- a bullet that belongs to the candidate' },
      { turn: 3, role: 'interviewer', text: 'About 100 million.' },
    ]);
  });

  it('opens a new turn at a marker even without a blank line, and accepts CRLF', () => {
    const { turns } = parseMarkdownTranscript('**Interviewer:** Hi.\r\n**Candidate:** Hello.\r\n');
    expect(turns.map((t) => [t.role, t.text])).toEqual([
      ['interviewer', 'Hi.'],
      ['candidate', 'Hello.'],
    ]);
  });

  it('fails with a clear message when there are no turns', () => {
    expect(() => parseMarkdownTranscript('# Notes\n\nJust some text.', 'notes.md')).toThrow(TranscriptError);
    expect(() => parseMarkdownTranscript('# Notes', 'notes.md')).toThrow(/notes\.md: no turns found.*\*\*Interviewer:\*\*/);
  });
});
