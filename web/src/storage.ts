// What this browser remembers, all in localStorage: a random client key (groups its sessions for
// the history list), each session's token keyed by session id (never put in a URL), and messages
// not yet acknowledged by the server (resent after a reconnect or a reload).

const PREFIX = 'msd:';

function read(key: string): string | null {
  try {
    return localStorage.getItem(PREFIX + key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, value);
  } catch {
    /* storage full or disabled: the app still works for this page's lifetime */
  }
}

export function randomId(bytes = 16): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return btoa(String.fromCharCode(...buf)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The X-Client-Key sent when creating sessions and listing them (16-128 chars of A-Za-z0-9_-). */
export function clientKey(): string {
  let key = read('clientKey');
  if (!key || !/^[A-Za-z0-9_-]{16,128}$/.test(key)) {
    key = randomId(24);
    write('clientKey', key);
  }
  return key;
}

export function saveToken(sessionId: string, token: string): void {
  write(`token:${sessionId}`, token);
}

export function sessionToken(sessionId: string): string | null {
  return read(`token:${sessionId}`);
}

/** [PRAC8] A deleted session: its token and unsent messages are forgotten here too. */
export function forgetSession(sessionId: string): void {
  write(`token:${sessionId}`, null);
  write(`pending:${sessionId}`, null);
}

export interface PendingMessage {
  clientMessageId: string;
  text: string;
  createdAt: number;
}

export function loadPending(sessionId: string): PendingMessage[] {
  const raw = read(`pending:${sessionId}`);
  if (!raw) return [];
  try {
    const list = JSON.parse(raw) as unknown;
    if (!Array.isArray(list)) return [];
    return list.filter(
      (m): m is PendingMessage =>
        typeof m === 'object' && m !== null && typeof (m as PendingMessage).clientMessageId === 'string' && typeof (m as PendingMessage).text === 'string',
    );
  } catch {
    return [];
  }
}

export function savePending(sessionId: string, list: readonly PendingMessage[]): void {
  write(`pending:${sessionId}`, list.length ? JSON.stringify(list) : null);
}

export function newClientMessageId(): string {
  return `c-${Date.now().toString(36)}-${randomId(9)}`;
}
