// What the interviewer's reply must contain (server/SPEC.md: FACT, COV, EST, TURN, OFF).
import { describe, expect, it } from 'vitest';
import { loadProblemBank } from '../../server/content/problem-bank.js';
import { checkEstimates, componentsPresent } from '../../server/domain/coverage.js';
import type { EventBody, SessionEvent } from '../../server/domain/events.js';
import { factsAskedAbout, isQuestion, mentions } from '../../server/domain/fact-topics.js';
import { MINUTE } from '../../server/domain/phases.js';
import { type DiagramView, planKeys, planTurn } from '../../server/domain/plan-turn.js';
import { apply, fold, type SessionState } from '../../server/domain/session.js';
import { renderPlan } from '../../server/interviewer/offline-interviewer.js';

const bank = loadProblemBank();
const problem = bank.byId.get('url-shortener')!;
const noDiagram: DiagramView = { text: '(empty whiteboard)', edges: [] };

function session(): SessionState {
  return fold([{ type: 'session_started', problemId: problem.id, level: 'mid', durationMinutes: 45, seq: 1, atMs: 0 }]);
}
function push(s: SessionState, body: EventBody, atMs = 0): SessionState {
  return apply(s, { ...body, seq: s.lastSeq + 1, atMs } as SessionEvent);
}
function inPhase(phase: 'estimation' | 'high_level_design' | 'deep_dive' | 'wrap_up'): SessionState {
  return push(session(), { type: 'phase_changed', from: 'requirements', to: phase, reason: 'candidate' });
}
/** Plays a plan into the state as the server does, so asked keys are remembered. */
function answer(s: SessionState, text: string, diagram = noDiagram, now = 0) {
  s = push(s, { type: 'candidate_message', clientMessageId: `c${s.lastSeq}`, text }, now);
  const plan = planTurn(s, problem, text, diagram, now, bank.genericPivots);
  const prior = s.turns.filter((t) => t.role === 'interviewer').map((t) => t.text);
  s = push(
    s,
    {
      type: 'interviewer_message',
      text: renderPlan(plan, undefined, prior),
      asked: planKeys(plan, problem),
      revealed: plan.factAnswers.map((f) => f.topic),
      source: 'offline',
      kind: 'reply',
      replyTo: s.lastSeq,
      move: plan.move,
      ...(plan.question ? { question: { key: plan.question.key, text: plan.question.text } } : {}),
      ...(plan.dropped ? { dropped: [plan.dropped] } : {}),
    },
    now,
  );
  return { s, plan };
}

describe('clarifying questions', () => {
  it('[FACT1] matches whole words only', () => {
    expect(mentions('what about p99 latency?', 'latency')).toBe(true);
    expect(mentions('distributed systems', 'ms')).toBe(false);
    expect(mentions('under 50 ms?', 'ms')).toBe(true);
  });

  it('[FACT2] tells questions from statements', () => {
    expect(isQuestion('How many users?')).toBe(true);
    expect(isQuestion('do we need analytics')).toBe(true);
    expect(isQuestion('I will assume 100M users.')).toBe(false);
  });

  it('[FACT3] maps a question to its facts; a statement reveals nothing', () => {
    expect(factsAskedAbout('How many users do we have?', problem).facts.map((f) => f.topic)).toEqual(['scale']);
    expect(factsAskedAbout('What latency and availability targets should I hit?', problem).facts.map((f) => f.topic).sort()).toEqual(['availability', 'latency']);
    expect(factsAskedAbout('I assume a huge number of users and low latency.', problem).facts).toEqual([]);
  });

  it('[FACT3] a problem-specific topic wins over a general one in the same question', () => {
    const topics = factsAskedAbout('Do links expire after some time?', problem).facts.map((f) => f.topic);
    expect(topics).toContain('expiry');
    expect(topics).not.toContain('data_retention');
  });

  it('[FACT3] common phrasings find their facts: QPS is scale, how much data is retention', () => {
    const topics = (q: string) => factsAskedAbout(q, problem).facts.map((f) => f.topic);
    expect(topics('What is the expected QPS?')).toEqual(['scale']);
    expect(topics('How much data do we keep per link?')).toContain('data_retention');
  });

  it('[FACT3] the question at the heart of a problem finds its fact in the problem\'s own words', () => {
    const tm = bank.byId.get('ticketmaster')!;
    expect(factsAskedAbout('Can two people end up with the same seat?', tm).facts.map((f) => f.topic)).toEqual(['consistency']);
  });

  it('[FACT5] "do we need" means scope only when nothing more specific is asked', () => {
    const topics = (q: string) => factsAskedAbout(q, problem).facts.map((f) => f.topic);
    expect(topics('What availability do we need?')).toEqual(['availability']);
    expect(topics('Do we need strong consistency?')).toEqual(['consistency']);
    expect(topics('Do we need to support editing a link after it is created?')).toEqual(['out_of_scope']);
  });

  it('[FACT4] a question no fact covers is flagged, and the reply invites an assumption', () => {
    const plan = planTurn(session(), problem, 'What programming language should I use?', noDiagram, 0);
    expect(plan.uncoveredQuestion).toBe(true);
    expect(renderPlan(plan)).toMatch(/your call/i);
  });
});

