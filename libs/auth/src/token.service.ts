import { Principal, Role, ROLES } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/** Signs and checks the HS256 bearer tokens shared by the booking API and realtime gateway. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  sign(principal: Principal, ttlS?: number): string {
    const claims: Record<string, unknown> = { role: principal.role };
    if (principal.countyId) claims.county = principal.countyId;
    return this.jwt.sign(claims, { subject: principal.sub, ...(ttlS ? { expiresIn: ttlS } : {}) });
  }

  /** @throws InvalidTokenError with a reason a client can act on. */
  verify(token: string): Principal {
    let payload: { sub?: unknown; role?: unknown; county?: unknown };
    try {
      payload = this.jwt.verify(token, { algorithms: ['HS256'] });
    } catch (e) {
      const name = (e as Error).name;
      throw new InvalidTokenError(name === 'TokenExpiredError' ? 'token expired' : 'token invalid');
    }
    if (typeof payload.sub !== 'string' || !ROLES.includes(payload.role as Role)) {
      throw new InvalidTokenError('token lacks subject or role');
    }
    // Riders and drivers are rows looked up by their id: a subject that is no UUID is no one.
    if (payload.role !== 'operator' && !UUID.test(payload.sub)) {
      throw new InvalidTokenError('token subject is not a rider or driver id');
    }
    if (
      payload.county !== undefined &&
      (typeof payload.county !== 'string' || !UUID.test(payload.county))
    ) {
      throw new InvalidTokenError('token county is not a county id');
    }
    return {
      sub: payload.sub,
      role: payload.role as Role,
      ...(typeof payload.county === 'string' ? { countyId: payload.county } : {}),
    };
  }

  /** Reads `Bearer <token>` from an Authorization header value. */
  static bearer(header: string | undefined): string | null {
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    return m ? m[1] : null;
  }
}
