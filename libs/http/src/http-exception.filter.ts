import {
  ConflictError,
  DomainError,
  ForbiddenError,
  IllegalStatusTransitionError,
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
} from '@app/domain';
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { Dependency, OUTAGE_RETRY_AFTER_S, outageOf } from './outage';
import { ErrorBody, HTTP_REASON } from './problem';

/** Maps a domain error to its HTTP status and body. */
export function domainErrorToHttp(e: DomainError): ErrorBody {
  const body = (statusCode: number, extra: Partial<ErrorBody> = {}): ErrorBody => ({
    statusCode,
    error: HTTP_REASON[statusCode],
    code: e.code,
    message: e.message,
    ...extra,
  });
  if (e instanceof RuleViolationError) return body(422, { errors: e.problems });
  if (e instanceof InvalidInputError) return body(400, { errors: e.problems });
  if (e instanceof NotFoundError) return body(404);
  if (e instanceof IllegalStatusTransitionError) return body(409);
  if (e instanceof ConflictError) return body(409);
  if (e instanceof ForbiddenError) return body(403);
  return body(400);
}

/**
 * The one exception filter of an HTTP app: domain errors, Nest's HTTP errors, an unreachable
 * database, Redis or router as 503 with `Retry-After`, and the rest as 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let body: ErrorBody;
    let outage: Dependency | null;
    if (exception instanceof DomainError) {
      body = domainErrorToHttp(exception);
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const r = exception.getResponse() as
        string | { message?: unknown; errors?: ErrorBody['errors']; code?: string };
      const message =
        typeof r === 'string'
          ? r
          : Array.isArray(r.message)
            ? r.message.join('; ')
            : String(r.message ?? exception.message);
      body = {
        statusCode: status,
        error: HTTP_REASON[status] ?? 'Error',
        code:
          (typeof r === 'object' && r.code) ||
          (exception instanceof ThrottlerException ? 'rate_limited' : httpCode(status)),
        message:
          exception instanceof ThrottlerException
            ? 'too many requests, try again in a minute'
            : message,
        ...(typeof r === 'object' && r.errors ? { errors: r.errors } : {}),
      };
    } else if ((outage = outageOf(exception))) {
      // A dependency is down: the client may try again shortly; nothing about its request is wrong.
      this.log.warn(`${outage} unavailable: ${(exception as Error).message}`);
      res.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_S));
      body = {
        statusCode: 503,
        error: HTTP_REASON[503],
        code: `${outage}_unavailable`,
        message: `the service is briefly unavailable (${outage}); please try again shortly`,
      };
    } else {
      this.log.error(exception instanceof Error ? exception.stack : String(exception));
      body = {
        statusCode: 500,
        error: HTTP_REASON[500],
        code: 'internal',
        message: 'internal error',
      };
    }
    res.status(body.statusCode).json(bounded(body));
  }
}

/** Longest message and per-field reason an error body carries. */
const MAX_MESSAGE_CHARS = 2000;
const MAX_REASON_CHARS = 300;

/**
 * Every value a message repeats from the request is already cut where the message is made
 * (`echo` in @app/domain); this bounds the rest (a library's message, a reason built elsewhere),
 * so no answer repeats unbounded input.
 */
export function bounded(body: ErrorBody): ErrorBody {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
  return {
    ...body,
    message: cut(body.message, MAX_MESSAGE_CHARS),
    ...(body.errors
      ? { errors: body.errors.map((e) => ({ ...e, reason: cut(e.reason, MAX_REASON_CHARS) })) }
      : {}),
  };
}

function httpCode(status: number): string {
  switch (status) {
    case HttpStatus.UNAUTHORIZED:
      return 'unauthorized';
    case HttpStatus.FORBIDDEN:
      return 'forbidden';
    case HttpStatus.NOT_FOUND:
      return 'not_found';
    case HttpStatus.BAD_REQUEST:
      return 'bad_request';
    default:
      return `http_${status}`;
  }
}
