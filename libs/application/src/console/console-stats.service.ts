import { ScheduledStopRecord } from '@app/persistence';
import {
  Clock,
  computeFigures,
  InvalidInputError,
  type FieldProblem,
  tripsOfStops,
  type RideFact,
  type RideOutcome,
  type ServiceFigures,
  type VehicleFact,
} from '@app/domain';
import { serviceTimesS } from '@app/dispatch';
import { StopMatrixCache } from '@app/routing';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const OUTCOME: Record<string, RideOutcome> = {
  dropped_off: 'served',
  picked_up: 'planned',
  confirmed: 'planned',
  rejected: 'rejected',
  cancelled: 'cancelled',
  no_show: 'no_show',
};

interface BookingRow {
  id: string;
  status: string;
  time_kind: 'depart_at' | 'arrive_by';
  requested_time: Date;
  passengers: number;
  wheelchair_places: number;
  from_stop_id: string;
  to_stop_id: string;
  promised_pickup_from: Date | null;
  promised_pickup_to: Date | null;
  promised_latest_arrival: Date | null;
}
interface ScheduleRow {
  stops: ScheduledStopRecord[];
  starts_at: Date;
  ends_at: Date;
  depot: string;
}
interface StopRow {
  id: string;
  lat: number;
  lon: number;
}

const HOUR_MS = 3_600_000;
/** The span of the figures where the office names no start: 12 h before now. */
const DEFAULT_BACK_MS = 12 * HOUR_MS;
/** The span of the figures where the office names no end: 36 h after now. */
const DEFAULT_AHEAD_MS = 36 * HOUR_MS;

/** Dwell counted as busy at most; longer stays are waiting for a window, not work. */
const MAX_DWELL_S = 600;
const sec = (iso: string | Date) => new Date(iso).getTime() / 1000;

/**
 * The office's service figures over [from, to): the bookings asked for in that span and the
 * vehicle schedules of shifts in it, through the same calculator as the simulation's replay.
 * Distances come from the routing port (stop-to-stop matrix, cached).
 */
@Injectable()
export class ConsoleStatsService {
  constructor(
    private readonly ds: DataSource,
    private readonly matrix: StopMatrixCache,
    private readonly clock: Clock,
  ) {}

