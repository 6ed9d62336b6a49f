import type { ArgumentMetadata } from '@nestjs/common';
import { holdsNul, NUL_CHARACTER_CODE, NUL_CHARACTER_REASON } from './nul-character';

export interface ParameterProblem {
  field: string;
  reason: string;
  code: string;
}

/**
 * What is wrong with the query string or path parameters a handler receives, before they are
 * validated: a NUL character (PostgreSQL cannot compare text with one: `?entityId=%00` answered
 * 500). Bodies are checked where they are parsed (json-body.ts).
 */
export function parameterProblems(value: unknown, metadata: ArgumentMetadata): ParameterProblem[] {
  if (metadata.type !== 'query' && metadata.type !== 'param') return [];
  const named: Array<[string, unknown]> =
    metadata.data !== undefined
      ? [[metadata.data, value]]
      : Object.entries(value && typeof value === 'object' ? value : {});
  const problems: ParameterProblem[] = [];
  for (const [field, v] of named) {
    if (holdsNul(v) || holdsNul(field))
      problems.push({
        field: field.replace(/\0/g, '\\u0000'),
        reason: NUL_CHARACTER_REASON,
        code: NUL_CHARACTER_CODE,
      });
  }
  return problems;
}
