import { zonedToInstant } from '@app/domain';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';

/** Every bad input a rider or the office can send gets a 4xx naming the field and the reason. */
describe('booking API: bad bookings are refused with the field and the reason', () => {
  let h: BookingApiHarness;
  let token: string;
  let outsideStopId: string;
  const morning = nextWeekdayAt('07:40');

  beforeAll(async () => {
    h = await startBookingApi();
    token = (await h.riderToken()).token;
    const op = await h.operatorToken();
    // A stop the office created in Kaiserslautern, outside the county's service area.
    outsideStopId = (
      await h.http
        .post('/v1/admin/stops')
        .set('Authorization', `Bearer ${op}`)
        .send({ name: 'Kaiserslautern Hbf', kind: 'rail_station', lat: 49.436137, lon: 7.768716 })
        .expect(201)
    ).body.id;
  });
  afterAll(() => h.close());

  const valid = () => ({
    fromStopId: h.stop('ags-07336002'),
    toStopId: h.stop('eva-8003481'),
    timeKind: 'depart_at',
    time: morning.toISOString(),
    passengers: 1,
  });
  const post = (body: unknown) =>
    h.http
      .post('/v1/bookings')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  const localDay = morning.toISOString().slice(0, 10);
  const cases: Array<[string, () => Record<string, unknown>, number, string, string]> = [
    [
      'an unknown stop',
      () => ({ ...valid(), fromStopId: '00000000-0000-4000-8000-000000000000' }),
      422,
      'fromStopId',
      'unknown_stop',
    ],
    [
      'a stop id that is not even an id',
      () => ({ ...valid(), toStopId: 'Kusel' }),
      422,
      'toStopId',
      'unknown_stop',
    ],
    [
      'a stop outside the active service area',
      () => ({ ...valid(), toStopId: outsideStopId }),
      422,
      'toStopId',
      'outside_service_area',
    ],
    [
      'the same stop twice',
      () => ({ ...valid(), toStopId: valid().fromStopId }),
      422,
      'toStopId',
      'same_stop',
    ],
    [
      'a time outside operating hours (02:00)',
      () => ({
        ...valid(),
        time: zonedToInstant(localDay, '02:00', 'Europe/Berlin').toISOString(),
      }),
      422,
      'time',
      'outside_operating_hours',
    ],
    [
      'a time before the minimum notice',
      () => ({ ...valid(), time: new Date(Date.now() + 5 * 60_000).toISOString() }),
      422,
      'time',
      'too_soon',
    ],
    [
      'a time in the past',
      () => ({ ...valid(), time: '2020-01-06T08:00:00+01:00' }),
      422,
      'time',
      'too_soon',
    ],
    [
      'a time past the booking horizon',
      () => ({ ...valid(), time: new Date(Date.now() + 20 * 86_400_000).toISOString() }),
      422,
      'time',
      'beyond_horizon',
    ],
    ['zero passengers', () => ({ ...valid(), passengers: 0 }), 422, 'passengers', 'out_of_range'],
    [
      'more passengers than a booking may carry',
      () => ({ ...valid(), passengers: 9 }),
      422,
      'passengers',
      'out_of_range',
    ],
    [
      'more wheelchair places than the rules allow',
      () => ({ ...valid(), passengers: 2, wheelchairPlaces: 2 }),
      422,
      'wheelchairPlaces',
      'out_of_range',
    ],
    [
      'negative wheelchair places',
      () => ({ ...valid(), wheelchairPlaces: -1 }),
      422,
      'wheelchairPlaces',
      'out_of_range',
    ],
    ['passengers as text', () => ({ ...valid(), passengers: 'two' }), 400, 'passengers', 'isInt'],
    [
      'a missing stop',
      () => ({ ...valid(), fromStopId: undefined }),
      400,
      'fromStopId',
      'isString',
    ],
    ['an unknown time kind', () => ({ ...valid(), timeKind: 'whenever' }), 400, 'timeKind', 'isIn'],
    [
      'a time that is not ISO 8601',
      () => ({ ...valid(), time: 'tomorrow 8am' }),
      400,
      'time',
      'isOffsetDateTime',
    ],
    [
      'a time without an offset',
      () => ({ ...valid(), time: '2026-11-23T07:40:00' }),
      400,
      'time',
      'isOffsetDateTime',
    ],
    ['an unknown field', () => ({ ...valid(), luggage: 3 }), 400, 'luggage', 'whitelistValidation'],
  ];

  it.each(cases)('refuses %s', async (_name, make, status, field, code) => {
    const res = await post(make()).expect(status);
    expect(res.body.statusCode).toBe(status);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, code })]),
    );
    const problem = res.body.errors.find((e: { field: string }) => e.field === field);
    expect(problem.reason).toEqual(expect.any(String));
    expect(problem.reason.length).toBeGreaterThan(3);
  });

  it('refuses malformed JSON with a 400 in JSON', async () => {
    const res = await h.http
      .post('/v1/bookings')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"fromStopId": "abc", ')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({
      statusCode: 400,
      code: 'malformed_json',
      errors: [{ field: 'body', reason: 'is not valid JSON' }],
    });
  });

  it('refuses a wheelchair ride to a station without step-free access', async () => {
    // Lauterecken-Grumbach station has only partial step-free access in DB's data.
    const res = await post({
      ...valid(),
      toStopId: h.stop('eva-8000547'),
      wheelchairPlaces: 1,
    }).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'toStopId', code: 'not_accessible' }),
    ]);
  });

  it('stores nothing for a refused booking', async () => {
    const before = Number((await h.ds.query('SELECT count(*) FROM bookings'))[0].count);
    await post({ ...valid(), passengers: 0 }).expect(422);
    expect(Number((await h.ds.query('SELECT count(*) FROM bookings'))[0].count)).toBe(before);
  });
});
