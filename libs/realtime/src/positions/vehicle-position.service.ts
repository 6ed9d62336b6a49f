import { PositionAccepted, VehiclePositionEvent, WsEvent } from '@app/contracts';
import { Clock, Principal, RuleViolationError } from '@app/domain';
import { RealtimeMetrics } from '@app/observability';
import { Injectable } from '@nestjs/common';
import { DriverShiftResolver } from '../access/driver-shift.resolver';
import { EtaService } from '../eta/eta.service';
import { RealtimeBroadcaster } from '../events/realtime.broadcaster';
import { NoCurrentShiftError, NotAllowedError } from '../realtime.errors';
import { Rooms } from '../rooms';
import { LatestPositionStore, POSITION_BURST, POSITION_PER_S } from './latest-position.store';
import { parsePosition } from './position.validator';
import { TrackHistoryWriter } from './track-history.writer';

/**
 * A driver's position report: checked, stored as the vehicle's latest in Redis (refused when
 * not newer than the stored one), thinned into the track history, and sent to the vehicle's
 * riders with a live booking and to the office screens of its county, on every gateway.
 */
@Injectable()
export class VehiclePositionService {
  constructor(
    private readonly shifts: DriverShiftResolver,
    private readonly store: LatestPositionStore,
    private readonly track: TrackHistoryWriter,
    private readonly eta: EtaService,
    private readonly broadcaster: RealtimeBroadcaster,
    private readonly clock: Clock,
    private readonly metrics: RealtimeMetrics,
  ) {}

  /**
   * @throws RuleViolationError for a bad field, `out_of_order` (field `time`) when the
   * vehicle already has a position at the same or a later time, or `too_frequent` (field
   * `time`) past POSITION_BURST positions at once or POSITION_PER_S a second.
   * @throws NoCurrentShiftError when the driver has no shift running now.
   * @throws ShiftRefusedError when the token's shift has ended or is no longer the driver's.
   */
  async accept(principal: Principal, input: unknown): Promise<PositionAccepted> {
    try {
      const accepted = await this.handle(principal, input);
      this.metrics.positions.inc({ result: 'accepted' });
      return accepted;
    } catch (e) {
      this.metrics.positions.inc({ result: 'refused' });
      throw e;
    }
  }

  private async handle(principal: Principal, input: unknown): Promise<PositionAccepted> {
    if (principal.role !== 'driver') throw new NotAllowedError('only drivers send positions');
    const p = parsePosition(input, this.clock.now());
    const shift = await this.shifts.currentFor(principal);
    if (!shift) throw new NoCurrentShiftError(principal.sub);
    const event: VehiclePositionEvent = {
      vehicleId: shift.vehicleId,
      lat: p.lat,
      lon: p.lon,
      headingDeg: p.headingDeg,
      speedMps: p.speedMps,
      accuracyM: p.accuracyM,
      at: p.at.toISOString(),
    };
    const saved = await this.store.saveIfNewer(shift.countyId, event);
    if (saved.kind === 'not_newer') {
      throw new RuleViolationError([
        {
          field: 'time',
          code: 'out_of_order',
          reason: `the vehicle already has a position from ${new Date(saved.storedMs).toISOString()}; send positions in time order`,
        },
      ]);
    }
    if (saved.kind === 'too_frequent') {
      throw new RuleViolationError([
        {
          field: 'time',
          code: 'too_frequent',
          reason: `send at most ${POSITION_PER_S} positions a second (${POSITION_BURST} at once)`,
        },
      ]);
    }
    this.broadcaster.toRooms(
      [Rooms.vehicleRiders(shift.vehicleId), Rooms.county(shift.countyId)],
      WsEvent.vehiclePosition,
      event,
    );
    this.track.offer(shift.vehicleId, principal.sub, p);
    this.eta.onPosition(event);
    return { vehicleId: shift.vehicleId, at: event.at };
  }
}
