// [PRAC6–PRAC8] The history endpoints as the web client calls them: the person is this browser's
// client key, and every session is named with the token this browser holds for it.
import type { HeldSession, LeftOut, PracticePlan } from '../../server/protocol/history.js';
import { request, requestBlob } from './api.js';
import { clientKey, forgetSession, sessionToken } from './storage.js';

export type Plan = PracticePlan & { leftOut: LeftOut[] };

/** The sessions of a list whose tokens this browser holds. */
export function heldSessions(ids: readonly string[]): HeldSession[] {
  return ids.flatMap((id) => {
    const token = sessionToken(id);
    return token ? [{ id, token }] : [];
  });
}

const headers = () => ({ 'x-client-key': clientKey() });

export const historyApi = {
  plan: (held: HeldSession[]) => request<Plan>('/api/history/plan', { body: { sessions: held }, headers: headers() }),
  exportAll: (held: HeldSession[]) => requestBlob('/api/history/export', { body: { sessions: held }, headers: headers() }, 'application/json'),
  /** Deletes them on the server, then forgets their tokens here. */
  async deleteAll(held: HeldSession[]): Promise<{ deleted: string[]; leftOut: LeftOut[] }> {
    const res = await request<{ deleted: string[]; leftOut: LeftOut[] }>('/api/history/delete', { body: { sessions: held, confirm: true }, headers: headers() });
    for (const id of res.deleted) forgetSession(id);
    return res;
  },
};
