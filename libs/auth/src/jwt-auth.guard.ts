import { isOffice, isUuid, Principal, Role } from '@app/domain';
import { CountyEntity } from '@app/persistence';
import {
  BadRequestException,
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuthSessionService } from './auth-session.service';
import { DriverShiftBinding, SHIFT_REFUSAL_MESSAGES } from './driver-shift-binding.service';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import { InvalidTokenError, TokenService } from './token.service';

/**
 * Header an admin of every county (a token without a county) names the county a request acts
 * for with. An admin of one county may name only its own (the console always sends it).
 */
export const ACTING_COUNTY_HEADER = 'x-county-id';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(); @Roles()
 * narrows. An admin may do whatever an operator may: an admin of one county in its county, an
 * admin of every county in the county it names in `X-County-Id` (see `actingCounty`).
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
    private readonly ds: DataSource,
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
      principal = { ...principal, countyId: await this.actingCounty(principal, acting) };
    }
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !allowed(roles, principal.role)) {
      throw new ForbiddenException(`this needs the role ${roles.join(' or ')}`);
    }
    return true;
  }

  /**
   * The one place an admin's `X-County-Id` is read. An admin of one county (its token names
   * the county) acts for that county only: naming another is refused, not ignored, so a
   * console or script that got it wrong learns so. An admin of every county acts for the
   * county it names, which must exist (else its writes fail on a foreign key, as a 500).
   * Operators' headers are ignored: they always act for their own county.
   */
  private async actingCounty(admin: Principal, header: string): Promise<string> {
    if (!isUuid(header)) {
      throw new BadRequestException(
        headerProblem('validation_failed', 'must be a county id (UUID)'),
      );
    }
    const countyId = header.toLowerCase();
    if (admin.countyId) {
      if (admin.countyId.toLowerCase() === countyId) return admin.countyId;
      throw new ForbiddenException(
        headerProblem(
          'forbidden',
          'an admin of one county acts for its own county only; only an admin of every county may name another',
        ),
      );
    }
    if (!(await this.ds.getRepository(CountyEntity).existsBy({ id: countyId }))) {
      throw new NotFoundException(headerProblem('not_found', 'no such county'));
    }
    return countyId;
  }
}

/** An error body naming the X-County-Id header and why it was refused. */
function headerProblem(code: string, reason: string) {
  return {
    code,
    message: `X-County-Id: ${reason}`,
    errors: [{ field: 'X-County-Id', reason }],
  };
}

function allowed(roles: Role[], role: Role): boolean {
  return roles.includes(role) || (role === 'admin' && roles.includes('operator'));
}
