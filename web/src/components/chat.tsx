// The interview chat: durable turns (with phase dividers, the pivot card, time checks and model
// notices), the reply streaming in, and the candidate's messages still waiting for the server.
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type MutableRefObject, type RefObject } from 'react';
import { PHASE_LABELS } from '../../../server/protocol/phases.js';
import { LIMITS } from '../../../server/protocol/index.js';
import { Markdown } from '../markdown.js';
import { ClockIcon, InfoIcon, PivotIcon } from './icons.js';
import type { ChatTurn, ConnectionState, PendingView, StreamingReply } from '../session-live.js';

export function TurnView({ turn }: { turn: ChatTurn }) {
  if (turn.kind === 'pivot') {
    return (
      <article className="pivot-card" aria-label="Constraint change" data-kind="pivot">
        <header>
          <PivotIcon /> Constraint change
        </header>
        <div className="md">
          <Markdown text={turn.text} />
        </div>
      </article>
    );
  }
  if (turn.kind === 'warning') {
    return (
      <p className="time-check" data-kind="warning">
        <ClockIcon /> {turn.text}
      </p>
    );
  }
  const who = turn.role === 'candidate' ? 'You' : 'Interviewer';
  return (
    <article className={`msg ${turn.role} kind-${turn.kind}`} data-seq={turn.seq} data-role={turn.role}>
      <div className="msg-who">{who}</div>
      <div className="msg-body md">
        <Markdown text={turn.text} />
      </div>
      {turn.notice && (
        <p className="msg-notice">
          <InfoIcon /> {turn.notice}
        </p>
      )}
    </article>
  );
}

/**
 * Keeps a chat log scrolled to its newest message while the reader has not scrolled up, also when
 * the log itself changes size: a pivot banner or a time warning appearing above it, the tab that
 * holds it being shown, a rotated phone.
 */
export function usePinnedToBottom(listRef: RefObject<HTMLElement>, stick: MutableRefObject<boolean>) {
  useEffect(() => {
    const el = listRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [listRef, stick]);
}

export function PhaseDivider({ phase }: { phase: ChatTurn['phase'] }) {
  return (
    <div className="phase-divider" role="separator" aria-label={PHASE_LABELS[phase]}>
      <span>{PHASE_LABELS[phase]}</span>
    </div>
  );
}

interface ChatProps {
  turns: ChatTurn[];
  streaming: StreamingReply[];
  pending: PendingView[];
  connection: ConnectionState;
  ended: boolean;
  error: string | null;
  onDismissError(): void;
  onSend(text: string): string | undefined;
  /** The composer's id (the skip link's target). */
  composerId?: string;
}

export function Chat({ turns, streaming, pending, connection, ended, error, onDismissError, onSend, composerId }: ChatProps) {
  const [draft, setDraft] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const stickToBottom = useRef(true);
  const generatedId = useId();
  const ids = { input: composerId ?? generatedId, hint: useId() };
  const live = connection.kind === 'live';

  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [turns, streaming, pending]);
  usePinnedToBottom(listRef, stickToBottom);

  // The room opens ready to type (without scrolling the stacked tablet layout to the composer).
  useEffect(() => {
    if (!ended) inputRef.current?.focus({ preventScroll: true });
    // Only when the room opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const onScroll = () => {
      stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  function submit() {
    const problem = onSend(draft);
    if (problem) {
      setFormError(problem);
      return;
    }
    setFormError(null);
    setDraft('');
    stickToBottom.current = true;
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  const rows: JSX.Element[] = [];
  let phase: ChatTurn['phase'] | undefined;
  for (const t of turns) {
    if (phase !== undefined && t.phase !== phase) rows.push(<PhaseDivider key={`d${t.seq}`} phase={t.phase} />);
    phase = t.phase;
    rows.push(<TurnView key={t.seq} turn={t} />);
  }

  return (
    <section className="chat" aria-label="Interview chat">
      <div className="chat-log" ref={listRef} role="log" aria-live="off" tabIndex={0} aria-label="Conversation">
        {rows}
        {streaming.map((s) => (
          <article key={s.turnId} className="msg interviewer streaming" aria-hidden="true" data-streaming="true">
            <div className="msg-who">Interviewer</div>
            <div className="msg-body md">
              {s.text ? <Markdown text={s.text} /> : <span className="typing"><span /><span /><span /></span>}
            </div>
          </article>
        ))}
        {pending.map((m) => (
          <article key={m.clientMessageId} className="msg candidate pending" data-pending="true">
            <div className="msg-who">You</div>
            <div className="msg-body md">
              <Markdown text={m.text} />
            </div>
            <p className="msg-status">{m.acked ? 'Sent' : live ? 'Sending…' : 'Not sent yet: will send when the connection is back'}</p>
          </article>
        ))}
      </div>

      {error && (
        <div className="chat-error" role="alert">
          <span>{error}</span>
          <button type="button" className="link" onClick={onDismissError}>Dismiss</button>
        </div>
      )}

      <form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label htmlFor={ids.input} className="visually-hidden">Your message to the interviewer</label>
        <textarea
          ref={inputRef}
          id={ids.input}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          rows={3}
          maxLength={LIMITS.messageChars}
          placeholder={ended ? 'The interview has ended.' : 'Ask a question or explain your design…'}
          disabled={ended}
          aria-describedby={ids.hint}
        />
        <div className="composer-row">
          <span id={ids.hint} className="muted small">
            {formError ? <span className="error">{formError}</span> : draft.length > LIMITS.messageChars * 0.85 ? `${draft.length} / ${LIMITS.messageChars}` : 'Enter to send · Shift+Enter for a new line'}
          </span>
          <button type="submit" className="primary" disabled={ended}>Send</button>
        </div>
      </form>
    </section>
  );
}
