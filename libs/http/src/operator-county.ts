import { ForbiddenError, Principal } from '@app/domain';

/** The county an operator's token is scoped to; operators without one may not administer. */
export function operatorCounty(p: Principal): string {
  if (p.role !== 'operator' || !p.countyId)
    throw new ForbiddenError('this needs an operator token scoped to a county');
  return p.countyId;
}
