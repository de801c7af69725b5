// The whiteboard replay on the finished page [RPL9]: a scrubber over the interview with its phases
// marked; the board as it was at that moment (the light scene preview, no Excalidraw download) and
// the last thing said. The moment is the page's (quotes and turns jump it); playing runs it at
// 1x/4x/16x. Keyboard: the scrubber takes arrows (Shift: a minute), Home/End; Space plays/pauses.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { BoardReplay, BoardTimeline, formatInterviewTime } from '../../../server/protocol/board-timeline.js';
import { request, type SessionView } from '../api.js';
import { ScenePreview } from './scene-preview.js';
import './board-replay.css';

export const SPEEDS = [1, 4, 16] as const;
const TICK_MS = 100;
const STEP_MS = 1_000;
const BIG_STEP_MS = 60_000;

type Turn = SessionView['transcript'][number];
export type TimelineState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; timeline: BoardTimeline };

/** A timeline from its GET path (a session's or a room's). */
export function useBoardTimeline(path: string, token: string | null, enabled: boolean): TimelineState {
  const [state, setState] = useState<TimelineState>({ kind: 'loading' });
  useEffect(() => {
    if (!token || !enabled) return;
    let stopped = false;
    request<unknown>(path, { token }).then(
      (raw) => !stopped && setState({ kind: 'ready', timeline: BoardTimeline.parse(raw) }),
      (err: Error) => !stopped && setState({ kind: 'error', message: err.message }),
    );
    return () => {
      stopped = true;
    };
  }, [path, token, enabled]);
  return state;
}

function phaseAt(timeline: BoardTimeline, at: number): string {
  let label = timeline.phases[0]?.label ?? '';
  for (const p of timeline.phases) if (p.atMs <= at) label = p.label;
  return label;
}

/** The last turn at or before `at` (its index in the transcript), or -1. */
export function turnIndexAt(turns: readonly Turn[], at: number): number {
  let found = -1;
  turns.forEach((t, i) => {
    if (t.atMs <= at) found = i;
  });
  return found;
}

export interface BoardReplayProps {
  timeline: BoardTimeline;
  turns: readonly Turn[];
  at: number;
  /** The turn marked as now (the page's: a jump to a turn marks that turn). */
  currentTurn: number;
  onSeek(at: number): void;
}

