import { buildTripList, TripBookingFacts } from './trip-list.builder';

const booking = (id: string, extra: Partial<TripBookingFacts> = {}): TripBookingFacts => ({
  id,
  riderId: `r-${id}`,
  riderName: `Rider ${id}`,
  passengers: 1,
  wheelchairPlaces: 0,
  needs: [],
  notes: null,
  status: 'confirmed',
  ...extra,
});

describe('buildTripList', () => {
  const schedule = {
    id: 's1',
    vehicleId: 'v1',
    version: 3,
    stops: [
      {
        stopId: 'a',
        plannedArrivalAt: '2026-11-23T07:10:00.000Z',
        plannedDepartureAt: '2026-11-23T07:11:00.000Z',
        pickups: ['b1', 'b2', 'gone'],
        dropoffs: [],
        load: { seats: 3, wheelchairPlaces: 1 },
        departedAt: '2026-11-23T07:12:00.000Z',
      },
      {
        stopId: 'b',
        plannedArrivalAt: '2026-11-23T07:30:00.000Z',
        plannedDepartureAt: '2026-11-23T07:31:00.000Z',
        pickups: [],
        dropoffs: ['b1', 'b2'],
        load: { seats: 0, wheelchairPlaces: 0 },
      },
    ],
  };
  const bookings = new Map([
    [
      'b1',
      booking('b1', { wheelchairPlaces: 1, passengers: 2, needs: ['wheelchair'], notes: 'Rampe' }),
    ],
    ['b2', booking('b2', { status: 'picked_up' })],
  ]);
  const stops = new Map([
    ['a', { id: 'a', name: 'Albessen, Ortsmitte', lat: 49.5, lon: 7.3 }],
    ['b', { id: 'b', name: 'Kusel, Bahnhof', lat: 49.53, lon: 7.4 }],
  ]);

  it('lists stops in order with who boards and alights and what they need', () => {
    const trip = buildTripList(schedule, bookings, stops);
    expect(trip).toMatchObject({ vehicleId: 'v1', scheduleId: 's1', version: 3 });
    expect(trip.stops.map((s) => [s.index, s.name, s.departedAt])).toEqual([
      [0, 'Albessen, Ortsmitte', '2026-11-23T07:12:00.000Z'],
      [1, 'Kusel, Bahnhof', null],
    ]);
    expect(trip.stops[0].boarding).toEqual([
      {
        bookingId: 'b1',
        riderName: 'Rider b1',
        passengers: 2,
        wheelchairPlaces: 1,
        needs: ['wheelchair'],
        notes: 'Rampe',
        status: 'confirmed',
      },
      expect.objectContaining({ bookingId: 'b2', status: 'picked_up' }),
    ]);
    expect(trip.stops[1].alighting.map((p) => p.bookingId)).toEqual(['b1', 'b2']);
    expect(trip.stops[0].load).toEqual({ seats: 3, wheelchairPlaces: 1 });
  });

  it('leaves out a booking that no longer exists rather than showing half of it', () => {
    const trip = buildTripList(schedule, bookings, stops);
    expect(trip.stops[0].boarding.map((p) => p.bookingId)).not.toContain('gone');
  });
});
