import { DispatchJob } from '@app/contracts';
import {
  BookingApiHarness,
  liftRiderBookingLimits,
  nextWeekdayAt,
  startBookingApi,
} from '../support/booking-api-harness';

describe('a booking with its return trip', () => {
  let h: BookingApiHarness;
  let token: string;
  let albessen: string;
  let kusel: string;
  const out = nextWeekdayAt('08:00');
  const back = new Date(out.getTime() + 4 * 3600_000);

  beforeAll(async () => {
    h = await startBookingApi();
    // Rosi books the same round trip again and again (keys, cancelling one leg or both).
    await liftRiderBookingLimits(h.ds);
    ({ token } = await h.riderToken('Rosi Rundfahrt'));
    albessen = h.stop('ags-07336002');
    kusel = h.stop('eva-8003481');
  });
  afterAll(() => h.close());

  const book = (extra: Record<string, unknown>, key?: string) => {
    const req = h.http.post('/v1/bookings').set('authorization', `Bearer ${token}`);
    if (key) req.set('Idempotency-Key', key);
    return req.send({
      fromStopId: albessen,
      toStopId: kusel,
      timeKind: 'depart_at',
      time: out.toISOString(),
      passengers: 2,
      ...extra,
    });
  };
  const count = async () =>
    (await h.ds.query(`SELECT count(*)::int AS n FROM bookings`))[0].n as number;

  it('plans both legs as linked bookings and answers with both', async () => {
    const res = await book({
      returnTrip: { timeKind: 'depart_at', time: back.toISOString() },
    }).expect(201);
    const ret = res.body.returnBooking;
    expect(res.body).toMatchObject({ tripLeg: 'outbound', linkedBookingId: ret.id, passengers: 2 });
    expect(ret).toMatchObject({
      tripLeg: 'return',
      linkedBookingId: res.body.id,
      fromStop: { id: kusel },
      toStop: { id: albessen },
      requestedTime: back.toISOString(),
      status: 'requested',
      passengers: 2,
    });
    // Both wait for the dispatcher.
    const jobs = await Promise.all(
      [res.body.id, ret.id].map((id) => h.queue.hasJob(DispatchJob.assignBooking, id)),
    );
    expect(jobs).toEqual([true, true]);
  });

  it('refuses a way back before the ride there, naming returnTrip.time, and stores nothing', async () => {
    const before = await count();
    const res = await book({
      returnTrip: { timeKind: 'depart_at', time: new Date(out.getTime() - 3600_000).toISOString() },
    }).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'returnTrip.time', code: 'return_before_outbound' }),
    ]);
    expect(await count()).toBe(before);
  });

  it('refuses a way back that would start before the ride there may have picked up, by either kind of time', async () => {
    const before = await count();
    // arrive by 08:05 while the ride there picks up from 08:00 (attacker's report: both confirmed)
    const arriveTooSoon = await book({
      returnTrip: {
        timeKind: 'arrive_by',
        time: new Date(out.getTime() + 5 * 60_000).toISOString(),
      },
    }).expect(422);
    expect(arriveTooSoon.body.errors).toEqual([
      expect.objectContaining({
        field: 'returnTrip.time',
        code: 'return_before_outbound',
        reason: expect.stringContaining('arrive by 08:30'),
      }),
    ]);
    // leave at 08:05 while the ride there may still pick up until 08:15
    const leaveTooSoon = await book({
      returnTrip: {
        timeKind: 'depart_at',
        time: new Date(out.getTime() + 5 * 60_000).toISOString(),
      },
    }).expect(422);
    expect(leaveTooSoon.body.errors[0]).toMatchObject({
      code: 'return_before_outbound',
      reason: expect.stringContaining('leave at 08:15'),
    });
    // a ride there with seconds (booked "as soon as possible"): the time named is rounded up to a
    // minute the check accepts
    const withSeconds = await book({
      time: new Date(out.getTime() + 30_000).toISOString(),
      returnTrip: {
        timeKind: 'depart_at',
        time: new Date(out.getTime() + 5 * 60_000).toISOString(),
      },
    }).expect(422);
    expect(withSeconds.body.errors[0].reason).toContain('leave at 08:16');
    expect(await count()).toBe(before);
    // the earliest times named are accepted
    await book({
      returnTrip: {
        timeKind: 'depart_at',
        time: new Date(out.getTime() + 15 * 60_000).toISOString(),
      },
    }).expect(201);
  });

  it('refuses a way back outside the operating hours', async () => {
    const late = new Date(out.getTime() + 15.75 * 3600_000); // 23:45
    const res = await book({
      returnTrip: { timeKind: 'depart_at', time: late.toISOString() },
    }).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'returnTrip.time', code: 'outside_operating_hours' }),
    ]);
  });

  it('answers 400 for a malformed return time', async () => {
    const res = await book({ returnTrip: { timeKind: 'depart_at', time: 'nachmittags' } }).expect(
      400,
    );
    expect(JSON.stringify(res.body.errors)).toContain('returnTrip.time');
  });

  it('replays both legs for the same Idempotency-Key', async () => {
    const body = {
      returnTrip: {
        timeKind: 'arrive_by',
        time: new Date(back.getTime() + 3600_000).toISOString(),
      },
    };
    const first = await book(body, 'round-trip-1').expect(201);
    const again = await book(body, 'round-trip-1').expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.returnBooking.id).toBe(first.body.returnBooking.id);
  });

  it('cancels one leg alone, or both when asked', async () => {
    const a = await book({
      returnTrip: { timeKind: 'depart_at', time: back.toISOString() },
    }).expect(201);
    await h.http
      .post(`/v1/bookings/${a.body.id}/cancel`)
      .set('authorization', `Bearer ${token}`)
      .send({})
      .expect(200);
    const ret = await h.http
      .get(`/v1/bookings/${a.body.returnBooking.id}`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(ret.body.status).toBe('requested');

    const b = await book({
      returnTrip: { timeKind: 'depart_at', time: back.toISOString() },
    }).expect(201);
    await h.http
      .post(`/v1/bookings/${b.body.returnBooking.id}/cancel`)
      .set('authorization', `Bearer ${token}`)
      .send({ alsoLinked: true })
      .expect(200);
    for (const id of [b.body.id, b.body.returnBooking.id]) {
      const r = await h.http
        .get(`/v1/bookings/${id}`)
        .set('authorization', `Bearer ${token}`)
        .expect(200);
      expect(r.body.status).toBe('cancelled');
    }
  });
});
