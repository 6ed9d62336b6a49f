import type { RideRequest, ScheduledStop } from '@app/dispatch';
import type { BenchBooking, BenchVehicle } from './kusel-day';

export interface ServiceFigures {
  requests: number;
  served: number;
  passengersServed: number;
  /** Trips: stretches of a bus's day between two moments it is empty. */
  trips: number;
  ridersPerTrip: number;
  bookingsPerTrip: number;
  vehicleKm: number;
  directKm: number;
  busesUsed: number;
  meanWaitMin: number;
  p95WaitMin: number;
  /** Mean of ride time / direct time over served requests. */
  meanDetour: number;
  maxDetour: number;
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
 * Service figures of a day. Wait = planned start of boarding minus the requested time; ride time
 * = start of alighting minus end of boarding (the engine's definition), detour = ride / direct.
 */
export function serviceFigures(
  bookings: readonly BenchBooking[],
  fleet: readonly BenchVehicle[],
  days: ReadonlyMap<string, readonly ScheduledStop[]>,
  served: ReadonlyMap<string, RideRequest>,
  durationS: (from: number, to: number) => number,
  km: KmOf,
): ServiceFigures {
  const byId = new Map(bookings.map((b) => [b.id, b]));
  let trips = 0;
  let riders = 0;
  let boarded = 0;
  let vehicleKm = 0;
  let busesUsed = 0;
  const pickups = new Map<string, ScheduledStop>();
  const waits: number[] = [];
  const detours: number[] = [];
  for (const bus of fleet) {
    const stops = days.get(bus.id) ?? [];
    vehicleKm += dayKm(bus, stops, km);
    if (stops.length > 0) busesUsed++;
    let onBoard = 0;
    for (const s of stops) {
      const b = byId.get(s.requestId) as BenchBooking;
      if (s.type === 'pickup') {
        if (onBoard === 0) trips++;
        onBoard += b.passengers;
        riders += b.passengers;
        boarded++;
        pickups.set(s.requestId, s);
        waits.push((s.serviceStartS - b.timeS) / 60);
      } else {
        onBoard -= b.passengers;
        const p = pickups.get(s.requestId);
        const direct = durationS(b.from, b.to);
        if (p && direct > 0) {
          const req = served.get(s.requestId) as RideRequest;
          detours.push((s.serviceStartS - p.serviceStartS - req.pickupServiceS) / direct);
        }
      }
    }
  }
  let directKm = 0;
  let passengersServed = 0;
  for (const id of served.keys()) {
    const b = byId.get(id) as BenchBooking;
    directKm += km(b.from, b.to);
    passengersServed += b.passengers;
  }
  const mean = (xs: number[]): number => xs.reduce((a, c) => a + c, 0) / Math.max(1, xs.length);
  return {
    requests: bookings.length,
    served: served.size,
    passengersServed,
    trips,
    ridersPerTrip: riders / Math.max(1, trips),
    bookingsPerTrip: boarded / Math.max(1, trips),
    vehicleKm,
    directKm,
    busesUsed,
    meanWaitMin: mean(waits),
    p95WaitMin: quantile(waits, 0.95),
    meanDetour: mean(detours),
    maxDetour: detours.length ? Math.max(...detours) : NaN,
  };
}

export { quantile };
