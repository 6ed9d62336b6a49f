import type { ScheduleChangedEvent } from '@app/contracts';
import {
  instanceRelativeTo,
  offerRide,
  requestRelativeTo,
  scheduleAbsolute,
  type DarpInstance,
  type Schedule,
} from '@app/dispatch';
import { Clock, ConflictError, isUuid, NotFoundError, Principal } from '@app/domain';
import { EventPublisher } from '@app/messaging';
import { BookingEntity, ServiceAreaEntity, StopEntity } from '@app/persistence';
import { StopMatrixCache } from '@app/routing';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { BookingChange, BookingLifecycleService } from '../bookings/booking-lifecycle.service';
import { BookingView } from '../bookings/booking.view';
import { lockCountyForDispatch } from '../dispatch/dispatch-lock';
import { loadFleetSnapshot } from '../dispatch/fleet-snapshot';
import { planningOriginS, toS } from '../dispatch/ride-request.mapper';
import { saveSchedule, toStopRecords } from '../dispatch/schedule-writer';
import { poolingRulesOf } from '../service-areas/service-area-facts.loader';

/** A booking at risk as the office's console lists it, most urgent first. */
export interface AtRiskBookingView {
  id: string;
  rider: { id: string; name: string; phone: string | null };
  fromStop: { id: string; name: string };
  toStop: { id: string; name: string };
  passengers: number;
  wheelchairPlaces: number;
  promise: { pickupFrom: string; pickupTo: string; latestArrival: string };
  reason: { code: string; text: string | null };
  since: string;
}

const MARGIN_S = 2 * 3600;

/**
 * What the office does with a booking at risk: move it onto a vehicle by hand (the promise must
 * hold there), plan it again after a shift was extended or added, or cancel it with a message to
 * the rider. Planning runs under the county's dispatch lock with schedule versions checked.
 */
@Injectable()
export class AtRiskBookingsService {
  private readonly log = new Logger(AtRiskBookingsService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly matrix: StopMatrixCache,
    private readonly events: EventPublisher,
    private readonly lifecycle: BookingLifecycleService,
  ) {}

  async list(countyId: string): Promise<AtRiskBookingView[]> {
    const rows = await this.ds.getRepository(BookingEntity).find({
      where: { status: 'at_risk', serviceArea: { countyId } },
      relations: { fromStop: true, toStop: true, rider: true },
      order: { promisedPickupFrom: 'ASC', id: 'ASC' },
      take: 500,
    });
    return rows.map((b) => ({
      id: b.id,
      rider: { id: b.riderId, name: b.rider!.name, phone: b.rider!.phone },
      fromStop: { id: b.fromStopId, name: (b.fromStop as StopEntity).name },
      toStop: { id: b.toStopId, name: (b.toStop as StopEntity).name },
      passengers: b.passengers,
      wheelchairPlaces: b.wheelchairPlaces,
      promise: {
        pickupFrom: b.promisedPickupFrom!.toISOString(),
        pickupTo: b.promisedPickupTo!.toISOString(),
        latestArrival: b.promisedLatestArrival!.toISOString(),
      },
      reason: { code: b.reasonCode ?? 'at_risk', text: b.reasonText },
      since: b.updatedAt.toISOString(),
    }));
  }

  /**
   * Moves a booking at risk onto the given vehicle, its promise unchanged.
   * @throws ConflictError `vehicle_cannot_keep_promise` when that vehicle cannot.
   */
  async moveToVehicle(
    countyId: string,
    bookingId: string,
    vehicleId: string,
    actor: string,
  ): Promise<{ bookingId: string; vehicleId: string }> {
    const booking = await this.findAtRisk(countyId, bookingId);
    if (!isUuid(vehicleId)) throw new NotFoundError('vehicle', vehicleId);
    const placed = await this.place(countyId, [booking], actor, vehicleId);
    if (!placed.length) {
      throw new ConflictError(
        'that vehicle cannot keep the promise (no shift, no place or no time then)',
        'vehicle_cannot_keep_promise',
      );
    }
    return placed[0];
  }

  /** Plans every booking at risk in the county again (after a shift was extended or added). */
  async retryAll(countyId: string, actor: string) {
    const due = await this.ds.getRepository(BookingEntity).find({
      where: { status: 'at_risk', serviceArea: { countyId } },
      order: { promisedPickupFrom: 'ASC', id: 'ASC' },
      take: 500,
    });
    const placed = due.length ? await this.place(countyId, due, actor) : [];
    return { placed, stillAtRisk: due.length - placed.length };
  }

  /** The office calls the ride off and the rider gets its message. */
  async cancel(principal: Principal, bookingId: string, message: string): Promise<BookingView> {
    await this.findAtRisk(principal.countyId ?? '', bookingId);
    return this.lifecycle.cancel(principal, bookingId, message);
  }

