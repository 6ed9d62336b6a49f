import { AuthSessionService, SHIFT_REFUSAL_MESSAGES } from '@app/auth';
import { Body, Controller, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { RefreshRequest } from './dto/session.request';

@ApiTags('auth')
@Controller({ path: 'auth', version: '1' })
export class SessionController {
  constructor(private readonly sessions: AuthSessionService) {}

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new access token and a new refresh token',
  })
  @ApiResponse({
    status: 401,
    description:
      '`invalid_refresh_token` (unknown, expired, signed out) or `refresh_token_reused` (the ' +
      'token was already exchanged: the whole session is ended); for a driver `shift_ended` or ' +
      '`shift_changed` (the shift the session was signed in for is over or was changed).',
  })
  async refresh(
    @Body() body: RefreshRequest,
  ): Promise<{ accessToken: string; refreshToken: string; expiresInS: number }> {
    const r = await this.sessions.refresh(body.refreshToken);
    if (r.kind === 'refreshed') {
      return { accessToken: r.accessToken, refreshToken: r.refreshToken, expiresInS: r.expiresInS };
    }
    if (r.kind === 'shift_refused') {
      throw new UnauthorizedException({ code: r.code, message: SHIFT_REFUSAL_MESSAGES[r.code] });
    }
    throw new UnauthorizedException(
      r.kind === 'reused'
        ? {
            code: 'refresh_token_reused',
            message: 'this refresh token was already used; the session has been ended',
          }
        : { code: 'invalid_refresh_token', message: 'refresh token unknown, expired or revoked' },
    );
  }

  @Post('sign-out')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of this refresh token (idempotent)' })
  async signOut(@Body() body: RefreshRequest): Promise<void> {
    await this.sessions.signOut(body.refreshToken);
  }
}
