import { DriverShiftService, DriverShiftView } from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

@ApiTags('drivers')
@ApiBearerAuth()
@Controller({ path: 'drivers/me/shift', version: '1' })
export class DriverShiftController {
  constructor(private readonly shifts: DriverShiftService) {}

  @Get()
  @Roles('driver')
  @ApiOperation({ summary: 'The calling driver’s shift running now, with its vehicle' })
  @ApiResponse({ status: 404, description: 'No shift running now.' })
  current(@CurrentPrincipal() principal: Principal): Promise<DriverShiftView> {
    return this.shifts.current(principal);
  }
}
