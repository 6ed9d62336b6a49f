import { FleetChangeService } from '@app/application';
import { BreakdownResult } from '@app/contracts';
import { Principal, RuleViolationError } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DriverShiftResolver } from '../access/driver-shift.resolver';
import { NoCurrentShiftError, NotAllowedError } from '../realtime.errors';

/**
 * A driver reports that the vehicle of their current shift broke down. The fleet change (vehicle
 * out of service, bookings not yet aboard re-planned or marked at risk, riders aboard listed for
 * the office) is the same one the office's endpoint makes.
 */
@Injectable()
export class VehicleBreakdownService {
  constructor(
    private readonly shifts: DriverShiftResolver,
    private readonly changes: FleetChangeService,
  ) {}

  async report(principal: Principal, input: unknown): Promise<BreakdownResult> {
    if (principal.role !== 'driver') throw new NotAllowedError('only drivers report breakdowns');
    const body = (typeof input === 'object' && input !== null ? input : {}) as Record<
      string,
      unknown
    >;
    const note = body.note;
    if (note !== undefined && (typeof note !== 'string' || note.length > 200)) {
      throw new RuleViolationError([
        { field: 'note', code: 'invalid', reason: 'note must be text of at most 200 characters' },
      ]);
    }
    const shift = await this.shifts.forPrincipal(principal);
    if (!shift) throw new NoCurrentShiftError(principal.sub);
    const outcome = await this.changes.reportBreakdown(
      shift.countyId,
      shift.vehicleId,
      principal.sub,
      note || undefined,
    );
    return {
      vehicleId: shift.vehicleId,
      replanned: outcome.replanned.map((r) => r.bookingId),
      atRisk: outcome.atRisk.map((r) => r.bookingId),
      onBoard: outcome.onBoard,
    };
  }
}
