import { DispatchJob } from '@app/contracts';
import { BookingEventEntity } from '@app/persistence';
import {
  BookingApiHarness,
  liftRiderBookingLimits,
  nextWeekdayAt,
  startBookingApi,
} from '../support/booking-api-harness';

describe('booking API: booking a ride (real PostgreSQL and Redis)', () => {
  let h: BookingApiHarness;
  let rider: { token: string; riderId: string };
  let other: { token: string; riderId: string };
  const morning = nextWeekdayAt('07:40');

  beforeAll(async () => {
    h = await startBookingApi();
    // Hildegard books the same 07:40 ride again and again (keys, races, cancellation).
    await liftRiderBookingLimits(h.ds);
    rider = await h.riderToken('Hildegard');
    other = await h.riderToken('Otto');
  });
  afterAll(() => h.close());

  const body = (over: Record<string, unknown> = {}) => ({
    fromStopId: h.stop('ags-07336002'), // Albessen
    toStopId: h.stop('eva-8003481'), // Bahnhof Kusel
    timeKind: 'depart_at',
    time: morning.toISOString(),
    passengers: 1,
    ...over,
  });
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

  it('stores a new booking as requested and puts a dispatch job on the queue keyed by the booking', async () => {
    const res = await h.http.post('/v1/bookings').set(auth(rider.token)).send(body()).expect(201);
    expect(res.body).toMatchObject({
      status: 'requested',
      riderId: rider.riderId,
      fromStop: { name: 'Albessen, Ortsmitte' },
      toStop: { name: 'Kusel, Bahnhof' },
      timeKind: 'depart_at',
      requestedTime: morning.toISOString(),
      passengers: 1,
      wheelchairPlaces: 0,
      promise: null,
      channel: 'rider',
    });
    expect(res.headers.location).toBe(`/v1/bookings/${res.body.id}`);
    const job = await h.queue.findJob(DispatchJob.assignBooking, res.body.id);
    expect(job?.kind).toBe('assign-booking');
    expect(job?.payload).toEqual({
      bookingId: res.body.id,
      serviceAreaId: h.seed.serviceAreaId,
      requestId: res.headers['x-request-id'],
    });
    const events = await h.ds.getRepository(BookingEventEntity).findBy({ bookingId: res.body.id });
    expect(events.map((e) => e.toStatus)).toEqual(['requested']);
  });

  it('announces a new booking (its history from no status) before its dispatch job is queued', async () => {
    // Redis's MONITOR sees every client's commands in the order Redis ran them: the API's
    // announcement and its queue job. A decision can only follow the job, so announcing the
    // booking after queueing it let a quick decision reach riders before the booking did.
    const monitor = await h.redis.monitor();
    const seen: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => seen.push(args.map(String)));
    try {
      const res = await h.http
        .post('/v1/bookings')
        .set(auth(rider.token))
        .send(body({ time: nextWeekdayAt('08:10').toISOString() }))
        .expect(201);
      const id: string = res.body.id;
      const mentions = (args: string[]) => args.some((a) => a.includes(id));
      const announced = seen.findIndex(
        (a) =>
          a[0].toLowerCase() === 'publish' &&
          a[1].endsWith(':events.booking-changed') &&
          mentions(a),
      );
      const queued = seen.findIndex((a) => a[0].toLowerCase() !== 'publish' && mentions(a));
      expect(announced).toBeGreaterThanOrEqual(0);
      expect(JSON.parse(seen[announced][2])).toMatchObject({
        bookingId: id,
        status: 'requested',
        previousStatus: null,
      });
      expect(queued).toBeGreaterThan(announced);
      const events = await h.ds.getRepository(BookingEventEntity).findBy({ bookingId: id });
      expect(events).toEqual([
        expect.objectContaining({ fromStatus: null, toStatus: 'requested', actor: rider.riderId }),
      ]);
    } finally {
      monitor.disconnect();
    }
  });

  it('lets a rider read and list their own bookings, and cancel one', async () => {
    const created = await h.http
      .post('/v1/bookings')
      .set(auth(rider.token))
      .send(body({ passengers: 2 }))
      .expect(201);
    const read = await h.http
      .get(`/v1/bookings/${created.body.id}`)
      .set(auth(rider.token))
      .expect(200);
    expect(read.body.passengers).toBe(2);
    const list = await h.http.get('/v1/bookings').set(auth(rider.token)).expect(200);
    expect(list.body.items.map((b: { id: string }) => b.id)).toContain(created.body.id);
    expect(list.body.items.every((b: { riderId: string }) => b.riderId === rider.riderId)).toBe(
      true,
    );

    const cancelled = await h.http
      .post(`/v1/bookings/${created.body.id}/cancel`)
      .set(auth(rider.token))
      .send({ reason: 'Termin abgesagt' })
      .expect(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      reason: { code: 'cancelled_by_rider', text: 'Termin abgesagt' },
    });
    const again = await h.http
      .post(`/v1/bookings/${created.body.id}/cancel`)
      .set(auth(rider.token))
      .send({})
      .expect(409);
    expect(again.body.code).toBe('illegal_status_transition');
    const release = await h.queue.findJob(DispatchJob.releaseBooking, created.body.id);
    expect(release?.payload).toEqual({
      bookingId: created.body.id,
      vehicleId: null,
      requestId: expect.any(String),
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the same booking for the same key and body', async () => {
      const first = await h.http
        .post('/v1/bookings')
        .set(auth(rider.token))
        .set('Idempotency-Key', 'k-1')
        .send(body())
        .expect(201);
      const second = await h.http
        .post('/v1/bookings')
        .set(auth(rider.token))
        .set('Idempotency-Key', 'k-1')
        .send(body())
        .expect(201);
      expect(second.body.id).toBe(first.body.id);
      expect(second.headers['idempotent-replayed']).toBe('true');
    });

    it('refuses the same key with a different body with 409', async () => {
      await h.http
        .post('/v1/bookings')
        .set(auth(rider.token))
        .set('Idempotency-Key', 'k-2')
        .send(body())
        .expect(201);
      const res = await h.http
        .post('/v1/bookings')
        .set(auth(rider.token))
        .set('Idempotency-Key', 'k-2')
        .send(body({ passengers: 3 }))
        .expect(409);
      expect(res.body.code).toBe('idempotency_key_reused');
    });

    it('creates exactly one booking when the same request races itself', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          h.http
            .post('/v1/bookings')
            .set(auth(rider.token))
            .set('Idempotency-Key', 'k-race')
            .send(body()),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    });

    it('keeps keys apart per rider', async () => {
      const a = await h.http
        .post('/v1/bookings')
        .set(auth(rider.token))
        .set('Idempotency-Key', 'k-shared')
        .send(body())
        .expect(201);
      const b = await h.http
        .post('/v1/bookings')
        .set(auth(other.token))
        .set('Idempotency-Key', 'k-shared')
        .send(body())
        .expect(201);
      expect(a.body.id).not.toBe(b.body.id);
      expect(b.body.riderId).toBe(other.riderId);
    });

    it('refuses a malformed key', async () => {
      const res = await h.http
        .post('/v1/bookings')
        .set(auth(rider.token))
        .set('Idempotency-Key', 'x'.repeat(129))
        .send(body())
        .expect(400);
      expect(res.body.errors[0].field).toBe('Idempotency-Key');
    });
  });

  describe('authorisation', () => {
    let mine: string;
    beforeAll(async () => {
      mine = (await h.http.post('/v1/bookings').set(auth(rider.token)).send(body()).expect(201))
        .body.id;
    });

    it("never shows a rider another rider's booking: 404, as if it did not exist", async () => {
      const res = await h.http.get(`/v1/bookings/${mine}`).set(auth(other.token)).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'not_found' });
      await h.http.post(`/v1/bookings/${mine}/cancel`).set(auth(other.token)).send({}).expect(404);
      const list = await h.http.get('/v1/bookings').set(auth(other.token)).expect(200);
      expect(list.body.items.map((b: { id: string }) => b.id)).not.toContain(mine);
      // and the booking is untouched
      expect(
        (await h.http.get(`/v1/bookings/${mine}`).set(auth(rider.token)).expect(200)).body.status,
      ).toBe('requested');
    });

    it('does not let a rider book for someone else', async () => {
      const res = await h.http
        .post('/v1/bookings')
        .set(auth(rider.token))
        .send(body({ riderId: other.riderId }))
        .expect(403);
      expect(res.body.code).toBe('forbidden');
    });

    it('takes the bearer scheme in any case (RFC 9110 §11.1)', async () => {
      for (const scheme of ['bearer', 'BEARER', 'bEaReR'])
        await h.http
          .get(`/v1/bookings/${mine}`)
          .set('Authorization', `${scheme} ${rider.token}`)
          .expect(200);
      await h.http
        .get(`/v1/bookings/${mine}`)
        .set('Authorization', `Basic ${rider.token}`)
        .expect(401);
    });

    it('refuses requests without a token or with a bad one', async () => {
      expect((await h.http.post('/v1/bookings').send(body()).expect(401)).body.message).toMatch(
        /missing bearer token/,
      );
      expect(
        (await h.http.get('/v1/bookings').set(auth('not.a.jwt')).expect(401)).body.message,
      ).toBe('token invalid');
      const forged = rider.token.slice(0, -4) + (rider.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      await h.http.get(`/v1/bookings/${mine}`).set(auth(forged)).expect(401);
    });

    it('does not let drivers book', async () => {
      const driverId = (await h.ds.query(`SELECT id FROM drivers LIMIT 1`))[0].id;
      const driver = (
        await h.http.post('/v1/dev/tokens').send({ role: 'driver', subject: driverId }).expect(201)
      ).body.token;
      await h.http.post('/v1/bookings').set(auth(driver)).send(body()).expect(403);
    });

    it('lets the transport office book on behalf of a rider who phoned, and see it', async () => {
      const op = await h.operatorToken();
      const missing = await h.http.post('/v1/bookings').set(auth(op)).send(body()).expect(400);
      expect(missing.body.errors[0].field).toBe('riderId');
      const res = await h.http
        .post('/v1/bookings')
        .set(auth(op))
        .send(body({ riderId: other.riderId, wheelchairPlaces: 1 }))
        .expect(201);
      expect(res.body).toMatchObject({
        riderId: other.riderId,
        channel: 'operator',
        wheelchairPlaces: 1,
      });
      await h.http.get(`/v1/bookings/${mine}`).set(auth(op)).expect(200);
      // the rider sees the booking the office made for them
      await h.http.get(`/v1/bookings/${res.body.id}`).set(auth(other.token)).expect(200);
    });
  });
});