  /**
   * @param span the office's start and end, each optional: 12 h before and 36 h after the
   *   server's clock (simulated in a development demo) where not given
   * @throws InvalidInputError naming the end given when the span ends before it starts
   */
  async figures(countyId: string, span: { from?: Date; to?: Date } = {}): Promise<ServiceFigures> {
    const { from, to } = this.span(span);
    const bookings: BookingRow[] = await this.ds.query(
      `SELECT b.id, b.status, b.time_kind, b.requested_time, b.passengers, b.wheelchair_places,
              b.from_stop_id, b.to_stop_id,
              b.promised_pickup_from, b.promised_pickup_to, b.promised_latest_arrival
         FROM bookings b JOIN service_areas a ON a.id = b.service_area_id
        WHERE a.county_id = $1 AND b.requested_time >= $2 AND b.requested_time < $3`,
      [countyId, from, to],
    );
    const schedules: ScheduleRow[] = await this.ds.query(
      `SELECT vs.stops, s.starts_at, s.ends_at, v.home_depot_stop_id AS depot
         FROM shifts s JOIN vehicles v ON v.id = s.vehicle_id
         LEFT JOIN vehicle_schedules vs ON vs.shift_id = s.id
        WHERE v.county_id = $1 AND s.starts_at < $3 AND s.ends_at > $2 AND s.cancelled_at IS NULL`,
      [countyId, from, to],
    );
    const stopIds = new Set<string>();
    bookings.forEach((b) => stopIds.add(b.from_stop_id).add(b.to_stop_id));
    schedules.forEach((s) => {
      stopIds.add(s.depot);
      (s.stops ?? []).forEach((r) => stopIds.add(r.stopId));
    });
    const stops: StopRow[] = stopIds.size
      ? await this.ds.query(`SELECT id, lat, lon FROM stops WHERE id = ANY($1)`, [[...stopIds]])
      : [];
    const index = new Map(stops.map((s, i) => [s.id, i]));
    const m = stops.length
      ? await this.matrix.matrix(stops.map((s) => ({ id: s.id, lat: s.lat, lon: s.lon })))
      : { durationsS: [], distancesM: [] };
    const leg = (a: string, b: string) => {
      const i = index.get(a) as number;
      const j = index.get(b) as number;
      return { s: m.durationsS[i]?.[j] ?? 0, m: m.distancesM[i]?.[j] ?? 0 };
    };

    // Boarding starts when the bus is there and the window has opened (as the engine plans it).
    const opensAt = new Map(
      bookings
        .filter((b) => b.promised_pickup_from)
        .map((b) => [b.id, sec(b.promised_pickup_from as Date)]),
    );
    const passengers = new Map(bookings.map((b) => [b.id, b.passengers]));
    const pickupAt = new Map<string, number>();
    const dropoffAt = new Map<string, number>();
    const vehicles: VehicleFact[] = schedules.map((sch, k) => {
      const recs = sch.stops ?? [];
      for (const r of recs) {
        const at = sec(r.plannedArrivalAt);
        r.pickups.forEach((id) =>
          pickupAt.set(
            id,
            Math.min(Math.max(at, opensAt.get(id) ?? at), pickupAt.get(id) ?? Infinity),
          ),
        );
        r.dropoffs.forEach((id) => dropoffAt.set(id, sec(r.plannedArrivalAt)));
      }
      const shiftS = sec(sch.ends_at) - sec(sch.starts_at);
      if (!recs.length) return { vehicleId: String(k), shiftS, busyS: 0, distanceM: 0, trips: 0 };
      const path = [sch.depot, ...recs.map((r) => r.stopId), sch.depot];
      let distanceM = 0;
      let busyS = 0;
      for (let i = 1; i < path.length; i++) {
        const l = leg(path[i - 1], path[i]);
        distanceM += l.m;
        busyS += l.s;
      }
      for (const r of recs)
        busyS += Math.min(MAX_DWELL_S, sec(r.plannedDepartureAt) - sec(r.plannedArrivalAt));
      const riders = (ids: string[]) => ids.reduce((n, id) => n + (passengers.get(id) ?? 1), 0);
      const stops = recs.map((r) => ({
        place: r.stopId,
        boarding: riders(r.pickups),
        alighting: riders(r.dropoffs),
      }));
      return {
        vehicleId: String(k),
        shiftS,
        busyS: Math.min(busyS, shiftS),
        distanceM,
        trips: tripsOfStops(stops),
      };
    });

    const rides: RideFact[] = bookings.map((b) => {
      const l = leg(b.from_stop_id, b.to_stop_id);
      return {
        outcome: OUTCOME[b.status] ?? 'open',
        timeKind: b.time_kind,
        requestedS: sec(b.requested_time),
        passengers: b.passengers,
        directS: l.s,
        directM: l.m,
        pickupS: pickupAt.get(b.id) ?? null,
        dropoffS: dropoffAt.get(b.id) ?? null,
        boardingS: serviceTimesS({
          passengers: b.passengers,
          wheelchairPlaces: b.wheelchair_places,
        }).pickupS,
        promise:
          b.promised_pickup_from && b.promised_pickup_to && b.promised_latest_arrival
            ? {
                pickupFromS: sec(b.promised_pickup_from),
                pickupToS: sec(b.promised_pickup_to),
                latestArrivalS: sec(b.promised_latest_arrival),
              }
            : null,
      };
    });
    return computeFigures(rides, vehicles);
  }

  /**
   * [from, to) with the defaults filled in. The request's own rule (`@IsAfter('from')` on `to`)
   * sees only the ends given: a `to` alone before the default start (or a `from` alone after the
   * default end) once answered 200 with every figure zero.
   */
  private span(given: { from?: Date; to?: Date }): { from: Date; to: Date } {
    const now = this.clock.now().getTime();
    const from = given.from ?? new Date(now - DEFAULT_BACK_MS);
    const to = given.to ?? new Date(now + DEFAULT_AHEAD_MS);
    if (to > from) return { from, to };
    const problem: FieldProblem =
      given.from && !given.to
        ? {
            field: 'from',
            reason: `must be before to (not given: 36 h after now, ${to.toISOString()})`,
            code: 'isBefore',
          }
        : {
            field: 'to',
            reason: given.from
              ? 'must be after from'
              : `must be after from (not given: 12 h before now, ${from.toISOString()})`,
            code: 'isAfter',
          };
    throw new InvalidInputError([problem]);
  }
}
