// Start: pick a problem (searchable, with difficulty and tags), a target level and a length.
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { DEFAULT_DURATION_MINUTES, MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from '../../../server/protocol/phases.js';
import { LEVELS, type Level } from '../../../server/protocol/levels.js';
import { CreateSessionBody, type InterviewMode } from '../../../server/protocol/index.js';
import { ModeChoice } from '../coach/mode-choice.js';
import { api, type ProblemListItem, type SessionSummary } from '../api.js';
import { href } from '../router.js';
import { startSession } from '../start-session.js';
import { OpenPeerRoom } from '../rooms/open-room.js';
import { sessionToken } from '../storage.js';

const LEVEL_HINTS: Record<Level, string> = {
  junior: 'A working design for the core flow, with some guidance.',
  mid: 'Drives most of the interview; sound estimates and trade-offs.',
  senior: 'Leads throughout; depth, failure modes and evolution.',
};

/** [PRAC10] Presets from the address (#/?problem=ID&level=LEVEL), as the practice plan links them. */
function preset(): { problem: string; level: Level | undefined } {
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
  return { problem: q.get('problem') ?? '', level: LEVELS.find((l) => l === q.get('level')) };
}

const NO_PROBLEM = 'Choose a problem first.';
const BAD_LENGTH = 'Length must be';

export function StartPage() {
  const [problems, setProblems] = useState<ProblemListItem[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [problemId, setProblemId] = useState<string>(() => preset().problem);
  const [level, setLevel] = useState<Level>(() => preset().level ?? 'mid');
  const [minutes, setMinutes] = useState<string>(String(DEFAULT_DURATION_MINUTES));
  const [mode, setMode] = useState<InterviewMode>('interview');
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [resume, setResume] = useState<SessionSummary | null>(null);
  const ids = { search: useId(), minutes: useId(), minutesHelp: useId() };

  const [interviewer, setInterviewer] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'New interview · Mock system design';
    api.problems().then(setProblems, (err: Error) => setLoadError(err.message));
    api.health().then((h) => setInterviewer(h.interviewerLabel), () => setInterviewer(null));
    api.listSessions().then(
      (list) => setResume(list.find((s) => s.status === 'active' && sessionToken(s.id)) ?? null),
      () => {},
    );
  }, []);

  const visible = useMemo(() => {
    if (!problems) return [];
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return problems;
    return problems.filter((p) => {
      const hay = `${p.title} ${p.difficulty} ${p.tags.join(' ')} ${p.statement}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }, [problems, query]);

  const selected = problems?.find((p) => p.id === problemId);
  // A preset naming no problem of the bank selects nothing.
  useEffect(() => {
    if (problems && problemId && !selected) setProblemId('');
  }, [problems]); // eslint-disable-line react-hooks/exhaustive-deps

  // An error goes when its cause does: a problem chosen, the length corrected.
  useEffect(() => {
    setError((e) => (e === NO_PROBLEM && problemId ? null : e));
  }, [problemId]);
  useEffect(() => {
    setError((e) => (e?.startsWith(BAD_LENGTH) && CreateSessionBody.shape.durationMinutes.safeParse(Number(minutes)).success ? null : e));
  }, [minutes]);

  async function start(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const parsed = CreateSessionBody.safeParse({ problemId, level, durationMinutes: Number(minutes), mode });
    if (!problemId) return setError(NO_PROBLEM);
    if (!parsed.success) return setError(`${BAD_LENGTH} a whole number of minutes from ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}.`);
    setStarting(true);
    try {
      await startSession(parsed.data);
    } catch (err) {
      setError((err as Error).message);
      setStarting(false);
    }
  }

  return (
    <form className="start" onSubmit={start} aria-labelledby="start-title">
      <div className="start-intro">
        <h1 id="start-title">Practise a system design interview</h1>
        <p className="lede">
          A timed mock interview: ask clarifying questions, estimate, sketch on the whiteboard and go deep while the clock runs.
          Expect a constraint to change on you half-way.
        </p>
        {interviewer && (
          <p className="interviewer-note" data-testid="interviewer-note">
            Your interviewer: <strong>{interviewer}</strong>.{' '}
            {interviewer.startsWith('Built-in')
              ? 'It answers from the problem’s facts, challenges known mistakes and follows up on what you say; it runs without any AI model.'
              : 'An AI model words each turn; the server checks every reply before you see it.'}
          </p>
        )}
        <p className="muted">
          Had an interview somewhere else? <a href={href.score()}>Score a transcript</a> to get the same report from a pasted or uploaded transcript.
        </p>
        {resume && (
          <p className="resume-note">
            You have an interview in progress: <a href={href.interview(resume.id)}>resume {resume.problemTitle}</a>.
          </p>
        )}
      </div>

      <section className="start-problems" aria-labelledby="problems-title">
        <div className="section-head">
          <h2 id="problems-title">Problem</h2>
          <label className="search" htmlFor={ids.search}>
            <span className="visually-hidden">Search problems</span>
            <input
              id={ids.search}
              type="search"
              placeholder="Search by name, tag or difficulty"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoComplete="off"
            />
          </label>
        </div>
        {loadError && <p className="error" role="alert">Could not load the problems: {loadError}</p>}
        {!problems && !loadError && <p className="muted" role="status">Loading problems…</p>}
        {problems && (
          <fieldset className="problem-list">
            <legend className="visually-hidden">Choose a problem</legend>
            {visible.length === 0 && <p className="muted">No problem matches “{query}”.</p>}
            {visible.map((p) => (
              <label key={p.id} className={`problem-card${p.id === problemId ? ' selected' : ''}`}>
                <input type="radio" name="problem" value={p.id} checked={p.id === problemId} onChange={() => setProblemId(p.id)} />
                <span className="problem-body">
                  <span className="problem-title">
                    {p.title} <span className={`badge difficulty-${p.difficulty}`}>{p.difficulty}</span>
                  </span>
                  <span className="problem-statement">{p.statement}</span>
                  <span className="tags">
                    {p.tags.map((t) => (
                      <span key={t} className="tag">{t}</span>
                    ))}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
      </section>

      <aside className="start-options" aria-label="Interview settings">
        <ModeChoice mode={mode} onChange={setMode} />

        <fieldset className="levels">
          <legend><h2>Target level</h2></legend>
          {LEVELS.map((l) => (
            <label key={l} className={`level-option${l === level ? ' selected' : ''}`}>
              <input type="radio" name="level" value={l} checked={l === level} onChange={() => setLevel(l)} />
              <span>
                <span className="level-name">{l[0]!.toUpperCase() + l.slice(1)}</span>
                <span className="level-hint">{LEVEL_HINTS[l]}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <div className="length">
          <h2><label htmlFor={ids.minutes}>Length</label></h2>
          <div className="length-row">
            <input
              id={ids.minutes}
              type="number"
              min={MIN_DURATION_MINUTES}
              max={MAX_DURATION_MINUTES}
              step={1}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              aria-describedby={ids.minutesHelp}
            />
            <span>minutes</span>
          </div>
          <p id={ids.minutesHelp} className="muted small">
            {MIN_DURATION_MINUTES}–{MAX_DURATION_MINUTES} minutes; {DEFAULT_DURATION_MINUTES} is the usual interview.
          </p>
        </div>

        <div className="start-action">
          <p className="summary" aria-live="polite">
            {selected ? (
              <>
                <strong>{selected.title}</strong> · {level} · {minutes || '?'} min{mode === 'coach' ? ' · coach' : ''}
              </>
            ) : (
              'Choose a problem to start.'
            )}
          </p>
          <button type="submit" className="primary big" disabled={starting}>
            {starting ? 'Starting…' : 'Start interview'}
          </button>
          {error && <p className="error" role="alert">{error}</p>}
        </div>

        <OpenPeerRoom problemId={problemId} problemTitle={selected?.title} level={level} minutes={minutes} />
      </aside>
    </form>
  );
}
