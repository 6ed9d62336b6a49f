import type { RideRequest, ScheduledStop } from '@app/dispatch';
import {
  computeFigures,
  tripsOfStops,
  type RideFact,
  type ServiceFigures,
  type VehicleFact,
} from '@app/domain';
import type { BenchBooking, BenchVehicle } from './kusel-day';

/** The day's figures as the replay and the console compute them, and what only this bench shows. */
export interface OnlineDayFigures {
  figures: ServiceFigures;
  /** Served bookings per vehicle trip (riders per trip counts their passengers). */
  bookingsPerTrip: number;
  busesUsed: number;
}

/** Distances, km, between stop indices (from the matrix cache). */
export type KmOf = (from: number, to: number) => number;

/** Kilometres of one bus's day: depot, its stops in order, depot (nothing if it never moved). */
export function dayKm(bus: BenchVehicle, stops: readonly ScheduledStop[], km: KmOf): number {
  if (stops.length === 0) return 0;
  let sum = km(bus.depot, stops[0].location);
  for (let k = 1; k < stops.length; k++) sum += km(stops[k - 1].location, stops[k].location);
  return sum + km(stops[stops.length - 1].location, bus.depot);
}

const quantile = (xs: readonly number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

/**
 * Service figures of a day through `computeFigures` (libs/domain), the one calculator of the
 * replay, the what-if and the console: wait = planned start of boarding minus the requested
 * time; ride time = start of alighting minus end of boarding (the engine's definition); vehicle
 * trips as the planner prices them (`tripsOfStops`).
 */
export function serviceFigures(
  bookings: readonly BenchBooking[],
  fleet: readonly BenchVehicle[],
  days: ReadonlyMap<string, readonly ScheduledStop[]>,
  served: ReadonlyMap<string, RideRequest>,
  durationS: (from: number, to: number) => number,
  km: KmOf,
): OnlineDayFigures {
  const byId = new Map(bookings.map((b) => [b.id, b]));
  const pickupAt = new Map<string, number>();
  const dropoffAt = new Map<string, number>();
  const vehicles: VehicleFact[] = fleet.map((bus) => {
    const stops = days.get(bus.id) ?? [];
    const moves = stops.map((s) => {
      const riders = (byId.get(s.requestId) as BenchBooking).passengers;
      (s.type === 'pickup' ? pickupAt : dropoffAt).set(s.requestId, s.serviceStartS);
      return s.type === 'pickup'
        ? { place: s.location, boarding: riders, alighting: 0 }
        : { place: s.location, boarding: 0, alighting: riders };
    });
    return {
      vehicleId: bus.id,
      shiftS: bus.shiftEndS - bus.shiftStartS,
      busyS: 0,
      distanceM: dayKm(bus, stops, km) * 1000,
      trips: tripsOfStops(moves),
    };
  });
  const rides: RideFact[] = bookings.map((b) => {
    const req = served.get(b.id);
    return {
      outcome: req ? 'served' : 'rejected',
      timeKind: 'depart_at',
      requestedS: b.timeS,
      passengers: b.passengers,
      directS: durationS(b.from, b.to),
      directM: km(b.from, b.to) * 1000,
      pickupS: req ? (pickupAt.get(b.id) ?? null) : null,
      dropoffS: req ? (dropoffAt.get(b.id) ?? null) : null,
      boardingS: req?.pickupServiceS ?? 0,
      promise: null,
    };
  });
  const figures = computeFigures(rides, vehicles);
  return {
    figures,
    bookingsPerTrip: figures.vehicleTrips ? figures.served / figures.vehicleTrips : 0,
    busesUsed: fleet.filter((bus) => (days.get(bus.id) ?? []).length > 0).length,
  };
}

export { quantile };
