import { CountiesService, RidersService } from '@app/application';
import { Public, TokenService } from '@app/auth';
import { NotFoundError, Role } from '@app/domain';
import { DriverEntity } from '@app/persistence';
import { Body, Controller, Inject, Post } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { DataSource } from 'typeorm';

export class DevTokenRequest {
  @ApiProperty({ enum: ['rider', 'driver', 'operator', 'admin'] })
  @IsIn(['rider', 'driver', 'operator', 'admin'])
  role: Role;

  @ApiPropertyOptional({
    description: 'Rider or driver id; for a rider left out, a new test rider is registered',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  subject?: string;

  @ApiPropertyOptional({
    description:
      'County key (AGS); may be left out when one county is served. An admin without it acts for every county',
  })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'must be a 5-digit county key' })
  countyCode?: string;

  @ApiPropertyOptional({ description: 'Name of a new test rider' })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;
}

/**
 * Issues tokens without a login, for development and tests. The module holding this controller
 * is never imported when NODE_ENV=production.
 */
@ApiTags('development only')
@Controller({ path: 'dev/tokens', version: '1' })
export class DevTokensController {
  constructor(
    private readonly tokens: TokenService,
    private readonly counties: CountiesService,
    private readonly riders: RidersService,
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Public()
  @ApiOperation({ summary: 'Development only: a token for any role' })
  async issue(
    @Body() body: DevTokenRequest,
  ): Promise<{ token: string; subject: string; role: Role; countyId: string | null }> {
    if (body.role === 'admin' && body.countyCode === undefined) {
      const sub = body.subject ?? 'admin-dev';
      const token = this.tokens.sign({ sub, role: 'admin' }, this.config.JWT_TTL_S);
      return { token, subject: sub, role: 'admin', countyId: null };
    }
    const county = await this.counties.resolve(body.countyCode, 'countyCode');
    let subject = body.subject;
    if (body.role === 'rider') {
      subject = subject
        ? (await this.riders.get(subject, county.id)).id
        : (await this.riders.create(county.id, { name: body.name ?? 'Testfahrgast' })).id;
    } else if (body.role === 'driver') {
      const driver = subject
        ? await this.ds
            .getRepository(DriverEntity)
            .findOneBy({ id: subject, countyId: county.id })
            .catch(() => null)
        : null;
      if (!driver) throw new NotFoundError('driver', subject ?? '(none given)');
    } else {
      subject ??= 'operator-dev';
    }
    // Development tokens live JWT_TTL_S (hours), not the 15 minutes of a signed-in session.
    const token = this.tokens.sign(
      { sub: subject!, role: body.role, countyId: county.id },
      this.config.JWT_TTL_S,
    );
    return { token, subject: subject!, role: body.role, countyId: county.id };
  }
}
