// A short finished session on the URL shortener, as an event log.
import type { EventBody, SessionEvent } from '../../server/domain/events.js';
import { problemBank } from '../calibration/calibration-set.js';

export const MIN = 60_000;
const problem = problemBank().byId.get('url-shortener')!;

function log(bodies: Array<[number, EventBody]>): SessionEvent[] {
  return bodies.map(([atMs, body], i) => ({ ...body, seq: i + 1, atMs }) as SessionEvent);
}

const say = (text: string): EventBody => ({ type: 'candidate_message', clientMessageId: text.slice(0, 12), text });
const reply = (text: string, revealed: string[] = [], kind: 'reply' | 'pivot' = 'reply'): EventBody => ({
  type: 'interviewer_message',
  text,
  asked: [],
  revealed,
  source: 'offline',
  kind,
});

export const sessionEvents = log([
  [0, { type: 'session_started', problemId: 'url-shortener', level: 'senior', durationMinutes: 45 }],
  [0, reply('Design a URL shortening service.')],
  [1 * MIN, say('How many new links per day, and how often is each opened?')],
  [1 * MIN, reply(problem.facts[0]!.answer, ['scale'])],
  [6 * MIN, { type: 'phase_changed', from: 'requirements', to: 'estimation', reason: 'candidate' }],
  [7 * MIN, say('100 million links a day is about 1.2k QPS of writes and 115k QPS of redirects, so we need a cache.')],
  [12 * MIN, { type: 'phase_changed', from: 'estimation', to: 'high_level_design', reason: 'timeout' }],
  [13 * MIN, { type: 'diagram_updated', elementCount: 4, text: 'Boxes: load balancer, url service, redis cache, database\nArrows: load balancer -> url service' }],
  [14 * MIN, say('Requests go through the load balancer to the URL service, which reads from Redis and falls back to the database.')],
  [22 * MIN, { type: 'phase_changed', from: 'high_level_design', to: 'deep_dive', reason: 'timeout' }],
  [25 * MIN, { type: 'pivot_injected', pivotId: 'expiring_links', text: problem.pivots[0]!.text }],
  [25 * MIN, reply(`One more thing. ${problem.pivots[0]!.text}`, [], 'pivot')],
  [26 * MIN, say('That changes storage: a TTL on each row, a background job for cleanup, and cache invalidation when a link is deleted.')],
  [40 * MIN, { type: 'session_ended', reason: 'candidate' }],
]);

export function transcriptExport(level = 'mid'): string {
  return JSON.stringify({ format: 'mock-interview-transcript', version: 1, sessionId: 's1', problemId: 'url-shortener', level, durationMinutes: 45, events: sessionEvents });
}