export function BoardReplayView({ timeline, turns, at, currentTurn: current, onSeek }: BoardReplayProps) {
  const replay = useMemo(() => new BoardReplay(timeline.entries), [timeline]);
  const end = Math.max(timeline.endMs, 1_000);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(4);
  const atRef = useRef(at);
  atRef.current = at;

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const next = Math.min(end, atRef.current + TICK_MS * speed);
      onSeek(next);
      if (next >= end) setPlaying(false);
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [playing, speed, end, onSeek]);

  const scene = useMemo(() => replay.sceneAt(at), [replay, at]);
  const visible = scene.filter((e) => e.isDeleted !== true);
  const said = current >= 0 ? turns[current] : undefined;
  const phase = phaseAt(timeline, at);
  const changeTimes = useMemo(() => [...new Set(replay.times)], [replay]);
  const prevChange = [...changeTimes].reverse().find((t) => t < at);
  const nextChange = changeTimes.find((t) => t > at);

  const toggle = () => {
    if (!playing && at >= end) onSeek(0);
    setPlaying((p) => !p);
  };
  const seek = (t: number) => onSeek(Math.max(0, Math.min(end, t)));
  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    if (e.key === ' ' && (target.tagName !== 'BUTTON' || target === e.currentTarget)) {
      e.preventDefault();
      toggle();
    }
  };
  const onScrubberKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.shiftKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      e.preventDefault();
      seek(at + (e.key === 'ArrowLeft' ? -BIG_STEP_MS : BIG_STEP_MS));
    }
  };

  return (
    <section className="card board-replay" aria-labelledby="replay-title" data-testid="replay" onKeyDown={onKey}>
      <div className="card-head">
        <h2 id="replay-title">Whiteboard replay</h2>
        <p className="replay-clock" aria-live="off">
          <strong data-testid="replay-time">{formatInterviewTime(at)}</strong> / {formatInterviewTime(end)}{phase && ` · ${phase}`}
        </p>
      </div>
      {timeline.legacy && (
        <p className="muted small" data-testid="replay-legacy">
          This interview was recorded before the replay existed: its final whiteboard is shown at every moment.
        </p>
      )}
      <div
        className="replay-board"
        data-testid="replay-board"
        data-at={at}
        data-elements={visible.map((e) => `${e.id}@${String(e.version ?? 0)}`).sort().join(' ')}
      >
        {visible.length > 0 ? (
          <ScenePreview elements={scene} label={`The whiteboard at ${formatInterviewTime(at)}`} />
        ) : (
          <p className="muted replay-empty">The whiteboard is empty at {formatInterviewTime(at)}.</p>
        )}
      </div>

      <div className="replay-track">
        <div className="replay-phases" aria-hidden="true">
          {timeline.phases.map((p, i) => {
            const from = Math.min(p.atMs, end);
            const to = Math.min(timeline.phases[i + 1]?.atMs ?? end, end);
            if (to <= from && i < timeline.phases.length - 1) return null;
            const label = p.label;
            return (
              <span key={`${p.phase}-${i}`} className={`replay-phase phase-${p.phase}`} style={{ left: `${(100 * from) / end}%`, width: `${(100 * Math.max(0, to - from)) / end}%` }} title={label}>
                {label}
              </span>
            );
          })}
          {changeTimes.map((t) => (
            <span key={t} className="replay-tick" style={{ left: `${(100 * Math.min(t, end)) / end}%` }} />
          ))}
        </div>
        <input
          type="range"
          className="replay-scrubber"
          data-testid="replay-scrubber"
          min={0}
          max={end}
          step={STEP_MS}
          value={Math.min(at, end)}
          aria-label="Interview time"
          aria-valuetext={`${formatInterviewTime(at)} of ${formatInterviewTime(end)}, ${phase ? `${phase}, ` : ''}${visible.length} element${visible.length === 1 ? '' : 's'} on the whiteboard`}
          onChange={(e) => seek(Number(e.currentTarget.value))}
          onKeyDown={onScrubberKey}
        />
      </div>

      <div className="replay-controls">
        <button type="button" onClick={toggle} data-testid="replay-play" aria-label={playing ? 'Pause the replay' : 'Play the replay'}>
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <div role="group" aria-label="Replay speed" className="replay-speeds">
          {SPEEDS.map((s) => (
            <button key={s} type="button" aria-pressed={speed === s} onClick={() => setSpeed(s)} aria-label={`Speed ${s}x`}>
              {s}x
            </button>
          ))}
        </div>
        <button type="button" onClick={() => prevChange !== undefined && seek(prevChange)} disabled={prevChange === undefined} aria-label="Previous whiteboard change">
          ◀ Change
        </button>
        <button type="button" onClick={() => nextChange !== undefined && seek(nextChange)} disabled={nextChange === undefined} aria-label="Next whiteboard change">
          Change ▶
        </button>
      </div>

      {turns.length > 0 && (
      <div className="replay-said" data-testid="replay-said" aria-live={playing ? 'off' : 'polite'}>
        {said ? (
          <>
            <span className="muted small">
              Last said, at {formatInterviewTime(said.atMs)} by {said.role === 'candidate' ? 'you' : 'the interviewer'} (turn {current + 1}):
            </span>
            <q>{excerpt(said.text)}</q>
          </>
        ) : (
          <span className="muted small">Nothing said yet.</span>
        )}
      </div>
      )}
    </section>
  );
}

function excerpt(text: string, chars = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > chars ? `${flat.slice(0, chars - 1)}…` : flat;
}
