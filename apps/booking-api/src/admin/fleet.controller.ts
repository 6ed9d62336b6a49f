import { FleetChangeOutcome, FleetChangeService, FleetService, ShiftView } from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { operatorCounty } from '@app/http';
import { DriverEntity, VehicleEntity } from '@app/persistence';
import { Body, Controller, Delete, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateDriverRequest,
  CreateShiftRequest,
  CreateVehicleRequest,
  ListShiftsQuery,
  UpdateVehicleRequest,
} from './dto/fleet.request';
import { Audited } from '../audit/audited.decorator';

@ApiTags('admin: fleet')
@ApiBearerAuth()
@Roles('operator')
@Controller({ path: 'admin', version: '1' })
export class FleetController {
  constructor(
    private readonly fleet: FleetService,
    private readonly changes: FleetChangeService,
  ) {}

  @Get('vehicles')
  vehicles(@CurrentPrincipal() p: Principal): Promise<VehicleEntity[]> {
    return this.fleet.listVehicles(operatorCounty(p));
  }

  @Get('vehicles/:id')
  vehicle(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<VehicleEntity> {
    return this.fleet.getVehicle(operatorCounty(p), id);
  }

  @Audited({ entity: 'vehicle', verb: 'create' })
  @Post('vehicles')
  createVehicle(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateVehicleRequest,
  ): Promise<VehicleEntity> {
    return this.fleet.createVehicle(operatorCounty(p), body);
  }

  @Audited({ entity: 'vehicle', verb: 'update' })
  @Patch('vehicles/:id')
  @ApiOperation({
    summary:
      'Change a vehicle. Deactivating it or cutting its places re-plans its bookings (the ones ' +
      'that cannot be kept become at_risk); 409 riders_on_board when riders aboard would lose their place',
  })
  async updateVehicle(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: UpdateVehicleRequest,
  ): Promise<VehicleEntity & { fleetChange?: FleetChangeOutcome }> {
    return this.changes.updateVehicle(operatorCounty(p), id, body, p.sub);
  }

  @Get('drivers')
  drivers(@CurrentPrincipal() p: Principal): Promise<DriverEntity[]> {
    return this.fleet.listDrivers(operatorCounty(p));
  }

  @Audited({ entity: 'driver', verb: 'create' })
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

  @Audited({ entity: 'shift', verb: 'create' })
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

  @Audited({ entity: 'shift', verb: 'delete' })
  @Delete('shifts/:id')
  @ApiOperation({
    summary:
      'Remove a shift: 204 when it never carried a booking (deleted); else 200 with the outcome: ' +
      'cancelled (not begun) or ended now (running), its bookings re-planned or marked at_risk',
  })
  async deleteShift(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FleetChangeOutcome | undefined> {
    const outcome = await this.changes.removeShift(operatorCounty(p), id, p.sub);
    if (outcome.shift?.state === 'deleted') {
      res.status(204);
      return undefined;
    }
    res.status(200);
    return outcome;
  }
}
