import type { DarpInstance, RideRequest, TimeWindow, Vehicle } from '../model/dispatch.types';

/** Locations are kilometre marks on one road driven at 1 km/min: travel = 60 s per km. */
export const lineTravel = { durationS: (a: number, b: number): number => 60 * Math.abs(a - b) };

export function ride(
  id: string,
  from: number,
  to: number,
  extra: Partial<RideRequest> & { pickupWindow?: TimeWindow } = {},
): RideRequest {
  return {
    id,
    pickupLocation: from,
    dropoffLocation: to,
    load: { seats: 1, wheelchairs: 0 },
    pickupServiceS: 30,
    dropoffServiceS: 30,
    maxRideS: 3600,
    ...extra,
  };
}

export function bus(id: string, extra: Partial<Vehicle> = {}): Vehicle {
  return {
    id,
    capacity: { seats: 4, wheelchairs: 1 },
    shift: { earliestS: 0, latestS: 3600 },
    startLocation: 0,
    endLocation: 0,
    ...extra,
  };
}

export function lineInstance(requests: RideRequest[], vehicles: Vehicle[]): DarpInstance {
  return { requests, vehicles, travel: lineTravel };
}
