import type {
  DarpInstance,
  RideRequest,
  RoutePlan,
  TimeWindow,
  Vehicle,
} from '../model/dispatch.types';

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

/** Stops as `p<id>` / `d<id>` in route order, to compare plans at a glance. */
export const stopOrder = (stops: RoutePlan['stops']): string[] =>
  stops.map((s) => `${s.type[0]}${s.requestId}`);

/**
 * The pooling-incentive line: one bus on a line (1 km/min) from and back to km 0. Rider a rides
 * 2 -> 10; rider c rides 4 -> 3 and may spend at most two minutes on board. Taking c after a costs
 * no extra driving (the bus passes 4 and 3 on its way home) but opens a second vehicle trip; taking
 * c while a is on board costs two kilometres (120 s) more and keeps one trip. `planA`: a alone.
 */
export const passingRide = {
  a: ride('a', 2, 10, { maxRideS: 900 }),
  c: ride('c', 4, 3, { maxRideS: 120 }),
  planA: [
    {
      vehicleId: 'v1',
      stops: [
        { requestId: 'a', type: 'pickup' },
        { requestId: 'a', type: 'dropoff' },
      ],
    },
  ] as RoutePlan[],
};
