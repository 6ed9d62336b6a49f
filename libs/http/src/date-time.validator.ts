import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * Is `s` a calendar date-time with a UTC offset that names one real instant, e.g.
 * `2026-11-23T07:40:00+01:00`? ISO 8601 allows much more (week dates, ordinal dates, an hour with
 * no minutes, `+01` offsets) that `class-validator`'s `isISO8601` passes but `new Date()` cannot
 * read, which once reached the database as NaN and answered 500. Days past the month's end
 * (`02-30`) and offsets beyond ±14:00 are refused too.
 */
export function isOffsetDateTime(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  const [, y, mo, d, h, mi, sec, , oh, om] = m;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  if (month < 1 || month > 12 || day < 1) return false;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec ?? 0) > 59) return false;
  if (oh !== undefined && (Number(oh) > 14 || Number(om) > 59)) return false;
  return Number.isFinite(Date.parse(s));
}

/** Validates a date-time with offset (see {@link isOffsetDateTime}). */
export function IsOffsetDateTime(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isOffsetDateTime',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: 'must be a date-time with a time zone offset, e.g. 2026-11-23T07:40:00+01:00',
        ...options,
      },
      validator: { validate: isOffsetDateTime },
    });
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is `s` a real calendar date `YYYY-MM-DD` (no month 13, no 30 February, no `9999-99-99`)? */
export function isCalendarDate(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  const m = DATE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
  );
}

/** Validates a calendar date `YYYY-MM-DD` (see {@link isCalendarDate}). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be a calendar date YYYY-MM-DD, e.g. 2026-12-01', ...options },
      validator: { validate: isCalendarDate },
    });
}

/**
 * Is the date-time `s` after the one `other` names? True when either is no date-time at all:
 * their own rules say so.
 */
export function isAfterDateTime(s: unknown, other: unknown): boolean {
  if (typeof s !== 'string' || typeof other !== 'string') return true;
  const [at, otherAt] = [Date.parse(s), Date.parse(other)];
  return !Number.isFinite(at) || !Number.isFinite(otherAt) || at > otherAt;
}

/**
 * Validates that the end of a span (`to`) comes after its start, the date-time in `property`
 * of the same request, when both are given: a span that ends before it starts once answered 200
 * with nothing in it (the console's figures, the shift list, the audit trail).
 */
export function IsAfter(property: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAfter',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [property],
      options: { message: `must be after ${property}`, ...options },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          isAfterDateTime(value, (args.object as Record<string, unknown>)[property]),
      },
    });
}
