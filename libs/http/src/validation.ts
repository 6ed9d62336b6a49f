import {
  ArgumentMetadata,
  BadRequestException,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { parameterProblems } from './request-parameters';

function flatten(
  errors: ValidationError[],
  parent = '',
): Array<{ field: string; reason: string; code: string }> {
  const out: Array<{ field: string; reason: string; code: string }> = [];
  for (const e of errors) {
    const field = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    // A field that must be an object and is not: that one problem. class-validator adds its own
    // for a nested field (and walks an array's items as if each were the object).
    const constraints = e.constraints?.isObject
      ? { isObject: e.constraints.isObject }
      : (e.constraints ?? {});
    for (const [rule, msg] of Object.entries(constraints)) {
      // class-validator says "passengers must not be less than 1"; the field is named separately.
      const reason = msg.startsWith(`${e.property} `) ? msg.slice(e.property.length + 1) : msg;
      out.push({
        field,
        reason: rule === 'whitelistValidation' ? 'is not a known field' : reason,
        code: rule,
      });
    }
    if (!e.constraints?.isObject) out.push(...flatten(e.children ?? [], field));
  }
  return out;
}

/** The 400 for input problems, each `{ field, reason, code }`; `code` is the answer's. */
function badInput(
  code: string,
  list: Array<{ field: string; reason: string; code: string }>,
): BadRequestException {
  return new BadRequestException({
    code,
    message: list.map((e) => `${e.field}: ${e.reason}`).join('; '),
    errors: list,
  });
}

/**
 * The global pipe: query strings and path parameters are checked as the framework hands them
 * over (`parameterProblems`), then every input is validated against its DTO.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const problems = parameterProblems(value, metadata);
    if (problems.length) throw badInput(problems[0].code, problems);
    return super.transform(value, metadata);
  }
}

/**
 * Strict request validation: unknown fields refused, types converted, and every problem reported
 * as `{ field, reason }` in a 400.
 */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => badInput('validation_failed', flatten(errors)),
  });
}
