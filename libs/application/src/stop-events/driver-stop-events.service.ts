import { BookingStatus, Clock, echo, isUuid, NotFoundError, RuleViolationError } from '@app/domain';
import { EventPublisher } from '@app/messaging';
import {
  BookingEntity,
  ScheduledStopRecord,
  VehicleScheduleEntity,
  VehicleSchedulesRepository,
} from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { BookingChange, BookingLifecycleService } from '../bookings/booking-lifecycle.service';
import { recordRiderMessage } from '../rider-messages/rider-message.outbox';

export type DriverStopEventType = 'arrived' | 'boarded' | 'no_show' | 'departed';

export interface DriverStopEventCommand {
  type: DriverStopEventType;
  /** Token subject of the driver reporting. */
  driverId: string;
  /** The vehicle of the driver's current shift (checked by the caller). */
  vehicleId: string;
  stopId?: string;
  bookingId?: string;
}

export interface DriverStopEventOutcome {
  changed: Array<{ bookingId: string; from: BookingStatus; to: BookingStatus }>;
}

const MAX_SCHEDULE_RETRIES = 3;

/**
 * What a driver's report at a stop does to the bookings in the schedule of the driver's current
 * shift (the same vehicle's bookings of another shift are not found), through the same
 * lifecycle service the booking API uses (so history, rules and announcements are one):
 *
 * - `boarded` (bookingId): confirmed -> picked_up.
 * - `no_show` (bookingId): confirmed -> no_show, once the booking's promised pickup window has
 *   opened (no_show is final: a rider is not missing before they were due).
 * - `arrived` (stopId): every booking on board (picked_up) of this vehicle whose drop-off is this
 *   stop becomes dropped_off: riders alight when the vehicle arrives.
 * - `departed` (stopId): refused while a confirmed rider to be picked up at this stop is neither
 *   boarded nor reported as no-show (re-planning would drop the pickup and the rider would wait
 *   for a bus that does not come); else the same drop-offs as `arrived` for any the driver did
 *   not report, then the stop is marked departed in the vehicle's current schedule (driven stops
 *   never move again) and `events.schedule-changed` is announced. Open offers whose pickup is
 *   planned at this stop visit expire with it (`offer_expired`, seat released): accepted later,
 *   they would promise a ride that has left.
 */
@Injectable()
export class DriverStopEventsService {
  private readonly log = new Logger(DriverStopEventsService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly lifecycle: BookingLifecycleService,
    private readonly events: EventPublisher,
    private readonly schedules: VehicleSchedulesRepository,
  ) {}

  /**
   * @throws NotFoundError when the booking is not planned on this vehicle (whoever's it is).
   * @throws IllegalStatusTransitionError when the booking's status does not allow the event.
   * @throws RuleViolationError `invalid` (field `stopId`) for a stop id that is no UUID;
   * `too_early` (field `bookingId`) for a no-show before the pickup window opened;
   * `pickups_open` (field `stopId`) for a departure leaving confirmed riders unresolved.
   */
  async report(cmd: DriverStopEventCommand): Promise<DriverStopEventOutcome> {
    const opts = { actor: cmd.driverId };
    if (cmd.type === 'boarded' || cmd.type === 'no_show') {
      const booking = await this.bookingOnVehicle(cmd);
      if (cmd.type === 'no_show') this.assertNoShowDue(booking);
      const to: BookingStatus = cmd.type === 'boarded' ? 'picked_up' : 'no_show';
      const { before } = await this.lifecycle.transition(booking.id, to, {
        ...opts,
        ...(to === 'no_show' ? { reasonCode: 'no_show_reported_by_driver' } : {}),
      });
      return { changed: [{ bookingId: booking.id, from: before.status, to }] };
    }
    const stopId = stopIdOf(cmd);
    if (cmd.type === 'departed') {
      const schedule = await this.schedules.currentOf(cmd.vehicleId, this.clock.now());
      await this.assertPickupsResolved(
        schedule?.stops.find((s) => s.stopId === stopId && !s.departedAt),
      );
    }
    const changed: DriverStopEventOutcome['changed'] = [];
    const planned = await this.bookingsInCurrentSchedule(cmd.vehicleId);
    const onBoard = (
      await this.ds.getRepository(BookingEntity).find({
        where: { vehicleId: cmd.vehicleId, toStopId: stopId, status: 'picked_up' },
        order: { id: 'ASC' },
      })
    ).filter((b) => planned.has(b.id));
    for (const b of onBoard) {
      await this.lifecycle.transition(b.id, 'dropped_off', opts);
      changed.push({ bookingId: b.id, from: 'picked_up', to: 'dropped_off' });
    }
    if (cmd.type === 'departed')
      for (const { before, after } of await this.markDeparted(cmd, stopId))
        changed.push({ bookingId: after.id, from: before.status, to: after.status });
    return { changed };
  }

  private async bookingOnVehicle(cmd: DriverStopEventCommand): Promise<BookingEntity> {
    const bookingId = required(cmd.bookingId, 'bookingId');
    const booking = isUuid(bookingId)
      ? await this.ds.getRepository(BookingEntity).findOneBy({ id: bookingId })
      : null;
    // Only this shift's work: the same vehicle's bookings of another shift (tomorrow's, or
    // another driver's) are not this driver's to report.
    if (
      !booking ||
      booking.vehicleId !== cmd.vehicleId ||
      !(await this.bookingsInCurrentSchedule(cmd.vehicleId)).has(booking.id)
    )
      throw new NotFoundError('booking', bookingId);
    if (cmd.stopId && cmd.type === 'boarded' && booking.fromStopId !== cmd.stopId) {
      throw new RuleViolationError([
        { field: 'stopId', reason: 'the booking does not board at this stop', code: 'wrong_stop' },
      ]);
    }
    return booking;
  }

