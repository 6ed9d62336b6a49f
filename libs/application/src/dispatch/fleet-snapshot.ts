import type { PoolingRules } from '@app/domain';
import {
  planningInstance,
  type BookingFacts,
  type DarpInstance,
  type RideRequest,
  type RoutePlan,
  type StopRef,
  type Vehicle,
} from '@app/dispatch';
import {
  BookingEntity,
  ScheduledStopRecord,
  ShiftEntity,
  StopEntity,
  VehicleEntity,
  VehicleScheduleEntity,
} from '@app/persistence';
import { isRoutingDataError, type StopMatrixCache } from '@app/routing';
import { EntityManager, In, IsNull, LessThan, MoreThan } from 'typeorm';
import { fromS, toRideRequest, toS } from './ride-request.mapper';

/** One vehicle shift as the engine plans it; the engine's vehicle id is the schedule id. */
export interface PlannedShift {
  schedule: VehicleScheduleEntity;
  shift: ShiftEntity;
  vehicle: VehicleEntity;
  /** Stops already driven: never planned again, kept in front of the schedule. */
  frozen: ScheduledStopRecord[];
}

/** The fleet's state for one county and time span, locked, in the engine's terms. */
export interface FleetSnapshot {
  instance: DarpInstance;
  plans: RoutePlan[];
  shifts: Map<string, PlannedShift>;
  bookings: Map<string, BookingEntity>;
  /** Location index -> stop; the engine's locations are indices into this list. */
  stops: StopEntity[];
  locationOf(stopId: string): number;
  /** Metres along the fastest road between two locations (for reports, not for planning). */
  distanceM(from: number, to: number): number;
  /**
   * The engine's request for a booking (new ones included via `extraBookings`); with `as.promise`
   * (Unix seconds) it holds that promise instead of the stored one, with `as.requestedS` it is
   * asked for that time: the worker's `TurnFleet` adapter.
   */
  rideRequestOf(
    booking: BookingEntity,
    as?: { promise?: BookingFacts['promise']; requestedS?: number },
  ): RideRequest;
  /** With `isolateExtras`: new bookings left out for bad data (unknown stop, no road), and why. */
  unplannable: Map<string, string>;
}

export class DispatchDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DispatchDataError';
  }
}

/**
 * Loads shifts overlapping [fromS, toS] of a county with their schedules (rows locked for
 * update; missing ones created), the live bookings in them, and a travel-time matrix over every
 * stop involved. Call inside the transaction that holds the county's dispatch lock.
 */
