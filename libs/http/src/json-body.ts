import type { Express, NextFunction, Request, Response } from 'express';
import { json } from 'express';
import { ErrorBody } from './problem';

/** Deepest nesting of arrays and objects a request body may have; ours need fewer than 8. */
export const JSON_MAX_DEPTH = 32;

/**
 * How deep `buf` nests `[`/`{`, stopping as soon as it passes `max`. A linear scan over the raw
 * bytes that skips string contents, so a hostile body is refused before `JSON.parse` and the
 * recursive validators ever see it (a 40,000-deep array once overflowed the stack: a 500).
 * Malformed JSON is left for the parser to refuse.
 */
export function jsonDepthExceeds(buf: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

class JsonTooDeepError extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
  constructor(max: number) {
    super(`nests arrays or objects deeper than ${max} levels`);
  }
}

class JsonNulError extends Error {
  readonly status = 400;
  readonly type = 'entity.nul';
  constructor(readonly field: string) {
    super(`${field}: must not contain the NUL character (\\u0000)`);
  }
}

/**
 * The field (its key; an array index for an item) of the first string in the JSON text that holds
 * a NUL character, or null. PostgreSQL cannot store U+0000 in text: such a name or note once
 * reached the database and answered 500. The costly parse runs only when the raw text has the
 * escape at all; an escaped backslash before `u0000` is no NUL and is told apart by the parse.
 */
export function jsonNulField(buf: Buffer): string | null {
  if (!buf.includes('\\u0000')) return null;
  let field: string | null = null;
  try {
    JSON.parse(buf.toString('utf8'), (key: string, value: unknown) => {
      if (field === null && typeof value === 'string' && value.includes('\u0000'))
        field = key === '' ? 'body' : key;
      return value;
    });
  } catch {
    return null; // malformed: the parser says so
  }
  return field;
}

/**
 * JSON body parsing with a JSON answer for malformed bodies. Express's own parser answers those
 * with an HTML page before Nest sees the request, so parse errors are caught right after it.
 * The size (`limit`) and the nesting depth are both checked before the body is parsed.
 */
export function installJsonBody(app: Express, limit = '100kb', maxDepth = JSON_MAX_DEPTH): void {
  app.use(
    json({
      limit,
      strict: true,
      verify: (_req, _res, buf) => {
        if (jsonDepthExceeds(buf, maxDepth)) throw new JsonTooDeepError(maxDepth);
        const nul = jsonNulField(buf);
        if (nul !== null) throw new JsonNulError(nul);
      },
    }),
  );
  app.use(
    (
      err: { type?: string; status?: number; message?: string },
      _req: Request,
      res: Response,
      next: NextFunction,
    ) => {
      if (!err || !err.type) return next(err);
      if (err instanceof JsonNulError) {
        const reason = 'must not contain the NUL character (\\u0000)';
        const body: ErrorBody = {
          statusCode: 400,
          error: 'Bad Request',
          code: 'nul_character',
          message: `${err.field}: ${reason}`,
          errors: [{ field: err.field, reason, code: 'nul_character' }],
        };
        return void res.status(400).json(body);
      }
      const status = err.status ?? 400;
      const code =
        err.type === 'entity.parse.failed'
          ? 'malformed_json'
          : err.type === 'entity.too.deep'
            ? 'json_too_deep'
            : err.type.replace(/\./g, '_');
      const reason =
        err.type === 'entity.parse.failed'
          ? 'is not valid JSON'
          : err.type === 'entity.too.large'
            ? `is larger than ${limit}`
            : (err.message ?? 'bad body');
      const body: ErrorBody = {
        statusCode: status,
        error:
          status === 413
            ? 'Payload Too Large'
            : status === 415
              ? 'Unsupported Media Type'
              : 'Bad Request',
        code,
        message:
          err.type === 'entity.parse.failed'
            ? `request body is not valid JSON: ${err.message}`
            : `body: ${reason}`,
        errors: [{ field: 'body', reason }],
      };
      res.status(status).json(body);
    },
  );
}