  private assertNoShowDue(booking: BookingEntity): void {
    const from = booking.promisedPickupFrom;
    if (!from || from.getTime() <= this.clock.now().getTime()) return;
    throw new RuleViolationError([
      {
        field: 'bookingId',
        code: 'too_early',
        reason: `the rider's pickup window opens at ${from.toISOString()}; a no-show may be reported from then`,
      },
    ]);
  }

  /**
   * The stop being left (its first visit not yet departed, as markDeparted finds it) leaves no
   * confirmed rider behind: each is boarded or reported as no-show first. Given the departure's
   * transaction (`em`), the stop's bookings are locked, so an offer accepted meanwhile holds the
   * bus as well (and one accepted later finds the offer expired).
   */
  private async assertPickupsResolved(
    stop: ScheduledStopRecord | undefined,
    em?: EntityManager,
  ): Promise<void> {
    if (!stop?.pickups.length) return;
    const open = (
      await (em ?? this.ds.manager).find(BookingEntity, {
        select: { id: true, status: true },
        where: { id: In(stop.pickups) },
        order: { id: 'ASC' },
        ...(em ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      })
    ).filter((b) => b.status === 'confirmed');
    if (!open.length) return;
    throw new RuleViolationError([
      {
        field: 'stopId',
        code: 'pickups_open',
        reason: `report each rider to be picked up here as boarded or no-show before departing: booking ${open.map((b) => b.id).join(', ')}`,
      },
    ]);
  }

  /** Every booking picked up or dropped off in the schedule of the vehicle's shift running now. */
  private async bookingsInCurrentSchedule(vehicleId: string): Promise<Set<string>> {
    const schedule = await this.schedules.currentOf(vehicleId, this.clock.now());
    return new Set((schedule?.stops ?? []).flatMap((s) => [...s.pickups, ...s.dropoffs]));
  }

  /**
   * Optimistic update on the schedule's version, as the dispatch worker does; retried on a lost
   * race. In the same transaction the stop's open offers expire.
   * @returns the offers expired
   */
  private async markDeparted(
    cmd: DriverStopEventCommand,
    stopId: string,
  ): Promise<BookingChange[]> {
    const { vehicleId } = cmd;
    for (let attempt = 0; attempt < MAX_SCHEDULE_RETRIES; attempt++) {
      const now = this.clock.now();
      const row = await this.schedules.currentOf(vehicleId, now);
      if (!row) return [];
      const i = row.stops.findIndex((s) => s.stopId === stopId && !s.departedAt);
      if (i < 0) return [];
      const stops = row.stops.map((s, j) =>
        j === i ? { ...s, departedAt: now.toISOString() } : s,
      );
      const res = await this.ds.transaction(async (em) => {
        // Again on the locked bookings of this version of the schedule (the version guard below
        // keeps the answer current): a pickup planned or an offer accepted since the check in
        // report holds the bus too. Bookings before the schedule, the order in which the train
        // disruptions lock them, so the two never wait for each other.
        await this.assertPickupsResolved(row.stops[i], em);
        const r = await em
          .createQueryBuilder()
          .update(VehicleScheduleEntity)
          .set({ stops, version: () => 'version + 1' })
          .where('id = :id AND version = :version', { id: row.id, version: row.version })
          .execute();
        if (!r.affected) return { written: false, expired: [] };
        const expired = await this.lifecycle.expireOffersIn(em, row.stops[i].pickups, {
          actor: cmd.driverId,
          reasonText: 'the bus left the pickup stop before the offer was accepted',
        });
        // Riders at the next stop hear that their bus is about to arrive.
        const next = stops.slice(i + 1).find((s) => !s.departedAt);
        for (const bookingId of next?.pickups ?? [])
          await recordRiderMessage(em, {
            kind: 'arriving',
            bookingId,
            facts: { plannedPickup: new Date(next!.plannedArrivalAt) },
          });
        return { written: true, expired };
      });
      if (res.written) {
        await this.lifecycle.announceExpiry(res.expired);
        await this.events
          .publish('events.schedule-changed', {
            vehicleId,
            scheduleId: row.id,
            version: row.version + 1,
            at: now.toISOString(),
          })
          .catch((e: Error) =>
            this.log.warn(`schedule ${row.id} change not announced: ${e.message}`),
          );
        return res.expired;
      }
    }
    this.log.warn(
      `departure of vehicle ${vehicleId} at ${stopId} not recorded: schedule kept changing`,
    );
    return [];
  }
}

/** Stop ids are UUIDs: anything else is the client's mistake, named, not a failed query. */
function stopIdOf(cmd: DriverStopEventCommand): string {
  const stopId = required(cmd.stopId, 'stopId');
  if (!isUuid(stopId))
    throw new RuleViolationError([
      { field: 'stopId', reason: `stopId ${echo(stopId)} is not a stop id`, code: 'invalid' },
    ]);
  return stopId;
}

function required(value: string | undefined, field: string): string {
  if (!value)
    throw new RuleViolationError([{ field, reason: `${field} is required`, code: 'required' }]);
  return value;
}
