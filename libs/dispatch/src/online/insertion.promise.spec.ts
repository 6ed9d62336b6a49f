import { checkSolution } from '../checker/solution-checker';
import type { RideRequest, RoutePlan } from '../model/dispatch.types';
import { bus, lineInstance, ride } from '../testing/line-fixture';
import { offerRide } from './offer-ride';
import type { Offer, RidePromise } from './offer.types';
import { confirmPromise, plansWithOffer } from './promise';

describe('insertion: promises are hard constraints', () => {
  it('never moves a confirmed ride outside its promise when others are added', () => {
    const vehicles = [bus('v1', { shift: { earliestS: 0, latestS: 7200 } })];
    let requests: RideRequest[] = [];
    let plans: RoutePlan[] = [];
    const promises: RidePromise[] = [];
    const incoming = [
      ride('a', 2, 9, { pickupWindow: { earliestS: 300, latestS: 1500 }, maxRideS: 900 }),
      ride('b', 1, 8, { pickupWindow: { earliestS: 300, latestS: 1500 }, maxRideS: 900 }),
      ride('c', 3, 7, { pickupWindow: { earliestS: 200, latestS: 1500 }, maxRideS: 900 }),
      ride('d', 5, 0, { pickupWindow: { earliestS: 900, latestS: 2400 }, maxRideS: 900 }),
    ];
    for (const req of incoming) {
      const offer = offerRide(lineInstance(requests, vehicles), plans, req);
      expect(offer.kind).toBe('offer');
      const o = offer as Offer;
      // Every earlier promise still holds in the new schedule.
      for (const p of promises) {
        const pick = o.schedule.stops.find(
          (s) => s.requestId === p.requestId && s.type === 'pickup',
        );
        const drop = o.schedule.stops.find(
          (s) => s.requestId === p.requestId && s.type === 'dropoff',
        );
        expect(pick?.serviceStartS).toBeGreaterThanOrEqual(p.pickupWindow.earliestS);
        expect(pick?.serviceStartS).toBeLessThanOrEqual(p.pickupWindow.latestS);
        expect(drop?.serviceStartS).toBeLessThanOrEqual(p.latestArrivalS);
      }
      promises.push(o.promise);
      requests = [...requests, confirmPromise(req, o.promise)];
      plans = plansWithOffer(plans, o);
      expect(checkSolution(lineInstance(requests, vehicles), plans).violations).toEqual([]);
    }
  });

  it('keeps a narrowed earlier promise when a far ride is added, or rejects the ride', () => {
    const vehicles = [bus('v1')];
    const a = ride('a', 2, 6, { pickupWindow: { earliestS: 600, latestS: 1200 } });
    const first = offerRide(lineInstance([], vehicles), [], a) as Offer;
    // Promise: boarding 600..1200 (planned 600); a far ride at 600 would make a late.
    const confirmed = [
      confirmPromise(a, { ...first.promise, pickupWindow: { earliestS: 600, latestS: 610 } }),
    ];
    const plans = plansWithOffer([], first);
    const far = ride('z', 20, 21, { pickupWindow: { earliestS: 0, latestS: 2000 } });
    const res = offerRide(lineInstance(confirmed, vehicles), plans, far);
    if (res.kind === 'offer') {
      const pick = res.schedule.stops.find((s) => s.requestId === 'a' && s.type === 'pickup');
      expect(pick?.serviceStartS).toBeLessThanOrEqual(610);
    } else {
      expect(res.reason).toBe('no_feasible_insertion');
    }
  });

  it('keeps the planned pickup inside the window it promises', () => {
    const a = ride('a', 4, 1, { pickupWindow: { earliestS: 0, latestS: 3000 } });
    const offer = offerRide(lineInstance([], [bus('v1')]), [], a) as Offer;
    const planned = offer.schedule.stops[0].serviceStartS;
    expect(offer.promise.pickupWindow.earliestS).toBeLessThanOrEqual(planned);
    expect(offer.promise.pickupWindow.latestS).toBeGreaterThanOrEqual(planned);
    expect(offer.promise.pickupWindow.latestS - offer.promise.pickupWindow.earliestS).toBe(600);
  });

  it('promises the whole window length where the plan lies near the latest pickup', () => {
    // The bus reaches km 10 at 600 s, a minute and a half before the latest pickup; a window
    // opening two minutes before the plan would be cut to four minutes there.
    const a = ride('a', 10, 12, { pickupWindow: { earliestS: 0, latestS: 700 } });
    const offer = offerRide(lineInstance([], [bus('v1')]), [], a, {
      promise: { windowS: 600, beforeS: 120 },
    }) as Offer;
    expect(offer.schedule.stops[0].serviceStartS).toBe(600);
    expect(offer.promise.pickupWindow).toEqual({ earliestS: 100, latestS: 700 });
  });
});
