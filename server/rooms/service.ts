// Creating rooms and checking their tokens. A room's link carries an unguessable token (stored
// hashed); an interview room has two, the interviewer's and the candidate's, and the token a
// connection used decides its role. [ROOM1][RIV1]
import { AppError } from '../platform/errors.js';
import type { WallClock } from '../platform/clock.js';
import { hashToken, newId, newToken, sameHash } from '../platform/tokens.js';
import type { ProblemBank } from '../content/problem-bank.js';
import type { CreateRoomBody, CreateRoomResponse, RoomInfo, RoomRole } from '../protocol/rooms.js';
import type { TokenPolicy } from '../app/token-policy.js';
import type { RoomHub } from './hub.js';
import { roomClock } from './room-clock.js';
import type { RoomRow, RoomStore } from './store.js';

export type { RoomInfo };

export interface RoomServiceOptions {
  store: RoomStore;
  hub: RoomHub;
  bank: ProblemBank;
  clock: WallClock;
  clockSpeed: number;
  /** [SAFE16][SAFE17] Token expiry and revocation (absent: links never expire). */
  tokens?: TokenPolicy;
}


/**
 * The join link: the token rides in the fragment, which browsers never send to a server. The web
 * client routes on the fragment (`#/rooms/<id>?token=…`); it still accepts the older
 * `/rooms/<id>#token=…` shape.
 */
export function roomLink(id: string, token: string): string {
  return `/#/rooms/${id}?token=${token}`;
}

export class RoomService {
  constructor(private readonly o: RoomServiceOptions) {}

  async create(body: CreateRoomBody): Promise<CreateRoomResponse> {
    const id = newId();
    const token = newToken();
    if (body.mode === 'whiteboard') {
      await this.o.store.create({ id, mode: 'whiteboard', tokenHash: hashToken(token), clockSpeed: this.o.clockSpeed, tokenIssuedAt: new Date(this.o.clock.now()) });
      return { id, mode: 'whiteboard', token, url: roomLink(id, token) };
    }
    const problem = this.o.bank.byId.get(body.problemId);
    if (!problem) throw new AppError(404, 'unknown_problem', `unknown problem "${body.problemId}"; GET /api/problems lists them`);
    const candidateToken = newToken();
    await this.o.store.create({
      id,
      mode: 'interview',
      tokenHash: hashToken(token),
      candidateTokenHash: hashToken(candidateToken),
      problemId: problem.id,
      level: body.level,
      durationMinutes: body.durationMinutes,
      clockSpeed: this.o.clockSpeed,
      tokenIssuedAt: new Date(this.o.clock.now()),
    });
    const interviewer = { role: 'interviewer' as const, token, url: roomLink(id, token) };
    const candidate = { role: 'candidate' as const, token: candidateToken, url: roomLink(id, candidateToken) };
    return { id, mode: 'interview', token, url: interviewer.url, interviewer, candidate };
  }

  /** [ROOM1] 401 without a token; 404 for an unknown room and a wrong token alike. */
  async authorize(id: string, token: string | undefined): Promise<{ row: RoomRow; role: RoomRole }> {
    if (!token) throw new AppError(401, 'unauthorized', 'missing token: send Authorization: Bearer <token> (or ?token= on the WebSocket)');
    // [SAFE3] Ids are ours (base64url): anything else names no room, and never reaches the database.
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new AppError(404, 'not_found', 'no such room for this token');
    const row = this.o.hub.get(id)?.row ?? (await this.o.store.get(id));
    const hash = hashToken(token);
    let role: RoomRole | undefined;
    if (row && sameHash(row.tokenHash, hash)) role = row.mode === 'interview' ? 'interviewer' : 'peer';
    else if (row?.candidateTokenHash && sameHash(row.candidateTokenHash, hash)) role = 'candidate';
    if (!row || !role) throw new AppError(404, 'not_found', 'no such room for this token');
    await this.o.tokens?.checkRoom(id, role);
    return { row, role };
  }

  /** [SAFE17] Revokes the link whose token made the call; that role's open connections are closed. */
  async revoke(id: string, role: RoomRole): Promise<void> {
    if (!this.o.tokens) throw new AppError(404, 'not_found', 'token revocation is not enabled');
    await this.o.tokens.revokeRoom(id, role);
    this.o.hub.get(id)?.disconnectRole(role, 1008, 'the token was revoked');
  }

  async info(row: RoomRow, role: RoomRole): Promise<RoomInfo> {
    const live = this.o.hub.get(row.id);
    const fresh = live ? undefined : await this.o.store.get(row.id);
    const info: RoomInfo = {
      id: row.id,
      mode: row.mode === 'interview' ? 'interview' : 'whiteboard',
      role,
      peers: live?.peerList() ?? [],
      elementCount: live ? live.elementCount() : await this.o.store.elementCount(row.id),
      seq: live ? live.seq : (fresh?.seq ?? row.seq),
      createdAt: row.createdAt.toISOString(),
    };
    if (row.mode === 'interview') {
      const problem = this.o.bank.byId.get(row.problemId ?? '');
      const startedAt = (fresh ?? row).startedAt ?? undefined;
      info.interview = {
        // Statement only: the hidden facts are in the interviewer's kit, over the socket.
        problem: { id: row.problemId ?? '', title: problem?.title ?? row.problemId ?? '', statement: problem?.statement ?? '' },
        level: row.level ?? 'mid',
        durationMinutes: row.durationMinutes ?? 45,
        clock: live ? live.clock() : roomClock(row.durationMinutes ?? 45, startedAt?.getTime(), row.clockSpeed, this.o.clock.now(), (fresh ?? row).endedAt?.getTime()),
      };
    }
    return info;
  }
}
