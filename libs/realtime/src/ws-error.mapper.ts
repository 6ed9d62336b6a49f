import { WsAck, WsErrorBody } from '@app/contracts';
import { DomainError, RuleViolationError } from '@app/domain';
import { outageOf } from '@app/http';
import { Logger } from '@nestjs/common';

const log = new Logger('WsErrors');

/**
 * The one mapping of errors to what a websocket client sees: an unreachable database, Redis or
 * router is `<dependency>_unavailable`; anything unexpected is `internal`.
 */
export function toWsError(e: unknown): WsErrorBody {
  if (e instanceof RuleViolationError && e.problems.length) {
    const [first] = e.problems;
    return { code: first.code, field: first.field, reason: first.reason };
  }
  if (e instanceof DomainError) return { code: e.code, reason: e.message };
  const outage = outageOf(e);
  if (outage) {
    log.warn(`${outage} unavailable: ${(e as Error).message}`);
    return { code: `${outage}_unavailable`, reason: 'briefly unavailable, try again shortly' };
  }
  log.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  return { code: 'internal', reason: 'internal error, try again' };
}

/** Runs a request and turns its result or error into the acknowledgement the client receives. */
export async function toAck<T>(work: () => Promise<T> | T): Promise<WsAck<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (e) {
    return { ok: false, error: toWsError(e) };
  }
}
