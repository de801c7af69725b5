// The start page's "Open a peer room" entry: a peer interview with the problem, level and length
// chosen on the page (one of you interviews, the other is the candidate), or a plain shared
// whiteboard. Creating one shows the links to share. No <form> here: it sits inside the start form.
import { useState } from 'react';
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from '../../../server/protocol/phases.js';
import type { Level } from '../../../server/protocol/levels.js';
import type { CreateRoomBody, CreateRoomResponse } from '../../../server/protocol/rooms.js';
import { roomApi } from './room-api.js';
import { rememberCreatedRoom } from './room-links.js';
import { RoomLinksDialog } from './share-links.js';
import './rooms.css';

export interface OpenPeerRoomProps {
  problemId: string;
  problemTitle?: string;
  level: Level;
  minutes: string;
}

export function OpenPeerRoom({ problemId, problemTitle, level, minutes }: OpenPeerRoomProps) {
  const [busy, setBusy] = useState<'interview' | 'whiteboard' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreateRoomResponse | null>(null);

  async function open(mode: 'interview' | 'whiteboard') {
    setError(null);
    let body: CreateRoomBody;
    if (mode === 'interview') {
      const n = Number(minutes);
      if (!problemId) return setError('Choose a problem for the peer interview first.');
      if (!Number.isInteger(n) || n < MIN_DURATION_MINUTES || n > MAX_DURATION_MINUTES) {
        return setError(`Length must be a whole number of minutes from ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}.`);
      }
      body = { mode: 'interview', problemId, level, durationMinutes: n };
    } else {
      body = { mode: 'whiteboard' };
    }
    setBusy(mode);
    try {
      const room = await roomApi.create(body);
      rememberCreatedRoom(room);
      setCreated(room);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="peer-room-entry" aria-labelledby="peer-room-title">
      <h2 id="peer-room-title">Open a peer room</h2>
      <p className="muted small">
        Practise with someone: one of you interviews with the hidden facts, pivot cards and a scorecard, the other is the candidate
        {problemTitle ? <> (on <strong>{problemTitle}</strong>, {level}, {minutes || '?'} min)</> : null}. Or just share a whiteboard.
      </p>
      <div className="peer-room-actions">
        <button type="button" onClick={() => void open('interview')} disabled={busy !== null}>
          {busy === 'interview' ? 'Opening…' : 'Open a peer interview'}
        </button>
        <button type="button" onClick={() => void open('whiteboard')} disabled={busy !== null}>
          {busy === 'whiteboard' ? 'Opening…' : 'Open a shared whiteboard'}
        </button>
      </div>
      {error && <p className="error small" role="alert">{error}</p>}
      <RoomLinksDialog room={created} onClose={() => setCreated(null)} openLabel={created?.mode === 'interview' ? 'Open as interviewer' : 'Open the room'} />
    </section>
  );
}
