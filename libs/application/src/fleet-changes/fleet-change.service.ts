import type { BookingChangedEvent, ScheduleChangedEvent } from '@app/contracts';
import {
  Clock,
  ConflictError,
  isUuid,
  NotFoundError,
  RuleViolationError,
  shiftSpanProblems,
} from '@app/domain';
import { EventPublisher } from '@app/messaging';
import {
  BookingEntity,
  ServiceAreaEntity,
  ShiftEntity,
  VehicleEntity,
  VehicleScheduleEntity,
} from '@app/persistence';
import { StopMatrixCache } from '@app/routing';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, MoreThan, QueryFailedError } from 'typeorm';
import { BookingChange, BookingLifecycleService } from '../bookings/booking-lifecycle.service';
import { lockCountyForDispatch } from '../dispatch/dispatch-lock';
import { toS } from '../dispatch/ride-request.mapper';
import { poolingRulesOf } from '../service-areas/service-area-facts.loader';
import { replanShiftBookings, ReplannedBooking } from './evicted-bookings.replanner';
import {
  checkVehiclePatch,
  findVehicle,
  savingVehicle,
  type VehicleInput,
} from '../fleet/fleet.service';
import { announceShiftChanges } from './shift-changed.announcement';

export interface FleetChangeOutcome {
  /** `deleted`: the shift had never carried a booking and is gone; else it is kept as a record. */
  shift?: { id: string; state: 'deleted' | 'cancelled' | 'ended' | 'changed' };
  replanned: ReplannedBooking[];
  atRisk: Array<{ bookingId: string; reasonCode: string; reason: string }>;
  /** Riders on board of a broken-down vehicle: the office must fetch them. */
  onBoard: string[];
}

interface ChangeSpec {
  countyId: string;
  actor: string;
  reasonCode: string;
  reasonText: string;
  allowOnBoard?: boolean;
  /** Applies the change in the transaction; returns the affected shifts as they were before. */
  apply(em: EntityManager, now: Date): Promise<ShiftEntity[]>;
}

/**
 * The office's and drivers' changes to the fleet that touch promises: ending, cancelling or
 * changing a shift, deactivating a vehicle or cutting its places, a breakdown. Each runs in one
 * transaction under the county's dispatch lock with schedule versions checked: the change, the
 * re-planning of every affected booking not yet on board onto other vehicles within its promise,
 * and the bookings that cannot be kept marked `at_risk` with the reason (through the booking
 * lifecycle). A change that would strand riders already on board fails whole with 409.
 */
@Injectable()
export class FleetChangeService {
  private readonly log = new Logger(FleetChangeService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly matrix: StopMatrixCache,
    private readonly events: EventPublisher,
    private readonly lifecycle: BookingLifecycleService,
  ) {}

  /**
   * DELETE of a shift: one that never carried a booking is deleted; one with bookings is
   * cancelled (not begun yet) or ended now (running), and its bookings re-planned.
   */
  async removeShift(countyId: string, shiftId: string, actor: string): Promise<FleetChangeOutcome> {
    const shift = await this.findShift(countyId, shiftId);
    const now = this.clock.now();
    const deleted = await this.ds.transaction(async (em) => {
      // Under the dispatch lock no booking can be planned onto the shift meanwhile.
      await lockCountyForDispatch(em, countyId);
      const schedule = await em.findOne(VehicleScheduleEntity, {
        where: { shiftId },
        lock: { mode: 'pessimistic_write' },
      });
      if (schedule && schedule.stops.length > 0) return false;
      // A roster day is kept as cancelled, else the next roll-forward would make it again.
      if (shift.rosterEntryId && shift.endsAt > now) return false;
      if (schedule) await em.delete(VehicleScheduleEntity, { id: schedule.id });
      await em.delete(ShiftEntity, { id: shiftId });
      return true;
    });
    if (deleted) {
      await announceShiftChanges(this.events, countyId, [shift], now, (e) => this.warn(e));
      return { shift: { id: shiftId, state: 'deleted' }, replanned: [], atRisk: [], onBoard: [] };
    }
    if (shift.endsAt <= now) {
      throw new ConflictError('the shift is over; it is kept as a record', 'shift_over');
    }
    const begun = shift.startsAt <= now;
    const outcome = await this.change({
      countyId,
      actor,
      reasonCode: 'shift_removed',
      reasonText: 'the shift was called off by the office',
      apply: async (em, at) => {
        const before = { ...shift };
        await em.update(
          ShiftEntity,
          { id: shiftId },
          begun
            ? {
                endsAt: at,
                plannedEndsAt: shift.plannedEndsAt ?? shift.endsAt,
                endReason: 'ended_by_office',
              }
            : { cancelledAt: at, endReason: 'cancelled_by_office' },
        );
        return [before];
      },
    });
    return { ...outcome, shift: { id: shiftId, state: begun ? 'ended' : 'cancelled' } };
  }

