import { Principal, Role } from '@app/domain';
import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import { InvalidTokenError, TokenService } from './token.service';

/** Global guard: every route needs a valid bearer token unless marked @Public(); @Roles() narrows. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly reflector: Reflector,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx
      .switchToHttp()
      .getRequest<{ headers: Record<string, string>; principal?: Principal }>();
    const token = TokenService.bearer(req.headers.authorization);
    if (!token) throw new UnauthorizedException('missing bearer token in the Authorization header');
    try {
      req.principal = this.tokens.verify(token);
    } catch (e) {
      if (e instanceof InvalidTokenError) throw new UnauthorizedException(e.message);
      throw e;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(req.principal.role)) {
      throw new ForbiddenException(`this needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}
