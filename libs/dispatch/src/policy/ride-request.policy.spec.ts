import {
  flexibilityS,
  maxRideTimeS,
  promisePolicyOf,
  rideRequestOf,
  serviceTimesS,
  type BookingFacts,
} from './ride-request.policy';

const RULES = { pickupWindowMin: 15, maxRideFactor: 1.5, maxRideExtraMin: 10 };
const booking = (over: Partial<BookingFacts>): BookingFacts => ({
  id: 'b',
  passengers: 1,
  wheelchairPlaces: 0,
  timeKind: 'depart_at',
  requestedS: 10_000,
  ...over,
});
const at = { pickup: 1, dropoff: 2 };

describe('the dispatch policy: booking to ride request', () => {
  it('gives a ride at most 1.5 x the direct time plus 10 minutes (the area rule)', () => {
    expect(maxRideTimeS(RULES, 3000)).toBe(5100);
    expect(rideRequestOf(booking({}), at, 3000, RULES, 0).maxRideS).toBe(5100);
  });

  it('plans a short ride no longer than 2.45 x the direct time', () => {
    expect(maxRideTimeS(RULES, 600)).toBe(1470);
    expect(maxRideTimeS(RULES, 90)).toBe(221);
    expect(maxRideTimeS({ ...RULES, maxRideFactor: 1, maxRideExtraMin: 0 }, 600)).toBe(600);
  });

  it('takes longer to board with a wheelchair and with more passengers', () => {
    expect(serviceTimesS({ passengers: 1, wheelchairPlaces: 0 })).toEqual({
      pickupS: 60,
      dropoffS: 45,
    });
    expect(serviceTimesS({ passengers: 2, wheelchairPlaces: 1 })).toEqual({
      pickupS: 210,
      dropoffS: 150,
    });
  });

  it('lets a depart-at pickup happen from the asked time to two windows later, never in the past', () => {
    expect(flexibilityS(RULES)).toBe(1800);
    expect(rideRequestOf(booking({}), at, 600, RULES, 0).pickupWindow).toEqual({
      earliestS: 10_000,
      latestS: 11_800,
    });
    expect(rideRequestOf(booking({}), at, 600, RULES, 10_500).pickupWindow).toEqual({
      earliestS: 10_500,
      latestS: 12_300,
    });
  });

  it('makes an arrive-by ride arrive in time and not absurdly early', () => {
    const r = rideRequestOf(booking({ timeKind: 'arrive_by' }), at, 600, RULES, 0);
    expect(r.dropoffWindow).toEqual({ earliestS: -Infinity, latestS: 10_000 });
    expect(r.pickupWindow).toEqual({ earliestS: 10_000 - 60 - 1470 - 1800, latestS: 10_000 - 660 });
  });

  it('keeps a promise as a hard window', () => {
    const promise = { pickupFromS: 9_000, pickupToS: 9_900, latestArrivalS: 11_000 };
    const r = rideRequestOf(booking({ promise }), at, 600, RULES, 0);
    expect(r.confirmed).toBe(true);
    expect(r.pickupWindow).toEqual({ earliestS: 9_000, latestS: 9_900 });
    expect(r.dropoffWindow?.latestS).toBe(11_000);
  });

  it('cuts the promised window to the area window, the planned pickup in its middle', () => {
    expect(promisePolicyOf(RULES)).toEqual({ windowS: 900, beforeS: 450 });
    expect(promisePolicyOf({ ...RULES, pickupWindowMin: 5 })).toEqual({
      windowS: 300,
      beforeS: 150,
    });
  });
});
