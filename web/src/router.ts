// Hash routes (#/interview/ID): the server never sees them, so nothing about a session but its
// id is ever in a URL, and a reload lands on the same page without server-side routing.
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'start' }
  | { page: 'history' }
  | { page: 'score' }
  | { page: 'interview'; id: string }
  | { page: 'finished'; id: string }
  /** A peer room; `token` only while the link's token is still in the address bar. */
  | { page: 'room'; id: string; token?: string }
  | { page: 'not_found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  // [PRAC10] The start page may carry presets: #/?problem=ID&level=LEVEL.
  if (path === '/' || path === '' || path.startsWith('/?')) return { page: 'start' };
  if (path === '/history') return { page: 'history' };
  if (path === '/score') return { page: 'score' };
  const room = path.match(/^\/rooms\/([A-Za-z0-9_-]{1,64})(?:\?token=([A-Za-z0-9_-]{1,200}))?$/);
  if (room) return { page: 'room', id: room[1]!, ...(room[2] ? { token: room[2] } : {}) };
  const m = path.match(/^\/(interview|finished)\/([A-Za-z0-9_-]{1,64})$/);
  if (m) return { page: m[1] as 'interview' | 'finished', id: m[2]! };
  return { page: 'not_found', path };
}

export const href = {
  start: (preset?: { problem: string; level: string }) => (preset ? `#/?${new URLSearchParams(preset)}` : '#/'),
  history: () => '#/history',
  score: () => '#/score',
  interview: (id: string) => `#/interview/${id}`,
  finished: (id: string) => `#/finished/${id}`,
  room: (id: string) => `#/rooms/${id}`,
};

// Room links of the older shape (`/rooms/<id>#token=…`): the same room on its hash route.
const legacyRoom = typeof location === 'undefined' ? null : location.pathname.match(/^\/rooms\/([A-Za-z0-9_-]{1,64})\/?$/);
if (legacyRoom) {
  const token = location.hash.match(/^#token=([A-Za-z0-9_-]+)$/)?.[1];
  history.replaceState(null, '', `/#/rooms/${legacyRoom[1]}${token ? `?token=${token}` : ''}`);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) location.replace(to);
  else location.hash = to.replace(/^#/, '');
}

function subscribe(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parseRoute(hash);
}
