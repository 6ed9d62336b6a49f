import {
  AtRiskBookingsService,
  AtRiskBookingView,
  BookingView,
  FleetChangeOutcome,
  FleetChangeService,
} from '@app/application';
import { CurrentPrincipal, Roles } from '@app/auth';
import { Principal } from '@app/domain';
import { operatorCounty } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BreakdownRequest,
  CancelAtRiskRequest,
  ChangeShiftRequest,
  MoveAtRiskRequest,
} from './dto/fleet-change.request';
import { Audited } from '../audit/audited.decorator';

@ApiTags('admin: fleet changes and bookings at risk')
@ApiBearerAuth()
@Roles('operator')
@Controller({ path: 'admin', version: '1' })
export class FleetChangesController {
  constructor(
    private readonly changes: FleetChangeService,
    private readonly atRisk: AtRiskBookingsService,
  ) {}

  @Audited({ entity: 'shift', verb: 'change' })
  @Patch('shifts/:id')
  @ApiOperation({
    summary:
      'Move a shift start or end. Shortening re-plans its bookings (at_risk when none can keep ' +
      'them; 409 riders_on_board); extending tries the bookings at risk again',
  })
  async changeShift(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: ChangeShiftRequest,
  ): Promise<FleetChangeOutcome & { placedFromRisk: number }> {
    const county = operatorCounty(p);
    const outcome = await this.changes.changeShift(
      county,
      id,
      {
        startsAt: body.startsAt ? new Date(body.startsAt) : undefined,
        endsAt: body.endsAt ? new Date(body.endsAt) : undefined,
      },
      p.sub,
    );
    const retry = await this.atRisk.retryAll(county, p.sub);
    return { ...outcome, placedFromRisk: retry.placed.length };
  }

  @Audited({ entity: 'vehicle', verb: 'breakdown' })
  @Post('vehicles/:id/breakdown')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The vehicle broke down: out of service, bookings not yet aboard re-planned or at_risk; ' +
      'riders aboard are listed in onBoard for the office to fetch',
  })
  breakdown(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: BreakdownRequest,
  ): Promise<FleetChangeOutcome> {
    return this.changes.reportBreakdown(operatorCounty(p), id, p.sub, body.note);
  }

  @Get('bookings/at-risk')
  @ApiOperation({ summary: 'Bookings at risk, most urgent first (the top of the console)' })
  list(@CurrentPrincipal() p: Principal): Promise<AtRiskBookingView[]> {
    return this.atRisk.list(operatorCounty(p));
  }

  @Post('bookings/at-risk/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Plan every booking at risk again (after a shift was added)' })
  retry(@CurrentPrincipal() p: Principal) {
    return this.atRisk.retryAll(operatorCounty(p), p.sub);
  }

  @Audited({ entity: 'booking', verb: 'move' })
  @Post('bookings/:id/move')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Move a booking at risk onto a vehicle by hand; 409 vehicle_cannot_keep_promise when it cannot',
  })
  move(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: MoveAtRiskRequest,
  ): Promise<{ bookingId: string; vehicleId: string }> {
    return this.atRisk.moveToVehicle(operatorCounty(p), id, body.vehicleId, p.sub);
  }

  @Audited({ entity: 'booking', verb: 'cancel' })
  @Post('bookings/:id/cancel-at-risk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a booking at risk; the message goes to the rider' })
  cancel(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: CancelAtRiskRequest,
  ): Promise<BookingView> {
    return this.atRisk.cancel({ ...p, countyId: operatorCounty(p) }, id, body.message);
  }
}
