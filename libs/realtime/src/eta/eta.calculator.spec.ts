import { bookingEtas, estimateStopArrivals, EtaStop } from './eta.calculator';

const T0 = Date.parse('2026-11-23T07:00:00Z');
const min = 60_000;
const stops: EtaStop[] = [
  {
    stopId: 'a',
    plannedArrivalMs: T0 + 10 * min,
    plannedDepartureMs: T0 + 11 * min,
    pickups: ['b1'],
    dropoffs: [],
  },
  {
    stopId: 'b',
    plannedArrivalMs: T0 + 20 * min,
    plannedDepartureMs: T0 + 21 * min,
    pickups: [],
    dropoffs: ['b1', 'b2'],
  },
];

describe('estimateStopArrivals', () => {
  it('with routing, drives the legs and keeps the planned dwell, not leaving before the plan', () => {
    // 5 min to a (early: waits until 07:10, leaves 07:11), then 6 min to b
    const r = estimateStopArrivals(stops, T0, [300, 360]);
    expect(r.method).toBe('routing');
    expect(r.arrivalsMs).toEqual([T0 + 5 * min, T0 + 17 * min]);
  });

  it('with routing and a late vehicle, carries the delay along', () => {
    const r = estimateStopArrivals(stops, T0 + 9 * min, [300, 360]);
    expect(r.arrivalsMs).toEqual([T0 + 14 * min, T0 + 21 * min]);
  });

  it('without routing, shifts the plan by how late the vehicle is for its next stop', () => {
    expect(estimateStopArrivals(stops, T0, null)).toEqual({
      arrivalsMs: [T0 + 10 * min, T0 + 20 * min],
      method: 'schedule',
    });
    expect(estimateStopArrivals(stops, T0 + 13 * min, null).arrivalsMs).toEqual([
      T0 + 13 * min,
      T0 + 23 * min,
    ]);
  });
});

describe('bookingEtas', () => {
  const arrivals = [T0 + 10 * min, T0 + 20 * min];
  it('gives a waiting rider pickup and arrival, a rider on board the arrival only', () => {
    const status = { b1: 'confirmed', b2: 'picked_up' } as const;
    expect(bookingEtas(stops, arrivals, (id) => status[id as 'b1' | 'b2'])).toEqual([
      { bookingId: 'b1', pickupMs: T0 + 10 * min, arrivalMs: T0 + 20 * min },
      { bookingId: 'b2', pickupMs: null, arrivalMs: T0 + 20 * min },
    ]);
  });

  it('gives none to bookings that are over', () => {
    expect(bookingEtas(stops, arrivals, () => 'dropped_off')).toEqual([]);
  });
});
