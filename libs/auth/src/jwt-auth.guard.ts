import { isOffice, Principal, Role } from '@app/domain';
import {
  BadRequestException,
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthSessionService } from './auth-session.service';
import { DriverShiftBinding, SHIFT_REFUSAL_MESSAGES } from './driver-shift-binding.service';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import { InvalidTokenError, TokenService } from './token.service';

/** Header an admin (every county) names the county a request acts for with. */
export const ACTING_COUNTY_HEADER = 'x-county-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(); @Roles()
 * narrows. An admin may do whatever an operator may, for the county named in `X-County-Id`.
 * Office tokens of a signed-out session stop working at once (riders' simply expire), at the
 * price of one indexed query per office request; a driver's token stops working as soon as its
 * shift is no longer the driver's (DriverShiftBinding), at the price of one per driver request.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: AuthSessionService,
    private readonly driverShifts: DriverShiftBinding,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const token = TokenService.bearer(req.headers.authorization);
    if (!token) throw new UnauthorizedException('missing bearer token in the Authorization header');
    let principal: Principal;
    try {
      principal = this.tokens.verify(token);
    } catch (e) {
      if (e instanceof InvalidTokenError) throw new UnauthorizedException(e.message);
      throw e;
    }
    if (isOffice(principal) && principal.sessionId) {
      if (await this.sessions.isRevoked(principal.sessionId)) {
        throw new UnauthorizedException('signed out');
      }
    }
    const bound = await this.driverShifts.check(principal);
    if (bound && !bound.ok) {
      throw new UnauthorizedException({
        code: bound.code,
        message: SHIFT_REFUSAL_MESSAGES[bound.code],
      });
    }
    const acting = req.headers[ACTING_COUNTY_HEADER];
    if (principal.role === 'admin' && acting !== undefined) {
      if (!UUID.test(acting)) {
        throw new BadRequestException({
          code: 'validation_failed',
          message: 'X-County-Id: must be a county id (UUID)',
          errors: [{ field: 'X-County-Id', reason: 'must be a county id (UUID)' }],
        });
      }
      principal = { ...principal, countyId: acting };
    }
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !allowed(roles, principal.role)) {
      throw new ForbiddenException(`this needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}

function allowed(roles: Role[], role: Role): boolean {
  return roles.includes(role) || (role === 'admin' && roles.includes('operator'));
}
