// Starts an interview from the browser: the session is created with this browser's client key, its
// token kept here (never in a URL), and the interview opened. The start page and "practise next" share it.
import type { CreateSessionBody } from '../../server/protocol/index.js';
import { api } from './api.js';
import { href, navigate } from './router.js';
import { saveToken } from './storage.js';

export async function startSession(body: CreateSessionBody): Promise<void> {
  const created = await api.createSession(body);
  saveToken(created.id, created.token);
  navigate(href.interview(created.id));
}
