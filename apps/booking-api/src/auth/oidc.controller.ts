import { OidcSignInService, OfficeSession } from '@app/application';
import { Public } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { OidcExchangeRequest } from './dto/session.request';
import { signInProblemPage } from './sign-in-problem.page';

const STATE_COOKIE = 'ridepool_oidc_state';
const COOKIE_PATH = '/v1/auth/oidc';

/** Console sign-in through the county's identity provider (OpenID Connect). */
@ApiTags('auth')
@Controller({ path: 'auth', version: '1' })
export class OidcController {
  constructor(
    private readonly oidc: OidcSignInService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('methods')
  @Public()
  @ApiOperation({ summary: 'How the console can sign in here: OIDC, local accounts, dev tokens' })
  methods(): { oidc: boolean; local: boolean; dev: boolean } {
    return { oidc: this.oidc.enabled, local: true, dev: this.config.DEV_TOKENS };
  }

  @Get('oidc/start')
  @Public()
  @ApiOperation({ summary: "Redirects to the county's identity provider" })
  async start(@Res() res: Response): Promise<void> {
    if (!this.oidc.enabled) throw new NotFoundException('OpenID Connect is not configured');
    let started: { url: string; state: string };
    try {
      started = await this.oidc.start();
    } catch (e) {
      throw new ServiceUnavailableException({
        code: 'identity_provider_unavailable',
        message: `the identity provider cannot be reached: ${(e as Error).message}`,
      });
    }
    res.cookie(STATE_COOKIE, started.state, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.NODE_ENV === 'production',
      path: COOKIE_PATH,
      maxAge: 600_000,
    });
    res.redirect(302, started.url);
  }

  @Get('oidc/callback')
  @Public()
  @ApiOperation({ summary: 'The identity provider sends the browser back here' })
  @ApiResponse({ status: 302, description: 'Signed in: on to the console with a one-time code' })
  @ApiResponse({ status: 401, description: 'The sign-in failed validation (state, token, ...)' })
  @ApiResponse({ status: 403, description: 'Signed in, but not an operator or admin here' })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.oidc.enabled) throw new NotFoundException('OpenID Connect is not configured');
    const query = req.originalUrl.includes('?') ? req.originalUrl.split('?')[1] : '';
    const result = await this.oidc.callback(query, readCookie(req, STATE_COOKIE));
    res.clearCookie(STATE_COOKIE, { path: COOKIE_PATH });
    if (result.kind === 'signed_in') {
      res.redirect(302, `/console/#signin=${encodeURIComponent(result.handoff)}`);
      return;
    }
    const status = result.kind === 'refused' ? 403 : 401;
    res.status(status).type('html').send(signInProblemPage(result.kind, result.reason));
  }

  @Post('oidc/exchange')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'The console exchanges its one-time code for its tokens' })
  async exchange(@Body() body: OidcExchangeRequest): Promise<OfficeSession> {
    const session = await this.oidc.exchange(body.code);
    if (!session) {
      throw new UnauthorizedException({
        code: 'invalid_code',
        message: 'sign-in code unknown, used or expired; sign in again',
      });
    }
    return session;
  }
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
