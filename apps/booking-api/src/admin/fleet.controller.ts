import { FleetService, ShiftView } from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { operatorCounty } from '@app/http';
import { DriverEntity, VehicleEntity } from '@app/persistence';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateDriverRequest,
  CreateShiftRequest,
  CreateVehicleRequest,
  ListShiftsQuery,
  UpdateVehicleRequest,
} from './dto/fleet.request';

@ApiTags('admin: fleet')
@ApiBearerAuth()
@Roles('operator')
@Controller({ path: 'admin', version: '1' })
export class FleetController {
  constructor(private readonly fleet: FleetService) {}

  @Get('vehicles')
  vehicles(@CurrentPrincipal() p: Principal): Promise<VehicleEntity[]> {
    return this.fleet.listVehicles(operatorCounty(p));
  }

  @Get('vehicles/:id')
  vehicle(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<VehicleEntity> {
    return this.fleet.getVehicle(operatorCounty(p), id);
  }

  @Post('vehicles')
  createVehicle(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateVehicleRequest,
  ): Promise<VehicleEntity> {
    return this.fleet.createVehicle(operatorCounty(p), body);
  }

  @Patch('vehicles/:id')
  updateVehicle(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: UpdateVehicleRequest,
  ): Promise<VehicleEntity> {
    return this.fleet.updateVehicle(operatorCounty(p), id, body);
  }

  @Get('drivers')
  drivers(@CurrentPrincipal() p: Principal): Promise<DriverEntity[]> {
    return this.fleet.listDrivers(operatorCounty(p));
  }

  @Post('drivers')
  createDriver(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateDriverRequest,
  ): Promise<DriverEntity> {
    return this.fleet.createDriver(operatorCounty(p), body);
  }

  @Get('shifts')
  @ApiOperation({ summary: 'Shifts overlapping [from, to)' })
  shifts(@CurrentPrincipal() p: Principal, @Query() q: ListShiftsQuery): Promise<ShiftView[]> {
    return this.fleet.listShifts(operatorCounty(p), new Date(q.from), new Date(q.to), q.vehicleId);
  }

  @Post('shifts')
  @ApiOperation({
    summary: 'Plan a shift; 409 shift_overlap when vehicle or driver is already on duty',
  })
  createShift(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateShiftRequest,
  ): Promise<ShiftView> {
    return this.fleet.createShift(operatorCounty(p), {
      vehicleId: body.vehicleId,
      driverId: body.driverId,
      startsAt: new Date(body.startsAt),
      endsAt: new Date(body.endsAt),
    });
  }

  @Delete('shifts/:id')
  @HttpCode(204)
  async deleteShift(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<void> {
    await this.fleet.deleteShift(operatorCounty(p), id);
  }
}
