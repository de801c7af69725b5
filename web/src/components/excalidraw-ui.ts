// Names for Excalidraw's controls that have none (its menu button) or whose name leaves out what
// they show (the zoom button reads "100%" but is named "Reset zoom"). Excalidraw re-renders them,
// so the names are put back whenever its DOM changes.
import { useEffect, type RefObject } from 'react';

function nameControls(root: HTMLElement): void {
  for (const b of root.querySelectorAll<HTMLButtonElement>('.main-menu-trigger')) {
    if (b.getAttribute('aria-label') !== 'Board menu') b.setAttribute('aria-label', 'Board menu');
  }
  for (const b of root.querySelectorAll<HTMLButtonElement>('.reset-zoom-button')) {
    const label = `Reset zoom, now ${(b.textContent ?? '').trim()}`;
    if (b.getAttribute('aria-label') !== label) b.setAttribute('aria-label', label);
  }
  // Its colour pickers are dialogs with no name.
  for (const d of root.querySelectorAll<HTMLElement>('[role="dialog"]:not([aria-label]):not([aria-labelledby])')) {
    d.setAttribute('aria-label', d.classList.contains('color-picker-container') ? 'Colour picker' : 'Board dialog');
  }
  // Menu items named without the shortcut they show: their text (label and shortcut) names them.
  for (const b of root.querySelectorAll<HTMLElement>('.dropdown-menu-item[aria-label]')) {
    if ((b.textContent ?? '').trim()) b.removeAttribute('aria-label');
  }
  // Any other button with neither text nor a name: its title (tooltips Excalidraw gives them).
  for (const b of root.querySelectorAll<HTMLButtonElement>('button:not([aria-label]):not([aria-labelledby])')) {
    if (!(b.textContent ?? '').trim() && b.title) b.setAttribute('aria-label', b.title);
  }
}

export function useExcalidrawNames(ref: RefObject<HTMLElement>): void {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    nameControls(root);
    // At once (a microtask after the change), so no one ever meets an unnamed control.
    const observer = new MutationObserver(() => nameControls(root));
    // Not attributes: the names set here would wake the observer again.
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [ref]);
}

/**
 * Excalidraw's style panel floats over the left of the board whenever a drawing tool is active,
 * so a first shape started there lands on the panel and is lost. It is shown here only while
 * something is selected (to restyle what was drawn); the wrapper's data attribute drives the CSS.
 */
export function markStylePanel(wrapper: HTMLElement | null, appState: { selectedElementIds: Readonly<Record<string, unknown>> }): void {
  if (!wrapper) return;
  const shown = Object.keys(appState.selectedElementIds).length > 0 ? 'shown' : 'hidden';
  if (wrapper.dataset.stylePanel !== shown) wrapper.dataset.stylePanel = shown;
}
