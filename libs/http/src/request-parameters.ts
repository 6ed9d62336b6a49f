import type { ArgumentMetadata } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { holdsNul, NUL_CHARACTER_CODE, NUL_CHARACTER_REASON } from './nul-character';

export interface ParameterProblem {
  field: string;
  reason: string;
  code: string;
}

const REPEATED_PARAMETER_CODE = 'repeated_parameter';

/**
 * What is wrong with the query string or path parameters a handler receives, before they are
 * validated: a NUL character (PostgreSQL cannot compare text with one: `?entityId=%00` answered
 * 500), or a parameter given more than once where it takes one value (`?county=07336&county=07335`
 * reached the service as an array: a misleading 422, elsewhere a reason that misnamed the
 * problem). A parameter takes several values only where its DTO says so (`{ each: true }` or
 * `@IsArray()` on the property, or an array-typed `@Query('name')`). Unknown parameters are left
 * to validation, which names them as such. Bodies are checked where they are parsed (json-body.ts).
 */
export function parameterProblems(value: unknown, metadata: ArgumentMetadata): ParameterProblem[] {
  if (metadata.type !== 'query' && metadata.type !== 'param') return [];
  const named: Array<[string, unknown]> =
    metadata.data !== undefined
      ? [[metadata.data, value]]
      : Object.entries(value && typeof value === 'object' ? value : {});
  // The DTO's rules are read only for a parameter given more than once, not on every request.
  const listAllowed = (field: string) =>
    metadata.data !== undefined ? metadata.metatype === Array : takesList(metadata.metatype, field);
  const problems: ParameterProblem[] = [];
  for (const [field, v] of named) {
    if (holdsNul(v) || holdsNul(field))
      problems.push({
        field: field.replace(/\0/g, '\\u0000'),
        reason: NUL_CHARACTER_REASON,
        code: NUL_CHARACTER_CODE,
      });
    else if (Array.isArray(v) && !listAllowed(field))
      problems.push({
        field,
        reason: `takes one value, was given ${v.length}`,
        code: REPEATED_PARAMETER_CODE,
      });
  }
  return problems;
}

/**
 * May `property` of the DTO `metatype` hold several values? Yes where its rules say so, and for
 * a property the DTO does not know: whitelist validation refuses that by name.
 */
function takesList(metatype: ArgumentMetadata['metatype'], property: string): boolean {
  if (typeof metatype !== 'function') return true;
  const rules = getMetadataStorage()
    .getTargetValidationMetadatas(metatype, '', false, false)
    .filter((m) => m.propertyName === property);
  return rules.length === 0 || rules.some((m) => m.each || m.name === 'isArray');
}
