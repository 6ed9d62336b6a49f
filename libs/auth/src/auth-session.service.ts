import { Principal, Role } from '@app/domain';
import { RefreshTokenEntity } from '@app/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DriverShiftBinding, ShiftRefusal } from './driver-shift-binding.service';
import { TokenService } from './token.service';

export const REFRESH_TOKEN_TTL_S = Symbol('REFRESH_TOKEN_TTL_S');

/** What a client keeps after signing in. */
export interface SessionTokens {
  /** Short-lived bearer token (JWT). */
  accessToken: string;
  /** Opaque, single use: exchange it for the next pair before it expires. */
  refreshToken: string;
  /** Lifetime of the access token, seconds. */
  expiresInS: number;
}

export type RefreshResult =
  | ({ kind: 'refreshed'; principal: Principal } & SessionTokens)
  /** Unknown, expired or revoked (signed out). */
  | { kind: 'invalid' }
  /** A token already exchanged was presented again: the whole session is revoked. */
  | { kind: 'reused' }
  /** A driver's session whose shift has ended or was changed: it is ended. */
  | { kind: 'shift_refused'; code: ShiftRefusal };

/**
 * Sign-in sessions: a short-lived access token plus a rotating refresh token. Refresh tokens
 * are stored only as sha256 hashes; each belongs to a family (one sign-in). Exchanging a token
 * marks it used in one conditional UPDATE, so two racing exchanges cannot both succeed; a used
 * token presented again means it was copied, and the family is revoked (OAuth 2.0 Security
 * BCP, RFC 9700 §4.14.2, refresh token rotation). A driver's session is bound to the shift it
 * was started for (DriverShiftBinding): every refresh checks that shift again, and its access
 * tokens carry the shift and end with it.
 */
@Injectable()
export class AuthSessionService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
    private readonly driverShifts: DriverShiftBinding,
    @Inject(REFRESH_TOKEN_TTL_S) private readonly refreshTtlS: number,
  ) {}

  /**
   * Starts a session (one new family) for a principal who just proved who they are; a driver's
   * carries the shift found by DriverShiftBinding.forSignIn.
   */
  async start(principal: Principal): Promise<SessionTokens> {
    const bound = await this.driverShifts.check(principal);
    if (bound && !bound.ok) throw new Error(`driver session not started: ${bound.code}`);
    return this.issue(principal, randomUUID(), bound?.shift.endsAt);
  }

  async refresh(raw: string): Promise<RefreshResult> {
    const hash = hashToken(raw);
    const [rows] = (await this.ds.query(
      `UPDATE refresh_tokens SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING family_id, subject, role, county_id, name, shift_id`,
      [hash],
    )) as [
      {
        family_id: string;
        subject: string;
        role: Role;
        county_id: string | null;
        name: string | null;
        shift_id: string | null;
      }[],
      number,
    ];
    const row = rows[0];
    if (!row) {
      const known = await this.ds.getRepository(RefreshTokenEntity).findOneBy({ tokenHash: hash });
      if (known?.usedAt && !known.revokedAt) {
        await this.revokeFamily(known.familyId);
        return { kind: 'reused' };
      }
      return known?.usedAt ? { kind: 'reused' } : { kind: 'invalid' };
    }
    const principal: Principal = {
      sub: row.subject,
      role: row.role,
      ...(row.county_id ? { countyId: row.county_id } : {}),
      ...(row.name ? { name: row.name } : {}),
      ...(row.shift_id ? { shiftId: row.shift_id } : {}),
    };
    const bound = await this.driverShifts.check(principal);
    if (bound && !bound.ok) {
      await this.revokeFamily(row.family_id);
      return { kind: 'shift_refused', code: bound.code };
    }
    return {
      kind: 'refreshed',
      principal,
      ...(await this.issue(principal, row.family_id, bound?.shift.endsAt)),
    };
  }

  /** Signs out: the session of this refresh token ends; its tokens cannot be refreshed. */
  async signOut(raw: string): Promise<boolean> {
    const row = await this.ds
      .getRepository(RefreshTokenEntity)
      .findOneBy({ tokenHash: hashToken(raw) });
    if (!row) return false;
    await this.revokeFamily(row.familyId);
    return true;
  }

  /** Ends every session of a subject (an office account switched off). */
  async signOutEverywhere(subject: string): Promise<void> {
    await this.ds.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE subject = $1 AND revoked_at IS NULL`,
      [subject],
    );
  }

  /** Whether a session (refresh family) has been revoked; unknown sessions count as live. */
  async isRevoked(sessionId: string): Promise<boolean> {
    const [row] = (await this.ds.query(
      `SELECT 1 FROM refresh_tokens WHERE family_id = $1 AND revoked_at IS NOT NULL LIMIT 1`,
      [sessionId],
    )) as unknown[];
    return row !== undefined;
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.ds.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }

  /** @param shiftEndsAt a driver's: the access token ends with the shift (plus the grace). */
  private async issue(
    principal: Principal,
    familyId: string,
    shiftEndsAt?: Date,
  ): Promise<SessionTokens> {
    const expiresInS = shiftEndsAt
      ? this.driverShifts.accessTtlS(shiftEndsAt, this.tokens.accessTtlS)
      : this.tokens.accessTtlS;
    const refreshToken = randomBytes(32).toString('base64url');
    await this.ds.getRepository(RefreshTokenEntity).insert({
      familyId,
      tokenHash: hashToken(refreshToken),
      subject: principal.sub,
      role: principal.role,
      countyId: principal.countyId ?? null,
      name: principal.name ?? null,
      shiftId: principal.shiftId ?? null,
      expiresAt: new Date(Date.now() + this.refreshTtlS * 1000),
    });
    return {
      accessToken: this.tokens.sign({ ...principal, sessionId: familyId }, expiresInS),
      refreshToken,
      expiresInS,
    };
  }
}

function hashToken(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}
