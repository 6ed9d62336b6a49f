import { bearerToken, isUuid, Principal, Role, ROLES } from '@app/domain';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/** One HS256 signing key and its id (the JWT header's `kid`). */
export interface SigningKey {
  kid: string;
  secret: string;
}

export interface TokenOptions {
  /** Every key a token may be signed with; rotating adds the new key before it signs. */
  keys: SigningKey[];
  /** The key new tokens are signed with. */
  activeKid: string;
  /** Lifetime of access tokens, seconds. */
  accessTtlS: number;
}

export const TOKEN_OPTIONS = Symbol('TOKEN_OPTIONS');

/**
 * Signs and checks the HS256 access tokens shared by the booking API and realtime gateway.
 * Tokens carry the signing key's id in the header, and verification accepts every configured
 * key, so a key is rotated by adding the new one everywhere, then making it active, then
 * dropping the old one once its tokens have expired: no client needs a restart.
 */
@Injectable()
export class TokenService {
  private readonly jwt = new JwtService({});
  /**
   * Secrets as KeyObjects made once: given a string, jsonwebtoken tries to parse it as a public
   * key (a thrown exception) and then builds a secret key, on every sign and verify (a tenth of
   * the booking API's CPU on GET /v1/bookings/:id in bench:api). The casts: @nestjs/jwt types the
   * secret as string | Buffer, and jsonwebtoken takes a KeyObject as it is.
   */
  private readonly keys: Map<string, string>;

  constructor(@Inject(TOKEN_OPTIONS) private readonly options: TokenOptions) {
    this.keys = new Map(
      options.keys.map((k) => [k.kid, createSecretKey(Buffer.from(k.secret)) as unknown as string]),
    );
    if (!this.keys.has(options.activeKid)) {
      throw new Error(`the active signing key ${options.activeKid} is not among the keys`);
    }
  }

  get accessTtlS(): number {
    return this.options.accessTtlS;
  }

  sign(principal: Principal, ttlS?: number): string {
    const claims: Record<string, unknown> = { role: principal.role };
    if (principal.countyId) claims.county = principal.countyId;
    if (principal.sessionId) claims.sid = principal.sessionId;
    if (principal.name) claims.name = principal.name;
    if (principal.shiftId) claims.shift = principal.shiftId;
    return this.jwt.sign(claims, {
      secret: this.keys.get(this.options.activeKid)!,
      algorithm: 'HS256',
      keyid: this.options.activeKid,
      subject: principal.sub,
      expiresIn: ttlS ?? this.options.accessTtlS,
    });
  }

  /** @throws InvalidTokenError with a reason a client can act on. */
  verify(token: string): Principal {
    const payload = this.verifySignature(token);
    if (typeof payload.sub !== 'string' || !ROLES.includes(payload.role as Role)) {
      throw new InvalidTokenError('token lacks subject or role');
    }
    const role = payload.role as Role;
    const countyId = typeof payload.county === 'string' ? payload.county : undefined;
    // An operator works for exactly one county; without one the token could reach them all.
    if (role === 'operator' && !countyId)
      throw new InvalidTokenError('operator token lacks a county');
    // Riders and drivers are rows looked up by their id: a subject that is no UUID is no one.
    if (role !== 'operator' && role !== 'admin' && !isUuid(payload.sub)) {
      throw new InvalidTokenError('token subject is not a rider or driver id');
    }
    if (
      payload.county !== undefined &&
      (typeof payload.county !== 'string' || !isUuid(payload.county))
    ) {
      throw new InvalidTokenError('token county is not a county id');
    }
    if (payload.shift !== undefined && (role !== 'driver' || !isUuid(payload.shift))) {
      throw new InvalidTokenError('token shift is not a shift id of a driver');
    }
    return {
      sub: payload.sub,
      role,
      ...(countyId ? { countyId } : {}),
      ...(typeof payload.sid === 'string' ? { sessionId: payload.sid } : {}),
      ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
      ...(isUuid(payload.shift) ? { shiftId: payload.shift } : {}),
    };
  }

  private verifySignature(token: string): Record<string, unknown> {
    const decoded = this.jwt.decode<{ header?: { kid?: unknown } } | null>(token, {
      complete: true,
    });
    const kid = decoded?.header?.kid;
    // Tokens from before key ids (kid missing) are tried against every key.
    const secrets =
      typeof kid === 'string' ? [this.keys.get(kid)].filter(Boolean) : [...this.keys.values()];
    if (!decoded || secrets.length === 0) throw new InvalidTokenError('token invalid');
    let expired = false;
    for (const secret of secrets) {
      try {
        return this.jwt.verify(token, { secret, algorithms: ['HS256'] });
      } catch (e) {
        if ((e as Error).name === 'TokenExpiredError') expired = true;
      }
    }
    throw new InvalidTokenError(expired ? 'token expired' : 'token invalid');
  }

  /** Reads `Bearer <token>` from an Authorization header value. */
  static bearer(header: string | undefined): string | null {
    return bearerToken(header);
  }
}
