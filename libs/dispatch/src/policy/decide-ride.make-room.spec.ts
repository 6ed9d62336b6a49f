import { checkFeasibleSchedule } from '../online/schedule-check';
import { offerRide } from '../online/offer-ride';
import { bus, lineInstance, ride } from '../testing/line-fixture';
import { decideRide } from './decide-ride';

/**
 * One-seat buses on a line (1 km/min). Bus A starts at 0 at once, bus B at 0 only after 20 min.
 * R1 (10 -> 40, pickup by 50 min) is planned on A. R2 (20 -> 30) must be picked up at 20-22 min:
 * only A is there in time, but A carries R1 then, and after R1 it is too late. Insertion says no;
 * moving R1 to B (still within its promise) makes room for R2 on A.
 */
const seat = { capacity: { seats: 1, wheelchairs: 0 }, shift: { earliestS: 0, latestS: 7200 } };
const A = bus('A', seat);
const B = bus('B', { ...seat, shift: { earliestS: 1200, latestS: 7200 } });
const R1 = ride('R1', 10, 40, { pickupWindow: { earliestS: 0, latestS: 3000 }, confirmed: true });
const R2 = ride('R2', 20, 30, { pickupWindow: { earliestS: 1200, latestS: 1320 } });
const instance = lineInstance([R1], [A, B]);
const plans = [
  {
    vehicleId: 'A',
    stops: [
      { requestId: 'R1', type: 'pickup' as const },
      { requestId: 'R1', type: 'dropoff' as const },
    ],
  },
  { vehicleId: 'B', stops: [] },
];
const promise = { windowS: 600, beforeS: 60 };

describe('decideRide: re-plan to make room before saying no', () => {
  it('is a rejection for insertion alone', () => {
    const r = offerRide(instance, plans, R2, { promise });
    expect(r.kind).toBe('rejection');
    expect(decideRide(instance, plans, R2, { promise, makeRoom: null }).kind).toBe('rejection');
  });

  it('moves the earlier ride to the other bus, keeping its promise, and takes the new one', () => {
    const d = decideRide(instance, plans, R2, {
      promise,
      makeRoom: { maxIterations: 200, seed: 1 },
    });
    if (d.kind !== 'offer') throw new Error(`expected an offer, got ${d.detail}`);
    expect(d.vehicleId).toBe('A');
    expect(d.plan.stops.map((s) => s.requestId)).toEqual(['R2', 'R2']);
    expect(d.replanned).toEqual([
      {
        vehicleId: 'B',
        stops: [
          { requestId: 'R1', type: 'pickup' },
          { requestId: 'R1', type: 'dropoff' },
        ],
      },
    ]);
    const moved = checkFeasibleSchedule(instance, d.replanned[0]);
    const r1Pickup = moved?.stops.find((s) => s.type === 'pickup');
    expect(r1Pickup?.serviceStartS).toBeLessThanOrEqual(3000);
  });
});

describe('decideRide: making room with a bus running late', () => {
  // Bus L is stuck at km 0 until 30 min but promised a pickup at km 50 by 10 min: its plan no
  // longer meets its windows. The engine refuses a fleet with such a plan as a whole, so making
  // room used to throw ("current plan of vehicle L is infeasible") and the ride stayed undecided.
  const L = bus('L', { ...seat, availableFrom: { location: 0, timeS: 1800 } });
  const stuck = ride('S', 50, 0, { pickupWindow: { earliestS: 0, latestS: 600 }, confirmed: true });
  const withLate = lineInstance([R1, stuck], [A, B, L]);
  const latePlan = {
    vehicleId: 'L',
    stops: [
      { requestId: 'S', type: 'pickup' as const },
      { requestId: 'S', type: 'dropoff' as const },
    ],
  };

  it('re-plans the others around it and leaves its plan and rider as they are', () => {
    expect(checkFeasibleSchedule(withLate, latePlan)).toBeNull();
    const d = decideRide(withLate, [...plans, latePlan], R2, {
      promise,
      makeRoom: { maxIterations: 200, seed: 1 },
    });
    if (d.kind !== 'offer') throw new Error(`expected an offer, got ${d.detail}`);
    expect(d.vehicleId).toBe('A');
    expect(d.replanned.map((p) => p.vehicleId)).toEqual(['B']);
  });
});
