import { Injectable } from '@nestjs/common';
import { ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { TokenService } from '@app/auth';

/**
 * Rate limit on writes only (reads are cheap and riders refresh). Keyed by token subject when
 * there is one, so villagers behind one shared connection do not throttle each other.
 */
@Injectable()
export class WriteThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ method: string }>();
    return req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const headers = req.headers as Record<string, string | undefined>;
    const token = TokenService.bearer(headers.authorization);
    // The subject is read unverified only to pick a bucket; the auth guard verifies it.
    if (token) {
      try {
        const payload = JSON.parse(
          Buffer.from(token.split('.')[1] ?? '', 'base64url').toString(),
        ) as { sub?: string };
        if (payload.sub) return `sub:${payload.sub}`;
      } catch {
        /* fall back to the address */
      }
    }
    return `ip:${String(req.ip)}`;
  }
}
