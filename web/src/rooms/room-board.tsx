// The room's shared Excalidraw canvas (loaded on demand with Excalidraw). Local edits go out as
// only the elements the room has not acknowledged yet (the connection's SceneOutbox keeps track,
// per element, of what was sent and what the room acknowledged), at most every 100 ms;
// remote elements are merged with Excalidraw's own reconcileElements and applied with updateScene
// without being recorded in the undo history or echoed back. Other peers' pointers are
// Excalidraw collaborators, redrawn at most ~30 times a second.
import {
  CaptureUpdateAction,
  Excalidraw,
  MainMenu,
  WelcomeScreen,
  reconcileElements,
  restoreElements,
} from '@excalidraw/excalidraw';
import type { ExcalidrawImperativeAPI, Collaborator, SocketId } from '@excalidraw/excalidraw/types';
import '@excalidraw/excalidraw/index.css';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { PeerInfo } from '../../../server/protocol/rooms.js';
import { markStylePanel, useExcalidrawNames } from '../components/excalidraw-ui.js';
import type { RoomConnection, SceneSink } from './room-live.js';

type SceneElements = ReturnType<ExcalidrawImperativeAPI['getSceneElementsIncludingDeleted']>;
type RemoteElements = Parameters<typeof reconcileElements>[1];

/** Local changes are sent at most this often. */
export const SCENE_THROTTLE_MS = 100;
/** Collaborator pointers are redrawn at most this often (~30 Hz). */
const POINTER_REDRAW_MS = 33;

const INITIAL_DATA = { appState: { viewBackgroundColor: '#ffffff', currentItemFontFamily: 1 as const } };
const UI_OPTIONS = { canvasActions: { loadScene: false, saveToActiveFile: false, export: false as const, toggleTheme: false }, tools: { image: false } };

export interface RoomBoardProps {
  conn: RoomConnection;
  title: string;
}

/** Memoised: the room page re-renders on every clock tick and chat message; the board need not. */
export default memo(function RoomBoard({ conn, title }: RoomBoardProps) {
  const [api, setApi] = useState<ExcalidrawImperativeAPI | null>(null);
  const [count, setCount] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastSentAt = useRef(0);
  const wrapperRef = useRef<HTMLDivElement>(null);
  useExcalidrawNames(wrapperRef);

  // ---- local → room ----------------------------------------------------------------------------

  const flush = useCallback(() => {
    timer.current = undefined;
    if (!api) return;
    // Only what the room has not acknowledged goes; when not live, all of it goes after the rejoin.
    if (conn.syncScene(api.getSceneElementsIncludingDeleted()) > 0) lastSentAt.current = performance.now();
  }, [api, conn]);

  const schedule = useCallback(() => {
    if (timer.current) return;
    const wait = Math.max(0, lastSentAt.current + SCENE_THROTTLE_MS - performance.now());
    timer.current = setTimeout(flush, wait);
  }, [flush]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const onChange = useCallback(
    (elements: readonly { id: string; version: number; versionNonce: number; isDeleted: boolean }[], appState: { selectedElementIds: Readonly<Record<string, unknown>> }) => {
      markStylePanel(wrapperRef.current, appState);
      let visible = 0;
      let dirty = false;
      for (const e of elements) {
        if (!e.isDeleted) visible++;
        if (!dirty && conn.outbox.needsSend(e)) dirty = true;
      }
      setCount(visible);
      if (dirty) schedule();
    },
    [conn, schedule],
  );

  // ---- room → local ----------------------------------------------------------------------------

  useEffect(() => {
    if (!api) return;
    const collaborators = new Map<SocketId, Collaborator>();
    let names = new Map<string, string>();
    let redraw: ReturnType<typeof setTimeout> | undefined;
    const scheduleRedraw = () => {
      if (redraw) return;
      redraw = setTimeout(() => {
        redraw = undefined;
        api.updateScene({ collaborators: new Map(collaborators), captureUpdate: CaptureUpdateAction.NEVER });
      }, POINTER_REDRAW_MS);
    };

    const sink: SceneSink = {
      remote(elements, { full }) {
        const restored = restoreElements(elements as unknown as Parameters<typeof restoreElements>[0], null) as unknown as RemoteElements;
        // The connection's outbox has recorded these as what the room holds; a local version
        // that wins the merge below differs from them and is sent on the next flush.
        const local = api.getSceneElementsIncludingDeleted();
        const merged = reconcileElements(local, restored, api.getAppState());
        api.updateScene({ elements: merged as unknown as SceneElements, captureUpdate: CaptureUpdateAction.NEVER });
        schedule(); // local elements the room does not have (after a snapshot: not acknowledged) go out
      },
      joined() {
        schedule();
      },
      pointer(peerId, x, y, button) {
        const id = peerId as SocketId;
        const prev = collaborators.get(id);
        collaborators.set(id, {
          ...prev,
          id: peerId,
          socketId: id,
          username: names.get(peerId) ?? prev?.username ?? 'Peer',
          pointer: { x, y, tool: 'pointer' },
          ...(button ? { button } : {}),
        });
        scheduleRedraw();
      },
      presence(peers: PeerInfo[], you: PeerInfo | null) {
        names = new Map(peers.map((p) => [p.peerId, p.name]));
        for (const id of [...collaborators.keys()]) if (!names.has(id) || id === you?.peerId) collaborators.delete(id);
        for (const p of peers) {
          if (p.peerId === you?.peerId) continue;
          const id = p.peerId as SocketId;
          collaborators.set(id, { ...collaborators.get(id), id: p.peerId, socketId: id, username: p.name });
        }
        scheduleRedraw();
      },
    };
    const detach = conn.attach(sink);
    return () => {
      detach();
      clearTimeout(redraw);
    };
  }, [api, conn, schedule]);

  const onPointerUpdate = useCallback(
    (payload: { pointer: { x: number; y: number }; button: 'down' | 'up' }) => conn.sendPointer(payload.pointer.x, payload.pointer.y, payload.button),
    [conn],
  );

  return (
    <div className="whiteboard" data-testid="whiteboard" data-element-count={count} data-style-panel="hidden" ref={wrapperRef}>
      <Excalidraw
        excalidrawAPI={setApi}
        initialData={INITIAL_DATA}
        onChange={onChange}
        onPointerUpdate={onPointerUpdate}
        isCollaborating
        name={title}
        UIOptions={UI_OPTIONS}
      >
        <MainMenu>
          <MainMenu.DefaultItems.SaveAsImage />
          <MainMenu.DefaultItems.ChangeCanvasBackground />
          <MainMenu.DefaultItems.Help />
        </MainMenu>
        <WelcomeScreen>
          <WelcomeScreen.Hints.ToolbarHint />
          <WelcomeScreen.Center>
            <WelcomeScreen.Center.Heading>Everyone in the room draws on this board: boxes for components, arrows for the data flow.</WelcomeScreen.Center.Heading>
          </WelcomeScreen.Center>
        </WelcomeScreen>
      </Excalidraw>
    </div>
  );
});