  private async findAtRisk(countyId: string, bookingId: string): Promise<BookingEntity> {
    const b = isUuid(bookingId)
      ? await this.ds.getRepository(BookingEntity).findOne({
          where: { id: bookingId, serviceArea: { countyId } },
        })
      : null;
    if (!b) throw new NotFoundError('booking', bookingId);
    if (b.status !== 'at_risk') {
      throw new ConflictError(`the booking is ${b.status}, not at risk`, 'not_at_risk');
    }
    return b;
  }

  private async place(
    countyId: string,
    bookings: BookingEntity[],
    actor: string,
    onlyVehicleId?: string,
  ): Promise<Array<{ bookingId: string; vehicleId: string }>> {
    const schedules: ScheduleChangedEvent[] = [];
    const changes: BookingChange[] = [];
    const placed = await this.ds.transaction(async (em) => {
      await lockCountyForDispatch(em, countyId);
      const area = await em.findOne(ServiceAreaEntity, {
        where: { countyId, status: 'active' },
        order: { createdAt: 'ASC' },
      });
      if (!area) return [];
      const fresh = await em.find(BookingEntity, {
        where: { id: In(bookings.map((b) => b.id)), status: 'at_risk' },
        lock: { mode: 'pessimistic_write' },
      });
      const out: Array<{ bookingId: string; vehicleId: string }> = [];
      const nowS = toS(this.clock.now());
      for (const b of fresh.filter((x) => toS(x.promisedPickupTo!) >= nowS)) {
        const r = await this.placeOne(em, area, b, nowS, onlyVehicleId);
        if (!r) continue;
        schedules.push(r.event);
        // The promise is unchanged; the reason it was at risk no longer applies.
        changes.push(
          await this.lifecycle.transitionIn(
            em,
            b.id,
            'confirmed',
            {
              actor,
              riderMessage: {
                kind: 'confirmed',
                eventId: `reconfirmed.${b.id}.${Math.round(nowS)}`,
              },
            },
            { vehicleId: r.vehicleId, reasonCode: null, reasonText: null },
          ),
        );
        out.push({ bookingId: b.id, vehicleId: r.vehicleId });
      }
      return out;
    });
    await this.lifecycle.announce(...changes);
    for (const e of schedules)
      await this.events
        .publish('events.schedule-changed', e)
        .catch((err: Error) => this.log.warn(`not announced: ${err.message}`));
    return placed;
  }

  private async placeOne(
    em: EntityManager,
    area: ServiceAreaEntity,
    b: BookingEntity,
    nowS: number,
    onlyVehicleId?: string,
  ): Promise<{ vehicleId: string; event: ScheduleChangedEvent } | null> {
    const fromS = toS(b.promisedPickupFrom!) - MARGIN_S;
    const untilS = toS(b.promisedLatestArrival!) + MARGIN_S;
    const snapshot = await loadFleetSnapshot(em, this.matrix, {
      countyId: area.countyId,
      fromS,
      toS: untilS,
      nowS,
      rules: poolingRulesOf(area),
      extraBookings: [b],
    });
    const keep = (scheduleId: string) =>
      !onlyVehicleId || snapshot.shifts.get(scheduleId)!.vehicle.id === onlyVehicleId;
    const plans = snapshot.plans.filter((p) => keep(p.vehicleId));
    const planned = new Set(plans.flatMap((p) => p.stops.map((s) => s.requestId)));
    // In seconds of the local day, as the worker's online decisions plan (`planningOriginS`).
    const originS = planningOriginS(fromS, untilS, area.timeZone);
    const relative = instanceRelativeTo(snapshot.instance, originS);
    const instance: DarpInstance = {
      ...relative,
      vehicles: relative.vehicles.filter((v) => keep(v.id)),
      requests: relative.requests.filter((r) => planned.has(r.id)),
    };
    if (!instance.vehicles.length) return null;
    const request = requestRelativeTo(snapshot.rideRequestOf(b), originS);
    const offer = offerRide(instance, plans, request);
    if (offer.kind === 'rejection') return null;
    const shift = snapshot.shifts.get(offer.vehicleId)!;
    const schedule = scheduleAbsolute(offer.schedule, originS);
    const version = await saveSchedule(em, shift, this.records(snapshot, schedule));
    return {
      vehicleId: shift.vehicle.id,
      event: {
        vehicleId: shift.vehicle.id,
        scheduleId: offer.vehicleId,
        version,
        at: new Date(nowS * 1000).toISOString(),
      },
    };
  }

  private records(snapshot: Awaited<ReturnType<typeof loadFleetSnapshot>>, schedule: Schedule) {
    return toStopRecords(schedule, (id, type) => {
      const x = snapshot.bookings.get(id)!;
      return type === 'pickup' ? x.fromStopId : x.toStopId;
    });
  }
}
