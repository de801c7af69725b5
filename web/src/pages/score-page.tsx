// Score a transcript that did not happen here: paste it or load a file (.md, .txt, .json), pick the
// level to judge it against and optionally the problem, and read the same report an interview gets
// (without the parts that need a session: no transcript to jump to, no whiteboard).
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { LEVELS, type Level } from '../../../server/domain/problem.js';
import { LIMITS, ScoreTranscriptBody } from '../../../server/protocol/index.js';
import type { Report } from '../../../server/scoring/types.js';
import { api, ApiError, type ProblemListItem } from '../api.js';
import { DownloadIcon, UploadIcon } from '../components/icons.js';
import { ReportView } from '../components/report-view.js';
import { saveBlob, slug } from '../download.js';
import { parseReport } from '../report-cache.js';

const ACCEPT = '.md,.markdown,.txt,.json,text/markdown,text/plain,application/json';
const MAX_FILE_BYTES = LIMITS.transcriptChars * 4;

const EXAMPLE = `---
problem: url-shortener
level: mid
---

**Interviewer:** Design a URL shortener.

**Candidate:** How many links are created per day?

**Interviewer:** About 100 million.`;

type Result = { report: Report; body: ScoreTranscriptBody };

/** The server's message as a sentence: capitalised, with a full stop. */
function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  return t[0]!.toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
}

function explain(err: unknown): { title: string; detail: string } {
  if (err instanceof ApiError) {
    if (err.status === 422) return { title: 'This transcript could not be read', detail: sentence(err.message) };
    if (err.status === 404 && err.code === 'unknown_problem') return { title: 'Unknown problem', detail: sentence(err.message) };
    if (err.status === 413) return { title: 'The transcript is too large', detail: `Keep it under ${LIMITS.transcriptChars.toLocaleString()} characters.` };
    if (err.status === 400) return { title: 'The request was refused', detail: sentence(err.message) };
    if (err.status === 0) return { title: 'Cannot reach the server', detail: err.message };
    return { title: 'Scoring failed', detail: `${err.message} (HTTP ${err.status || 'error'}).` };
  }
  return { title: 'Scoring failed', detail: (err as Error).message };
}

