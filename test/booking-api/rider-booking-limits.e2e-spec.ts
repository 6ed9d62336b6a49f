import { BookingEventEntity } from '@app/persistence';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';

/**
 * The rider booking limits of a service area: one rider account cannot hold the seats of a whole
 * morning (overlapping bookings, default 1) nor an unbounded number of open bookings (default 20).
 */
describe('rider booking limits', () => {
  let h: BookingApiHarness;
  let operator: string;
  let albessen: string;
  let konken: string;
  let kusel: string;
  const seven = nextWeekdayAt('07:00');
  const at = (min: number) => new Date(seven.getTime() + min * 60_000).toISOString();

  beforeAll(async () => {
    h = await startBookingApi();
    operator = await h.operatorToken();
    albessen = h.stop('ags-07336002');
    konken = h.stop('ags-07336092');
    kusel = h.stop('eva-8003481');
  });
  afterAll(() => h.close());

  const book = (token: string, extra: Record<string, unknown> = {}) =>
    h.http
      .post('/v1/bookings')
      .set('authorization', `Bearer ${token}`)
      .send({
        fromStopId: albessen,
        toStopId: kusel,
        timeKind: 'depart_at',
        time: at(0),
        passengers: 1,
        ...extra,
      });
  const bookingsOf = async (riderId: string) =>
    (await h.ds.query(`SELECT count(*)::int AS n FROM bookings WHERE rider_id = $1`, [riderId]))[0]
      .n as number;
  const setLimits = (limits: Record<string, number>) =>
    h.http
      .patch(`/v1/admin/service-areas/${h.seed.serviceAreaId}`)
      .set('authorization', `Bearer ${operator}`)
      .send(limits)
      .expect(200);

  it('the office sees the defaults among the pooling rules: 1 overlapping, 20 open per rider', async () => {
    const res = await h.http
      .get(`/v1/admin/service-areas/${h.seed.serviceAreaId}`)
      .set('authorization', `Bearer ${operator}`)
      .expect(200);
    expect(res.body).toMatchObject({
      maxOverlappingBookingsPerRider: 1,
      maxOpenBookingsPerRider: 20,
    });
  });

  it('refuses a second ride of one rider at an overlapping time, naming time, and stores nothing', async () => {
    const { token, riderId } = await h.riderToken('Erna Einzeln');
    await book(token).expect(201);
    const res = await book(token, { fromStopId: konken, time: at(5) }).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'time', code: 'overlapping_booking' }),
    ]);
    expect(await bookingsOf(riderId)).toBe(1);
    // The ride back later that day, and another rider at the same time, are fine.
    await book(token, { fromStopId: kusel, toStopId: albessen, time: at(300) }).expect(201);
    await book((await h.riderToken('Nachbarin')).token).expect(201);
  });

  it('lets 20 simultaneous requests of one rider for the same morning take one ride only', async () => {
    const { token, riderId } = await h.riderToken('Viel Bucher');
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => book(token, { time: at(i % 4) })),
    );
    const codes = replies.map((r) => r.status).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 422)).toHaveLength(19);
    expect(await bookingsOf(riderId)).toBe(1);
  });

  it('a round trip booked together does not overlap itself; a cancelled ride frees its time', async () => {
    const { token } = await h.riderToken('Rudi Rund');
    // the way back leaves as soon as the ride there's pickup window has closed (return-trips)
    const res = await book(token, {
      returnTrip: { timeKind: 'depart_at', time: at(15) },
    }).expect(201);
    expect(res.body.returnBooking.tripLeg).toBe('return');
    // A third ride at the time of either leg is one too many.
    const third = await book(token, { fromStopId: konken, time: at(10) }).expect(422);
    expect(third.body.errors[0]).toMatchObject({ field: 'time', code: 'overlapping_booking' });
    for (const id of [res.body.id, res.body.returnBooking.id]) {
      await h.http
        .post(`/v1/bookings/${id}/cancel`)
        .set('authorization', `Bearer ${token}`)
        .send({})
        .expect(200);
    }
    await book(token, { fromStopId: konken, time: at(10) }).expect(201);
  });

  it('a phone booking by the office keeps the rule unless the office overrides it, which is noted', async () => {
    const { token, riderId } = await h.riderToken('Telefon Trude');
    await book(token).expect(201);
    const office = (extra: Record<string, unknown> = {}) =>
      book(operator, { riderId, fromStopId: konken, time: at(5), ...extra });
    const refused = await office().expect(422);
    expect(refused.body.errors[0]).toMatchObject({ field: 'time', code: 'overlapping_booking' });
    const res = await office({ overrideRiderLimits: true }).expect(201);
    const events = await h.ds.getRepository(BookingEventEntity).findBy({ bookingId: res.body.id });
    expect(events[0].note).toBe('rider booking limits overridden by the office');
    // A rider cannot override the office's rule.
    const own = await book(token, { time: at(10), overrideRiderLimits: true }).expect(403);
    expect(own.body.message).toMatch(/transport office/);
    expect(await bookingsOf(riderId)).toBe(2);
  });

  it('caps the open bookings of one rider at the number the office set, naming riderId', async () => {
    await setLimits({ maxOpenBookingsPerRider: 3 });
    try {
      const { token, riderId } = await h.riderToken('Sammler Siggi');
      for (const hour of [0, 120, 240]) await book(token, { time: at(hour) }).expect(201);
      const res = await book(token, { time: at(360) }).expect(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'riderId', code: 'too_many_open_bookings' }),
      ]);
      expect(await bookingsOf(riderId)).toBe(3);
      // The office may allow more overlapping bookings, e.g. where riders book for their group.
      await setLimits({ maxOpenBookingsPerRider: 20, maxOverlappingBookingsPerRider: 2 });
      await book(token, { fromStopId: konken, time: at(5) }).expect(201);
      await book(token, { fromStopId: konken, time: at(10) }).expect(422);
    } finally {
      await setLimits({ maxOpenBookingsPerRider: 20, maxOverlappingBookingsPerRider: 1 });
    }
  });

  it('refuses limits outside their bounds, naming the field', async () => {
    const res = await h.http
      .patch(`/v1/admin/service-areas/${h.seed.serviceAreaId}`)
      .set('authorization', `Bearer ${operator}`)
      .send({ maxOverlappingBookingsPerRider: 0 })
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'maxOverlappingBookingsPerRider' });
  });
});
