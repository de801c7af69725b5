// Room links and what this browser remembers about rooms. A link carries its token in the URL
// fragment (`/#/rooms/<id>?token=…`), which browsers never send to a server; the room page moves
// the token into storage and takes it out of the address bar, so a shared screen or a copied
// address never hands out the interviewer's link. Small: the start page imports it.
import type { CreateRoomResponse } from '../../../server/protocol/rooms.js';

const PREFIX = 'msd:';

function get(store: 'local' | 'session', key: string): string | null {
  try {
    return (store === 'local' ? localStorage : sessionStorage).getItem(PREFIX + key);
  } catch {
    return null;
  }
}

function set(store: 'local' | 'session', key: string, value: string | null): void {
  try {
    const s = store === 'local' ? localStorage : sessionStorage;
    if (value === null) s.removeItem(PREFIX + key);
    else s.setItem(PREFIX + key, value);
  } catch {
    /* storage disabled: this page still works until it is reloaded */
  }
}

/** The absolute link for a server `url` (a path with the fragment). */
export function absoluteRoomLink(url: string): string {
  return new URL(url, location.origin).href;
}

/**
 * The token of room `id` for this tab: the one this tab opened the room with, else the last one
 * this browser used (a new tab opened from the history).
 */
export function roomToken(id: string): string | null {
  return get('session', `room-token:${id}`) ?? get('local', `room-token:${id}`);
}

export function rememberRoomToken(id: string, token: string): void {
  set('session', `room-token:${id}`, token);
  set('local', `room-token:${id}`, token);
}

export function displayName(): string {
  return get('local', 'room-name') ?? '';
}

export function rememberDisplayName(name: string): void {
  set('local', 'room-name', name.trim() || null);
}

/** The links a room's creator got, so the room page can show them again ("Invite"). */
export function rememberCreatedRoom(room: CreateRoomResponse): void {
  set('local', `room-links:${room.id}`, JSON.stringify(room));
}

export function createdRoom(id: string): CreateRoomResponse | null {
  const raw = get('local', `room-links:${id}`);
  if (!raw) return null;
  try {
    const r = JSON.parse(raw) as CreateRoomResponse;
    return r && r.id === id && typeof r.url === 'string' ? r : null;
  } catch {
    return null;
  }
}

/** Copies text to the clipboard; falls back to a hidden textarea where the API is missing. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}