export default function ScorePage() {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [level, setLevel] = useState<Level>('mid');
  const [problemId, setProblemId] = useState('');
  const [problems, setProblems] = useState<ProblemListItem[] | null>(null);
  const [scoring, setScoring] = useState(false);
  const [error, setError] = useState<{ title: string; detail: string } | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [mdBusy, setMdBusy] = useState(false);
  const resultRef = useRef<HTMLElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const ids = { text: useId(), file: useId(), problem: useId(), help: useId(), level: useId() };

  useEffect(() => {
    document.title = 'Score a transcript · Mock system design';
    api.problems().then(setProblems, () => setProblems([]));
  }, []);

  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView({ block: 'start' });
  }, [result]);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = ''; // the same file can be picked again after editing it
    if (!file) return;
    setError(null);
    if (file.size > MAX_FILE_BYTES) {
      setError({ title: 'The file is too large', detail: `${file.name} is ${(file.size / 1e6).toFixed(1)} MB; a transcript must be under ${LIMITS.transcriptChars.toLocaleString()} characters.` });
      return;
    }
    try {
      const content = await file.text();
      if (content.includes('\u0000')) throw new Error('it looks like a binary file, not text');
      setText(content);
      setFileName(file.name);
    } catch (err) {
      setError({ title: 'The file could not be read', detail: `${file.name}: ${(err as Error).message}` });
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setResult(null); // a report on the page always belongs to the text in the box
    const parsed = ScoreTranscriptBody.safeParse({ text, level, ...(problemId ? { problemId } : {}) });
    if (!parsed.success) {
      const msg = parsed.error.issues[0]?.message ?? 'invalid input';
      setError({ title: 'Nothing to score yet', detail: text.trim() ? msg : 'Paste a transcript or choose a file first.' });
      return;
    }
    if (!text.trim()) {
      setError({ title: 'Nothing to score yet', detail: 'Paste a transcript or choose a file first.' });
      return;
    }
    setScoring(true);
    try {
      const report = parseReport(await api.score(parsed.data));
      setResult({ report, body: parsed.data });
    } catch (err) {
      setError(explain(err));
    } finally {
      setScoring(false);
    }
  }

  async function downloadMarkdown() {
    if (!result) return;
    setMdBusy(true);
    try {
      const blob = await api.scoreMarkdown(result.body);
      saveBlob(blob, `report-${slug(result.report.problem?.title ?? 'transcript')}.md`);
    } catch (err) {
      setError(explain(err));
    } finally {
      setMdBusy(false);
    }
  }

  const chars = text.length;
  return (
    <div className="score-page">
      <header className="score-intro">
        <h1>Score a transcript</h1>
        <p className="lede">
          Paste an interview you had elsewhere, or load a file, and get the same report a mock interview here gets: scores on eight
          dimensions, evidence quotes, red flags, the constraint change and next steps. Nothing is stored.
        </p>
      </header>

      <form className="card score-form" onSubmit={submit} aria-labelledby="score-form-title" noValidate>
        <h2 id="score-form-title" className="visually-hidden">Transcript to score</h2>
        <div className="score-input">
          <div className="label-row">
            <label htmlFor={ids.text} className="field-label">Transcript</label>
            <span className="file-pick">
              <input id={ids.file} type="file" accept={ACCEPT} onChange={onFile} className="visually-hidden" />
              <label htmlFor={ids.file} className="button small-button">
                <UploadIcon /> Load a file…
              </label>
              <span className="muted small">.md, .txt or .json</span>
            </span>
          </div>
          <textarea
            id={ids.text}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setFileName(null);
            }}
            rows={14}
            spellCheck={false}
            placeholder={'**Interviewer:** Design a URL shortener.\n\n**Candidate:** How many links are created per day?'}
            aria-describedby={ids.help}
            className="transcript-input"
          />
          <p id={ids.help} className="muted small">
            {fileName ? <>Loaded <strong>{fileName}</strong> · </> : null}
            {chars > 0 ? `${chars.toLocaleString()} characters · ` : ''}
            Turns start with <code>**Interviewer:**</code> or <code>**Candidate:**</code>; a JSON transcript downloaded from a finished interview works too.
          </p>
          <details className="format-help">
            <summary>Show an example</summary>
            <pre>{EXAMPLE}</pre>
          </details>
        </div>

        <div className="score-options">
          <fieldset className="inline-levels">
            <legend className="field-label">Target level</legend>
            {LEVELS.map((l) => (
              <label key={l} className={`series-option${l === level ? ' selected' : ''}`}>
                <input type="radio" name={ids.level} value={l} checked={l === level} onChange={() => setLevel(l)} />
                {l[0]!.toUpperCase() + l.slice(1)}
              </label>
            ))}
          </fieldset>
          <div className="problem-pick">
            <label htmlFor={ids.problem} className="field-label">Problem <span className="muted small">(optional)</span></label>
            <select id={ids.problem} value={problemId} onChange={(e) => setProblemId(e.target.value)}>
              <option value="">Not specified: use what the transcript names</option>
              {(problems ?? []).map((p) => (
                <option key={p.id} value={p.id}>{p.title}</option>
              ))}
            </select>
          </div>
          <button type="submit" className="primary" disabled={scoring}>
            {scoring ? 'Scoring…' : 'Score transcript'}
          </button>
        </div>

        {error && (
          <div className="form-error" role="alert" tabIndex={-1} ref={errorRef} data-testid="score-error">
            <strong>{error.title}.</strong> <span>{error.detail}</span>
          </div>
        )}
      </form>

      {result && (
        <section className="card" aria-labelledby="score-report-title" ref={resultRef} data-testid="score-result">
          <div className="card-head">
            <h2 id="score-report-title">Report{result.report.problem ? `: ${result.report.problem.title}` : ''}</h2>
            <button type="button" onClick={() => void downloadMarkdown()} disabled={mdBusy} aria-busy={mdBusy}>
              <DownloadIcon /> {mdBusy ? 'Preparing…' : 'Download as Markdown'}
            </button>
          </div>
          <ReportView report={result.report} linkTurns={false} />
        </section>
      )}
    </div>
  );
}
