import { LocalSignInService, OfficeSession } from '@app/application';
import { Public } from '@app/auth';
import {
  Body,
  Controller,
  HttpCode,
  HttpException,
  HttpStatus,
  Ip,
  Post,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LocalSignInRequest } from './dto/local-sign-in.request';

/** Console sign-in with a local account, for counties without an identity provider. */
@ApiTags('auth')
@Controller({ path: 'auth/local', version: '1' })
export class LocalSignInController {
  constructor(private readonly local: LocalSignInService) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail, password and the authenticator code' })
  @ApiResponse({ status: 401, description: '`invalid_credentials`: some part was wrong' })
  @ApiResponse({ status: 429, description: '`too_many_attempts` for this account or address' })
  async signIn(
    @Body() body: LocalSignInRequest,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfficeSession> {
    const r = await this.local.signIn(body.email, body.password, body.totp, ip);
    if (r.kind === 'signed_in') {
      const { kind: _kind, ...session } = r;
      return session;
    }
    if (r.kind === 'too_many_attempts') {
      res.setHeader('Retry-After', String(r.retryAfterS));
      throw new HttpException(
        {
          code: 'too_many_attempts',
          message: `too many sign-in attempts; try again in ${Math.ceil(r.retryAfterS / 60)} minutes`,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    throw new UnauthorizedException({
      code: 'invalid_credentials',
      message: 'e-mail, password or authenticator code is wrong',
    });
  }
}
