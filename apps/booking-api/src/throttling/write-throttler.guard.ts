import { InvalidTokenError, TokenService } from '@app/auth';
import { ExecutionContext, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';

/** Set on the request by getTracker: the bucket belongs to a verified token's subject. */
const VERIFIED = Symbol('write-throttler.verified');
/** How long the limiter waits for Redis before deciding without it. */
const STORAGE_TIMEOUT_MS = 2000;
const RETRY_AFTER_S = 30;

/**
 * Rate limit on writes only (reads are cheap and riders refresh). A request with a valid token
 * counts against its subject, so villagers behind one shared connection do not throttle each
 * other; anything else (no token, or one whose signature does not hold) counts against the
 * caller's address, so a made-up token can neither lift the address limit nor use up a real
 * rider's allowance.
 *
 * Without Redis the limiter cannot count: it lets signed-in users write (their requests are
 * attributable and the services have their own limits) and refuses anonymous writes, i.e.
 * sign-in code requests, with 503 and Retry-After, since those cost an SMS each.
 */
@Injectable()
export class WriteThrottlerGuard extends ThrottlerGuard {
  private readonly log = new Logger(WriteThrottlerGuard.name);

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tokens: TokenService,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ method: string }>();
    return req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
  }

  protected override async getTracker(req: Record<string | symbol, unknown>): Promise<string> {
    const headers = req.headers as Record<string, string | undefined>;
    const token = TokenService.bearer(headers.authorization);
    if (token) {
      try {
        const principal = this.tokens.verify(token);
        req[VERIFIED] = true;
        return `sub:${principal.role}:${principal.sub}`;
      } catch (e) {
        if (!(e instanceof InvalidTokenError)) throw e;
        // Unverified: counts against the address below; the auth guard answers 401 later.
      }
    }
    return `ip:${String(req.ip)}`;
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        super.handleRequest(props),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('rate-limit store timed out')),
            STORAGE_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (e) {
      if (e instanceof ThrottlerException) throw e;
      const { req, res } = this.getRequestResponse(props.context);
      if ((req as Record<symbol, unknown>)[VERIFIED]) {
        this.log.warn(
          `rate limit not counted (${(e as Error).message}); verified user let through`,
        );
        return true;
      }
      this.log.warn(`rate limit not counted (${(e as Error).message}); anonymous write refused`);
      this.setResponseHeader(res, 'Retry-After', RETRY_AFTER_S);
      throw new ServiceUnavailableException({
        code: 'unavailable',
        message: `sign-in is briefly unavailable; try again in ${RETRY_AFTER_S} seconds`,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}
