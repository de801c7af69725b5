// The one fact-leak check shared by the model interviewer's reply guard (LIS9) and coach mode's
// hints (COACH5): a distinctive figure of a hidden fact, or a run of its wording, gives it away.
import { describe, expect, it } from 'vitest';
import { factLeakCheck, figures } from '../../server/domain/fact-leak.js';
import { createReplyGuard } from '../../server/interviewer/reply-guard.js';

const answer = 'About 40 million payments a day, peaking at 3x the average on Black Friday weekends.';

describe('fact-leak check', () => {
  it('[LIS9][COACH5] a distinctive figure of a hidden fact is a leak, unless the material allows it', () => {
    expect(factLeakCheck([answer], new Set()).leak('Plan for 40 million a day.')).toBe('figure');
    expect(factLeakCheck([answer], new Set(figures('you said 40 million'))).leak('Plan for 40 million a day.')).toBeUndefined();
    // One digit is not distinctive: "3x" gives nothing away.
    expect(factLeakCheck([answer], new Set()).leak('Assume a peak of 3x.')).toBeUndefined();
  });

  it('[LIS9][COACH5] a run of six words of the wording is a leak; five are not', () => {
    expect(factLeakCheck([answer], new Set()).leak('It peaks at 3x the average on Black Friday.')).toBe('wording');
    expect(factLeakCheck([answer], new Set()).leak('The average on Black Friday matters.')).toBeUndefined();
    expect(factLeakCheck([], new Set()).leak('Plan for 40 million a day.')).toBeUndefined();
  });

  it('[LIS9] the reply guard refuses exactly what the check finds', () => {
    const guard = () => createReplyGuard({ moves: [], facts: [], forbidden: [answer], material: '' });
    expect(guard().check('Plan for 40 million a day.')).toMatchObject({ kind: 'fact', detail: expect.stringContaining('figure') });
    expect(guard().check('It peaks at 3x the average on Black Friday.')).toMatchObject({ kind: 'fact', detail: expect.stringContaining('wording') });
    expect(guard().check('What about the write path.')).toBeUndefined();
  });
});
