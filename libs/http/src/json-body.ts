import type { Express, NextFunction, Request, Response } from 'express';
import { json } from 'express';
import { bounded } from './http-exception.filter';
import { NUL_CHARACTER_CODE, NUL_CHARACTER_REASON } from './nul-character';
import { ErrorBody, HTTP_REASON } from './problem';

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
    super(`${field}: ${NUL_CHARACTER_REASON}`);
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

/** What body-parser and raw-body put on the errors they raise (http-errors). */
interface BodyParserError {
  status?: number;
  type?: string;
  message?: string;
}

/**
 * The 4xx answer to an error the JSON parser raised while reading or parsing a request body, or
 * null for an error that is not the client's (no 4xx status), which goes on to Express.
 * Decided by the error's status, not by its `type`: body-parser marks its own refusals with a
 * type, but passes a decompression error (a body sent as `content-encoding: gzip`, `deflate` or
 * `br` that is not) on as a bare 400 with zlib's message; those once answered 500.
 */
export function bodyErrorAnswer(
  err: unknown,
  req: { headers: Record<string, string | string[] | undefined> },
  limit: string,
): ErrorBody | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as BodyParserError;
  const status = e.status;
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  if (err instanceof JsonNulError)
    return fieldProblem(400, NUL_CHARACTER_CODE, err.field, NUL_CHARACTER_REASON);
  let code: string;
  let reason: string;
  switch (e.type) {
    case 'entity.parse.failed':
      return {
        ...fieldProblem(status, 'malformed_json', 'body', 'is not valid JSON'),
        message: `request body is not valid JSON: ${e.message}`,
      };
    case 'entity.too.large':
      [code, reason] = ['entity_too_large', `is larger than ${limit}`];
      break;
    case 'entity.too.deep':
      [code, reason] = ['json_too_deep', e.message ?? 'nests too deep'];
      break;
    case undefined: {
      // raw-body refuses with a type; only the decompression stream's error comes bare.
      const encoding = String(req.headers['content-encoding'] ?? 'identity');
      [code, reason] = [
        'undecodable_body',
        `is not valid ${encoding} data, as its content-encoding says (${e.message ?? 'unreadable'})`,
      ];
      break;
    }
    default:
      [code, reason] = [e.type.replace(/\./g, '_'), e.message ?? 'bad body'];
  }
  return fieldProblem(status, code, 'body', reason);
}

function fieldProblem(status: number, code: string, field: string, reason: string): ErrorBody {
  return {
    statusCode: status,
    error: HTTP_REASON[status] ?? 'Bad Request',
    code,
    message: `${field}: ${reason}`,
    errors: [{ field, reason, code }],
  };
}

/**
 * JSON body parsing with a JSON answer for every body the parser refuses. Express's own parser
 * answers those with an HTML page before Nest sees the request, so its errors are answered here,
 * as it raises them. The size (`limit`) and the nesting depth are both checked before the body
 * is parsed.
 */
export function installJsonBody(app: Express, limit = '100kb', maxDepth = JSON_MAX_DEPTH): void {
  const parse = json({
    limit,
    strict: true,
    verify: (_req, _res, buf) => {
      if (jsonDepthExceeds(buf, maxDepth)) throw new JsonTooDeepError(maxDepth);
      const nul = jsonNulField(buf);
      if (nul !== null) throw new JsonNulError(nul);
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => {
      const body = err ? bodyErrorAnswer(err, req, limit) : null;
      if (!body) return next(err);
      res.status(body.statusCode).json(bounded(body));
    }),
  );
}
