// Score a transcript that did not happen here: paste it or load a file (Markdown, plain speaker
// lines, a meeting transcriber's export, WebVTT/SRT captions, or the JSON export), check the preview
// of the turns as the scorer reads them (and say which speaker is the candidate when the names do
// not), pick the level to judge it against and optionally the problem, and read the same report an
// interview gets (without the parts that need a session: no transcript to jump to, no whiteboard).
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { LEVELS, type Level } from '../../../server/protocol/levels.js';
import { LIMITS, ScoreRequestBody, type TranscriptPreview } from '../../../server/protocol/index.js';
import type { Report } from '../../../server/protocol/report.js';
import { api, ApiError, type ProblemListItem } from '../api.js';
import { DownloadIcon, UploadIcon } from '../components/icons.js';
import { ReportView } from '../components/report-view.js';
import { saveBlob, slug } from '../download.js';
import { parseReport } from '../report-cache.js';

const ACCEPT = '.md,.markdown,.txt,.json,.vtt,.srt,text/markdown,text/plain,text/vtt,application/json,application/x-subrip';
const MAX_FILE_BYTES = LIMITS.transcriptChars * 4;

const EXAMPLE = `---
problem: url-shortener
level: mid
---

**Interviewer:** Design a URL shortener.

**Candidate:** How many links are created per day?

**Interviewer:** About 100 million.`;

type Result = { report: Report; body: ScoreRequestBody };

/** How long typing pauses before the preview is asked for. */
const PREVIEW_DELAY_MS = 350;
/** Turns shown in the preview; the rest are counted. */
const PREVIEW_TURNS = 200;

const FORMAT_NAMES: Record<TranscriptPreview['format'], string> = {
  markdown: 'Markdown turns',
  speaker_lines: 'speaker lines',
  speaker_headers: 'speaker headers with times (Otter, Zoom, Teams)',
  webvtt: 'WebVTT captions',
  srt: 'SRT captions',
  json: 'JSON export of an interview',
};

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h > 0 ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

type PreviewState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; preview: TranscriptPreview; text: string }
  | { status: 'error'; message: string };

/** The server's message as a sentence: capitalised, with a full stop. */
function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  return t[0]!.toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
}

