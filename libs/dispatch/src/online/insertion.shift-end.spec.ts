import type { RoutePlan } from '../model/dispatch.types';
import { bus, lineInstance, ride } from '../testing/line-fixture';
import { offerRide } from './offer-ride';
import type { Offer } from './offer.types';

describe('insertion: shift end and route duration', () => {
  it('serves a ride that ends back at the depot before the shift ends', () => {
    // 0 -> 2 -> 6 -> 0: 720 s driving + 60 s service = 780 s <= 1000 s.
    const instance = lineInstance([], [bus('v1', { shift: { earliestS: 0, latestS: 1000 } })]);
    const offer = offerRide(instance, [], ride('a', 2, 6)) as Offer;
    expect(offer.schedule.endArrivalS).toBe(780);
  });

  it('rejects a ride the bus could not finish before its shift ends', () => {
    // 0 -> 8 -> 9 -> 0 needs 1140 s.
    const instance = lineInstance([], [bus('v1', { shift: { earliestS: 0, latestS: 1000 } })]);
    expect(offerRide(instance, [], ride('b', 8, 9))).toMatchObject({ reason: 'outside_shift' });
  });

  it('rejects a ride when the shift has not started by the end of its pickup window', () => {
    const instance = lineInstance([], [bus('v1', { shift: { earliestS: 5000, latestS: 9000 } })]);
    const early = ride('e', 2, 6, { pickupWindow: { earliestS: 0, latestS: 600 } });
    expect(offerRide(instance, [], early)).toMatchObject({ reason: 'outside_shift' });
  });

  it('keeps the maximum route duration when pooling', () => {
    const plan: RoutePlan[] = [
      {
        vehicleId: 'v1',
        stops: [
          { requestId: 'a', type: 'pickup' },
          { requestId: 'a', type: 'dropoff' },
        ],
      },
    ];
    // With c on the way the route lasts 960 s; the limit is 800 s.
    const instance = lineInstance([ride('a', 2, 6)], [bus('v1', { maxRouteDurationS: 800 })]);
    expect(offerRide(instance, plan, ride('c', 3, 7))).toMatchObject({
      reason: 'no_feasible_insertion',
    });
    const roomy = lineInstance([ride('a', 2, 6)], [bus('v1', { maxRouteDurationS: 960 })]);
    expect((offerRide(roomy, plan, ride('c', 3, 7)) as Offer).schedule.endArrivalS).toBe(960);
  });

  it('starts from where the bus is now and drops who is on board first-come', () => {
    const instance = lineInstance(
      [ride('o', 0, 4, { maxRideS: 400 })],
      [
        bus('v1', {
          availableFrom: { location: 1, timeS: 100 },
          onBoard: [{ requestId: 'o', pickupDepartureS: 40 }],
        }),
      ],
    );
    const plan: RoutePlan[] = [{ vehicleId: 'v1', stops: [{ requestId: 'o', type: 'dropoff' }] }];
    // o must be off by 40 + 400 = 440 s; a detour to km 9 first would arrive far too late.
    const offer = offerRide(instance, plan, ride('f', 9, 8)) as Offer;
    expect(offer.plan.stops.map((s) => `${s.type[0]}${s.requestId}`)).toEqual(['do', 'pf', 'df']);
    expect(offer.schedule.departureS).toBe(100);
    expect(offer.schedule.stops[0].serviceStartS).toBe(280);
  });
});
