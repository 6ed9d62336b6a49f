/** A service the app depends on that did not answer. */
export type Dependency = 'database' | 'redis' | 'routing';

/** Seconds a client is told to wait (`Retry-After`) when a dependency is down. */
export const OUTAGE_RETRY_AFTER_S = 5;

// PostgreSQL SQLSTATEs that mean "the server is not there right now", not "your query is wrong":
// class 08 (connection exception), admin/crash shutdown, cannot connect now, too many connections.
const PG_OUTAGE_STATES = /^(08...|57P0[1-3]|53300)$/;
const NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command/i;
const REDIS_MESSAGES =
  /max retries per request limit|Connection is closed|Stream isn't writeable|enableOfflineQueue|MaxRetriesPerRequestError|Redis connection|LOADING Redis is loading/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  driverError?: unknown;
  stack?: unknown;
}

/**
 * Which dependency an error says is unreachable, or null when the error is something else (a bug,
 * bad input). Looks through the wrappers TypeORM, pg, ioredis and Node put around the cause
 * (`driverError`, `cause`, `AggregateError.errors`). Duck-typed, so this lib needs none of them.
 */
export function outageOf(e: unknown, depth = 0): Dependency | null {
  if (!e || typeof e !== 'object' || depth > 5) return null;
  const err = e as ErrorLike;
  const name = String(err.name ?? '');
  const message = String(err.message ?? '');
  const code = typeof err.code === 'string' ? err.code : '';
  if (name === 'RoutingError') return code === 'Unavailable' ? 'routing' : null;
  if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(message)) return 'redis';
  if (PG_OUTAGE_STATES.test(code) || PG_MESSAGES.test(message)) return 'database';
  if (NET_CODES.has(code)) {
    // Which server refused: the stack names the client library that was talking to it.
    const stack = String(err.stack ?? '');
    if (/ioredis|bullmq/.test(stack)) return 'redis';
    return 'database';
  }
  for (const inner of [
    err.driverError,
    err.cause,
    ...(Array.isArray(err.errors) ? err.errors : []),
  ]) {
    const found = outageOf(inner, depth + 1);
    if (found) return found;
  }
  return null;
}
