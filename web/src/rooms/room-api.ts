// The rooms' REST calls. The token always travels in the Authorization header, never in a URL;
// only the WebSocket (which cannot set headers) carries it as `?token=`.
import type { CreateRoomBody, CreateRoomResponse, RoomReportResponse } from '../../../server/protocol/rooms.js';
import type { RoomInfo } from '../../../server/protocol/rooms.js';
import { request } from '../api.js';

export type { RoomInfo };

export const roomApi = {
  create: (body: CreateRoomBody) => request<CreateRoomResponse>('/api/rooms', { body }),
  info: (id: string, token: string) => request<RoomInfo>(`/api/rooms/${encodeURIComponent(id)}`, { token }),
  /** 409 `interview_running` until the interview is over. */
  report: (id: string, token: string, signal?: AbortSignal) =>
    request<RoomReportResponse>(`/api/rooms/${encodeURIComponent(id)}/report`, { token, ...(signal ? { signal } : {}) }),
};

export function roomSocketUrl(id: string, token: string): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api/rooms/${encodeURIComponent(id)}/ws?token=${encodeURIComponent(token)}`;
}
