import { OtpSignInService, SmsSendError } from '@app/application';
import { Public, SHIFT_REFUSAL_MESSAGES } from '@app/auth';
import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  HttpException,
  HttpStatus,
  Ip,
  Logger,
  Post,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { OtpRequest, OtpVerifyRequest } from './dto/otp.request';

@ApiTags('auth')
@Controller({ path: 'auth/otp', version: '1' })
export class OtpController {
  private readonly log = new Logger(OtpController.name);

  constructor(private readonly otp: OtpSignInService) {}

  @Post()
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a one-time sign-in code by SMS (development: the code is in the log)',
  })
  @ApiResponse({
    status: 422,
    description: '`phone` not a valid number (`invalid_phone`) or not a mobile (`not_mobile`).',
  })
  @ApiResponse({
    status: 429,
    description: 'Too many codes for this number or address; try again later.',
  })
  @ApiResponse({
    status: 503,
    description: 'The SMS provider did not take the message (`sms_unavailable`, Retry-After).',
  })
  async request(
    @Body() body: OtpRequest,
    @Ip() address: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ sent: true; expiresInS: number }> {
    const r = await this.otp
      .request(body.role ?? 'rider', body.phone, body.countyCode, address)
      .catch((e: unknown) => {
        if (!(e instanceof SmsSendError)) throw e;
        this.log.error(e.message);
        res.setHeader('Retry-After', '60');
        throw new HttpException(
          {
            code: 'sms_unavailable',
            message: 'the code could not be sent by SMS just now; please try again shortly',
          },
          HttpStatus.SERVICE_UNAVAILABLE,
        );
      });
    if (r.kind === 'rate_limited') {
      throw new HttpException(
        {
          code: 'rate_limited',
          message: `too many codes for this ${r.per === 'phone' ? 'number' : 'address'}; please wait 10 minutes`,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    return { sent: true, expiresInS: r.expiresInS };
  }

  @Post('verify')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange the code for a token (riders are registered on first use)' })
  @ApiResponse({ status: 401, description: 'Wrong, expired or used-up code.' })
  @ApiResponse({
    status: 403,
    description:
      '`no_current_shift`: a driver with no shift running now or beginning within ' +
      'DRIVER_SIGN_IN_LEAD_MIN. A driver token carries its shift (`shift`) and ends with it.',
  })
  async verify(@Body() body: OtpVerifyRequest): Promise<{
    token: string;
    refreshToken: string;
    expiresInS: number;
    role: string;
    subject: string;
    name: string;
  }> {
    const r = await this.otp.verify(body.role ?? 'rider', body.phone, body.code, body.countyCode);
    switch (r.kind) {
      case 'signed_in':
        return {
          token: r.token,
          refreshToken: r.refreshToken,
          expiresInS: r.expiresInS,
          role: r.role,
          subject: r.subject,
          name: r.name,
        };
      case 'invalid_code':
        throw new UnauthorizedException({
          code: 'invalid_code',
          message: `wrong code; ${r.attemptsLeft} tries left`,
          attemptsLeft: r.attemptsLeft,
        });
      case 'expired':
        throw new UnauthorizedException({
          code: 'code_expired',
          message: 'no valid code for this number; request a new one',
        });
      case 'too_many_attempts':
        throw new UnauthorizedException({
          code: 'too_many_attempts',
          message: 'too many wrong codes; request a new one',
        });
      case 'no_current_shift':
        throw new ForbiddenException({
          code: 'no_current_shift',
          message: SHIFT_REFUSAL_MESSAGES.no_current_shift,
        });
    }
  }
}
