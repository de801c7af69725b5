// The fields Excalidraw gives every element besides its identity, geometry and version: test and
// bench scenes build on them, so their sizes on the wire are those of a real board.
export const EXCALIDRAW_STYLE = {
  angle: 0,
  strokeColor: '#1e1e1e',
  backgroundColor: 'transparent',
  fillStyle: 'solid',
  strokeWidth: 2,
  strokeStyle: 'solid',
  roughness: 1,
  opacity: 100,
  groupIds: [],
  frameId: null,
  isDeleted: false,
  boundElements: null,
  link: null,
  locked: false,
} as const;