export async function loadFleetSnapshot(
  em: EntityManager,
  matrix: StopMatrixCache,
  opts: {
    countyId: string;
    fromS: number;
    toS: number;
    nowS: number;
    rules: PoolingRules;
    /** Bookings not yet planned (e.g. the one being assigned): their stops join the matrix. */
    extraBookings?: BookingEntity[];
    /**
     * A batch of new bookings: one whose stop is unknown or cut off from the fleet's roads is
     * listed in `unplannable` instead of failing the whole snapshot (default: it fails).
     */
    isolateExtras?: boolean;
  },
): Promise<FleetSnapshot> {
  const shiftRows = await em.find(ShiftEntity, {
    where: {
      startsAt: LessThan(new Date(opts.toS * 1000)),
      endsAt: MoreThan(new Date(Math.max(opts.fromS, opts.nowS) * 1000)),
      cancelledAt: IsNull(),
      vehicle: { countyId: opts.countyId, active: true },
    },
    relations: { vehicle: true },
    order: { startsAt: 'ASC', id: 'ASC' },
  });
  if (shiftRows.length) {
    await em
      .createQueryBuilder()
      .insert()
      .into(VehicleScheduleEntity)
      .values(shiftRows.map((s) => ({ shiftId: s.id, vehicleId: s.vehicleId, stops: [] })))
      .orIgnore()
      .execute();
  }
  const schedules = shiftRows.length
    ? await em.find(VehicleScheduleEntity, {
        where: { shiftId: In(shiftRows.map((s) => s.id)) },
        lock: { mode: 'pessimistic_write' },
      })
    : [];
  const scheduleByShift = new Map(schedules.map((s) => [s.shiftId, s]));

  const bookingIds = new Set<string>();
  for (const s of schedules)
    for (const r of s.stops) [...r.pickups, ...r.dropoffs].forEach((id) => bookingIds.add(id));
  const live = bookingIds.size
    ? await em.find(BookingEntity, {
        // Offers hold their seat until accepted or expired.
        where: { id: In([...bookingIds]), status: In(['offered', 'confirmed', 'picked_up']) },
      })
    : [];
  const liveById = new Map(live.map((b) => [b.id, b]));
  const bookings = new Map(liveById);
  for (const b of opts.extraBookings ?? []) bookings.set(b.id, b);

  const coreStopIds = new Set<string>();
  for (const b of liveById.values()) coreStopIds.add(b.fromStopId).add(b.toStopId);
  for (const s of shiftRows) coreStopIds.add(s.vehicle!.homeDepotStopId);
  for (const s of schedules) for (const r of s.stops) if (r.departedAt) coreStopIds.add(r.stopId);
  const stopIds = new Set(coreStopIds);
  for (const b of bookings.values()) stopIds.add(b.fromStopId).add(b.toStopId);
  const found = await em.find(StopEntity, {
    where: { id: In([...stopIds]) },
    order: { id: 'ASC' },
  });
  const { stops, durationsS, distancesM, cutOff } = await connectedMatrix(
    matrix,
    found,
    coreStopIds,
    !!opts.isolateExtras,
  );
  const index = new Map(stops.map((s, i) => [s.id, i]));
  const locationOf = (id: string): number => {
    const i = index.get(id);
    if (i === undefined) throw new DispatchDataError(cutOff.get(id) ?? `stop ${id} is unknown`);
    return i;
  };
  const unplannable = new Map<string, string>();
  if (opts.isolateExtras) {
    for (const b of opts.extraBookings ?? []) {
      if (liveById.has(b.id)) continue;
      const bad = [b.fromStopId, b.toStopId].find((id) => !index.has(id));
      if (bad) unplannable.set(b.id, cutOff.get(bad) ?? `stop ${bad} is unknown`);
    }
  }
  const travel = { durationS: (a: number, b: number) => durationsS[a][b] };

  const rideRequestOf: FleetSnapshot['rideRequestOf'] = (booking, as) => {
    const b =
      as?.requestedS === undefined ? booking : { ...booking, requestedTime: fromS(as.requestedS) };
    const p = locationOf(b.fromStopId);
    const d = locationOf(b.toStopId);
    return toRideRequest(
      b,
      { pickup: p, dropoff: d },
      travel.durationS(p, d),
      opts.rules,
      opts.nowS,
      as?.promise,
    );
  };
  const requests: RideRequest[] = [];

  const vehicles: Vehicle[] = [];
  const plans: RoutePlan[] = [];
  const shifts = new Map<string, PlannedShift>();
  for (const shift of shiftRows) {
    const schedule = scheduleByShift.get(shift.id)!;
    const vehicle = shift.vehicle!;
    const frozen = schedule.stops.filter((r) => r.departedAt);
    const open = schedule.stops.filter((r) => !r.departedAt);
    const depot = locationOf(vehicle.homeDepotStopId);
    const last = frozen[frozen.length - 1];
    const startS = Math.max(toS(shift.startsAt), opts.nowS);
    const onBoard = live
      .filter((b) => b.status === 'picked_up' && frozen.some((r) => r.pickups.includes(b.id)))
      .map((b) => ({
        requestId: b.id,
        pickupDepartureS: toS(new Date(frozen.find((r) => r.pickups.includes(b.id))!.departedAt!)),
      }));
    vehicles.push({
      id: schedule.id,
      capacity: { seats: vehicle.seats, wheelchairs: vehicle.wheelchairPlaces },
      shift: { earliestS: toS(shift.startsAt), latestS: toS(shift.endsAt) },
      startLocation: depot,
      endLocation: depot,
      availableFrom: last
        ? {
            location: locationOf(last.stopId),
            timeS: Math.max(opts.nowS, toS(new Date(last.departedAt!))),
          }
        : { location: depot, timeS: startS },
      onBoard,
    });
    // A booking is planned when its pickup is still ahead, or it is on board; one whose pickup
    // was driven without boarding waits for the driver's no-show report and is not planned.
    const planned = new Set<string>(onBoard.map((o) => o.requestId));
    for (const r of open) for (const id of r.pickups) if (liveById.has(id)) planned.add(id);
    const planStops: StopRef[] = [];
    for (const r of open) {
      for (const id of r.pickups)
        if (planned.has(id)) planStops.push({ requestId: id, type: 'pickup' });
      for (const id of r.dropoffs)
        if (planned.has(id)) planStops.push({ requestId: id, type: 'dropoff' });
    }
    for (const id of planned) requests.push(rideRequestOf(liveById.get(id)!));
    plans.push({ vehicleId: schedule.id, stops: planStops });
    shifts.set(schedule.id, { schedule, shift, vehicle, frozen });
  }

  return {
    instance: planningInstance({ requests, vehicles, travel }),
    plans,
    shifts,
    bookings,
    stops,
    locationOf,
    distanceM: (a, b) => distancesM[a][b] ?? 0,
    rideRequestOf,
    unplannable,
  };
}

