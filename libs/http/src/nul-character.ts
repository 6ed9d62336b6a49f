/**
 * PostgreSQL cannot store U+0000 in text, nor compare text with it: a NUL character in a body or
 * a query string that reached the database answered 500. Every input (body, query, path)
 * refuses it with the same answer (code and reason), before anything reads the value.
 */
export const NUL_CHARACTER_CODE = 'nul_character';
export const NUL_CHARACTER_REASON = 'must not contain the NUL character (\\u0000)';

/** Does `value`, a string or an array or object of strings (keys too), hold a NUL character? */
export function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 8 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || holdsNul(v, depth + 1));
}
