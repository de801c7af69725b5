// The room chat in the shared ChatPanel (components/chat.tsx): everyone's messages (the
// interviewer's pivot cards stand out) and this browser's messages still waiting for the server.
import type { ChatMessage, PeerInfo } from '../../../server/protocol/rooms.js';
import { ROOM_LIMITS } from '../../../server/protocol/rooms.js';
import { ChatPanel, NOT_SENT_YET, PendingRow, PivotCard } from '../components/chat.js';
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
  const live = connection.kind === 'live';
  return (
    <ChatPanel
      label="Room chat"
      className="room-chat"
      logLabel="Messages"
      rowsKey={[chat, pending]}
      error={error}
      onDismissError={onDismissError}
      onSend={onSend}
      composer={{ label: 'Message to the room', rows: 2, maxChars: ROOM_LIMITS.chatChars, placeholder }}
      {...(composerId ? { composerId } : {})}
    >
      {chat.length === 0 && pending.length === 0 && <p className="muted small room-chat-empty">No messages yet. Say hello.</p>}
      {chat.map((m) =>
        m.kind === 'pivot' ? (
          <PivotCard key={m.seq} text={m.text} seq={m.seq} />
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
        <PendingRow key={m.clientMessageId} className="mine" text={m.text} status={live ? 'Sending…' : NOT_SENT_YET} />
      ))}
    </ChatPanel>
  );
}
