// The chat panel of solo interviews and peer rooms alike (ChatPanel: the log kept at its newest
// message, the error line and the composer), and the solo interview's chat in it: durable turns
// (with phase dividers, the pivot card, time checks and model notices), the reply streaming in,
// and the candidate's messages still waiting for the server. rooms/room-chat.tsx is the room's.
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type MutableRefObject, type ReactNode, type RefObject } from 'react';
import { PHASE_LABELS } from '../../../server/protocol/phases.js';
import { LIMITS } from '../../../server/protocol/index.js';
import { Markdown } from '../markdown.js';
import { ClockIcon, InfoIcon, PivotIcon } from './icons.js';
import type { ChatTurn, ConnectionState, PendingView, StreamingReply } from '../session-live.js';

/** A pivot card: the interviewer's constraint change, set apart from the messages. */
export function PivotCard({ text, seq }: { text: string; seq?: number }) {
  return (
    <article className="pivot-card" aria-label="Constraint change" data-kind="pivot" data-seq={seq}>
      <header>
        <PivotIcon /> Constraint change
      </header>
      <div className="md">
        <Markdown text={text} />
      </div>
    </article>
  );
}

/** One of this browser's messages the server has not stored yet. */
export function PendingRow({ className, text, status }: { className: string; text: string; status: string }) {
  return (
    <article className={`msg ${className} pending`} data-pending="true">
      <div className="msg-who">You</div>
      <div className="msg-body md">
        <Markdown text={text} />
      </div>
      <p className="msg-status">{status}</p>
    </article>
  );
}

export const NOT_SENT_YET = 'Not sent yet: will send when the connection is back';

export function TurnView({ turn }: { turn: ChatTurn }) {
  if (turn.kind === 'pivot') return <PivotCard text={turn.text} />;
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

export interface ChatPanelProps {
  /** The panel's accessible name and extra class. */
  label: string;
  className?: string;
  /** The log's accessible name. */
  logLabel: string;
  /** The log's rows. */
  children: ReactNode;
  /** What the rows are made of: when it changes the log stays at its newest row, unless the reader scrolled up. */
  rowsKey: readonly unknown[];
  error: string | null;
  onDismissError(): void;
  /** Sends the draft; a returned string is shown as the reason it was not sent. */
  onSend(text: string): string | undefined;
  composer: {
    label: string;
    rows: number;
    maxChars: number;
    placeholder: string;
    disabled?: boolean;
    /** Focus the composer when the panel opens (without scrolling to it). */
    focusOnOpen?: boolean;
  };
  /** The composer's id (the skip link's target). */
  composerId?: string;
}

export function ChatPanel({ label, className, logLabel, children, rowsKey, error, onDismissError, onSend, composer, composerId }: ChatPanelProps) {
  const [draft, setDraft] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const stickToBottom = useRef(true);
  const generatedId = useId();
  const ids = { input: composerId ?? generatedId, hint: useId() };

  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, rowsKey);
  usePinnedToBottom(listRef, stickToBottom);

  useEffect(() => {
    if (composer.focusOnOpen) inputRef.current?.focus({ preventScroll: true });
    // Only when the panel opens.
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

  const max = composer.maxChars;
  return (
    <section className={className ? `chat ${className}` : 'chat'} aria-label={label}>
      <div className="chat-log" ref={listRef} role="log" aria-live="off" tabIndex={0} aria-label={logLabel}>
        {children}
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
        <label htmlFor={ids.input} className="visually-hidden">{composer.label}</label>
        <textarea
          ref={inputRef}
          id={ids.input}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          rows={composer.rows}
          maxLength={max}
          placeholder={composer.placeholder}
          disabled={composer.disabled}
          aria-describedby={ids.hint}
        />
        <div className="composer-row">
          <span id={ids.hint} className="muted small">
            {formError ? <span className="error">{formError}</span> : draft.length > max * 0.85 ? `${draft.length} / ${max}` : 'Enter to send · Shift+Enter for a new line'}
          </span>
          <button type="submit" className="primary" disabled={composer.disabled}>Send</button>
        </div>
      </form>
    </section>
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

/** The solo interview's chat. */
export function Chat({ turns, streaming, pending, connection, ended, error, onDismissError, onSend, composerId }: ChatProps) {
  const live = connection.kind === 'live';
  const rows: JSX.Element[] = [];
  let phase: ChatTurn['phase'] | undefined;
  for (const t of turns) {
    if (phase !== undefined && t.phase !== phase) rows.push(<PhaseDivider key={`d${t.seq}`} phase={t.phase} />);
    phase = t.phase;
    rows.push(<TurnView key={t.seq} turn={t} />);
  }

  return (
    <ChatPanel
      label="Interview chat"
      logLabel="Conversation"
      rowsKey={[turns, streaming, pending]}
      error={error}
      onDismissError={onDismissError}
      onSend={onSend}
      composer={{
        label: 'Your message to the interviewer',
        rows: 3,
        maxChars: LIMITS.messageChars,
        placeholder: ended ? 'The interview has ended.' : 'Ask a question or explain your design…',
        disabled: ended,
        // The room opens ready to type (without scrolling the stacked tablet layout to the composer).
        focusOnOpen: !ended,
      }}
      {...(composerId ? { composerId } : {})}
    >
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
        <PendingRow key={m.clientMessageId} className="candidate" text={m.text} status={m.acked ? 'Sent' : live ? 'Sending…' : NOT_SENT_YET} />
      ))}
    </ChatPanel>
  );
}
