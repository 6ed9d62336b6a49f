import { computeFigures, distribution, tripsOfStops, type RideFact } from './service-figures';

const ride = (over: Partial<RideFact>): RideFact => ({
  outcome: 'served',
  timeKind: 'depart_at',
  requestedS: 0,
  passengers: 1,
  directS: 600,
  directM: 10_000,
  pickupS: 300,
  dropoffS: 900,
  boardingS: 0,
  ...over,
});

describe('computeFigures', () => {
  const rides = [
    ride({}),
    ride({ passengers: 2, pickupS: 600, dropoffS: 1800 }),
    ride({ outcome: 'rejected', pickupS: null, dropoffS: null }),
    ride({ outcome: 'cancelled', pickupS: null, dropoffS: null }),
    ride({ outcome: 'no_show', pickupS: null, dropoffS: null }),
  ];
  const vehicles = [
    { vehicleId: 'a', shiftS: 3600, busyS: 1800, distanceM: 15_000, trips: 1 },
    { vehicleId: 'b', shiftS: 3600, busyS: 0, distanceM: 0, trips: 0 },
  ];
  const f = computeFigures(rides, vehicles);

  it('counts served, rejected, cancelled and no-show requests', () => {
    expect(f).toMatchObject({ requests: 5, served: 2, rejected: 1, cancelled: 1, noShows: 1 });
  });

  it('holds neither a rider cancellation nor a no-show against the served share', () => {
    expect(f.servedShare).toBeCloseTo(2 / 3);
  });

  it('gives the minutes a ride took beyond the direct drive', () => {
    expect(f.excessRideMin.count).toBe(2);
    expect(f.excessRideMin.mean).toBe(5);
    expect(f.excessRideMin.p90).toBe(10);
  });

  it('counts promises kept: boarding inside the window and arrival by the latest time', () => {
    const promise = { pickupFromS: 200, pickupToS: 500, latestArrivalS: 1000 };
    const g = computeFigures(
      [
        ride({ promise }),
        ride({ promise, pickupS: 600, dropoffS: 900 }),
        ride({ promise, dropoffS: 1200 }),
        ride({}),
      ],
      [],
    );
    expect(g).toMatchObject({ promisesGiven: 3, promisesKept: 1 });
  });

  it('puts vehicle-km against the direct km of the served rides', () => {
    expect(f.vehicleKm).toBe(15);
    expect(f.directKm).toBe(20);
    expect(f.kmRatio).toBe(0.75);
    expect(f.ridersPerTrip).toBe(3);
  });

  it('measures waits and detours of the served rides, and fleet use over shift time', () => {
    expect(f.waitMin.count).toBe(2);
    expect(f.waitMin.mean).toBe(7.5);
    expect(f.detour.p90).toBe(2);
    expect(f.fleetUse).toBe(0.25);
  });

  it('counts a ride from the end of boarding: a ride driven straight is 1 x direct', () => {
    // A wheelchair user's one-minute ride: three minutes at the ramp, then straight there. The
    // engine's maximum ride time starts when boarding ends; counted from its start, the figure
    // said 4 x direct and three minutes of extra ride for a ride without any detour.
    const straight = ride({ directS: 60, pickupS: 0, boardingS: 180, dropoffS: 240 });
    const pooled = ride({ directS: 60, pickupS: 0, boardingS: 180, dropoffS: 330 });
    const g = computeFigures([straight, pooled], []);
    expect(g.detour.p50).toBe(1);
    expect(g.detour.p90).toBe(2.5);
    expect(g.excessRideMin.mean).toBe(0.75);
  });

  it('has no figures to divide by on an empty day', () => {
    const empty = computeFigures([], []);
    expect(empty).toMatchObject({ requests: 0, servedShare: 0, kmRatio: 0, fleetUse: 0 });
  });
});

describe('distribution', () => {
  it('gives median, 90th percentile and buckets with an open last one', () => {
    const d = distribution([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], [0, 5, 10]);
    expect(d).toMatchObject({ count: 10, p50: 5, p90: 9, counts: [4, 5, 1] });
  });
});

describe('tripsOfStops', () => {
  const on = (place: string, n = 1) => ({ place, boarding: n, alighting: 0 });
  const off = (place: string, n = 1) => ({ place, boarding: 0, alighting: n });

  it('counts each run from empty back to empty as one vehicle trip', () => {
    const stops = [on('a'), on('b'), off('c'), off('c'), on('d'), off('e')];
    expect(tripsOfStops(stops)).toBe(2);
    expect(tripsOfStops([on('a'), on('b')])).toBe(1);
    expect(tripsOfStops([])).toBe(0);
  });

  it('ends a trip where everyone aboard gets off, whichever boards first at that place', () => {
    // Two riders to the train; at the station two others board before the first two alight.
    const to = [on('village'), on('village')];
    const back = [off('town'), off('town')];
    const boardFirst = [on('station'), on('station'), off('station'), off('station')];
    const alightFirst = [off('station'), off('station'), on('station'), on('station')];
    expect(tripsOfStops([...to, ...boardFirst, ...back])).toBe(2);
    expect(tripsOfStops([...to, ...alightFirst, ...back])).toBe(2);
  });

  it('keeps one trip where a rider stays aboard through a stop', () => {
    expect(tripsOfStops([on('a'), on('a'), off('b'), on('b'), off('c', 2)])).toBe(1);
  });
});