  /** Moves a shift's start or end (shorten, extend); extending retries bookings at risk. */
  async changeShift(
    countyId: string,
    shiftId: string,
    patch: { startsAt?: Date; endsAt?: Date },
    actor: string,
  ): Promise<FleetChangeOutcome> {
    const shift = await this.findShift(countyId, shiftId);
    const startsAt = patch.startsAt ?? shift.startsAt;
    const endsAt = patch.endsAt ?? shift.endsAt;
    const problems = shiftSpanProblems(startsAt, endsAt, this.clock.now(), patch);
    if (problems.length) throw new RuleViolationError(problems);
    if (shift.cancelledAt) throw new ConflictError('the shift was cancelled', 'shift_cancelled');
    const outcome = await this.change({
      countyId,
      actor,
      reasonCode: 'shift_shortened',
      reasonText: 'the shift was shortened by the office',
      apply: async (em) => {
        // Search over the old and the new span alike.
        const span = {
          ...shift,
          startsAt: startsAt < shift.startsAt ? startsAt : shift.startsAt,
          endsAt: endsAt > shift.endsAt ? endsAt : shift.endsAt,
        };
        await em.update(
          ShiftEntity,
          { id: shiftId },
          { startsAt, endsAt, plannedEndsAt: shift.plannedEndsAt ?? shift.endsAt },
        );
        return [span];
      },
    });
    return { ...outcome, shift: { id: shiftId, state: 'changed' } };
  }

  /**
   * PATCH of a vehicle, the whole of it in one transaction: fewer seats or wheelchair places, or
   * out of service, re-plan the bookings its future shifts carry (those that no longer fit are at
   * risk); any other change is stored as it is. A change that fails stores nothing of it.
   * @throws ConflictError `call_sign_taken`, RuleViolationError for an unknown depot
   */
  async updateVehicle(
    countyId: string,
    vehicleId: string,
    patch: Partial<VehicleInput>,
    actor: string,
  ): Promise<VehicleEntity & { fleetChange?: FleetChangeOutcome }> {
    const vehicle = await checkVehiclePatch(this.ds.manager, countyId, vehicleId, patch);
    const cut =
      (patch.seats !== undefined && patch.seats < vehicle.seats) ||
      (patch.wheelchairPlaces !== undefined && patch.wheelchairPlaces < vehicle.wheelchairPlaces) ||
      (patch.active === false && vehicle.active);
    if (!cut) {
      // Every booking keeps its place (more places, a new call sign or depot, back in service).
      if (Object.keys(patch).length) {
        await savingVehicle(patch.callSign, () =>
          this.ds.getRepository(VehicleEntity).update({ id: vehicleId }, patch),
        );
      }
      return findVehicle(this.ds.manager, countyId, vehicleId);
    }
    const reasonCode = patch.active === false ? 'vehicle_out_of_service' : 'vehicle_places_cut';
    const fleetChange = await savingVehicle(patch.callSign, () =>
      this.change({
        countyId,
        actor,
        reasonCode,
        reasonText:
          patch.active === false
            ? `vehicle ${vehicle.callSign} was taken out of service`
            : `vehicle ${vehicle.callSign} has fewer places`,
        apply: async (em, at) => {
          // Checked again inside: another change may have taken the call sign meanwhile.
          await checkVehiclePatch(em, countyId, vehicleId, patch);
          await em.update(VehicleEntity, { id: vehicleId }, patch);
          return this.futureShifts(em, vehicleId, at);
        },
      }),
    );
    return { ...(await findVehicle(this.ds.manager, countyId, vehicleId)), fleetChange };
  }

  /**
   * A breakdown (reported by the office or the vehicle's driver): the vehicle goes out of
   * service, every booking not yet on board is re-planned; riders on board stay on its schedule
   * and are listed, so the office can send a replacement. A running shift with nobody aboard ends.
   */
  async reportBreakdown(countyId: string, vehicleId: string, actor: string, note?: string) {
    const vehicle = await findVehicle(this.ds.manager, countyId, vehicleId);
    return this.change({
      countyId,
      actor,
      allowOnBoard: true,
      reasonCode: 'vehicle_breakdown',
      reasonText: `vehicle ${vehicle.callSign} broke down${note ? `: ${note}` : ''}`.slice(0, 300),
      apply: async (em, at) => {
        await em.update(VehicleEntity, { id: vehicleId }, { active: false });
        const shifts = await this.futureShifts(em, vehicleId, at);
        const running = shifts.find((s) => s.startsAt <= at);
        if (running) {
          const aboard: Array<{ n: number }> = await em.query(
            `SELECT count(*)::int AS n FROM bookings WHERE vehicle_id = $1 AND status = 'picked_up'`,
            [vehicleId],
          );
          if (aboard[0].n === 0)
            await em.update(
              ShiftEntity,
              { id: running.id },
              {
                endsAt: at,
                plannedEndsAt: running.plannedEndsAt ?? running.endsAt,
                endReason: 'breakdown',
              },
            );
          else await em.update(ShiftEntity, { id: running.id }, { endReason: 'breakdown' });
        }
        return shifts;
      },
    });
  }

