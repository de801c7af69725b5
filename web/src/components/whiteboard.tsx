// The Excalidraw whiteboard (loaded on demand: this module and Excalidraw are their own chunks).
// Reports the scene only when element versions changed; exports the final SVG for the report.
import { Excalidraw, MainMenu, WelcomeScreen, exportToSvg, hashElementsVersion, restoreElements } from '@excalidraw/excalidraw';
import type { ExcalidrawImperativeAPI } from '@excalidraw/excalidraw/types';
import '@excalidraw/excalidraw/index.css';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { SceneElement } from '../../../server/protocol/index.js';

type Elements = Parameters<typeof hashElementsVersion>[0];

export interface WhiteboardHandle {
  /** The visible elements now, as the server wants them. */
  elements(): SceneElement[];
  /** The scene as SVG (fonts inlined from our own server), or undefined for an empty board. */
  exportSvg(): Promise<string | undefined>;
}

export interface WhiteboardProps {
  initialElements: readonly unknown[];
  /** Called with the full visible element list whenever some element's version changed. */
  onScene(elements: SceneElement[]): void;
  onReady?(handle: WhiteboardHandle): void;
  viewMode?: boolean;
}

function visible(elements: Elements): SceneElement[] {
  return elements.filter((e) => !e.isDeleted) as unknown as SceneElement[];
}

export default function Whiteboard({ initialElements, onScene, onReady, viewMode }: WhiteboardProps) {
  const initialData = useMemo(() => {
    const elements = restoreElements(initialElements as Parameters<typeof restoreElements>[0], null);
    return { elements, appState: { viewBackgroundColor: '#ffffff', currentItemFontFamily: 1 }, scrollToContent: elements.length > 0 };
    // The scene is restored once; later changes come from the user.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const lastHash = useRef(hashElementsVersion(initialData.elements));
  const [count, setCount] = useState(() => visible(initialData.elements).length);
  const apiRef = useRef<ExcalidrawImperativeAPI | null>(null);

  const onChange = useCallback(
    (elements: Elements) => {
      const hash = hashElementsVersion(elements);
      if (hash === lastHash.current) return;
      lastHash.current = hash;
      const list = visible(elements);
      setCount(list.length);
      onScene(list);
    },
    [onScene],
  );

  const onApi = useCallback(
    (api: ExcalidrawImperativeAPI) => {
      apiRef.current = api;
      onReady?.({
        elements: () => visible(api.getSceneElementsIncludingDeleted()),
        async exportSvg() {
          const elements = api.getSceneElements();
          if (elements.length === 0) return undefined;
          const svg = await exportToSvg({
            elements,
            appState: { ...api.getAppState(), exportBackground: true, exportWithDarkMode: false, viewBackgroundColor: '#ffffff' },
            files: api.getFiles(),
          });
          return svg.outerHTML;
        },
      });
    },
    [onReady],
  );

  return (
    <div className="whiteboard" data-element-count={count} data-testid="whiteboard">
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
