/// <reference types="vite/client" />

interface Window {
  /** Where Excalidraw loads its fonts from (our own server, never a CDN). */
  EXCALIDRAW_ASSET_PATH?: string | string[];
}
