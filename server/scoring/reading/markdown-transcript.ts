// [SCO20] Reads a transcript written as text into scoring turns. The project's Markdown format:
// paragraphs that start with **Interviewer:** or **Candidate:** open a turn; the following
// paragraphs belong to it until the next marker. Headings, rules and text before the first marker
// are ignored; optional YAML front matter may name the problem, level and length. [SCO28] A
// timestamp may stand before the marker ("[12:03] **Interviewer:**") or open the turn
// ("**Candidate:** [12:03] ..."); it is read past, left out of the turn's text and kept as the
// turn's `atMs`. The other shapes people have (plain speaker lines, any two speaker names, meeting
// transcribers' exports, caption files) are read by transcript-formats.ts; this is their entry
// point for callers that know only the Markdown format.
import { parseTranscriptText } from './transcript-formats.js';
import type { ScoringTurn } from '../types.js';

export { TranscriptError } from './transcript-formats.js';

export interface MarkdownTranscript {
  turns: ScoringTurn[];
  /** Front-matter fields, when the file has any (problem, level, durationMinutes, ...). */
  meta: Record<string, unknown>;
}

/**
 * Turns with their roles. `candidate` names the candidate's speaker when the names do not say it
 * (a TranscriptError with code `ambiguous_speakers` otherwise).
 */
export function parseMarkdownTranscript(text: string, source = 'transcript', candidate?: string): MarkdownTranscript {
  const parsed = parseTranscriptText(text, { source, ...(candidate !== undefined ? { candidate } : {}) });
  return { turns: parsed.scoringTurns.map(({ speaker: _speaker, ...turn }) => turn), meta: parsed.meta };
}
