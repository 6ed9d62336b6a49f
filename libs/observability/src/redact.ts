/**
 * Keeps phone numbers and sign-in codes out of logs (DSGVO; a code in a log is a sign-in for
 * whoever reads it). Structured fields are censored by path; free text (messages, error texts,
 * URLs) is scrubbed by pattern.
 */
export const REDACTED = '[redacted]';

/** pino `redact` paths: fields that hold a phone number, a code or a credential. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'phone',
  'code',
  'token',
  '*.phone',
  '*.code',
  '*.token',
  '*.*.phone',
  '*.*.code',
];

// A phone number as people write them: international (+49, 0049) or national (0 + area code),
// at least 7 digits with optional spaces, slashes, dashes or brackets between them.
const PHONE = /(?<![\w.-])(?:\+|00|0)\d(?:[ ()/-]{0,3}\d){6,}/g;
// A sign-in code: a free-standing run of six digits (ids here are UUIDs, times are ISO).
const CODE = /(?<![\w.:/-])\d{6}(?![\w.:/-])/g;
// Query strings may carry phone numbers (`/v1/admin/riders?q=0638...`) and names.
const QUERY = /(\?)[^\s"]*/g;

/** `codes: false` leaves six-digit codes readable (NODE_ENV=development: the code is in the log). */
export function scrubText(s: string, opts: { codes?: boolean } = {}): string {
  const noPhones = s.replace(PHONE, REDACTED);
  return opts.codes === false ? noPhones : noPhones.replace(CODE, REDACTED);
}

/** A URL as it may be logged: the path, no query string. */
export function scrubUrl(url: string): string {
  return url.replace(QUERY, '$1' + REDACTED);
}

/** Scrubs every string inside a log record (objects and arrays, a few levels deep). */
export function scrubDeep<T>(value: T, opts: { codes?: boolean } = {}, depth = 4): T {
  if (typeof value === 'string') return scrubText(value, opts) as T;
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, opts, depth - 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = scrubDeep(v, opts, depth - 1);
  }
  return out as T;
}
