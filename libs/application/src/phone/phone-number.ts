import { RuleViolationError } from '@app/domain';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A phone number as stored: E.164 (`+4915123456789`). */
export interface PhoneNumber {
  e164: string;
  /** The E.164 number without `+`, the form the sign-in keys and phone lookups use. */
  digits: string;
  /** Whether the number can receive an SMS (a mobile number). */
  mobile: boolean;
}

/**
 * Parses a number as a German caller would write it (`06381 123456`, `+49 151 …`, `0049 …`)
 * with libphonenumber-js and its full metadata (needed to tell mobile from landline), German
 * default region.
 * @throws RuleViolationError `invalid_phone` on `field` when it is not a valid number.
 */
export function parsePhone(input: string, field = 'phone'): PhoneNumber {
  const parsed = parsePhoneNumberFromString(input.trim(), 'DE');
  if (!parsed || !parsed.isValid()) {
    throw new RuleViolationError([
      { field, code: 'invalid_phone', reason: 'this is not a valid phone number' },
    ]);
  }
  const type = parsed.getType();
  return {
    e164: parsed.number,
    digits: parsed.number.slice(1),
    mobile: type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE',
  };
}

/**
 * A number that can receive a sign-in code by SMS.
 * @throws RuleViolationError `invalid_phone`, or `not_mobile` for a landline (or a service
 *   number): it cannot receive an SMS, the caller books by phone with the transport office.
 */
export function parseMobilePhone(input: string, field = 'phone'): PhoneNumber {
  const phone = parsePhone(input, field);
  if (!phone.mobile) {
    throw new RuleViolationError([
      {
        field,
        code: 'not_mobile',
        reason: 'this number cannot receive text messages (not a mobile number)',
      },
    ]);
  }
  return phone;
}

/** Whether a stored number can receive an SMS (a mobile number, {@link parsePhone}'s rule). */
export function canReceiveSms(phone: string): boolean {
  try {
    return parsePhone(phone).mobile;
  } catch {
    return false;
  }
}

/** A stored E.164 number as a German caller dials it, e.g. `06381 4240`; foreign ones in international form. */
export function formatPhoneNational(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === 'DE' ? parsed.formatNational() : parsed.formatInternational();
}

/**
 * SQL for the digits of a stored phone number as {@link parseMobilePhone} gives them (country
 * code first, no leading zeros), whatever the format it was stored in (`0151 ...`, `+49 151 ...`,
 * `0049...`), for looking a person up by a number. The unique index of active drivers' numbers
 * (`UQ_drivers_active_phone`, migration 1797000016730) is built over this same expression: a
 * change here needs a migration that builds it again.
 */
export const sqlPhoneDigits = (col: string) => `(CASE
  WHEN regexp_replace(coalesce(${col}, ''), '\\D', '', 'g') LIKE '00%' THEN substr(regexp_replace(${col}, '\\D', '', 'g'), 3)
  WHEN regexp_replace(coalesce(${col}, ''), '\\D', '', 'g') LIKE '0%' THEN '49' || substr(regexp_replace(${col}, '\\D', '', 'g'), 2)
  ELSE regexp_replace(coalesce(${col}, ''), '\\D', '', 'g') END)`;
