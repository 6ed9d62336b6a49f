import { bus, lineInstance, ride } from '../testing/line-fixture';
import { offerRide } from './offer-ride';
import type { Offer } from './offer.types';

describe('insertion: time windows', () => {
  const instance = lineInstance([], [bus('v1')]);

  it('waits at the depot instead of at the pickup, and cuts the promise around the plan', () => {
    // Depot 0 -> km 2 takes 120 s; the pickup opens at 600, so the bus leaves at 480.
    const req = ride('a', 2, 6, { pickupWindow: { earliestS: 600, latestS: 900 }, maxRideS: 600 });
    const offer = offerRide(instance, [], req) as Offer;
    expect(offer.kind).toBe('offer');
    expect(offer.schedule.departureS).toBe(480);
    expect(
      offer.schedule.stops.map((s) => [s.type, s.arrivalS, s.serviceStartS, s.departureS]),
    ).toEqual([
      ['pickup', 600, 600, 630],
      ['dropoff', 870, 870, 900],
    ]);
    expect(offer.schedule.endArrivalS).toBe(1260);
    expect(offer.addedCost).toBe(720);
    // Window opens 120 s before the plan but not before the request's own window; 10 min long.
    expect(offer.promise.pickupWindow).toEqual({ earliestS: 600, latestS: 900 });
    // Latest pickup 900 + 30 s boarding + 600 s maximum ride.
    expect(offer.promise.latestArrivalS).toBe(1530);
  });

  it('honours a latest arrival by leaving early enough', () => {
    const req = ride('a', 2, 6, { dropoffWindow: { earliestS: 0, latestS: 500 } });
    const offer = offerRide(instance, [], req) as Offer;
    const drop = offer.schedule.stops[1];
    expect(drop.serviceStartS).toBeLessThanOrEqual(500);
    expect(offer.promise.latestArrivalS).toBeLessThanOrEqual(500);
  });

  it('rejects a pickup window nobody can reach', () => {
    const req = ride('a', 5, 6, { pickupWindow: { earliestS: 0, latestS: 60 } });
    expect(offerRide(instance, [], req)).toMatchObject({
      kind: 'rejection',
      reason: 'no_feasible_insertion',
    });
  });

  it('rejects windows that contradict the direct ride', () => {
    const req = ride('a', 2, 6, {
      pickupWindow: { earliestS: 600, latestS: 700 },
      dropoffWindow: { earliestS: 0, latestS: 800 },
    });
    expect(offerRide(instance, [], req)).toMatchObject({
      kind: 'rejection',
      reason: 'invalid_request',
    });
  });
});
