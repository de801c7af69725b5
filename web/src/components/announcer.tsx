// One live region per page for what arrives while the person is there: each interviewer message,
// warning and constraint change (or each peer's room message) is read once, when it becomes
// durable. The chat log itself is not a live region: it also holds one's own pending messages,
// which would be read as typed and again when confirmed.
import { useCallback, useState } from 'react';

export interface Announcement {
  id: number;
  text: string;
}

let nextId = 0;

export function useAnnouncer(): { items: Announcement[]; announce(text: string): void } {
  const [items, setItems] = useState<Announcement[]>([]);
  const announce = useCallback((text: string) => {
    // Only the latest few stay in the DOM; removals are not read (aria-relevant="additions").
    setItems((list) => [...list.slice(-4), { id: ++nextId, text }]);
  }, []);
  return { items, announce };
}

export function Announcer({ items }: { items: Announcement[] }) {
  return (
    <div className="visually-hidden" role="log" aria-live="polite" aria-relevant="additions" data-testid="announcer">
      {items.map((a) => (
        <p key={a.id}>{a.text}</p>
      ))}
    </div>
  );
}

/** Markdown as it is read out: no asterisks, backticks or heading marks. */
export function plainText(md: string): string {
  return md.replace(/[*_`#>]+/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ').trim();
}

