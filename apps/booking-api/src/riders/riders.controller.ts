import { RidersService } from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { RiderEntity } from '@app/persistence';
import { Controller, Get } from '@nestjs/common';
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
}
