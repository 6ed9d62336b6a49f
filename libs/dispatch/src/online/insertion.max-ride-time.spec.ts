import type { RoutePlan } from '../model/dispatch.types';
import { bus, lineInstance, ride } from '../testing/line-fixture';
import { offerRide } from './offer-ride';
import type { Offer } from './offer.types';

const order = (offer: Offer): string[] => offer.plan.stops.map((s) => `${s.type[0]}${s.requestId}`);

describe('insertion: maximum ride time', () => {
  const planA: RoutePlan[] = [
    {
      vehicleId: 'v1',
      stops: [
        { requestId: 'a', type: 'pickup' },
        { requestId: 'a', type: 'dropoff' },
      ],
    },
  ];
  const c = ride('c', 3, 7);

  it('pools on the way when the detour fits the first rider', () => {
    // a rides 2 -> 6 (240 s direct); with c boarding at km 3 on the way: 60 + 30 + 180 = 270 s.
    const instance = lineInstance([ride('a', 2, 6, { maxRideS: 300 })], [bus('v1')]);
    const offer = offerRide(instance, planA, c) as Offer;
    expect(order(offer)).toEqual(['pa', 'pc', 'da', 'dc']);
    expect(offer.addedCost).toBe(120);
  });

  it('picks c up first when the 30 s stop would push a over its limit', () => {
    const instance = lineInstance([ride('a', 2, 6, { maxRideS: 260 })], [bus('v1')]);
    const offer = offerRide(instance, planA, c) as Offer;
    expect(order(offer)).toEqual(['pc', 'pa', 'da', 'dc']);
    expect(offer.addedCost).toBe(240);
    const stops = offer.schedule.stops;
    const rideA = stops[2].serviceStartS - stops[1].departureS;
    expect(rideA).toBe(240);
  });

  it('rejects a maximum ride shorter than the direct ride', () => {
    const instance = lineInstance([], [bus('v1')]);
    expect(offerRide(instance, [], ride('x', 0, 9, { maxRideS: 100 }))).toMatchObject({
      reason: 'invalid_request',
    });
  });
});