describe('requirements', () => {
  it('[TURN1] nudges a candidate who dives in without asking, and never repeats a nudge', () => {
    let s = session();
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = answer(s, 'I will start with the API.');
      s = r.s;
      if (r.plan.question) seen.push(r.plan.question.key);
    }
    expect(seen[0]).toBe('req:clarify');
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('[TURN1] suggests moving on once the nudges are used up', () => {
    let s = session();
    let last;
    for (let i = 0; i < 5; i++) ({ s, plan: last } = answer(s, 'Fine.'));
    expect(last!.suggestAdvance).toBe(true);
    expect(renderPlan(last!, 'Estimation')).toMatch(/move on to estimation/);
  });
});

describe('estimation', () => {
  it('[EST3] ties a figure to the estimate named near it', () => {
    const fb = checkEstimates('Reads: about 100k QPS of redirects. Writes: 1.2k QPS for new links.', problem);
    expect(fb.map((f) => f.estimateId)).toEqual(['read_qps', 'write_qps']);
    expect(fb.every((f) => f.verdict === 'in_range')).toBe(true);
  });

  it('[EST4][TURN2] a wrong figure gets a verdict and a follow-up; a missing one is asked for', () => {
    let s = inPhase('estimation');
    const wrong = answer(s, 'We will see around 10 writes/s of new links.');
    expect(wrong.plan.estimateFeedback[0]).toMatchObject({ estimateId: 'write_qps', verdict: 'off' });
    expect(wrong.plan.question?.key).toBe('est-fix:write_qps');
    s = wrong.s;
    // [LIS6] Ignored once, the question is asked again; ignored twice, it is dropped and the missing figures come next.
    const reask = answer(s, 'Okay.');
    expect(reask.plan.move).toBe('reask');
    expect(reask.plan.question?.key).toBe('est-fix:write_qps');
    const next = answer(reask.s, 'Okay.');
    expect(next.plan.dropped).toBe('est-fix:write_qps');
    expect(next.plan.question?.key).toMatch(/^est:/);
    expect(next.plan.question?.key).not.toBe('est:write_qps');
  });
});

describe('design', () => {
  it('[COV1] finds components by synonym in the diagram or the talk', () => {
    const present = componentsPresent(problem.components, ['Client -> API -> Postgres', 'we put a redis layer in front']);
    expect(present.has('cache')).toBe(true);
  });

  it('[TURN3] asks to draw when the board is empty, then about missing components, then about arrows', () => {
    let s = inPhase('high_level_design');
    const first = answer(s, 'Let me think about the design.');
    expect(first.plan.question?.key).toBe('hld:draw');
    s = first.s;
    const diagram = { text: 'Client -> API service', edges: [{ from: 'Client', to: 'API service' }] };
    const keys: string[] = [];
    // Each question ignored with "Okay." is asked once more ([LIS6]), so it takes two turns per question.
    for (let i = 0; i < 2 * (problem.components.length + 2); i++) {
      const r = answer(s, 'Okay.', diagram);
      s = r.s;
      if (r.plan.question) keys.push(r.plan.question.key);
    }
    expect(keys.filter((k) => k.startsWith('comp:')).length).toBeGreaterThan(0);
    expect(keys).toContain('arrow:client->api service');
    expect(keys.indexOf('arrow:client->api service')).toBeGreaterThan(keys.findIndex((k) => k.startsWith('comp:')));
  });

  it('[TURN3] asks first about the arrows between the components the problem is about', () => {
    let s = inPhase('high_level_design');
    // Every expected component is on the board, so the questions go to the arrows.
    const all = problem.components.map((comp) => comp.synonyms[0]!).join(', ');
    s = answer(s, `The board has ${all}.`).s;
    const diagram = {
      text: 'Browser -> Marketing page; Client -> Logger; App server -> Redis cache',
      edges: [{ from: 'Browser', to: 'Marketing page' }, { from: 'Client', to: 'Logger' }, { from: 'App server', to: 'Redis cache' }],
    };
    const first = answer(s, 'Okay.', diagram).plan.question;
    expect(first?.key).toBe('arrow:app server->redis cache');
  });

  it('[TURN4] acknowledges a component once, when it first appears', () => {
    let s = inPhase('high_level_design');
    const r1 = answer(s, 'I add a Redis cache in front of the database.');
    expect(r1.plan.acknowledged).toContain(problem.components.find((c) => c.id === 'cache')!.label);
    s = r1.s;
    const r2 = answer(s, 'The Redis cache uses LRU.');
    expect(r2.plan.acknowledged).not.toContain(problem.components.find((c) => c.id === 'cache')!.label);
  });
});

describe('deep dive and wrap-up', () => {
  it('[TURN5] probes the deep-dive topics the candidate has not covered first', () => {
    let s = inPhase('deep_dive');
    const covered = problem.deepDives[0]!;
    s = push(s, { type: 'candidate_message', clientMessageId: 'c-covered', text: `Let me talk about ${covered.keywords[0]}.` });
    s = push(s, { type: 'candidate_message', clientMessageId: 'c-next', text: 'Okay.' });
    const plan = planTurn(s, problem, 'Okay.', noDiagram, 21 * MINUTE);
    expect(plan.question?.key.startsWith(`dd:${covered.id}:`)).toBe(false);
    expect(plan.question?.kind).toBe('deep_dive');
  });

  it('[TURN6] late in the deep dive asks what breaks at 10x', () => {
    const s = inPhase('deep_dive');
    const plan = planTurn(s, problem, 'Okay.', noDiagram, 36 * MINUTE);
    expect(plan.question?.key).toBe('evo:10x');
  });

  it('[TURN7] after the pivot, a reply that ignores it gets one concrete follow-up', () => {
    let s = inPhase('deep_dive');
    const pivot = problem.pivots[0]!;
    s = push(s, { type: 'pivot_injected', pivotId: pivot.id, text: pivot.text });
    const ignored = answer(s, 'I think the design is fine as it is.');
    expect(ignored.plan.question?.kind).toBe('pivot_follow_up');
    const again = answer(ignored.s, 'Still fine.');
    expect(again.plan.question?.kind).not.toBe('pivot_follow_up');
    const adapted = answer(push(inPhase('deep_dive'), { type: 'pivot_injected', pivotId: pivot.id, text: pivot.text }), `I would change it: ${pivot.expects[0]}.`);
    expect(adapted.plan.question?.kind).not.toBe('pivot_follow_up');
  });

  it('[TURN7] the follow-up also comes after a generic constraint mutation that was ignored', () => {
    const generic = bank.genericPivots[0]!;
    const withPivot = () => push(inPhase('deep_dive'), { type: 'pivot_injected', pivotId: generic.id, text: generic.text });
    expect(answer(withPivot(), 'I think the design is fine as it is.').plan.question?.kind).toBe('pivot_follow_up');
    expect(answer(withPivot(), `I would change it: ${generic.expects[0]}.`).plan.question?.kind).not.toBe('pivot_follow_up');
  });

  it('[TURN8] the wrap-up asks for the weakest trade-off and next steps, once each', () => {
    let s = inPhase('wrap_up');
    const keys: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = answer(s, 'Sure.');
      s = r.s;
      if (r.plan.question) keys.push(r.plan.question.key);
    }
    expect(keys).toEqual(['wrap:tradeoff', 'wrap:more-time', 'wrap:summary']);
  });

  it('[TURN9][LIS6] never asks the same question twice in a whole interview, except one re-ask of an ignored one', () => {
    let s = session();
    const keys: string[] = [];
    const reasked: string[] = [];
    for (const phase of ['requirements', 'estimation', 'high_level_design', 'deep_dive', 'wrap_up'] as const) {
      if (phase !== 'requirements') s = push(s, { type: 'phase_changed', from: s.phase, to: phase, reason: 'candidate' });
      for (let i = 0; i < 12; i++) {
        const r = answer(s, 'Okay, continuing.', { text: 'Client -> API', edges: [{ from: 'Client', to: 'API' }] }, 30 * MINUTE);
        s = r.s;
        if (r.plan.move === 'reask' && r.plan.question) {
          expect(keys.at(-1)).toBe(r.plan.question.key);
          reasked.push(r.plan.question.key);
        } else if (r.plan.question) keys.push(r.plan.question.key);
      }
    }
    expect(keys.length).toBeGreaterThan(10);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(reasked).size).toBe(reasked.length);
  });
});

