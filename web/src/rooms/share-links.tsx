// The links of a new peer room, with copy buttons: the candidate's and the interviewer's for a
// peer interview, the one link of a shared whiteboard. Shown in a modal <dialog> on the start page
// after creating a room, and again from the room page's "Invite" button.
import { useEffect, useId, useRef, useState } from 'react';
import type { CreateRoomResponse } from '../../../server/protocol/rooms.js';
import { absoluteRoomLink, copyText } from './room-links.js';

function LinkRow({ label, hint, url, testId }: { label: string; hint: string; url: string; testId: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const id = useId();
  const full = absoluteRoomLink(url);
  return (
    <div className="room-link" data-testid={testId}>
      <label htmlFor={id} className="room-link-label">{label}</label>
      <p className="muted small room-link-hint">{hint}</p>
      <div className="room-link-row">
        <input id={id} type="text" readOnly value={full} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <button
          type="button"
          className="small-button"
          onClick={async () => {
            setCopied(await copyText(full));
            setTimeout(() => setCopied(null), 2500);
          }}
          aria-label={`Copy the ${label.toLowerCase()}`}
        >
          {copied === null ? 'Copy' : copied ? 'Copied' : 'Copy failed'}
        </button>
      </div>
    </div>
  );
}

/** The hash route of a server link (`/#/rooms/<id>?token=…`). */
export function linkHash(url: string): string {
  const i = url.indexOf('#');
  return i >= 0 ? url.slice(i) : url;
}

export function RoomLinks({ room }: { room: CreateRoomResponse }) {
  if (room.mode === 'interview' && room.candidate && room.interviewer) {
    return (
      <div className="room-links">
        <LinkRow
          label="Candidate link"
          hint="Send this to the person practising. It opens the board, the chat and the clock, never the interviewer's notes."
          url={room.candidate.url}
          testId="candidate-link"
        />
        <LinkRow
          label="Interviewer link"
          hint="Keep this one for whoever interviews: it opens the hidden facts, the pivot cards and the scorecard."
          url={room.interviewer.url}
          testId="interviewer-link"
        />
      </div>
    );
  }
  return (
    <div className="room-links">
      <LinkRow label="Room link" hint="Anyone with this link can draw and chat in the room (up to 10 people)." url={room.url} testId="room-link" />
    </div>
  );
}

export function RoomLinksDialog({ room, onClose, openLabel }: { room: CreateRoomResponse | null; onClose(): void; openLabel?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (room && !d.open) d.showModal();
    if (!room && d.open) d.close();
  }, [room]);
  const interview = room?.mode === 'interview';
  return (
    <dialog
      ref={ref}
      className="dialog room-links-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {room && (
        <>
          <h2 id={titleId}>{interview ? 'Your peer interview is ready' : 'Your shared whiteboard is ready'}</h2>
          <RoomLinks room={room} />
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>Close</button>
            {openLabel && (
              <a className="button primary" href={linkHash(room.url)} onClick={onClose}>
                {openLabel}
              </a>
            )}
          </div>
        </>
      )}
    </dialog>
  );
}
