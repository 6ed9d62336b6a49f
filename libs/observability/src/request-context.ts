import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The request id of the work in progress, carried across async calls: set per HTTP request by
 * {@link requestIdMiddleware}, per dispatch job by the worker (from the job's payload), and read
 * by the logger, the queue producer and the event publisher, so one id follows a booking from
 * `POST /v1/bookings` through the dispatch job to the realtime event it causes.
 */
interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Header a caller or proxy may set; echoed on every response. */
export const REQUEST_ID_HEADER = 'x-request-id';

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function runWithRequestId<T>(requestId: string | undefined, fn: () => T): T {
  return requestId ? storage.run({ requestId }, fn) : fn();
}

/** An incoming id when it is a sane token, else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v && VALID_ID.test(v) ? v : randomUUID();
}

/**
 * Express middleware, installed first: gives the request its id (`req.id`, which pino-http logs),
 * echoes it in `x-request-id` and runs the rest of the request inside its context.
 */
export function requestIdMiddleware(
  req: IncomingMessage & { id?: unknown },
  res: ServerResponse,
  next: () => void,
): void {
  const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  req.id = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  storage.run({ requestId: id }, next);
}
