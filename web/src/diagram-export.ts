// The final whiteboard as files, rendered by Excalidraw itself. This module pulls in Excalidraw, so
// the finished page imports it only when a download button is clicked.
import { exportToBlob, exportToSvg, restoreElements } from '@excalidraw/excalidraw';

type Stored = Parameters<typeof restoreElements>[0];

function restore(stored: readonly unknown[]) {
  return restoreElements(stored as Stored, null).filter((e) => !e.isDeleted);
}

const APP_STATE = { exportBackground: true, viewBackgroundColor: '#ffffff', exportWithDarkMode: false } as const;

/** The scene as a standalone SVG document (fonts inlined), or undefined for an empty scene. */
export async function sceneSvgBlob(stored: readonly unknown[]): Promise<Blob | undefined> {
  const elements = restore(stored);
  if (elements.length === 0) return undefined;
  const svg = await exportToSvg({ elements, appState: APP_STATE, files: null, exportPadding: 16 });
  if (!svg.getAttribute('xmlns')) svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`;
  return new Blob([xml], { type: 'image/svg+xml' });
}

/** The scene as a PNG at twice the on-screen size, or undefined for an empty scene. */
export async function scenePngBlob(stored: readonly unknown[]): Promise<Blob | undefined> {
  const elements = restore(stored);
  if (elements.length === 0) return undefined;
  return exportToBlob({
    elements,
    appState: APP_STATE,
    files: null,
    exportPadding: 16,
    mimeType: 'image/png',
    getDimensions: (width: number, height: number) => ({ width: width * 2, height: height * 2, scale: 2 }),
  });
}
