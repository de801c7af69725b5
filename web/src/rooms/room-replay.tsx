// [RPL10] The room report's whiteboard replay: the room's board at any moment of the interview
// (or, in a whiteboard room, since it was made), with the same scrubber and controls as a solo
// interview's finished page.
import { useState } from 'react';
import { BoardReplayView, useBoardTimeline } from '../components/board-replay.js';
import { Loading } from '../components/loading.js';

export function RoomReplay({ id, token }: { id: string; token: string }) {
  const state = useBoardTimeline(`/api/rooms/${encodeURIComponent(id)}/timeline`, token, true);
  const [at, setAt] = useState<number | null>(null);
  if (state.kind === 'loading') return <Loading label="Loading the whiteboard replay…" />;
  if (state.kind === 'error') return <p className="error" role="alert">The whiteboard replay could not be loaded: {state.message}</p>;
  return <BoardReplayView timeline={state.timeline} turns={[]} at={at ?? state.timeline.endMs} currentTurn={-1} onSeek={setAt} />;
}
