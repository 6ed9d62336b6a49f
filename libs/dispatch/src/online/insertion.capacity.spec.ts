import type { RoutePlan } from '../model/dispatch.types';
import { bus, lineInstance, ride } from '../testing/line-fixture';
import { offerRide } from './offer-ride';
import type { Offer } from './offer.types';

const order = (offer: Offer): string[] => offer.plan.stops.map((s) => `${s.type[0]}${s.requestId}`);

describe('insertion: capacity per kind of place', () => {
  const planA: RoutePlan[] = [
    {
      vehicleId: 'v1',
      stops: [
        { requestId: 'a', type: 'pickup' },
        { requestId: 'a', type: 'dropoff' },
      ],
    },
  ];
  const small = bus('v1', { capacity: { seats: 1, wheelchairs: 1 } });
  const instance = lineInstance([ride('a', 2, 6)], [small]);

  it('does not seat two passengers on one seat', () => {
    const offer = offerRide(instance, planA, ride('c', 3, 7)) as Offer;
    expect(order(offer)).toEqual(['pa', 'da', 'pc', 'dc']);
    expect(offer.addedCost).toBe(480);
    expect(Math.max(...offer.schedule.stops.map((s) => s.loadAfter.seats))).toBe(1);
  });

  it('pools a wheelchair user with a seated passenger', () => {
    const w = ride('w', 3, 7, { load: { seats: 0, wheelchairs: 1 } });
    const offer = offerRide(instance, planA, w) as Offer;
    // Both pooled orders cost 120 s more; what matters is that w boards while a is on board.
    expect(order(offer).slice(0, 2)).toEqual(['pa', 'pw']);
    expect(offer.addedCost).toBe(120);
    expect(offer.schedule.stops[1].loadAfter).toEqual({ seats: 1, wheelchairs: 1 });
  });

  it('rejects a wheelchair user when no vehicle has a wheelchair place', () => {
    const noRamp = lineInstance([], [bus('v1', { capacity: { seats: 8, wheelchairs: 0 } })]);
    const w = ride('w', 3, 7, { load: { seats: 0, wheelchairs: 1 } });
    expect(offerRide(noRamp, [], w)).toMatchObject({
      kind: 'rejection',
      reason: 'no_vehicle_with_capacity',
    });
  });

  it('rejects a group larger than every vehicle', () => {
    const group = ride('g', 3, 7, { load: { seats: 5, wheelchairs: 0 } });
    expect(offerRide(instance, [], group)).toMatchObject({ reason: 'no_vehicle_with_capacity' });
  });
});
