import { ClaimMapping, mapOfficeClaims } from './oidc-claims';

const mapping: ClaimMapping = {
  roleClaim: 'groups',
  operatorGroup: 'ridepool-operator',
  adminGroup: 'ridepool-admin',
  countyClaim: 'county',
};

describe('mapOfficeClaims', () => {
  it.each([
    [
      'operator with a county (Entra ID style groups array)',
      { groups: ['ridepool-operator'], county: '07336', email: 'a@kv-kusel.de' },
      mapping,
      { kind: 'office', role: 'operator', countyCode: '07336', name: 'a@kv-kusel.de' },
    ],
    [
      'admin wins over operator, county optional',
      { groups: ['ridepool-operator', 'ridepool-admin'] },
      mapping,
      { kind: 'office', role: 'admin' },
    ],
    [
      'Keycloak group paths and nested roles claim',
      { realm_access: { roles: ['offline_access', '/kusel/Ridepool-Operator'] }, county: '07336' },
      { ...mapping, roleClaim: 'realm_access.roles' },
      { kind: 'office', role: 'operator', countyCode: '07336' },
    ],
    [
      'ADFS style DOMAIN\\group in a single string, county from the default',
      { role: 'KV\\ridepool-operator', upn: 'b@kv.local' },
      { ...mapping, roleClaim: 'role', countyClaim: undefined, defaultCounty: '07336' },
      { kind: 'office', role: 'operator', countyCode: '07336', name: 'b@kv.local' },
    ],
    [
      'a user without the operator group',
      { groups: ['staff'], county: '07336' },
      mapping,
      { kind: 'refused', reason: 'not_an_office_user' },
    ],
    [
      'no groups claim at all',
      { county: '07336' },
      mapping,
      { kind: 'refused', reason: 'not_an_office_user' },
    ],
    [
      'an operator without a county',
      { groups: ['ridepool-operator'] },
      mapping,
      { kind: 'refused', reason: 'no_county' },
    ],
    [
      'an operator naming two counties',
      { groups: ['ridepool-operator'], county: ['07336', '07335'] },
      mapping,
      { kind: 'refused', reason: 'several_counties' },
    ],
    [
      'a group that only contains the name is not the group',
      { groups: ['ridepool-operator-trainee'], county: '07336' },
      mapping,
      { kind: 'refused', reason: 'not_an_office_user' },
    ],
  ])('%s', (_name, claims, m, expected) => {
    expect(mapOfficeClaims(claims as Record<string, unknown>, m)).toEqual(expected);
  });
});
