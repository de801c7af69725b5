import { describe, expect, it } from 'vitest';
import { scoreOffline } from '../../server/scoring/offline-scorer.js';
import { scoringInputFromEvents } from '../../server/scoring/reading/from-session.js';
import { loadRubric } from '../../server/scoring/rules/rubric.js';
import { TranscriptError, readTranscript } from '../../server/scoring/reading/transcript-file.js';
import { problemBank } from '../calibration/calibration-set.js';
import { MIN, sessionEvents, transcriptExport } from './session-fixture.js';

const bank = problemBank();
const problem = bank.byId.get('url-shortener')!;

describe('[SCO21] scoring input from a session', () => {
  it('numbers turns in session order and carries phases, timeline, pivot, plan and diagram', () => {
    const input = scoringInputFromEvents(sessionEvents, problem, bank.genericPivots);
    expect(input.level).toBe('senior');
    expect(input.turns.map((t) => [t.turn, t.role, t.phase, t.kind])).toEqual([
      [1, 'interviewer', 'requirements', 'message'],
      [2, 'candidate', 'requirements', 'message'],
      [3, 'interviewer', 'requirements', 'message'],
      [4, 'candidate', 'estimation', 'message'],
      [5, 'candidate', 'high_level_design', 'message'],
      [6, 'interviewer', 'deep_dive', 'pivot'],
      [7, 'candidate', 'deep_dive', 'message'],
    ]);
    expect(input.phaseTimeline).toEqual([
      { phase: 'requirements', startMs: 0, endMs: 6 * MIN },
      { phase: 'estimation', startMs: 6 * MIN, endMs: 12 * MIN },
      { phase: 'high_level_design', startMs: 12 * MIN, endMs: 22 * MIN },
      { phase: 'deep_dive', startMs: 22 * MIN, endMs: 40 * MIN },
    ]);
    expect(input.pivot).toEqual({ pivotId: 'expiring_links', text: problem.pivots[0]!.text, turn: 6, expects: problem.pivots[0]!.expects });
    expect(input.diagramText).toContain('redis cache');
    expect(input.plan).toHaveLength(5);
    expect(input.durationMinutes).toBe(45);
  });

  it('takes pivot expectations from the generic pivots when the problem has none by that id', () => {
    const generic = bank.genericPivots[0]!;
    const events = sessionEvents.map((e) => (e.type === 'pivot_injected' ? { ...e, pivotId: generic.id, text: generic.text } : e));
    expect(scoringInputFromEvents(events, problem, bank.genericPivots).pivot?.expects).toEqual(generic.expects);
  });

  it('scores a session with real times: no estimated time, diagram components counted', () => {
    const report = scoreOffline(scoringInputFromEvents(sessionEvents, problem, bank.genericPivots), loadRubric());
    expect(report.timeUse.estimated).toBe(false);
    expect(report.timeUse.rows.find((r) => r.phase === 'requirements')?.usedMinutes).toBe(6);
    expect(report.pivot).toMatchObject({ turn: 6, pivotId: 'expiring_links' });
    expect(report.skipped.join(' ')).not.toMatch(/No timestamps|No diagram|inferred/);
    expect(report.clarification.factsUncovered.map((f) => f.topic)).toContain('scale');
  });

  it('[SCO37] a phase change the candidate asked for is led by the candidate; one the clock made is not', () => {
    const report = scoreOffline(scoringInputFromEvents(sessionEvents, problem, bank.genericPivots), loadRubric());
    // The fixture moves on once at the candidate's request and twice on a timeout.
    expect(report.drive.candidateLedTransitions).toBe(1);
    expect(report.drive.interviewerLedTransitions).toBe(2);
    const allCandidate = sessionEvents.map((e) => (e.type === 'phase_changed' ? { ...e, reason: 'candidate' as const } : e));
    const led = scoreOffline(scoringInputFromEvents(allCandidate, problem, bank.genericPivots), loadRubric());
    expect([led.drive.candidateLedTransitions, led.drive.interviewerLedTransitions]).toEqual([3, 0]);
  });

  it('[SCO22] reads the JSON transcript export and rejects a malformed one', () => {
    const exported = transcriptExport('mid');
    const read = readTranscript(exported, { source: 'x.json', findProblem: (id) => bank.byId.get(id), genericPivots: bank.genericPivots });
    expect(read.format).toBe('json');
    expect(read.input.level).toBe('mid');
    expect(read.input.problem?.id).toBe('url-shortener');
    expect(() => readTranscript('{"format":"other"}', { source: 'x.json' })).toThrow(TranscriptError);
    expect(() => readTranscript('{"format":"other"}', { source: 'x.json' })).toThrow(/x\.json: not a transcript export: format/);
    expect(() => readTranscript('{ nope', { source: 'x.json' })).toThrow(/x\.json: not valid JSON/);
  });
});
