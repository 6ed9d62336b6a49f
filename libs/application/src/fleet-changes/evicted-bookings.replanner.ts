import type { ScheduleChangedEvent } from '@app/contracts';
import {
  checkFeasibleSchedule,
  instanceRelativeTo,
  offerRide,
  plansWithOffer,
  requestRelativeTo,
  scheduleAbsolute,
  type DarpInstance,
  type RideRequest,
  type RoutePlan,
  type Schedule,
} from '@app/dispatch';
import { ConflictError, type PoolingRules } from '@app/domain';
import {
  BookingEntity,
  RiderEntity,
  ScheduledStopRecord,
  ShiftEntity,
  VehicleEntity,
  VehicleScheduleEntity,
} from '@app/persistence';
import type { StopMatrixCache } from '@app/routing';
import { EntityManager, In } from 'typeorm';
import { loadFleetSnapshot, type FleetSnapshot } from '../dispatch/fleet-snapshot';
import { planningOriginS, toS } from '../dispatch/ride-request.mapper';
import { saveSchedule, ScheduleVersionConflict, toStopRecords } from '../dispatch/schedule-writer';

/** A fleet change would leave riders who are already on board without a seat or a ride. */
export class RidersOnBoardError extends ConflictError {
  constructor(
    readonly riders: Array<{ bookingId: string; riderName: string }>,
    why: string,
  ) {
    super(
      `${why}; riders on board: ${riders.map((r) => `${r.riderName} (booking ${r.bookingId})`).join(', ')}`,
      'riders_on_board',
    );
  }
}

export interface ReplannedBooking {
  bookingId: string;
  fromVehicleId: string | null;
  toVehicleId: string;
}

export interface EvictionOutcome {
  replanned: ReplannedBooking[];
  /** Bookings no vehicle can carry within their promise; the caller marks them at risk. */
  unplaceable: Array<{ booking: BookingEntity; detail: string }>;
  /** Riders on board of a vehicle that no longer runs, kept where they are (breakdowns). */
  keptOnBoard: string[];
  schedulesChanged: ScheduleChangedEvent[];
}

export interface EvictionInput {
  countyId: string;
  /** The county's time zone: plans are made in seconds of the local day (`planningOriginS`). */
  timeZone: string;
  rules: PoolingRules;
  nowS: number;
  /** The affected shift as it was before the change (its span bounds the search). */
  shiftBefore: Pick<ShiftEntity, 'id' | 'startsAt' | 'endsAt'>;
  /** A breakdown keeps riders on board in the schedule (the office fetches them); else 409. */
  allowOnBoard: boolean;
  why: string;
}

const MARGIN_S = 2 * 3600;

/**
 * Re-plans the not yet boarded bookings of one shift after a fleet change (shift ended or cut,
 * vehicle out of service, fewer places), inside the caller's transaction that holds the county's
 * dispatch lock and has already applied the change. Each booking is offered to every vehicle of
 * the county with its promise as hard windows (online insertion); its promise never changes.
 * Riders on board who would lose their place make the whole change fail with 409.
 */
export async function replanShiftBookings(
  em: EntityManager,
  matrix: StopMatrixCache,
  input: EvictionInput,
): Promise<EvictionOutcome> {
  const out = emptyOutcome();
  const stored = await em.findOne(VehicleScheduleEntity, {
    where: { shiftId: input.shiftBefore.id },
    lock: { mode: 'pessimistic_write' },
  });
  if (!stored) return out;
  const open = stored.stops.filter((r) => !r.departedAt);
  const ids = new Set(open.flatMap((r) => [...r.pickups, ...r.dropoffs]));
  if (ids.size === 0) return out;
  const rows = await em.find(BookingEntity, { where: { id: In([...ids]) } });
  const pickedOpen = new Set(open.flatMap((r) => r.pickups));
  const evicted = rows
    .filter((b) => (b.status === 'confirmed' || b.status === 'offered') && pickedOpen.has(b.id))
    .sort(byPickup);
  const onBoard = rows.filter((b) => b.status === 'picked_up');
  const evictedIds = new Set(evicted.map((b) => b.id));

  const fromS = toS(input.shiftBefore.startsAt) - MARGIN_S;
  const untilS = toS(input.shiftBefore.endsAt) + MARGIN_S;
  const snapshot = await loadFleetSnapshot(em, matrix, {
    countyId: input.countyId,
    fromS,
    toS: untilS,
    nowS: input.nowS,
    rules: input.rules,
    extraBookings: evicted,
  });
  const originS = planningOriginS(fromS, untilS, input.timeZone);
  const { requests, instance, ...rest } = withoutRequests(snapshot, evictedIds, originS);
  let plans = rest.plans;
  const timed = new Map<string, Schedule>();
  const own = snapshot.shifts.get(stored.id);
  if (own) {
    await assertOnBoardFits(em, own.vehicle, onBoard, input.why);
    const schedule = checkFeasibleSchedule(
      instance,
      plans.find((p) => p.vehicleId === stored.id)!,
    );
    if (!schedule && onBoard.length) throw await onBoardError(em, onBoard, input.why);
    if (schedule) timed.set(stored.id, schedule);
    else plans = plans.map((p) => (p.vehicleId === stored.id ? { ...p, stops: [] } : p));
  } else {
    if (onBoard.length && !input.allowOnBoard) throw await onBoardError(em, onBoard, input.why);
    // The shift no longer runs: keep what was driven and the drop-offs of riders still aboard.
    const kept = new Set(onBoard.map((b) => b.id));
    const keep: ScheduledStopRecord[] = stored.stops.filter(
      (r) => r.departedAt || r.dropoffs.some((id) => kept.has(id)),
    );
    out.keptOnBoard.push(...kept);
    const res = await em
      .createQueryBuilder()
      .update(VehicleScheduleEntity)
      .set({ stops: keep, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: stored.id, version: stored.version })
      .execute();
    if (res.affected !== 1) throw new ScheduleVersionConflict(stored.id);
    out.schedulesChanged.push(changed(stored.vehicleId, stored.id, stored.version + 1));
  }

  // The own shift's emptied plan is stored only when no booking found its way back onto it.
  const fallback = new Map<string, ScheduledStopRecord[]>(
    own && !timed.has(stored.id) ? [[stored.id, []]] : [],
  );
  const work = { originS, instance, requests, plans, timed, fallback };
  await offerAndStore(em, snapshot, work, evicted, out);
  return out;
}

