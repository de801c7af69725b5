// [SCO20] Reads the Markdown transcript format: paragraphs that start with **Interviewer:** or
// **Candidate:** open a turn; the following paragraphs belong to it until the next marker.
// Headings, rules and text before the first marker are ignored; optional YAML front matter may
// name the problem, level and length. [SCO28] A timestamp may stand before the marker
// ("[12:03] **Interviewer:**") or open the turn ("**Candidate:** [12:03] ..."); it is read past and
// left out of the turn's text.
import { parse as parseYaml } from 'yaml';
import type { ScoringTurn } from './types.js';

export class TranscriptError extends Error {}

export interface MarkdownTranscript {
  turns: ScoringTurn[];
  /** Front-matter fields, when the file has any (problem, level, durationMinutes, ...). */
  meta: Record<string, unknown>;
}

/** A clock stamp as transcripts write it: 12:03, 1:02:03, optionally in brackets or parentheses. */
const STAMP = String.raw`(?:\[\s*\d{1,2}:\d{2}(?::\d{2})?\s*\]|\(\s*\d{1,2}:\d{2}(?::\d{2})?\s*\)|\d{1,2}:\d{2}(?::\d{2})?)`;
const MARKER = new RegExp(
  String.raw`^(?:${STAMP}[ \t]*(?:[-\u2013\u2014|][ \t]*)?)?\*\*\s*(interviewer|candidate)\s*(?::\s*\*\*|\*\*\s*:)[ \t]*(?:(?:\[\s*\d{1,2}:\d{2}(?::\d{2})?\s*\]|\(\s*\d{1,2}:\d{2}(?::\d{2})?\s*\))[ \t]*)?`,
  'i',
);
const HEADING = /^#{1,6}\s/;
const RULE = /^(?:-{3,}|\*{3,}|_{3,})\s*$/;

function frontMatter(text: string, source: string): { body: string; meta: Record<string, unknown> } {
  const m = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!m) return { body: text, meta: {} };
  let meta: unknown;
  try {
    meta = parseYaml(m[1]!);
  } catch (err) {
    throw new TranscriptError(`${source}: front matter is not valid YAML (${(err as Error).message})`);
  }
  return { body: text.slice(m[0].length), meta: meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {} };
}

export function parseMarkdownTranscript(text: string, source = 'transcript'): MarkdownTranscript {
  const { body, meta } = frontMatter(text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, ''), source);
  const turns: ScoringTurn[] = [];
  let current: { role: ScoringTurn['role']; parts: string[] } | undefined;
  const close = () => {
    if (!current) return;
    const joined = current.parts.filter((p) => p.length > 0).join('\n\n');
    if (joined.length > 0) turns.push({ turn: turns.length + 1, role: current.role, text: joined });
    current = undefined;
  };
  for (const raw of body.split(/\n[ \t]*\n/)) {
    // A marker at the start of any line opens a turn, even without a blank line before it.
    for (const segment of splitAtMarkers(raw)) {
      const para = segment.trim();
      if (!para || HEADING.test(para) || RULE.test(para)) continue;
      const m = MARKER.exec(para);
      if (m) {
        close();
        current = { role: m[1]!.toLowerCase() as ScoringTurn['role'], parts: [para.slice(m[0].length).trim()] };
      } else if (current) {
        current.parts.push(para);
      }
    }
  }
  close();
  if (turns.length === 0) {
    throw new TranscriptError(`${source}: no turns found; each turn is a paragraph starting with **Interviewer:** or **Candidate:**`);
  }
  return { turns, meta };
}

function splitAtMarkers(block: string): string[] {
  const out: string[] = [];
  let lines: string[] = [];
  for (const line of block.split('\n')) {
    if (MARKER.test(line.trimStart()) && lines.length > 0) {
      out.push(lines.join('\n'));
      lines = [];
    }
    lines.push(line);
  }
  out.push(lines.join('\n'));
  return out;
}
