import { TokenService } from '@app/auth';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';

/**
 * Input that once reached a 500 (issue 11's fuzzing): each is now a 4xx naming the field and the
 * reason, and the API keeps answering afterwards.
 */
describe('booking API: hostile input is a 4xx with field and reason, never a 500', () => {
  let h: BookingApiHarness;
  let rider: string;
  let operator: string;
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
  const morning = nextWeekdayAt('07:40');

  beforeAll(async () => {
    h = await startBookingApi();
    rider = (await h.riderToken()).token;
    operator = await h.operatorToken();
  });
  afterAll(() => h.close());

  const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

  const expectFieldError = (
    res: { status: number; body: { errors?: Array<{ field: string; reason: string }> } },
    status: number,
    field: string,
  ) => {
    expect(res.status).toBe(status);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field, reason: expect.stringMatching(/\w/) }),
      ]),
    );
  };

  it.each([
    ['POST /v1/auth/otp (no token)', '/v1/auth/otp', false],
    ['POST /v1/bookings', '/v1/bookings', true],
  ])('refuses deeply nested JSON on %s before parsing it', async (_name, path, withToken) => {
    for (const body of [deep(40_000), deepObject(15_000), deep(65)]) {
      const req = h.http.post(path).set('content-type', 'application/json');
      if (withToken) req.set(auth(rider));
      const res = await req.send(body);
      expectFieldError(res, 400, 'body');
      expect(res.body.code).toBe('json_too_deep');
    }
    // Strings that merely contain brackets are not nesting.
    const res = await h.http
      .post('/v1/auth/otp')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ phone: '[[[[{{{{'.repeat(2000) }));
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.field).toBe('phone');
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await h.http
      .post('/v1/auth/otp')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ phone: 'x'.repeat(300_000) }));
    expectFieldError(res, 413, 'body');
  });

  it.each(['gzip', 'deflate', 'br'])(
    'refuses a body that claims content-encoding %s but is not with 400',
    async (encoding) => {
      for (const [path, withToken] of [
        ['/v1/auth/otp', false],
        ['/v1/bookings', true],
      ] as const) {
        const req = h.http
          .post(path)
          .set('content-type', 'application/json')
          .set('content-encoding', encoding);
        if (withToken) req.set(auth(rider));
        const res = await req.send('{"phone":"x"}');
        expectFieldError(res, 400, 'body');
        expect(res.body.message).toContain(encoding);
      }
    },
  );

  it.each([
    ['returnTrip', []],
    ['returnTrip', [{ timeKind: 'depart_at', time: '2026-11-23T12:30:00+01:00' }]],
    ['returnTrip', [{}]],
    ['returnTrip', 'back at noon'],
    ['train', []],
    ['train', [{ tripId: 'RE 4133', serviceDate: '2026-12-01' }]],
    ['train', 7],
  ])('refuses %s that is no object (%j) with 400', async (field, value) => {
    const res = await h.http
      .post('/v1/bookings')
      .set(auth(rider))
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: morning.toISOString(),
        passengers: 1,
        [field]: value,
      });
    expect({ status: res.status, errors: res.body.errors }).toEqual({
      status: 400,
      errors: [{ field, reason: 'must be an object', code: 'isObject' }],
    });
  });

  it('refuses a what-if source that is no object with 400', async () => {
    const res = await h.http
      .post('/v1/admin/console/what-if')
      .set(auth(operator))
      .send({ source: [{ kind: 'past', date: '2026-11-23' }] });
    expect({ status: res.status, errors: res.body.errors }).toEqual({
      status: 400,
      errors: [{ field: 'source', reason: 'must be an object', code: 'isObject' }],
    });
  });

  it('refuses a driver token whose subject is not an id with 401', async () => {
    const tokens = h.app.get(TokenService);
    const countyId = h.seed.countyId;
    for (const sub of ['not-a-uuid', "x' OR 1=1 --", '']) {
      const driver = tokens.sign({ sub, role: 'driver', countyId });
      for (const path of ['/v1/drivers/me/shift', '/v1/bookings']) {
        const res = await h.http.get(path).set(auth(driver));
        expect(res.status).toBe(401);
        expect(res.body.message).toMatch(/subject/);
      }
    }
    const riderToken = tokens.sign({ sub: 'Hildegard', role: 'rider', countyId });
    expect((await h.http.get('/v1/bookings').set(auth(riderToken))).status).toBe(401);
  });

  it.each([
    ['offset', 'offset=100000000000000000000'],
    ['offset', 'offset=1e300'],
    ['offset', 'offset=9007199254740993'],
    ['limit', 'limit=1e300'],
    ['offset', 'offset=-1'],
  ])('refuses a huge or odd %s in a list (%s)', async (field, query) => {
    for (const t of [rider, operator]) {
      const res = await h.http.get(`/v1/bookings?${query}`).set(auth(t));
      expectFieldError(res, 400, field);
    }
  });

  it.each([
    '2026-11-23T07+01:00',
    '2026-11-23T07:40:00+01',
    '2026-W48-1T07:40:00+01:00',
    '2026-327T07:40:00+01:00',
    '20261123T074000+0100',
    '+012026-11-23T07:40:00+01:00',
    '2026-02-30T07:40:00+01:00',
    '2026-11-23T07:40:00+99:99',
  ])('refuses the date %s that is no real date-time with an offset', async (time) => {
    const body = {
      fromStopId: h.stop('ags-07336002'),
      toStopId: h.stop('eva-8003481'),
      timeKind: 'depart_at',
      passengers: 1,
    };
    expectFieldError(
      await h.http
        .post('/v1/bookings')
        .set(auth(rider))
        .send({ ...body, time }),
      400,
      'time',
    );
    expectFieldError(
      await h.http
        .post('/v1/bookings')
        .set(auth(rider))
        .send({ ...body, timeKind: 'arrive_by', trainDepartureAt: time }),
      400,
      'trainDepartureAt',
    );
    expectFieldError(
      await h.http
        .get(`/v1/admin/shifts?from=${encodeURIComponent(time)}&to=2026-11-24T00:00:00Z`)
        .set(auth(operator)),
      400,
      'from',
    );
    expectFieldError(
      await h.http
        .get(`/v1/admin/console/stats?from=${encodeURIComponent(time)}`)
        .set(auth(operator)),
      400,
      'from',
    );
  });

  it('refuses to accept a booking that is no offer with 409, not 500', async () => {
    const booked = await h.http
      .post('/v1/bookings')
      .set(auth(rider))
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: morning.toISOString(),
        passengers: 1,
      })
      .expect(201);
    expect(booked.body.status).toBe('requested');
    const res = await h.http.post(`/v1/bookings/${booked.body.id}/accept`).set(auth(rider));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('not_an_offer');
    const after = await h.http.get(`/v1/bookings/${booked.body.id}`).set(auth(rider)).expect(200);
    expect(after.body.status).toBe('requested');
  });

  it('names the field and the reason of a long value without repeating it (at most a short prefix)', async () => {
    const long = 'x'.repeat(90_000); // just under the 100 kB body limit
    const noEcho = (res: { text: string }) => {
      expect(res.text.length).toBeLessThan(2000);
      expect(res.text).not.toContain('x'.repeat(41));
    };
    const booking = await h.http
      .post('/v1/bookings')
      .set(auth(rider))
      .send({
        fromStopId: long,
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: morning.toISOString(),
        passengers: 1,
      });
    expectFieldError(booking, 422, 'fromStopId');
    expect(booking.body.errors[0]).toMatchObject({ code: 'unknown_stop' });
    expect(booking.body.errors[0].reason).toBe(`no stop with id ${'x'.repeat(40)}…`);
    noEcho(booking);
    // An unknown id in the path: the 404 names the entity, not the whole id.
    const missing = await h.http.get(`/v1/bookings/${'x'.repeat(8000)}`).set(auth(rider));
    expect(missing.status).toBe(404);
    noEcho(missing);
  });

  it('still answers after all that', async () => {
    await h.http.get('/v1/bookings').set(auth(rider)).expect(200);
  });
});