/** The input of {@link replanBookings}. */
export interface ReplanBookingsInput {
  countyId: string;
  /** The county's time zone: plans are made in seconds of the local day (`planningOriginS`). */
  timeZone: string;
  rules: PoolingRules;
  nowS: number;
  /** Confirmed bookings to plan again as they are now (their promise moved, e.g. a late train). */
  offer: BookingEntity[];
  /** Bookings no longer live (at risk) whose stops leave the schedules that still hold them. */
  drop: string[];
}

/**
 * Plans bookings again after their promise moved (a late train) and takes bookings that went at
 * risk out of their vehicles, inside the caller's transaction that holds the county's dispatch
 * lock and has already written the new promises. Each booking leaves the schedule that holds it
 * and is offered to every vehicle of the county within its promise (online insertion), as after
 * a fleet change; the vehicles it left are re-timed.
 */
export async function replanBookings(
  em: EntityManager,
  matrix: StopMatrixCache,
  input: ReplanBookingsInput,
): Promise<EvictionOutcome> {
  const out = emptyOutcome();
  const ids = new Set([...input.offer.map((b) => b.id), ...input.drop]);
  if (!ids.size) return out;
  const spans = await em.find(BookingEntity, { where: { id: In([...ids]) } });
  const fromS = Math.min(...spans.map((b) => toS(b.promisedPickupFrom ?? b.requestedTime)));
  const untilS = Math.max(...spans.map((b) => toS(b.promisedLatestArrival ?? b.requestedTime)));
  const snapshot = await loadFleetSnapshot(em, matrix, {
    countyId: input.countyId,
    fromS: fromS - MARGIN_S,
    toS: untilS + MARGIN_S,
    nowS: input.nowS,
    rules: input.rules,
    extraBookings: input.offer,
  });
  const originS = planningOriginS(fromS - MARGIN_S, untilS + MARGIN_S, input.timeZone);
  const { plans, requests, instance } = withoutRequests(snapshot, ids, originS);
  const timed = new Map<string, Schedule>();
  const fallback = new Map<string, ScheduledStopRecord[]>();
  const holds = (r: ScheduledStopRecord) => [...r.pickups, ...r.dropoffs].some((id) => ids.has(id));
  for (const [scheduleId, planned] of snapshot.shifts) {
    const open = planned.schedule.stops.filter((r) => !r.departedAt);
    if (!open.some(holds)) continue;
    const schedule = checkFeasibleSchedule(
      instance,
      plans.find((p) => p.vehicleId === scheduleId)!,
    );
    if (schedule) timed.set(scheduleId, schedule);
    // A vehicle already running late cannot be re-timed: only the stops leave it.
    else
      fallback.set(
        scheduleId,
        open.filter((r) => !holds(r)),
      );
  }
  const offered = [...input.offer].sort(byPickup);
  const work = { originS, instance, requests, plans, timed, fallback };
  await offerAndStore(em, snapshot, work, offered, out);
  return out;
}

/**
 * Offers each booking to every vehicle within its promise, in turn, then stores every schedule
 * that changed (`timed`, else its `fallback` records) and the bookings' new vehicles.
 */
