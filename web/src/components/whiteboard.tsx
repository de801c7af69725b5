// The Excalidraw whiteboard (loaded on demand: this module and Excalidraw are their own chunks).
// Reports the scene only when element versions changed; exports the final SVG for the report.
import { Excalidraw, MainMenu, WelcomeScreen, exportToSvg, hashElementsVersion, restoreElements } from '@excalidraw/excalidraw';
import type { ExcalidrawImperativeAPI } from '@excalidraw/excalidraw/types';
import '@excalidraw/excalidraw/index.css';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { SceneElement } from '../../../server/protocol/index.js';
import { markStylePanel, useExcalidrawNames } from './excalidraw-ui.js';

type Elements = Parameters<typeof hashElementsVersion>[0];

export interface WhiteboardHandle {
  /** Every element now, deleted ones included as tombstones (see `withTombstones`). */
  elements(): SceneElement[];
  /** The scene as SVG (fonts inlined from our own server), or undefined for an empty board. */
  exportSvg(): Promise<string | undefined>;
}

export interface WhiteboardProps {
  initialElements: readonly unknown[];
  /** Called with every element, tombstones included, whenever some element's version changed. */
  onScene(elements: SceneElement[]): void;
  onReady?(handle: WhiteboardHandle): void;
  viewMode?: boolean;
}

/**
 * The scene as the server merges it: a deleted element stays in the list with `isDeleted: true`
 * and a bumped version. Dropping it here would leave the server's copy alive, since the version
 * diff in session-live only sends elements that are present ([DIA22]).
 */
function withTombstones(elements: Elements): SceneElement[] {
  return elements as unknown as SceneElement[];
}

function visibleCount(elements: Elements): number {
  let n = 0;
  for (const e of elements) if (!e.isDeleted) n++;
  return n;
}

export default function Whiteboard({ initialElements, onScene, onReady, viewMode }: WhiteboardProps) {
  const initialData = useMemo(() => {
    const elements = restoreElements(initialElements as Parameters<typeof restoreElements>[0], null);
    return { elements, appState: { viewBackgroundColor: '#ffffff', currentItemFontFamily: 1 }, scrollToContent: elements.length > 0 };
    // The scene is restored once; later changes come from the user.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const lastHash = useRef(hashElementsVersion(initialData.elements));
  const [count, setCount] = useState(() => visibleCount(initialData.elements));
  const apiRef = useRef<ExcalidrawImperativeAPI | null>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  useExcalidrawNames(wrapperRef);

  const onChange = useCallback(
    (elements: Elements, appState: { selectedElementIds: Readonly<Record<string, unknown>> }) => {
      markStylePanel(wrapperRef.current, appState);
      const hash = hashElementsVersion(elements);
      if (hash === lastHash.current) return;
      lastHash.current = hash;
      setCount(visibleCount(elements));
      onScene(withTombstones(elements));
    },
    [onScene],
  );

  const onApi = useCallback(
    (api: ExcalidrawImperativeAPI) => {
      apiRef.current = api;
      onReady?.({
        elements: () => withTombstones(api.getSceneElementsIncludingDeleted()),
        async exportSvg() {
          const elements = api.getSceneElements();
          if (elements.length === 0) return undefined;
          const svg = await exportToSvg({
            elements,
            appState: { ...api.getAppState(), exportBackground: true, exportWithDarkMode: false, viewBackgroundColor: '#ffffff' },
            files: api.getFiles(),
          });
          // XML, not outerHTML: the server serves this as a standalone image/svg+xml document,
          // which HTML serialisation (`&nbsp;` in a label, say) can make unparseable.
          return new XMLSerializer().serializeToString(svg);
        },
      });
    },
    [onReady],
  );

  return (
    <div className="whiteboard" data-element-count={count} data-testid="whiteboard" data-style-panel="hidden" ref={wrapperRef}>
      <Excalidraw
        excalidrawAPI={onApi}
        initialData={initialData}
        onChange={onChange}
        viewModeEnabled={viewMode}
        name="Interview whiteboard"
        UIOptions={{ canvasActions: { loadScene: false, saveToActiveFile: false, export: false, toggleTheme: false }, tools: { image: false } }}
      >
        <MainMenu>
          <MainMenu.DefaultItems.SaveAsImage />
          <MainMenu.DefaultItems.ClearCanvas />
          <MainMenu.DefaultItems.ChangeCanvasBackground />
          <MainMenu.DefaultItems.Help />
        </MainMenu>
        <WelcomeScreen>
          <WelcomeScreen.Hints.ToolbarHint />
          <WelcomeScreen.Hints.HelpHint />
          <WelcomeScreen.Center>
            <WelcomeScreen.Center.Heading>Sketch your design here: boxes for components, arrows for the data flow.</WelcomeScreen.Center.Heading>
          </WelcomeScreen.Center>
        </WelcomeScreen>
      </Excalidraw>
    </div>
  );
}
