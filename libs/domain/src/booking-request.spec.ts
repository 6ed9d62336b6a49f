import {
  BookingContext,
  BookingRequestInput,
  checkBookingRequest,
  requestedArrivalOrDeparture,
  ServiceAreaFacts,
  StopFacts,
} from './booking-request';
import { RuleViolationError } from './errors';
import { DEFAULT_POOLING_RULES } from './pooling-rules';

const square = (lon0: number, lat0: number, lon1: number, lat1: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lon0, lat0],
      [lon1, lat0],
      [lon1, lat1],
      [lon0, lat1],
      [lon0, lat0],
    ],
  ],
});

const area: ServiceAreaFacts = {
  id: 'kusel',
  name: 'Landkreis Kusel',
  status: 'active',
  geometry: square(7.2, 49.3, 7.8, 49.8),
  timeZone: 'Europe/Berlin',
  operatingHours: {
    mon: [{ start: '05:00', end: '23:00' }],
    tue: [{ start: '05:00', end: '23:00' }],
  },
  bookingHorizonDays: 14,
  minNoticeMin: 30,
  rules: DEFAULT_POOLING_RULES,
};

const stop = (id: string, lat: number, lon: number, extra: Partial<StopFacts> = {}): StopFacts => ({
  id,
  name: id,
  location: { lat, lon },
  wheelchairAccessible: true,
  active: true,
  ...extra,
});

const village = stop('Albessen', 49.516477, 7.330666);
const hub = stop('Bahnhof Kusel', 49.538282, 7.410329);
const paris = stop('Paris', 48.8566, 2.3522);
const stairs = stop('Steps', 49.5, 7.4, { wheelchairAccessible: false });

// Monday 2026-07-06 06:00 local (04:00Z)
const now = new Date('2026-07-06T04:00:00Z');
const input = (over: Partial<BookingRequestInput> = {}): BookingRequestInput => ({
  fromStopId: village.id,
  toStopId: hub.id,
  timeKind: 'depart_at',
  time: new Date('2026-07-06T06:00:00Z'),
  passengers: 1,
  wheelchairPlaces: 0,
  ...over,
});
const ctx = (over: Partial<BookingContext> = {}): BookingContext => ({
  fromStop: village,
  toStop: hub,
  areas: [area],
  now,
  ...over,
});

function problemsOf(i: BookingRequestInput, c: BookingContext): Array<[string, string]> {
  try {
    checkBookingRequest(i, c);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(RuleViolationError);
    return (e as RuleViolationError).problems.map((p) => [p.field, p.code]);
  }
}

