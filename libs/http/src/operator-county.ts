import { ForbiddenError, isOffice, Principal } from '@app/domain';

/**
 * The county an office token acts for: an operator's own, or the one an admin named (header
 * `X-County-Id`). Anything else may not administer.
 */
export function operatorCounty(p: Principal): string {
  if (!isOffice(p) || !p.countyId)
    throw new ForbiddenError(
      p.role === 'admin'
        ? 'an admin names the county to act for in the X-County-Id header'
        : 'this needs an operator token scoped to a county',
    );
  return p.countyId;
}
