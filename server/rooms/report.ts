// The peer interview's report [RIV8]: the interviewer's scorecard beside the AI shadow score of the
// room's transcript and diagram. The shadow is built once, when the interview ends (or at the first
// request after its time ran out), stored on the room row, and served to both roles from then on.
import { AppError } from '../platform/errors.js';
import type { WallClock } from '../platform/clock.js';
import type { ProblemBank } from '../content/problem-bank.js';
import { Level } from '../domain/problem.js';
import type { RoomReportResponse, RoomRole } from '../protocol/rooms.js';
import { scoreOffline } from '../scoring/offline-scorer.js';
import type { Rubric } from '../scoring/rules/rubric.js';
import { type Report, ReportSchema, type ScoringInput } from '../scoring/types.js';
import { roomInterviewRecord } from './interview-record.js';
import { roomClock } from './room-clock.js';
import type { RoomRow, RoomStore } from './store.js';

/** Scores a transcript: the offline scorer, with the model judge on top when one is configured. */
export type ShadowScorer = (input: ScoringInput, what: string) => Promise<Report>;

export interface RoomReportsOptions {
  store: RoomStore;
  bank: ProblemBank;
  clock: WallClock;
  /** The scorer; without one, the offline scorer with `rubric`. */
  score?: ShadowScorer;
  /** Loaded on first use when the scorer is not given. */
  rubric?: () => Rubric;
  log: (msg: string, err?: unknown) => void;
  /**
   * Stores what this node holds of the room's scene and has not written yet (the room's outbox,
   * the in-process debounce), so the shadow score reads the last drawing.
   */
  persistScene?: (roomId: string) => Promise<void>;
}

export class RoomReports {
  private readonly inflight = new Map<string, Promise<Report>>();

  constructor(private readonly o: RoomReportsOptions) {}

  /** Whether the interview of this row is over: ended by the interviewer or out of time. */
  isOver(row: RoomRow): boolean {
    const clock = roomClock(row.durationMinutes ?? 45, row.startedAt?.getTime(), row.clockSpeed, this.o.clock.now(), row.endedAt?.getTime());
    return clock.status === 'ended';
  }

  /**
   * 404 for a whiteboard room; 409 while the interview runs (or waits for its start). [RIV9] A
   * candidate gets the scorecard without the interviewer's notes unless they are shared.
   */
  async get(roomId: string, role: RoomRole): Promise<RoomReportResponse> {
    const row = await this.o.store.get(roomId);
    if (!row) throw new AppError(404, 'not_found', 'no such room for this token');
    if (row.mode !== 'interview') throw new AppError(404, 'not_an_interview', 'only a peer interview room has a report');
    if (!this.isOver(row)) {
      throw new AppError(409, 'interview_running', 'the report opens when the interviewer ends the interview (or its time runs out)');
    }
    const shadow = row.shadowReport ? ReportSchema.parse(row.shadowReport) : await this.build(roomId);
    const notesShared = row.notesSharedAt != null;
    const entries = await this.o.store.scorecard(roomId);
    const scorecard = role === 'candidate' && !notesShared ? entries.map((e) => ({ ...e, notes: '' })) : entries;
    const problem = this.o.bank.byId.get(row.problemId ?? '');
    return {
      roomId,
      level: Level.parse(row.level),
      problem: { id: row.problemId ?? '', title: problem?.title ?? row.problemId ?? '' },
      endedAt: row.endedAt ? row.endedAt.toISOString() : null,
      dimensions: shadow.dimensions.map((d) => ({ id: d.id, title: d.title })),
      scorecard,
      notesShared,
      shadow,
    };
  }

  /** Builds and stores the shadow score once, however many callers ask at the same time. */
  build(roomId: string): Promise<Report> {
    let job = this.inflight.get(roomId);
    if (!job) {
      job = this.buildNow(roomId).finally(() => this.inflight.delete(roomId));
      this.inflight.set(roomId, job);
    }
    return job;
  }

  private async buildNow(roomId: string): Promise<Report> {
    // Built once: a drawing still waiting in a debounce would be missing from it for good.
    await this.o.persistScene?.(roomId);
    const record = await roomInterviewRecord(this.o.store, this.o.bank, roomId);
    if (!record) throw new AppError(404, 'not_an_interview', 'only a peer interview room has a report');
    const what = `room ${roomId}`;
    const report = this.o.score ? await this.o.score(record.input, what) : scoreOffline(record.input, this.rubric());
    // Another node may have stored one first: everyone serves the stored one.
    return ReportSchema.parse(await this.o.store.saveShadow(roomId, report));
  }

  private rubric(): Rubric {
    if (!this.o.rubric) throw new Error('rooms: no scorer and no rubric for the shadow score');
    return this.o.rubric();
  }
}