  private async change(spec: ChangeSpec): Promise<FleetChangeOutcome> {
    const scheduleEvents: ScheduleChangedEvent[] = [];
    const bookingEvents: BookingChangedEvent[] = [];
    const atRisk: BookingChange[] = [];
    const shifts: ShiftEntity[] = [];
    const outcome = await this.ds
      .transaction(async (em): Promise<FleetChangeOutcome> => {
        await lockCountyForDispatch(em, spec.countyId);
        const now = this.clock.now();
        const area = await em.findOne(ServiceAreaEntity, {
          where: { countyId: spec.countyId, status: 'active' },
          order: { createdAt: 'ASC' },
        });
        const affected = await spec.apply(em, now);
        shifts.push(...affected);
        const result: FleetChangeOutcome = { replanned: [], atRisk: [], onBoard: [] };
        if (!area) return result;
        for (const shiftBefore of affected) {
          const r = await replanShiftBookings(em, this.matrix, {
            countyId: spec.countyId,
            timeZone: area.timeZone,
            rules: poolingRulesOf(area),
            nowS: toS(now),
            shiftBefore,
            allowOnBoard: spec.allowOnBoard ?? false,
            why: spec.reasonText,
          });
          scheduleEvents.push(...r.schedulesChanged);
          result.onBoard.push(...r.keptOnBoard);
          // A booking moved twice (two affected shifts) counts once, where it ended up.
          result.replanned = result.replanned.filter(
            (x) => !r.replanned.some((y) => y.bookingId === x.bookingId),
          );
          result.replanned.push(...r.replanned);
          for (const { booking, detail } of r.unplaceable) {
            const change = await this.lifecycle.transitionIn(
              em,
              booking.id,
              'at_risk',
              {
                actor: spec.actor,
                reasonCode: spec.reasonCode,
                reasonText: `${spec.reasonText}; ${detail}`.slice(0, 300),
                riderMessage: { kind: 'at_risk', eventId: `at-risk.${booking.id}.${toS(now)}` },
              },
              { vehicleId: null },
            );
            // Counted and announced with the others after commit.
            atRisk.push(change);
            result.atRisk.push({
              bookingId: booking.id,
              reasonCode: spec.reasonCode,
              reason: spec.reasonText,
            });
          }
        }
        for (const r of result.replanned) {
          if (r.fromVehicleId === r.toVehicleId) continue;
          const b = await em.findOneByOrFail(BookingEntity, { id: r.bookingId });
          bookingEvents.push({
            bookingId: b.id,
            riderId: b.riderId,
            serviceAreaId: b.serviceAreaId,
            status: b.status,
            previousStatus: b.status,
            vehicleId: r.toVehicleId,
            at: now.toISOString(),
          });
        }
        return result;
      })
      .catch((e: unknown) => {
        throw this.mapConstraint(e);
      });
    // Announced after commit, so listeners that re-read see the new plans and shifts.
    await announceShiftChanges(this.events, spec.countyId, shifts, this.clock.now(), (e) =>
      this.warn(e),
    );
    for (const e of scheduleEvents)
      await this.events.publish('events.schedule-changed', e).catch((err: Error) => this.warn(err));
    await this.lifecycle.announce(...atRisk);
    for (const e of bookingEvents)
      await this.events.publish('events.booking-changed', e).catch((err: Error) => this.warn(err));
    return outcome;
  }

  private warn(e: Error): void {
    this.log.warn(`fleet change stored but not announced: ${e.message}`);
  }

  private mapConstraint(e: unknown): unknown {
    const constraint = (e as QueryFailedError & { constraint?: string }).constraint ?? '';
    if (e instanceof QueryFailedError && constraint.startsWith('EXCL_shifts_')) {
      const who = constraint.includes('vehicle') ? 'vehicle' : 'driver';
      return new ConflictError(
        `the ${who} already has a shift overlapping this time`,
        'shift_overlap',
      );
    }
    return e;
  }

  /** Shifts of the vehicle not over yet and not cancelled, as they are now. */
  private futureShifts(em: EntityManager, vehicleId: string, at: Date): Promise<ShiftEntity[]> {
    return em.find(ShiftEntity, {
      where: { vehicleId, endsAt: MoreThan(at), cancelledAt: IsNull() },
      order: { startsAt: 'ASC' },
    });
  }

  private async findShift(countyId: string, id: string): Promise<ShiftEntity> {
    const s = isUuid(id)
      ? await this.ds.getRepository(ShiftEntity).findOne({ where: { id, vehicle: { countyId } } })
      : null;
    if (!s || s.cancelledAt) throw new NotFoundError('shift', id);
    return s;
  }
}
