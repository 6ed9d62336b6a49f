/**
 * PostgreSQL cannot store U+0000 in text, nor compare text with it: a NUL character in a body
 * that reached the database answered 500. Every input refuses it with the same answer (code and
 * reason), before anything reads the value.
 */
export const NUL_CHARACTER_CODE = 'nul_character';
export const NUL_CHARACTER_REASON = 'must not contain the NUL character (\\u0000)';
