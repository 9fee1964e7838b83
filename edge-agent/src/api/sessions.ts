import { randomBytes } from 'node:crypto';
import type { Actor } from '../staff/permissions.js';

export interface Session extends Actor {
  token: string;
  staffNo: string;
  name: string;
  laneCode: string;
  createdAt: number;
}

/** Logged-in staff by bearer token; in memory, so a restart asks everyone to log in again. */
export class SessionStore {
  private readonly byToken = new Map<string, Session>();

  create(s: Omit<Session, 'token'>): Session {
    const session = { ...s, token: randomBytes(24).toString('base64url') };
    this.byToken.set(session.token, session);
    return session;
  }

  get(authorization: string | undefined): Session | null {
    const m = /^Bearer (\S+)$/.exec(authorization ?? '');
    return m ? (this.byToken.get(m[1]!) ?? null) : null;
  }

  delete(token: string): void {
    this.byToken.delete(token);
  }
}