describe('checkBookingRequest', () => {
  it('accepts a ride from a village to the hub and returns its service area', () => {
    expect(checkBookingRequest(input(), ctx()).id).toBe('kusel');
  });

  it.each<[string, Partial<BookingRequestInput>, Partial<BookingContext>, Array<[string, string]>]>(
    [
      [
        'unknown pickup stop',
        { fromStopId: 'nope' },
        { fromStop: null },
        [['fromStopId', 'unknown_stop']],
      ],
      [
        'inactive drop-off stop',
        {},
        { toStop: { ...hub, active: false } },
        [['toStopId', 'unknown_stop']],
      ],
      [
        'the same stop twice',
        { toStopId: village.id },
        { toStop: village },
        [['toStopId', 'same_stop']],
      ],
      [
        'a stop outside every active area',
        { toStopId: 'Paris' },
        { toStop: paris },
        [['toStopId', 'outside_service_area']],
      ],
      [
        'only a draft area',
        {},
        { areas: [{ ...area, status: 'draft' }] },
        [
          ['fromStopId', 'outside_service_area'],
          ['toStopId', 'outside_service_area'],
        ],
      ],
      ['no passengers', { passengers: 0 }, {}, [['passengers', 'out_of_range']]],
      ['too many passengers', { passengers: 7 }, {}, [['passengers', 'out_of_range']]],
      ['fractional passengers', { passengers: 1.5 }, {}, [['passengers', 'out_of_range']]],
      [
        'negative wheelchair places',
        { wheelchairPlaces: -1 },
        {},
        [['wheelchairPlaces', 'out_of_range']],
      ],
      [
        'more wheelchairs than people',
        { passengers: 1, wheelchairPlaces: 2 },
        {},
        [['wheelchairPlaces', 'out_of_range']],
      ],
      [
        'more wheelchairs than the rules allow',
        { passengers: 3, wheelchairPlaces: 2 },
        {},
        [['wheelchairPlaces', 'out_of_range']],
      ],
      [
        'a wheelchair at a stop with steps',
        { toStopId: 'Steps', wheelchairPlaces: 1 },
        { toStop: stairs },
        [['toStopId', 'not_accessible']],
      ],
      [
        'less than the minimum notice',
        { time: new Date('2026-07-06T04:20:00Z') },
        {},
        [['time', 'too_soon']],
      ],
      ['in the past', { time: new Date('2026-07-05T04:20:00Z') }, {}, [['time', 'too_soon']]],
      [
        'past the booking horizon',
        { time: new Date('2026-07-21T06:00:00Z') },
        {},
        [['time', 'beyond_horizon']],
      ],
      [
        'at night',
        { time: new Date('2026-07-06T22:30:00Z') },
        {},
        [['time', 'outside_operating_hours']],
      ],
      [
        'on a day without service',
        { time: new Date('2026-07-08T06:00:00Z') },
        {},
        [['time', 'outside_operating_hours']],
      ],
      ['an invalid date', { time: new Date('garbage') }, {}, [['time', 'invalid']]],
    ],
  )('refuses %s', (_name, over, ctxOver, expected) => {
    expect(problemsOf(input(over), ctx(ctxOver))).toEqual(expected);
  });

  it('reports several problems at once', () => {
    expect(
      problemsOf(input({ passengers: 0, time: new Date('2026-07-06T04:01:00Z') }), ctx()),
    ).toEqual([
      ['passengers', 'out_of_range'],
      ['time', 'too_soon'],
    ]);
  });

  it('refuses stops in two different service areas', () => {
    const west = { ...area, id: 'west', geometry: square(7.2, 49.3, 7.38, 49.8) };
    const east = { ...area, id: 'east', geometry: square(7.38, 49.3, 7.8, 49.8) };
    expect(problemsOf(input(), ctx({ areas: [west, east] }))).toEqual([
      ['toStopId', 'different_service_area'],
    ]);
  });
});

describe('booking to catch a train', () => {
  const station = { ...hub, isStation: true };
  const train = new Date('2026-07-06T06:12:00Z');

  it('plans the arrival by the departure minus the transfer buffer', () => {
    const i = input({ timeKind: 'arrive_by', trainDeparture: train });
    const area2 = checkBookingRequest(i, ctx({ toStop: station }));
    expect(requestedArrivalOrDeparture(i, area2).toISOString()).toBe('2026-07-06T06:07:00.000Z');
  });

  it('needs arrive_by and a station as the destination', () => {
    const village2 = { ...stop('Ulmet', 49.58, 7.45), isStation: false };
    expect(
      problemsOf(
        input({ timeKind: 'depart_at', trainDeparture: train, toStopId: 'Ulmet' }),
        ctx({ toStop: village2 }),
      ),
    ).toEqual([
      ['timeKind', 'train_needs_arrive_by'],
      ['toStopId', 'not_a_station'],
    ]);
  });

  it('checks the notice against the planned arrival and names the train field', () => {
    const soon = new Date(now.getTime() + 20 * 60_000);
    expect(
      problemsOf(input({ timeKind: 'arrive_by', trainDeparture: soon }), ctx({ toStop: station })),
    ).toEqual([['trainDepartureAt', 'too_soon']]);
  });
});
