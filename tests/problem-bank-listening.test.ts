// Data-level rules for what the interviewer listens for in each problem (issue 13): the "answered when"
// cues on deep-dive probes and the known wrong answers (anti-patterns). How a candidate's sentence is
// matched against these phrases is the understanding module's business and is tested there.
//
// BANKL1 Every deep-dive probe has at least one answeredWhen cue, and each cue lists at least one phrase.
// BANKL2 Every cue's follow-up and every anti-pattern's challenge is one question: exactly one "?", at the end.
// BANKL3 Every problem has at least 3 anti-patterns, with ids unique inside the problem.
// BANKL4 No anti-pattern phrase is empty: every `says` group has phrases, and every `says`, `rejects` and
//        `unless` phrase is a non-blank string.
// BANKL5 Phrases follow the phrase syntax: lowercase, trimmed, single spaces, and `*` only as the last character.
// BANKL6 Every anti-pattern says what it is for the report: a title, a `why`, and `says` or `rejects`.
import { describe, expect, it } from 'vitest';
import { loadProblemBank } from '../server/content/problem-bank.js';

const bank = loadProblemBank();

function phrasesOf(p: (typeof bank.problems)[number]): string[] {
  return [
    ...p.deepDives.flatMap((d) => d.probes.flatMap((pr) => pr.answeredWhen.flatMap((c) => c.any))),
    ...p.antiPatterns.flatMap((a) => [...a.says.flat(), ...a.rejects, ...a.unless]),
  ];
}

function questionMarks(text: string): number {
  return [...text].filter((ch) => ch === '?').length;
}

describe('problem bank: listening cues and anti-patterns', () => {
  it('[BANKL1] every probe has at least one answeredWhen cue with phrases', () => {
    for (const p of bank.problems) {
      for (const d of p.deepDives) {
        d.probes.forEach((pr, i) => {
          const where = `${p.id}/${d.id} probe ${i + 1}`;
          expect(pr.answeredWhen.length, where).toBeGreaterThanOrEqual(1);
          for (const c of pr.answeredWhen) expect(c.any.length, `${where}: "${c.ask}"`).toBeGreaterThanOrEqual(1);
        });
      }
    }
  });

  it('[BANKL2] every follow-up and every challenge is a single question', () => {
    for (const p of bank.problems) {
      const asks = [
        ...p.deepDives.flatMap((d) => d.probes.flatMap((pr) => pr.answeredWhen.map((c) => [`${d.id} cue`, c.ask] as const))),
        ...p.antiPatterns.map((a) => [`${a.id} challenge`, a.challenge] as const),
      ];
      for (const [what, text] of asks) {
        expect(questionMarks(text), `${p.id} ${what}: "${text}"`).toBe(1);
        expect(text.trim().endsWith('?'), `${p.id} ${what}: "${text}"`).toBe(true);
      }
    }
  });

  it('[BANKL3] every problem has at least 3 anti-patterns with unique ids', () => {
    for (const p of bank.problems) {
      expect(p.antiPatterns.length, p.id).toBeGreaterThanOrEqual(3);
      const ids = p.antiPatterns.map((a) => a.id);
      expect(new Set(ids).size, `${p.id} anti-pattern ids`).toBe(ids.length);
    }
  });

  it('[BANKL4] no anti-pattern group or phrase is empty', () => {
    for (const p of bank.problems) {
      for (const a of p.antiPatterns) {
        const where = `${p.id}/${a.id}`;
        for (const group of a.says) expect(group.length, `${where} says group`).toBeGreaterThan(0);
        for (const w of [...a.says.flat(), ...a.rejects, ...a.unless]) {
          expect(typeof w, where).toBe('string');
          expect(w.replace(/\*$/, '').trim().length, `${where} "${w}"`).toBeGreaterThanOrEqual(2);
        }
      }
    }
  });

  it('[BANKL5] phrases are lowercase and trimmed, with `*` only at the end', () => {
    for (const p of bank.problems) {
      for (const w of phrasesOf(p)) {
        const where = `${p.id} "${w}"`;
        expect(w, where).toBe(w.toLowerCase().trim());
        expect(w.includes('  '), where).toBe(false);
        expect(w.slice(0, -1).includes('*'), where).toBe(false);
      }
    }
  });

  it('[BANKL6] every anti-pattern has a title, a reason for the report, and something to match', () => {
    for (const p of bank.problems) {
      for (const a of p.antiPatterns) {
        const where = `${p.id}/${a.id}`;
        expect(a.title.trim().length, where).toBeGreaterThanOrEqual(5);
        expect(a.why.trim().length, where).toBeGreaterThanOrEqual(40);
        expect(a.says.length + a.rejects.length, where).toBeGreaterThan(0);
      }
    }
  });
});
