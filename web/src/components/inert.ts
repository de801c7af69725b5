// `inert` for React 18 (which does not know the attribute): a pane hidden behind a tab on a narrow
// screen leaves the tab order and the accessibility tree, Excalidraw's own controls included.
import { useCallback } from 'react';

export function useInert(inert: boolean): (el: HTMLElement | null) => void {
  return useCallback(
    (el: HTMLElement | null) => {
      if (el) el.inert = inert;
    },
    [inert],
  );
}
