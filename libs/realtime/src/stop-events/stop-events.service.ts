import { DriverStopEventsService } from '@app/application';
import { STOP_EVENT_TYPES, StopEventResult, StopEventType } from '@app/contracts';
import { Principal, RuleViolationError } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DriverShiftResolver } from '../access/driver-shift.resolver';
import { NoCurrentShiftError, NotAllowedError } from '../realtime.errors';

/**
 * A driver's report at a stop (arrived, boarded, no-show, departed), for the vehicle of their
 * current shift (for a token signed in for a shift: that shift, while it is still the driver's).
 * The booking changes go through the application's lifecycle service, whose
 * announcements reach riders and the office.
 */
@Injectable()
export class StopEventsService {
  constructor(
    private readonly shifts: DriverShiftResolver,
    private readonly stopEvents: DriverStopEventsService,
  ) {}

  async report(principal: Principal, input: unknown): Promise<StopEventResult> {
    if (principal.role !== 'driver') throw new NotAllowedError('only drivers report stop events');
    const body = (typeof input === 'object' && input !== null ? input : {}) as Record<
      string,
      unknown
    >;
    const type = body.type as StopEventType;
    if (!STOP_EVENT_TYPES.includes(type))
      throw problem('type', 'invalid_type', `type must be one of ${STOP_EVENT_TYPES.join(', ')}`);
    const stopId = optionalString(body, 'stopId');
    const bookingId = optionalString(body, 'bookingId');
    if ((type === 'arrived' || type === 'departed') && !stopId)
      throw problem('stopId', 'required', `stopId is required for ${type}`);
    if ((type === 'boarded' || type === 'no_show') && !bookingId)
      throw problem('bookingId', 'required', `bookingId is required for ${type}`);
    // Afresh: a report counts, so a shift ended or taken away a moment ago is already seen.
    const shift = await this.shifts.forPrincipal(principal);
    if (!shift) throw new NoCurrentShiftError(principal.sub);
    const { changed } = await this.stopEvents.report({
      type,
      driverId: principal.sub,
      vehicleId: shift.vehicleId,
      stopId,
      bookingId,
    });
    return { type, vehicleId: shift.vehicleId, stopId: stopId ?? null, changed };
  }
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !v) throw problem(field, 'invalid', `${field} must be a string`);
  return v;
}

function problem(field: string, code: string, reason: string): RuleViolationError {
  return new RuleViolationError([{ field, code, reason }]);
}
