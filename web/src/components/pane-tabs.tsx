// Tabs that switch between panes: the board and the chat of an interview or a room on a narrow
// screen, and the interviewer's side panel. WAI-ARIA tabs: arrow keys, Home and End move between
// them; each tab controls `panel-<id>`. A count badge says how many messages came in unseen.
import { useEffect, useMemo, useState, useSyncExternalStore, type KeyboardEvent, type ReactNode } from 'react';

export interface PaneTab<T extends string> {
  id: T;
  label: string;
  /** New messages not seen yet (shown only when above 0). */
  unread?: number;
  /** Anything else after the label (a count, say). */
  extra?: ReactNode;
}

export function PaneTabs<T extends string>({
  tabs,
  current,
  onSelect,
  label,
  className = 'side-tabs',
}: {
  tabs: Array<PaneTab<T>>;
  current: T;
  onSelect(id: T): void;
  label: string;
  className?: string;
}) {
  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>, i: number) {
    const last = tabs.length - 1;
    const to = e.key === 'ArrowRight' ? (i === last ? 0 : i + 1) : e.key === 'ArrowLeft' ? (i === 0 ? last : i - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : -1;
    if (to < 0) return;
    e.preventDefault();
    onSelect(tabs[to]!.id);
    document.getElementById(`tab-${tabs[to]!.id}`)?.focus();
  }
  return (
    <div className={className} role="tablist" aria-label={label}>
      {tabs.map((t, i) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={current === t.id}
          aria-controls={`panel-${t.id}`}
          tabIndex={current === t.id ? 0 : -1}
          className={`side-tab${current === t.id ? ' selected' : ''}`}
          onClick={() => onSelect(t.id)}
          onKeyDown={(e) => onKeyDown(e, i)}
          data-tab={t.id}
        >
          {t.label}
          {t.unread ? (
            <span className="unread" data-testid="unread">
              {t.unread}
              <span className="visually-hidden"> new</span>
            </span>
          ) : null}
          {t.extra}
        </button>
      ))}
    </div>
  );
}

function subscribeTo(query: MediaQueryList) {
  return (cb: () => void) => {
    query.addEventListener('change', cb);
    return () => query.removeEventListener('change', cb);
  };
}

/** Whether a media query matches now, following changes (a rotated tablet, a resized window). */
export function useMediaQuery(query: string): boolean {
  const list = useMemo(() => window.matchMedia(query), [query]);
  const subscribe = useMemo(() => subscribeTo(list), [list]);
  return useSyncExternalStore(subscribe, () => list.matches);
}

/** The width at which the board and the chat stop sitting side by side and become tabs. */
export const NARROW_QUERY = '(max-width: 900px)';

export function useNarrow(): boolean {
  return useMediaQuery(NARROW_QUERY);
}

/**
 * How many items arrived while `watching` was false (the chat hidden behind its tab); zero while
 * it is true. `count` is the number of items so far.
 */
export function useUnread(count: number, watching: boolean): number {
  const [seen, setSeen] = useState(count);
  useEffect(() => {
    if (watching) setSeen(count);
  }, [watching, count]);
  return watching ? 0 : Math.max(0, count - seen);
}
