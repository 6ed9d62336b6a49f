export const ROLES = ['rider', 'driver', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a token. */
export interface Principal {
  /** Subject: the rider's id for riders, the driver's id for drivers, an operator id. */
  sub: string;
  role: Role;
  /**
   * County the principal belongs to (riders, drivers and operators are scoped to exactly one).
   * An admin's token may name one county (an admin of that county only) or none (an admin of
   * every county); for the latter this is the county the request acts for (`X-County-Id`), if any.
   */
  countyId?: string;
  /** Display name or e-mail of an office user, for the audit trail. */
  name?: string;
  /** Sign-in session (refresh token family) the token belongs to, when it has one. */
  sessionId?: string;
  /**
   * A driver signed in by phone: the shift the token was issued for. It holds only while that
   * shift is still the driver's (see DriverShiftBinding); development tokens carry none.
   */
  shiftId?: string;
}

/** The transport office: an operator of one county, or an admin of one county or of every county. */
export function isOffice(p: Pick<Principal, 'role'>): boolean {
  return p.role === 'operator' || p.role === 'admin';
}

/**
 * The token of an `Authorization: Bearer <token>` header value, else null. The scheme is
 * case-insensitive (RFC 9110 §11.1: `bearer`, `BEARER`); white space follows it. Every
 * reader of the header (the API's guards, the gateway, /metrics) reads it here.
 */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m ? m[1] : null;
}