/**
 * The travel-time matrix over `stops`. Every pair among the fleet's own stops (`core`) must have
 * a road, else the data is bad and the snapshot fails. With `isolate`, a stop outside the core
 * that the router cannot place or that has no road to or from the stops kept so far is left out
 * (listed in `cutOff` with the reason) instead: the cheap whole-matrix question first, the stop by
 * stop one (pairs are cached) only when it found a gap.
 */
async function connectedMatrix(
  matrix: StopMatrixCache,
  stops: StopEntity[],
  core: ReadonlySet<string>,
  isolate: boolean,
): Promise<{
  stops: StopEntity[];
  durationsS: number[][];
  distancesM: (number | null)[][];
  cutOff: Map<string, string>;
}> {
  const cutOff = new Map<string, string>();
  const ask = (list: StopEntity[]) =>
    matrix.matrix(list.map((s) => ({ id: s.id, lat: s.lat, lon: s.lon })));
  const gap = (list: StopEntity[], m: { durationsS: (number | null)[][] }): string | null => {
    for (let i = 0; i < list.length; i++)
      for (let j = 0; j < list.length; j++)
        if (m.durationsS[i][j] === null) return `no road from ${list[i].name} to ${list[j].name}`;
    return null;
  };
  const whole = await ask(stops).catch((e: unknown) => {
    if (isolate && isRoutingDataError(e)) return null;
    throw e;
  });
  const wholeGap = whole && gap(stops, whole);
  if (whole && !wholeGap)
    return {
      stops,
      durationsS: whole.durationsS as number[][],
      distancesM: whole.distancesM,
      cutOff,
    };
  if (!isolate) throw new DispatchDataError(wholeGap!);

  let kept = stops.filter((s) => core.has(s.id));
  const coreGap = kept.length ? gap(kept, await ask(kept)) : null;
  if (coreGap) throw new DispatchDataError(coreGap);
  for (const s of stops) {
    if (core.has(s.id)) continue;
    const trial = [...kept, s];
    try {
      const why = gap(trial, await ask(trial));
      if (why) cutOff.set(s.id, why);
      else kept = trial;
    } catch (e) {
      if (!isRoutingDataError(e)) throw e;
      cutOff.set(s.id, `${s.name} cannot be routed: ${e.message}`);
    }
  }
  kept.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const final = kept.length ? await ask(kept) : { durationsS: [], distancesM: [] };
  return {
    stops: kept,
    durationsS: final.durationsS as number[][],
    distancesM: final.distancesM,
    cutOff,
  };
}
