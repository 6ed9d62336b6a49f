/**
 * How the county's identity provider says who may use the console: a claim holding groups or
 * roles (OIDC_ROLE_CLAIM, e.g. `groups`, `roles` or Keycloak's `realm_access.roles`), the group
 * names for operators and admins, and optionally a claim holding the county key (AGS).
 * Nothing here knows a particular provider; Keycloak, Entra ID and ADFS differ only in the names.
 */
export interface ClaimMapping {
  roleClaim: string;
  operatorGroup: string;
  adminGroup: string;
  countyClaim?: string;
  /** County key for users whose token names none (an identity provider serving one county). */
  defaultCounty?: string;
}

export type MappedOfficeUser =
  | { kind: 'office'; role: 'operator' | 'admin'; countyCode?: string; name?: string }
  | { kind: 'refused'; reason: 'not_an_office_user' | 'no_county' | 'several_counties' };

/** Reads a claim by a dotted path (`realm_access.roles`); a key with dots is tried first. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  let at: unknown = claims;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** A claim as a list of strings: arrays as they are, a string split on commas and spaces. */
function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * Groups compare case-insensitively and also by their last path segment, since Keycloak sends
 * group paths (`/kusel/ridepool-operator`) and ADFS may send `DOMAIN\group`.
 */
function hasGroup(groups: string[], wanted: string): boolean {
  const w = wanted.toLowerCase();
  return groups.some((g) => {
    const lower = g.toLowerCase();
    return lower === w || lower.split(/[/\\]/).pop() === w;
  });
}

/** Maps verified ID token (and userinfo) claims to a console role and county, or a refusal. */
export function mapOfficeClaims(
  claims: Record<string, unknown>,
  mapping: ClaimMapping,
): MappedOfficeUser {
  const groups = asList(claimAt(claims, mapping.roleClaim));
  const name = [claims.email, claims.preferred_username, claims.upn, claims.name].find(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
  const role = hasGroup(groups, mapping.adminGroup)
    ? 'admin'
    : hasGroup(groups, mapping.operatorGroup)
      ? 'operator'
      : null;
  if (!role) return { kind: 'refused', reason: 'not_an_office_user' };

  const counties = mapping.countyClaim
    ? [...new Set(asList(claimAt(claims, mapping.countyClaim)))].filter((c) => /^\d{5}$/.test(c))
    : [];
  if (counties.length > 1 && role === 'operator') {
    return { kind: 'refused', reason: 'several_counties' };
  }
  const countyCode = counties[0] ?? mapping.defaultCounty;
  if (role === 'operator' && !countyCode) return { kind: 'refused', reason: 'no_county' };
  return {
    kind: 'office',
    role,
    ...(countyCode ? { countyCode } : {}),
    ...(name ? { name } : {}),
  };
}
