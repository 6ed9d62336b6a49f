import { RidersService } from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { RiderEntity } from '@app/persistence';
import { Body, Controller, Get, Patch } from '@nestjs/common';
import { RiderPreferencesRequest } from '../admin/dto/rider.request';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

@ApiTags('riders')
@ApiBearerAuth()
@Controller({ path: 'riders', version: '1' })
export class RidersController {
  constructor(private readonly riders: RidersService) {}

  @Get('me')
  @Roles('rider')
  me(@CurrentPrincipal() p: Principal): Promise<RiderEntity> {
    return this.riders.get(p.sub);
  }

  @Patch('me/preferences')
  @Roles('rider')
  preferences(
    @CurrentPrincipal() p: Principal,
    @Body() body: RiderPreferencesRequest,
  ): Promise<RiderEntity> {
    return this.riders.setPreferences(p.sub, body);
  }
}
