// Transcripts as people have them. Reads the shapes a system design interview reaches us in into
// speaker turns, then decides which speaker is the candidate:
//
// - Markdown paragraphs opened by a bold speaker: `**Interviewer:**`, `**Candidate:**`, `**Alex:**`
//   (the project's own format; every marked paragraph stays a turn of its own, as it always was);
// - speaker lines: `Interviewer: ...`, `Me: ...`, `Speaker 1: ...`, Google Meet's `Name: text`, Rev's
//   `Name (00:12):` with the words on the next lines;
// - speaker headers, as Otter, Zoom and Teams export: a line `Alex Smith  0:03` (or `[Alex] 0:03`,
//   `0:03 Alex`) and the words on the lines below it;
// - caption files: WebVTT (`<v Alex>` voice tags or `Alex: text` cues, the old Teams cue whose first
//   line is the speaker) and SRT.
//
// A clock stamp (`12:03`, `[12:03]`, `00:12:03`, `(00:12:03)`, `10:02 AM`) may stand before or after
// the speaker; a line holding only a stamp (Google Meet every few minutes) times the next turn.
// Consecutive lines of one speaker merge into one turn. Stamps become each turn's `atMs`: interview
// time from the first stamped turn.
//
// Which speaker is the candidate: the one whose name says so (Candidate, Interviewee, Me, You; or
// "Alex (candidate)"), else the one speaker whose name does not say Interviewer. Otherwise the
// caller names the candidate; without that the transcript is ambiguous and the error lists the
// speakers found. Every speaker who is not the candidate is an interviewer.
import { parse as parseYaml } from 'yaml';
import type { ScoringTurn } from '../types.js';

export type TranscriptErrorCode = 'bad_transcript' | 'ambiguous_speakers' | 'unknown_speaker';

/** An expected failure to read a transcript, with a code an API can return as is. */
export class TranscriptError extends Error {
  constructor(
    message: string,
    readonly code: TranscriptErrorCode = 'bad_transcript',
    /** The speakers found, for `ambiguous_speakers` and `unknown_speaker`. */
    readonly speakers: string[] = [],
  ) {
    super(message);
  }
}

export type TextFormat = 'markdown' | 'speaker_lines' | 'speaker_headers' | 'webvtt' | 'srt';
export type Role = ScoringTurn['role'];

export interface SpeakerTurn {
  speaker: string;
  text: string;
  atMs?: number;
}

export interface SpeakerSummary {
  name: string;
  turns: number;
  words: number;
  /** The role the name itself says ("Interviewer", "Me", "Alex (candidate)"), if any. */
  roleFromName: Role | null;
}

export interface SpeakerReading {
  format: TextFormat;
  /** Front-matter fields (problem, level, durationMinutes, ...), when the text has any. */
  meta: Record<string, unknown>;
  turns: SpeakerTurn[];
  speakers: SpeakerSummary[];
}

export interface CandidateChoice {
  /** The candidate's speaker name as the transcript writes it; null when no speaker is the candidate. */
  name: string | null;
  from: 'names' | 'request';
}

export interface ParsedTranscript extends SpeakerReading {
  candidate: CandidateChoice;
  /** Scoring turns, each with the speaker it came from. */
  scoringTurns: Array<ScoringTurn & { speaker: string }>;
}

// ---- clock stamps ----------------------------------------------------------------------------