async function offerAndStore(
  em: EntityManager,
  snapshot: FleetSnapshot,
  work: {
    /** The Unix second the plans count from (`planningOriginS`). */
    originS: number;
    instance: DarpInstance;
    /** The instance's requests: each booking placed joins them. */
    requests: RideRequest[];
    plans: RoutePlan[];
    timed: Map<string, Schedule>;
    fallback: Map<string, ScheduledStopRecord[]>;
  },
  bookings: BookingEntity[],
  out: EvictionOutcome,
): Promise<void> {
  const { instance, timed, originS } = work;
  let plans = work.plans;
  for (const booking of bookings) {
    const request = requestRelativeTo(snapshot.rideRequestOf(booking), originS);
    const offer = offerRide(instance, plans, request);
    if (offer.kind === 'rejection') {
      out.unplaceable.push({ booking, detail: offer.detail });
      continue;
    }
    plans = plansWithOffer(plans, offer);
    work.requests.push(request);
    timed.set(offer.vehicleId, offer.schedule);
    out.replanned.push({
      bookingId: booking.id,
      fromVehicleId: booking.vehicleId,
      toVehicleId: snapshot.shifts.get(offer.vehicleId)!.vehicle.id,
    });
  }

  for (const [scheduleId, schedule] of timed) {
    const planned = snapshot.shifts.get(scheduleId)!;
    const absolute = scheduleAbsolute(schedule, originS);
    const version = await saveSchedule(em, planned, records(snapshot, absolute));
    out.schedulesChanged.push(changed(planned.vehicle.id, scheduleId, version));
  }
  for (const [scheduleId, open] of work.fallback) {
    if (timed.has(scheduleId)) continue;
    const planned = snapshot.shifts.get(scheduleId)!;
    const version = await saveSchedule(em, planned, open);
    out.schedulesChanged.push(changed(planned.vehicle.id, scheduleId, version));
  }
  for (const r of out.replanned) {
    if (r.fromVehicleId !== r.toVehicleId)
      await em.update(BookingEntity, { id: r.bookingId }, { vehicleId: r.toVehicleId });
  }
}

const emptyOutcome = (): EvictionOutcome => ({
  replanned: [],
  unplaceable: [],
  keptOnBoard: [],
  schedulesChanged: [],
});

/** Earliest promised pickup first: the order bookings are offered again. */
const byPickup = (a: BookingEntity, b: BookingEntity) =>
  +a.promisedPickupFrom! - +b.promisedPickupFrom! || a.id.localeCompare(b.id);

/**
 * The snapshot's plans and requests without the given bookings (to be offered again), in seconds
 * from `originS` as the worker's online decisions plan (`planningOriginS`): in Unix seconds the
 * engine's tolerances do not hold.
 */
function withoutRequests(snapshot: FleetSnapshot, ids: Set<string>, originS: number) {
  const plans: RoutePlan[] = snapshot.plans.map((p) => ({
    vehicleId: p.vehicleId,
    stops: p.stops.filter((s) => !ids.has(s.requestId)),
  }));
  const relative = instanceRelativeTo(snapshot.instance, originS);
  const requests = relative.requests.filter((r) => !ids.has(r.id));
  const instance: DarpInstance = { ...relative, requests };
  return { plans, requests, instance };
}

function records(snapshot: FleetSnapshot, schedule: Schedule) {
  return toStopRecords(schedule, (id, type) => {
    const b = snapshot.bookings.get(id)!;
    return type === 'pickup' ? b.fromStopId : b.toStopId;
  });
}

function changed(vehicleId: string, scheduleId: string, version: number): ScheduleChangedEvent {
  return { vehicleId, scheduleId, version, at: new Date().toISOString() };
}

/** Riders on board must keep a place of their kind when a vehicle's places are cut. */
async function assertOnBoardFits(
  em: EntityManager,
  vehicle: VehicleEntity,
  onBoard: BookingEntity[],
  why: string,
): Promise<void> {
  const seats = onBoard.reduce((n, b) => n + b.passengers - b.wheelchairPlaces, 0);
  const wheelchairs = onBoard.reduce((n, b) => n + b.wheelchairPlaces, 0);
  if (seats > vehicle.seats || wheelchairs > vehicle.wheelchairPlaces) {
    throw await onBoardError(
      em,
      onBoard,
      `${why}: ${seats} seated and ${wheelchairs} wheelchair rider(s) on board, ` +
        `${vehicle.seats} seats and ${vehicle.wheelchairPlaces} wheelchair places left`,
    );
  }
}

async function onBoardError(
  em: EntityManager,
  onBoard: BookingEntity[],
  why: string,
): Promise<RidersOnBoardError> {
  const riders = await em.find(RiderEntity, {
    where: { id: In([...new Set(onBoard.map((b) => b.riderId))]) },
  });
  const name = new Map(riders.map((r) => [r.id, r.name]));
  return new RidersOnBoardError(
    onBoard.map((b) => ({ bookingId: b.id, riderName: name.get(b.riderId) ?? 'unknown' })),
    why,
  );
}
