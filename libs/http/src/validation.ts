import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

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
    for (const [rule, msg] of Object.entries(e.constraints ?? {})) {
      // class-validator says "passengers must not be less than 1"; the field is named separately.
      const reason = msg.startsWith(`${e.property} `) ? msg.slice(e.property.length + 1) : msg;
      out.push({
        field,
        reason: rule === 'whitelistValidation' ? 'is not a known field' : reason,
        code: rule,
      });
    }
    out.push(...flatten(e.children ?? [], field));
  }
  return out;
}

/**
 * Strict request validation: unknown fields refused, types converted, and every problem reported
 * as `{ field, reason }` in a 400.
 */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new BadRequestException({
        code: 'validation_failed',
        message: list.map((e) => `${e.field}: ${e.reason}`).join('; '),
        errors: list,
      });
    },
  });
}