describe('offline phrasing', () => {
  it('[OFF1] states facts verbatim and is the same for the same plan', () => {
    const plan = planTurn(session(), problem, 'What availability do we need?', noDiagram, 0);
    const text = renderPlan(plan);
    expect(text).toContain(problem.facts.find((f) => f.topic === 'availability')!.answer);
    expect(renderPlan(plan)).toBe(text);
  });
});

describe('offline phrasing of estimate verdicts', () => {
  const plan = (factor: number) => ({
    factAnswers: [], uncoveredQuestion: false, acknowledged: [], suggestAdvance: false, move: 'question', options: [],
    heard: { acts: [], antiPatterns: [], answeredProbes: [], negated: [], hedged: [] },
    estimateFeedback: [{ estimateId: 'x', label: 'Write QPS', stated: '9 QPS', verdict: 'off' as const, factor, reference: '1k–5k QPS' }],
  });
  it('[OFF1] says how far off a figure is in words people use', () => {
    expect(renderPlan(plan(1 / 20))).toContain('looks low by about 20x');
    expect(renderPlan(plan(3_000))).toContain('looks high by about 3 orders of magnitude');
    expect(renderPlan(plan(15))).not.toMatch(/\b1 orders/);
  });
});

describe('estimates across problems', () => {
  it('[EST3] ties each figure to the keyword nearest it in its own sentence, plurals included', () => {
    const tm = bank.byId.get('ticketmaster')!;
    const fb = checkEstimates('Peak reads are about 50k QPS for the event page and bookings 3k writes/s.', tm);
    const byFigure = Object.fromEntries(fb.map((f) => [f.stated.split(' (')[0], f.estimateId]));
    expect(byFigure['50k QPS']).toMatch(/read/);
    expect(byFigure['3k writes/s']).not.toBe(byFigure['50k QPS']);
  });
});