const CLOCK = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?`;
const BRACKETED = String.raw`(?:\[[ \t]*${CLOCK}[ \t]*\]|\([ \t]*${CLOCK}[ \t]*\))`;
const STAMP = String.raw`(?:${BRACKETED}|${CLOCK})`;
const SEP = String.raw`(?:[-\u2013\u2014|\u00b7][ \t]*)`;

interface Stamp {
  parts: number[];
  frac: number;
  ampm?: 'am' | 'pm';
}

function readStamp(raw: string | undefined): Stamp | undefined {
  if (!raw) return undefined;
  const m = /(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,3}))?(?:[ \t]?([AaPp])\.?[Mm]\.?)?/.exec(raw);
  if (!m) return undefined;
  const parts = [Number(m[1]), Number(m[2]), ...(m[3] !== undefined ? [Number(m[3])] : [])];
  const frac = m[4] ? Number(`0.${m[4]}`) * 1000 : 0;
  return { parts, frac, ...(m[5] ? { ampm: m[5].toLowerCase() === 'a' ? 'am' : 'pm' } : {}) };
}

/**
 * Milliseconds of a stamp. Three parts are h:m:s. Two parts are m:s (how transcribers count from
 * the start of a recording) unless they carry AM/PM or `twoPartIsClock` says the file writes the
 * time of day (h:m).
 */
function stampMs(s: Stamp, twoPartIsClock: boolean): number {
  const [a = 0, b = 0, c] = s.parts;
  if (c !== undefined) return ((a * 60 + b) * 60 + c) * 1000 + s.frac;
  if (s.ampm) return (((a % 12) + (s.ampm === 'pm' ? 12 : 0)) * 60 + b) * 60_000;
  return twoPartIsClock ? (a * 60 + b) * 60_000 : (a * 60 + b) * 1000 + s.frac;
}

/**
 * Two-part stamps are m:s unless, read that way, ten or more turns would average under six seconds
 * each ("10:02" ... "10:46" over a dozen turns is the time of day, not 44 seconds) while read as h:m
 * they fit in three hours.
 */
function twoPartStampsAreClock(stamps: Stamp[]): boolean {
  const two = stamps.filter((s) => s.parts.length === 2 && !s.ampm);
  if (two.length < 10 || two.length !== stamps.length || !two.every((s) => s.parts[0]! < 24)) return false;
  const spread = (ms: number[]) => Math.max(...ms) - Math.min(...ms);
  return spread(two.map((s) => stampMs(s, false))) < (two.length - 1) * 6000 && spread(two.map((s) => stampMs(s, true))) <= 3 * 3_600_000;
}

// ---- speaker names ---------------------------------------------------------------------------

/** A whole word of a name: never part of a longer word, never the hour of a stamp ("Alex 0:40:"). */
const WORD_END = String.raw`(?![\p{L}\p{M}\p{N}'\u2019._-]|:\d)`;
const WORD = String.raw`[\p{L}\p{N}][\p{L}\p{M}\p{N}'\u2019._-]*${WORD_END}`;
const NAME = String.raw`\p{L}[\p{L}\p{M}\p{N}'\u2019._-]*${WORD_END}(?:[ \t]+${WORD}){0,3}(?:[ \t]*\([\p{L} \t]{1,24}\))?`;

/** `[12:03] Alex: text`, `**Alex:** text`, `Alex (00:12:03): text`, `- Speaker 1: text`, `Alex:` alone. */
const LABEL = new RegExp(
  String.raw`^[ \t]*(?<bullet>[>*+-][ \t]+)?(?:(?<pre>${STAMP})[ \t]*${SEP}?)?(?<open>\*\*|__)?[ \t]*(?<name>${NAME})[ \t]*(?<close1>\*\*|__)?[ \t]*(?:(?<mid>${STAMP})[ \t]*)?:(?<close2>\*\*|__)?(?=[ \t]|$)[ \t]*(?:(?<post>${BRACKETED})[ \t]*${SEP}?)?`,
  'u',
);
/** `Alex Smith  0:03`, `[Alex Smith] 0:03`, `0:03 Alex Smith` on a line of their own. */
const HEADER = new RegExp(
  String.raw`^[ \t]*(?:(?<pre>${STAMP})[ \t]+${SEP}?)?(?:\[(?<bname>${NAME})\]|(?<name>${NAME}))(?:[ \t]+${SEP}?(?<post>${STAMP}))?[ \t]*$`,
  'u',
);
const STAMP_LINE = new RegExp(String.raw`^[ \t]*(?<stamp>${STAMP})[ \t]*$`, 'u');
const HEADING = /^#{1,6}\s/;
const RULE = /^(?:-{3,}|\*{3,}|_{3,})\s*$/;

/** Words that open lines of notes and designs, never a speaker ("Requirements: ...", "Pros: ..."). */
const NOT_SPEAKERS = new Set(
  [
    'note', 'notes', 'nb', 'example', 'examples', 'e.g', 'eg', 'i.e', 'ie', 'summary', 'tldr', 'tl;dr', 'pros', 'cons', 'pro', 'con',
    'question', 'questions', 'answer', 'answers', 'requirements', 'functional requirements', 'non-functional requirements',
    'nonfunctional requirements', 'non functional requirements', 'assumption', 'assumptions', 'estimate', 'estimates', 'estimation',
    'api', 'apis', 'endpoint', 'endpoints', 'schema', 'data model', 'table', 'tables', 'step', 'steps', 'phase', 'option', 'options',
    'update', 'edit', 'tip', 'warning', 'todo', 'goal', 'goals', 'problem', 'title', 'date', 'time', 'duration', 'level', 'attendees',
    'participants', 'transcript', 'meeting', 'agenda', 'action items', 'http', 'https', 'read', 'write', 'reads', 'writes', 'input',
    'output', 'result', 'results', 'total', 'storage', 'bandwidth', 'qps', 'source', 'link', 'url', 'email', 'pivot', 'verdict',
    'feedback', 'score', 'intended level', 'demonstrates', 'so', 'and', 'but', 'ok', 'okay', 'yes', 'no', 'well', 'then', 'now',
  ],
);

/** The key two spellings of one speaker share: case, spacing and emphasis aside. */
export function speakerKey(name: string): string {
  return name.normalize('NFKC').replace(/[*_]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

function displayName(name: string): string {
  return name.replace(/[*_]{2,}/g, '').replace(/\s+/g, ' ').trim();
}

/** The role a speaker's name states, if it states one. */
export function roleFromName(name: string): Role | null {
  const key = speakerKey(name);
  const words = key.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.some((w) => w === 'candidate' || w === 'interviewee' || w === 'applicant')) return 'candidate';
  if (words.includes('interviewer')) return 'interviewer';
  if (key === 'me' || key === 'you' || key === 'myself' || key === 'a') return 'candidate';
  if (key === 'q') return 'interviewer';
  return null;
}

/** A multi-word name is capitalised ("Alex Smith", "Speaker 1"); "functional requirements" is not. */
function looksLikeName(name: string): boolean {
  const words = name.replace(/\([^)]*\)/g, ' ').trim().split(/[ \t]+/);
  if (words.length === 1) return name.length <= 40;
  return name.length <= 40 && words.every((w) => /^[\p{Lu}\p{Lt}\p{N}]/u.test(w));
}

/**
 * Which labels are speakers: a name stating a role always; another name when it opens two or more
 * lines, looks like a name and is not a word that opens notes. `relax`: when that leaves fewer than
 * two speakers, names seen once count too (a short exchange).
 */
function acceptSpeakers(counts: Map<string, { name: string; n: number }>, relax: boolean): Set<string> {
  const plausible = [...counts.entries()].filter(([key, v]) => roleFromName(v.name) !== null || (!NOT_SPEAKERS.has(key) && looksLikeName(v.name)));
  const accepted = new Set(plausible.filter(([, v]) => roleFromName(v.name) !== null || v.n >= 2).map(([k]) => k));
  if (relax && accepted.size < 2) for (const [k] of plausible) accepted.add(k);
  return accepted;
}

function count(counts: Map<string, { name: string; n: number }>, name: string): void {
  const key = speakerKey(name);
  const seen = counts.get(key);
  if (seen) seen.n++;
  else counts.set(key, { name: displayName(name), n: 1 });
}

// ---- front matter and normalisation ------------------------------------------------------------

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

function normalise(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

// ---- assembling turns --------------------------------------------------------------------------

interface RawTurn {
  key: string;
  name: string;
  stamp?: Stamp;
  /** Milliseconds already known (caption timings). */
  ms?: number;
  parts: string[];
}

function assemble(raw: RawTurn[], options: { merge: boolean; joiner: string; stampsAreClock?: boolean }): SpeakerTurn[] {
  const kept = raw
    .map((r) => ({ ...r, text: r.parts.filter((p) => p.length > 0).join(options.joiner).trim() }))
    .filter((r) => r.text.length > 0);
  const merged: typeof kept = [];
  for (const r of kept) {
    const last = merged[merged.length - 1];
    if (options.merge && last && last.key === r.key) {
      last.text = `${last.text}${options.joiner}${r.text}`;
      if (last.ms === undefined && last.stamp === undefined) {
        last.ms = r.ms;
        last.stamp = r.stamp;
      }
    } else merged.push({ ...r });
  }
  const clock = options.stampsAreClock ?? false;
  const msOf = (r: (typeof merged)[number]) => r.ms ?? (r.stamp ? stampMs(r.stamp, clock) : undefined);
  const base = merged.map(msOf).find((ms) => ms !== undefined);
  let floor = 0;
  return merged.map((r) => {
    const ms = msOf(r);
    if (ms === undefined || base === undefined) return { speaker: r.name, text: r.text };
    // Interview time never runs backwards (a clock that wrapped, a stamp typed wrong).
    floor = Math.max(floor, Math.round(ms - base));
    return { speaker: r.name, text: r.text, atMs: floor };
  });
}

function summarise(turns: SpeakerTurn[]): SpeakerSummary[] {
  const byKey = new Map<string, SpeakerSummary>();
  for (const t of turns) {
    const key = speakerKey(t.speaker);
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { name: t.speaker, turns: 0, words: 0, roleFromName: roleFromName(t.speaker) }));
    s.turns++;
    s.words += (t.text.match(/\S+/g) ?? []).length;
  }
  return [...byKey.values()];
}

// ---- Markdown and speaker lines ----------------------------------------------------------------

interface LineLabel {
  name: string;
  bold: boolean;
  bullet: boolean;
  stamp?: Stamp;
  rest: string;
}

function matchLabel(line: string): LineLabel | undefined {
  const m = LABEL.exec(line);
  if (!m?.groups) return undefined;
  const g = m.groups;
  const bold = Boolean(g.open && (g.close1 || g.close2) && !(g.close1 && g.close2));
  // "**Alex**" without a colon is emphasis, "Alex**:" without an opening one is not a label.
  if (!g.open && (g.close1 || g.close2)) return undefined;
  if (g.open && !g.close1 && !g.close2) return undefined;
  return {
    name: g.name!,
    bold,
    bullet: Boolean(g.bullet),
    stamp: readStamp(g.pre ?? g.mid ?? g.post),
    rest: line.slice(m[0].length),
  };
}

function matchHeader(line: string): { name: string; stamp: Stamp } | undefined {
  const m = HEADER.exec(line);
  if (!m?.groups) return undefined;
  const g = m.groups;
  const raw = g.pre ?? g.post;
  if (!raw || (g.pre && g.post)) return undefined;
  return { name: (g.bname ?? g.name)!, stamp: readStamp(raw)! };
}

function readLines(body: string): { format: TextFormat; turns: SpeakerTurn[] } | undefined {
  const lines = body.split('\n');
  // Pass 1: which labels are speakers. Bold labels make it the Markdown format, where only they count.
  const boldCounts = new Map<string, { name: string; n: number }>();
  const plainCounts = new Map<string, { name: string; n: number }>();
  for (const line of lines) {
    const label = matchLabel(line);
    if (label) {
      if (label.bold && !label.bullet) count(boldCounts, label.name);
      else if (!label.bold) count(plainCounts, label.name);
      continue;
    }
    const header = matchHeader(line);
    if (header) count(plainCounts, header.name);
  }
  // Bold labels make it the Markdown format when they are clearly speakers: a role name, two names
  // seen twice, or (a short exchange) two names and no plain speaker lines at all.
  const boldStrict = acceptSpeakers(boldCounts, false);
  const boldNamesRole = [...boldStrict].some((k) => roleFromName(boldCounts.get(k)!.name) !== null);
  const markdown =
    boldNamesRole || boldStrict.size >= 2 || (acceptSpeakers(plainCounts, false).size === 0 && acceptSpeakers(boldCounts, true).size >= 2);
  const speakers = markdown ? acceptSpeakers(boldCounts, true) : acceptSpeakers(plainCounts, true);
  if (speakers.size === 0) return undefined;

  // Pass 2: paragraphs, cut where a speaker opens a line; text before the first speaker is left out.
  const raw: RawTurn[] = [];
  let current: RawTurn | undefined;
  let pendingStamp: Stamp | undefined;
  let headers = 0;
  let labels = 0;
  const open = (name: string, stamp: Stamp | undefined, first: string) => {
    current = { key: speakerKey(name), name: displayName(name), ...(stamp ?? pendingStamp ? { stamp: stamp ?? pendingStamp } : {}), parts: [] };
    pendingStamp = undefined;
    raw.push(current);
    return first;
  };
  const text = markdown ? body : body.replace(/<!--[\s\S]*?-->/g, '');
  for (const paragraph of text.split(/\n[ \t]*\n/)) {
    let chunk: { lines: string[]; opens: boolean } | undefined;
    const flush = () => {
      if (!chunk) return;
      const joined = chunk.lines.join('\n').trim();
      if (chunk.opens) current!.parts.push(joined);
      else if (joined && !HEADING.test(joined) && !RULE.test(joined) && current) current.parts.push(joined);
      chunk = undefined;
    };
    for (const line of paragraph.split('\n')) {
      const label = matchLabel(line);
      if (label && speakers.has(speakerKey(label.name)) && (markdown ? label.bold && !label.bullet : !label.bold)) {
        flush();
        labels++;
        chunk = { lines: [open(label.name, label.stamp, label.rest)], opens: true };
        continue;
      }
      if (!markdown) {
        const header = matchHeader(line);
        if (header && speakers.has(speakerKey(header.name))) {
          flush();
          headers++;
          chunk = { lines: [open(header.name, header.stamp, '')], opens: true };
          continue;
        }
        const only = STAMP_LINE.exec(line);
        if (only) {
          flush();
          pendingStamp = readStamp(only.groups!.stamp);
          continue;
        }
      }
      if (!chunk) chunk = { lines: [], opens: false };
      chunk.lines.push(line);
    }
    flush();
  }
  const stamps = raw.flatMap((r) => (r.stamp ? [r.stamp] : []));
  const turns = assemble(raw, { merge: !markdown, joiner: '\n\n', stampsAreClock: twoPartStampsAreClock(stamps) });
  return { format: markdown ? 'markdown' : headers > labels ? 'speaker_headers' : 'speaker_lines', turns };
}

// ---- caption files (WebVTT, SRT) ---------------------------------------------------------------

const TIMING = /^[ \t]*((?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d+)?)[ \t]*-->[ \t]*(?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d+)?/;
const VOICE = /<v(?:\.[^\s>]+)*[ \t]+([^>]+)>/;
const BRACKET_LABEL = new RegExp(String.raw`^\[(?<name>${NAME})\][ \t]*:?[ \t]*`, 'u');

function timingMs(raw: string): number {
  const [clock, frac = '0'] = raw.split(/[.,]/);
  const parts = clock!.split(':').map(Number);
  while (parts.length < 3) parts.unshift(0);
  const [h, m, s] = parts as [number, number, number];
  return ((h * 60 + m) * 60 + s) * 1000 + Number(`0.${frac}`) * 1000;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

interface CueLine {
  voice?: string;
  text: string;
}

function cueLines(lines: string[]): CueLine[] {
  return lines.map((line) => {
    const voice = VOICE.exec(line)?.[1]?.trim();
    const text = decodeEntities(line.replace(/\{\\[^}]*\}/g, '').replace(/<[^>]*>/g, ''))
      .replace(/^[ \t]*>>[ \t]*/, '')
      .replace(/^[ \t]*-[ \t]+/, '')
      .trim();
    return { ...(voice ? { voice } : {}), text };
  });
}

export function looksLikeCaptions(body: string): boolean {
  const first = body.trimStart();
  if (/^WEBVTT(?:[ \t]|\n|$)/.test(first)) return true;
  const block = first.split(/\n[ \t]*\n/)[0]!.split('\n');
  return block.slice(0, 2).some((l) => TIMING.test(l));
}

function readCaptions(body: string): { format: TextFormat; turns: SpeakerTurn[] } {
  const format: TextFormat = /^WEBVTT/.test(body.trimStart()) ? 'webvtt' : 'srt';
  const cues: Array<{ ms: number; lines: CueLine[] }> = [];
  for (const block of body.split(/\n[ \t]*\n/)) {
    const lines = block.split('\n');
    const at = lines.findIndex((l) => TIMING.test(l));
    if (at < 0) continue; // the header, NOTE, STYLE and REGION blocks
    const cue = cueLines(lines.slice(at + 1)).filter((l) => l.text.length > 0 || l.voice);
    if (cue.length > 0) cues.push({ ms: timingMs(TIMING.exec(lines[at]!)![1]!), lines: cue });
  }
  // Which `Name: text` and `[Name] text` labels are speakers, and whether cues open with a name line.
  const labelCounts = new Map<string, { name: string; n: number }>();
  const nameLineCounts = new Map<string, { name: string; n: number }>();
  let multiLine = 0;
  for (const cue of cues) {
    for (const l of cue.lines) {
      const label = matchLabel(l.text);
      const bracket = BRACKET_LABEL.exec(l.text);
      if (!l.voice && label && !label.bold) count(labelCounts, label.name);
      else if (!l.voice && bracket) count(labelCounts, bracket.groups!.name!);
    }
    const first = cue.lines[0]!;
    if (cue.lines.length >= 2 && !first.voice && new RegExp(`^${NAME}$`, 'u').test(first.text) && looksLikeName(first.text)) {
      count(nameLineCounts, first.text);
    }
    if (cue.lines.length >= 2) multiLine++;
  }
  const labelSpeakers = acceptSpeakers(labelCounts, true);
  // Cues open with the speaker's name on a line of its own (old Teams captions) when most cues of
  // two or more lines do and some name comes back.
  const namedLines = [...nameLineCounts.entries()].filter(([k]) => !NOT_SPEAKERS.has(k));
  const nameLineSpeakers = new Set(namedLines.map(([k]) => k));
  const nameLinesUsed =
    multiLine > 0 && namedLines.reduce((n, [, v]) => n + v.n, 0) >= multiLine * 0.8 && namedLines.some(([, v]) => v.n >= 2);

  const raw: RawTurn[] = [];
  let current: RawTurn | undefined;
  const say = (name: string | undefined, ms: number, words: string) => {
    if (name !== undefined && (!current || current.key !== speakerKey(name))) {
      current = { key: speakerKey(name), name: displayName(name), ms, parts: [] };
      raw.push(current);
    }
    if (current && words) current.parts.push(words);
  };
  for (const cue of cues) {
    cue.lines.forEach((l, i) => {
      if (l.voice) return say(l.voice, cue.ms, l.text);
      if (i === 0 && nameLinesUsed && cue.lines.length >= 2 && nameLineSpeakers.has(speakerKey(l.text))) return say(l.text, cue.ms, '');
      const label = matchLabel(l.text);
      if (label && !label.bold && labelSpeakers.has(speakerKey(label.name))) return say(label.name, cue.ms, label.rest.trim());
      const bracket = BRACKET_LABEL.exec(l.text);
      if (bracket && labelSpeakers.has(speakerKey(bracket.groups!.name!))) return say(bracket.groups!.name!, cue.ms, l.text.slice(bracket[0].length).trim());
      return say(undefined, cue.ms, l.text);
    });
  }
  const turns = assemble(raw, { merge: true, joiner: ' ' });
  if (turns.length === 0 && cues.length > 0) {
    throw new TranscriptError(
      `the ${format === 'webvtt' ? 'WebVTT' : 'SRT'} file has ${cues.length} cues but names no speakers; the scorer needs to know who said what (voice tags like <v Alex>, or cues starting "Alex:")`,
    );
  }
  return { format, turns };
}

// ---- entry points ------------------------------------------------------------------------------

export const NO_TURNS_HINT =
  'each turn starts with its speaker: a paragraph starting **Interviewer:** or **Candidate:**, lines like "Alex: ..." or "[00:12:03] Me: ...", speaker headers like "Alex Smith  0:03", or a WebVTT/SRT caption file with speakers';

/** Reads speaker turns from any text format; throws a TranscriptError when no turns are found. */
export function readSpeakerTurns(text: string, source = 'transcript'): SpeakerReading {
  const { body, meta } = frontMatter(normalise(text), source);
  let read: { format: TextFormat; turns: SpeakerTurn[] } | undefined;
  if (looksLikeCaptions(body)) {
    try {
      read = readCaptions(body);
    } catch (err) {
      if (err instanceof TranscriptError) throw new TranscriptError(`${source}: ${err.message}`, err.code, err.speakers);
      throw err;
    }
  } else read = readLines(body);
  if (!read || read.turns.length === 0) throw new TranscriptError(`${source}: no turns found; ${NO_TURNS_HINT}`);
  return { format: read.format, meta, turns: read.turns, speakers: summarise(read.turns) };
}

/**
 * The candidate: the speaker `requested` names (case and spacing aside), else the one the names
 * make obvious. Throws `unknown_speaker` when `requested` names nobody, `ambiguous_speakers` when
 * the names do not tell.
 */
export function chooseCandidate(speakers: SpeakerSummary[], requested: string | undefined, source = 'transcript'): CandidateChoice {
  const names = speakers.map((s) => s.name);
  const list = names.map((n) => `"${n}"`).join(', ');
  if (requested !== undefined && requested.trim() !== '') {
    const found = speakers.find((s) => speakerKey(s.name) === speakerKey(requested));
    if (!found) throw new TranscriptError(`${source}: no speaker is called "${requested.trim()}"; the speakers are ${list}`, 'unknown_speaker', names);
    return { name: found.name, from: 'request' };
  }
  const candidates = speakers.filter((s) => s.roleFromName === 'candidate');
  if (candidates.length === 1) return { name: candidates[0]!.name, from: 'names' };
  if (candidates.length === 0) {
    const others = speakers.filter((s) => s.roleFromName !== 'interviewer');
    if (others.length === 1 && speakers.length >= 2) return { name: others[0]!.name, from: 'names' };
    if (others.length === 0) return { name: null, from: 'names' };
  }
  throw new TranscriptError(
    `${source}: cannot tell which speaker is the candidate; the speakers are ${list}: name the one who is the candidate`,
    'ambiguous_speakers',
    names,
  );
}

export function withRoles(reading: SpeakerReading, candidate: CandidateChoice): Array<ScoringTurn & { speaker: string }> {
  const key = candidate.name === null ? undefined : speakerKey(candidate.name);
  return reading.turns.map((t, i) => ({
    turn: i + 1,
    role: speakerKey(t.speaker) === key ? 'candidate' : 'interviewer',
    text: t.text,
    ...(t.atMs !== undefined ? { atMs: t.atMs } : {}),
    speaker: t.speaker,
  }));
}

/** Reads a transcript in any text format and gives every turn its role. */
export function parseTranscriptText(text: string, options: { source?: string; candidate?: string } = {}): ParsedTranscript {
  const source = options.source ?? 'transcript';
  const reading = readSpeakerTurns(text, source);
  const candidate = chooseCandidate(reading.speakers, options.candidate, source);
  return { ...reading, candidate, scoringTurns: withRoles(reading, candidate) };
}