function explain(err: unknown): { title: string; detail: string } {
  if (err instanceof ApiError) {
    if (err.status === 422 && err.code === 'ambiguous_speakers') return { title: 'Which speaker is the candidate?', detail: 'The speaker names do not say it: pick the candidate in the preview, then score again.' };
    if (err.status === 422 && err.code === 'unknown_speaker') return { title: 'Pick the candidate again', detail: sentence(err.message) };
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
  /** The speaker the person picked as the candidate; null: as the names say. */
  const [candidate, setCandidate] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewState>({ status: 'idle' });
  const resultRef = useRef<HTMLElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const ids = { text: useId(), file: useId(), problem: useId(), help: useId(), level: useId(), candidate: useId() };

  useEffect(() => {
    document.title = 'Score a transcript · Mock system design';
    api.problems().then(setProblems, () => setProblems([]));
  }, []);

  useEffect(() => {
    if (!result) return;
    resultRef.current?.scrollIntoView({ block: 'start' });
    // The focus goes to the result's heading: the reader hears that the report is there.
    document.getElementById('score-report-title')?.focus({ preventScroll: true });
  }, [result]);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  // The preview follows the text (and the candidate picked): asked for once typing pauses, the
  // answer to an older text dropped.
  useEffect(() => {
    if (!text.trim() || text.length > LIMITS.transcriptChars) {
      setPreview({ status: 'idle' });
      return;
    }
    const abort = new AbortController();
    setPreview((p) => (p.status === 'ready' ? p : { status: 'loading' }));
    const timer = setTimeout(() => {
      api
        .scorePreview({ text, ...(candidate ? { candidate } : {}), ...(problemId ? { problemId } : {}) }, abort.signal)
        .then((p) => setPreview({ status: 'ready', preview: p, text }))
        .catch((err: unknown) => {
          if (abort.signal.aborted) return;
          // A picked speaker the edited text no longer has: back to what the names say.
          if (err instanceof ApiError && err.code === 'unknown_speaker') return setCandidate(null);
          setPreview({ status: 'error', message: err instanceof ApiError ? sentence(err.message) : (err as Error).message });
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [text, candidate, problemId]);

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
      setCandidate(null);
      setFileName(file.name);
    } catch (err) {
      setError({ title: 'The file could not be read', detail: `${file.name}: ${(err as Error).message}` });
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setResult(null); // a report on the page always belongs to the text in the box
    const parsed = ScoreRequestBody.safeParse({ text, level, ...(problemId ? { problemId } : {}), ...(candidate ? { candidate } : {}) });
    if (!parsed.success) {
      const msg = parsed.error.issues[0]?.message ?? 'invalid input';
      setError({ title: 'Nothing to score yet', detail: text.trim() ? msg : 'Paste a transcript or choose a file first.' });
      return;
    }
    if (!text.trim()) {
      setError({ title: 'Nothing to score yet', detail: 'Paste a transcript or choose a file first.' });
      return;
    }
    if (preview.status === 'ready' && preview.text === text && preview.preview.needsCandidate && !candidate) {
      setError({ title: 'Which speaker is the candidate?', detail: 'The speaker names do not say it: pick the candidate in the preview, then score.' });
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
              <span className="muted small">.md, .txt, .vtt, .srt or .json</span>
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
            Turns start with their speaker: <code>**Interviewer:**</code>, <code>Candidate:</code>, <code>Me:</code>, <code>Alex:</code>, with or
            without times like <code>[12:03]</code>. Exports of Otter, Zoom, Teams and Google Meet, WebVTT and SRT captions, and the JSON
            transcript of a finished interview work too.
          </p>
          <details className="format-help">
            <summary>Show an example</summary>
            <pre>{EXAMPLE}</pre>
          </details>
        </div>

        <PreviewPanel
          state={preview}
          candidate={candidate}
          onCandidate={(name) => {
            setCandidate(name);
            setError(null); // a "which speaker" error is answered by the pick
          }}
          groupName={ids.candidate}
        />

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
            <h2 id="score-report-title" tabIndex={-1}>Report{result.report.problem ? `: ${result.report.problem.title}` : ''}</h2>
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

/** The turns as the scorer reads them, who the candidate is (a choice when the names do not say it). */
function PreviewPanel(props: { state: PreviewState; candidate: string | null; onCandidate: (name: string) => void; groupName: string }) {
  const { state } = props;
  if (state.status === 'idle') return null;
  if (state.status === 'loading') {
    return (
      <section className="score-preview" aria-live="polite" data-testid="score-preview">
        <p className="muted small">Reading the turns…</p>
      </section>
    );
  }
  if (state.status === 'error') {
    return (
      <section className="score-preview" aria-live="polite" data-testid="score-preview">
        <p className="muted small" data-testid="preview-error">
          <strong>No preview yet.</strong> {state.message}
        </p>
      </section>
    );
  }
  const p = state.preview;
  const chosen = props.candidate ?? p.candidate;
  const shown = p.turns.slice(0, PREVIEW_TURNS);
  const canChoose = p.format !== 'json' && p.speakers.length >= 1;
  return (
    <section className="score-preview" aria-labelledby="score-preview-title" data-testid="score-preview">
      <h3 id="score-preview-title" style={{ margin: '0 0 4px' }}>
        Preview: {p.turns.length} {p.turns.length === 1 ? 'turn' : 'turns'}
      </h3>
      <p className="muted small" style={{ margin: '0 0 8px' }} data-testid="preview-summary">
        Read as {FORMAT_NAMES[p.format]} · {p.speakers.length} {p.speakers.length === 1 ? 'speaker' : 'speakers'}
        {p.timed ? ' · timed' : ' · no times'}
        {p.problem ? ` · problem: ${p.problem.title}` : p.problemId ? ` · problem "${p.problemId}" is not in the bank` : ''}
      </p>
      {canChoose && (
        <fieldset className="inline-levels" data-testid="candidate-choice" style={{ marginBottom: 8 }}>
          <legend className="field-label">Who is the candidate?</legend>
          {p.speakers.map((s) => (
            <label key={s.name} className={`series-option${s.name === chosen ? ' selected' : ''}`}>
              <input type="radio" name={props.groupName} value={s.name} checked={s.name === chosen} onChange={() => props.onCandidate(s.name)} />
              {s.name} <span className="small">({s.turns})</span>
            </label>
          ))}
        </fieldset>
      )}
      {p.needsCandidate ? (
        <p className="form-error small" role="status" data-testid="preview-needs-candidate">
          The speaker names do not say which one is the candidate: pick the candidate above.
        </p>
      ) : (
        <p className="muted small" style={{ margin: '0 0 8px' }} data-testid="preview-candidate">
          {p.candidate === null
            ? 'No speaker is the candidate: only interviewer turns were found.'
            : p.candidateFrom === 'request'
              ? `${p.candidate} is the candidate (your choice); everyone else is an interviewer.`
              : `${p.candidate} is the candidate, as the names say; everyone else is an interviewer.`}{' '}
          If the turns below look right, score the transcript.
        </p>
      )}
      <ol className="transcript-log" style={{ listStyle: 'none', padding: 0, margin: 0, maxHeight: 360, overflowY: 'auto' }} aria-label="Parsed turns">
        {shown.map((t) => (
          <li key={t.turn} className={`msg ${t.role ?? 'interviewer'}`} data-testid="preview-turn" data-role={t.role ?? ''}>
            <div className="msg-who">
              {t.turn}. {t.speaker}
              {t.role ? ` · ${t.role}` : ''}
              {t.atMs !== null ? ` · ${clock(t.atMs)}` : ''}
            </div>
            <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{t.text.length > 600 ? `${t.text.slice(0, 600)}…` : t.text}</div>
          </li>
        ))}
      </ol>
      {p.turns.length > shown.length && <p className="muted small">… and {p.turns.length - shown.length} more turns.</p>}
    </section>
  );
}
