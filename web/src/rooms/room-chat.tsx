// The room chat: everyone's messages (the interviewer's pivot cards stand out), this browser's
// messages still waiting for the server, and the composer.
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ChatMessage, PeerInfo } from '../../../server/protocol/rooms.js';
import { ROOM_LIMITS } from '../../../server/protocol/rooms.js';
import { usePinnedToBottom } from '../components/chat.js';
import { PivotIcon } from '../components/icons.js';
import { Markdown } from '../markdown.js';
import type { ConnectionState, PendingChat } from './room-live.js';

const ROLE_LABELS: Record<PeerInfo['role'], string> = { interviewer: 'interviewer', candidate: 'candidate', peer: '' };

interface RoomChatProps {
  chat: ChatMessage[];
  pending: PendingChat[];
  you: PeerInfo | null;
  connection: ConnectionState;
  error: string | null;
  onDismissError(): void;
  onSend(text: string): string | undefined;
  placeholder: string;
  /** The composer's id (the skip link's target). */
  composerId?: string;
}

export function RoomChat({ chat, pending, you, connection, error, onDismissError, onSend, placeholder, composerId }: RoomChatProps) {
  const [draft, setDraft] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const generatedId = useId();
  const ids = { input: composerId ?? generatedId, hint: useId() };
  const live = connection.kind === 'live';

  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [chat, pending]);
  usePinnedToBottom(listRef, stickToBottom);

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
    if (problem) return setFormError(problem);
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

  return (
    <section className="chat room-chat" aria-label="Room chat">
      <div className="chat-log" ref={listRef} role="log" aria-live="off" tabIndex={0} aria-label="Messages">
        {chat.length === 0 && pending.length === 0 && <p className="muted small room-chat-empty">No messages yet. Say hello.</p>}
        {chat.map((m) =>
          m.kind === 'pivot' ? (
            <article key={m.seq} className="pivot-card" aria-label="Constraint change" data-kind="pivot" data-seq={m.seq}>
              <header>
                <PivotIcon /> Constraint change
              </header>
              <div className="md">
                <Markdown text={m.text} />
              </div>
            </article>
          ) : (
            <article key={m.seq} className={`msg ${m.peerId === you?.peerId ? 'mine' : 'theirs'}`} data-seq={m.seq} data-role={m.role} data-mine={m.peerId === you?.peerId}>
              <div className="msg-who">
                {m.peerId === you?.peerId ? 'You' : m.name}
                {ROLE_LABELS[m.role] && <span className="msg-role"> · {ROLE_LABELS[m.role]}</span>}
              </div>
              <div className="msg-body md">
                <Markdown text={m.text} />
              </div>
            </article>
          ),
        )}
        {pending.map((m) => (
          <article key={m.clientMessageId} className="msg mine pending" data-pending="true">
            <div className="msg-who">You</div>
            <div className="msg-body md">
              <Markdown text={m.text} />
            </div>
            <p className="msg-status">{live ? 'Sending…' : 'Not sent yet: will send when the connection is back'}</p>
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
        <label htmlFor={ids.input} className="visually-hidden">Message to the room</label>
        <textarea
          id={ids.input}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          rows={2}
          maxLength={ROOM_LIMITS.chatChars}
          placeholder={placeholder}
          aria-describedby={ids.hint}
        />
        <div className="composer-row">
          <span id={ids.hint} className="muted small">
            {formError ? <span className="error">{formError}</span> : draft.length > ROOM_LIMITS.chatChars * 0.85 ? `${draft.length} / ${ROOM_LIMITS.chatChars}` : 'Enter to send · Shift+Enter for a new line'}
          </span>
          <button type="submit" className="primary">Send</button>
        </div>
      </form>
    </section>
  );
}
