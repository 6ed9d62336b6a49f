/** How a service area pools rides; tuned by the transport office. */
export interface PoolingRules {
  /** Length of the pickup window promised to a rider, minutes. */
  pickupWindowMin: number;
  /** Maximum ride time = factor x direct ride + extra minutes (`maxRideTimeS` in @app/dispatch). */
  maxRideFactor: number;
  maxRideExtraMin: number;
  /** Minutes between arriving at a hub and a train's departure. */
  transferBufferMin: number;
  maxPassengersPerBooking: number;
  maxWheelchairPlacesPerBooking: number;
  /**
   * How many open bookings of one rider may overlap in time (see `riderBusySpan`). 1: a rider
   * travels on one ride at a time; a companion travels on the same booking (`passengers`).
   */
  maxOverlappingBookingsPerRider: number;
  /** How many open (not yet finished) bookings one rider may hold at once. */
  maxOpenBookingsPerRider: number;
}

export const DEFAULT_POOLING_RULES: PoolingRules = {
  pickupWindowMin: 15,
  maxRideFactor: 1.5,
  maxRideExtraMin: 10,
  transferBufferMin: 5,
  maxPassengersPerBooking: 6,
  maxWheelchairPlacesPerBooking: 1,
  maxOverlappingBookingsPerRider: 1,
  maxOpenBookingsPerRider: 20,
};

/** Bounds of the rider booking limits the office may set (also the API's validation). */
export const RIDER_LIMIT_BOUNDS = {
  maxOverlappingBookingsPerRider: { min: 1, max: 100 },
  maxOpenBookingsPerRider: { min: 1, max: 1000 },
} as const;

/** Latest arrival at a hub for a rider catching a train that departs at `trainDeparture`. */
export function latestArrivalForTrain(rules: PoolingRules, trainDeparture: Date): Date {
  return new Date(trainDeparture.getTime() - rules.transferBufferMin * 60_000);
}

export function validatePoolingRules(r: PoolingRules): Array<{ field: string; reason: string }> {
  const p: Array<{ field: string; reason: string }> = [];
  if (!(r.pickupWindowMin >= 1 && r.pickupWindowMin <= 120))
    p.push({ field: 'pickupWindowMin', reason: 'must be 1..120 minutes' });
  if (!(r.maxRideFactor >= 1 && r.maxRideFactor <= 5))
    p.push({ field: 'maxRideFactor', reason: 'must be 1..5' });
  if (!(r.maxRideExtraMin >= 0 && r.maxRideExtraMin <= 120))
    p.push({ field: 'maxRideExtraMin', reason: 'must be 0..120 minutes' });
  if (!(r.transferBufferMin >= 0 && r.transferBufferMin <= 60))
    p.push({ field: 'transferBufferMin', reason: 'must be 0..60 minutes' });
  if (!(r.maxPassengersPerBooking >= 1 && r.maxPassengersPerBooking <= 20))
    p.push({ field: 'maxPassengersPerBooking', reason: 'must be 1..20' });
  if (!(r.maxWheelchairPlacesPerBooking >= 0 && r.maxWheelchairPlacesPerBooking <= 4))
    p.push({ field: 'maxWheelchairPlacesPerBooking', reason: 'must be 0..4' });
  for (const [field, b] of Object.entries(RIDER_LIMIT_BOUNDS)) {
    const v = r[field as keyof typeof RIDER_LIMIT_BOUNDS];
    if (!(Number.isInteger(v) && v >= b.min && v <= b.max))
      p.push({ field, reason: `must be a whole number ${b.min}..${b.max}` });
  }
  return p;
}
