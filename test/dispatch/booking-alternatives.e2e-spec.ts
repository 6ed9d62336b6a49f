import { importGtfsFeed } from '@app/application';
import type { BookingChangedEvent } from '@app/contracts';
import { EventPublisher } from '@app/messaging';
import Redis from 'ioredis';
import { join } from 'node:path';
import { BookingApiHarness, nextWeekdayAt } from '../support/booking-api-harness';
import { DispatchStack, startDispatchStack } from '../support/dispatch-stack';

/**
 * Issue 16: a booking the full fleet cannot take is rejected with the nearest times a vehicle
 * could take it (the real worker over PostgreSQL, Redis and the embedded routing server), and
 * booking one of them gets a confirmation.
 */
describe('a rejection offers the nearest feasible times', () => {
  let stack: DispatchStack;
  let h: BookingApiHarness;
  let sub: Redis;
  const heard: BookingChangedEvent[] = [];
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

  beforeAll(async () => {
    ({ h } = stack = await startDispatchStack({
      BOOKING_DECISION_WAIT_MS: '10000',
      MAKE_ROOM_TIME_LIMIT_MS: '0',
    }));
    // A fleet of one bus with one seat, on duty from before 6:30 to after 12:00: a second ride at
    // 7:30 has no room.
    const [{ vehicle_id: id }] = await h.ds.query(
      `SELECT vehicle_id FROM shifts WHERE starts_at <= $1 AND ends_at >= $2 ORDER BY id LIMIT 1`,
      [nextWeekdayAt('06:30'), nextWeekdayAt('12:00')],
    );
    await h.ds.query(`UPDATE vehicles SET active = (id = $1), seats = 1, wheelchair_places = 0`, [
      id,
    ]);
    await importGtfsFeed(h.ds, join(__dirname, '..', '..', 'data', 'gtfs', 'kusel-line-sample'), {
      name: 'sample',
    });
    sub = h.redis.duplicate();
    const channel = h.app.get(EventPublisher).channel('events.booking-changed');
    await sub.subscribe(channel);
    sub.on('message', (_c, m: string) => heard.push(JSON.parse(m) as BookingChangedEvent));
  }, 120_000);

  afterAll(async () => {
    await sub?.quit();
    await stack?.close();
  });

  /** A one-person ride Albessen -> Bahnhof Kusel; `when`: a depart-at time, or other time fields. */
  const book = async (token: string, when: string | Record<string, unknown>) =>
    (
      await h.http
        .post('/v1/bookings')
        .set(auth(token))
        .send({
          fromStopId: h.stop('ags-07336002'),
          toStopId: h.stop('eva-8003481'),
          ...(typeof when === 'string' ? { timeKind: 'depart_at', time: when } : when),
          passengers: 1,
        })
        .expect(201)
    ).body;

  it('rejects a ride the full fleet cannot take with a time that, booked, is confirmed', async () => {
    const at = nextWeekdayAt('07:30');
    // Fill the bus around 7:30 until it refuses.
    let rejected: { id: string; alternatives: string[] } | null = null;
    let riderToken = '';
    for (let i = 0; i < 8 && !rejected; i++) {
      const { token } = await h.riderToken(`Fahrgast ${i}`);
      const b = await book(token, at.toISOString());
      expect(['confirmed', 'rejected']).toContain(b.status);
      if (b.status === 'rejected') {
        rejected = b;
        riderToken = token;
      } else expect(b.alternatives).toEqual([]);
    }
    expect(rejected).not.toBeNull();
    const got = (await h.http.get(`/v1/bookings/${rejected!.id}`).set(auth(riderToken)).expect(200))
      .body;
    expect(got.reason.code).toBe('no_feasible_insertion');
    expect(got.alternatives.length).toBeGreaterThan(0);
    expect(got.alternatives).toEqual(rejected!.alternatives);
    // At most one earlier and one later, in 10-minute steps up to an hour away, nearest first.
    const shiftsMin = got.alternatives.map((t: string) => (Date.parse(t) - at.getTime()) / 60_000);
    for (const s of shiftsMin) {
      expect(Math.abs(s % 10)).toBe(0);
      expect(Math.abs(s)).toBeGreaterThan(0);
      expect(Math.abs(s)).toBeLessThanOrEqual(60);
    }
    expect(shiftsMin.filter((s: number) => s < 0).length).toBeLessThanOrEqual(1);
    expect(shiftsMin.filter((s: number) => s > 0).length).toBeLessThanOrEqual(1);
    expect(Math.abs(shiftsMin[0])).toBeLessThanOrEqual(Math.abs(shiftsMin[shiftsMin.length - 1]));

    // The rider's message (SMS or app) names them, in the same transaction as the rejection.
    const [message] = await h.ds.query(
      `SELECT body FROM rider_messages WHERE booking_id = $1 AND kind = 'rejected'`,
      [rejected!.id],
    );
    const hhmm = (t: string) =>
      new Date(t).toLocaleTimeString('de-DE', {
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/Berlin',
      });
    expect(message.body).toContain(`Möglich wäre ${got.alternatives.map(hhmm).join(' oder ')} Uhr`);

    // The rider app hears them with the rejection.
    const event = heard.find((e) => e.bookingId === rejected!.id && e.status === 'rejected');
    expect(event?.alternatives).toEqual(got.alternatives);

    // Booked as a new booking, each alternative time is taken (nothing was held for it).
    const again = await book(riderToken, got.alternatives[0]);
    expect(again.status).toBe('confirmed');
    expect(Date.parse(again.promise.pickupTo)).toBeGreaterThanOrEqual(
      Date.parse(got.alternatives[0]),
    );
  });

  it('offers a ride to catch a train only earlier times, which still reach the train', async () => {
    const hub = h.stop('eva-8003481');
    const listed = await h.http
      .get(`/v1/hubs/${hub}/departures`)
      .query({
        from: nextWeekdayAt('10:00').toISOString(),
        to: nextWeekdayAt('11:00').toISOString(),
      })
      .expect(200);
    const train = listed.body.departures[0];
    expect(train).toBeDefined();
    let rejected: { id: string; requestedTime: string; alternatives: string[] } | null = null;
    let riderToken = '';
    for (let i = 0; i < 8 && !rejected; i++) {
      const { token } = await h.riderToken(`Bahnfahrer ${i}`);
      const b = await book(token, {
        timeKind: 'arrive_by',
        train: { tripId: train.tripId, serviceDate: train.serviceDate },
      });
      expect(b.train.role).toBe('catch');
      if (b.status === 'rejected') {
        rejected = b;
        riderToken = token;
      }
    }
    expect(rejected).not.toBeNull();
    expect(rejected!.alternatives.length).toBe(1);
    const [earlier] = rejected!.alternatives;
    expect(Date.parse(earlier)).toBeLessThan(Date.parse(rejected!.requestedTime));
    // An hour later there was room (another rider gets it), but it would miss the train.
    const later = new Date(Date.parse(rejected!.requestedTime) + 3600_000).toISOString();
    const other = await h.riderToken('Später');
    const lateRide = await book(other.token, { timeKind: 'arrive_by', time: later });
    expect(lateRide.status).toBe('confirmed');
    // Booked as an arrival by that time with its train (as the rider app does), the ride is
    // confirmed, still reaches the train and stays tied to it (a delay or cancellation follows).
    const again = await book(riderToken, {
      timeKind: 'arrive_by',
      time: earlier,
      train: { tripId: train.tripId, serviceDate: train.serviceDate },
    });
    expect(again.status).toBe('confirmed');
    expect(again.requestedTime).toBe(new Date(earlier).toISOString());
    expect(Date.parse(again.promise.latestArrival)).toBeLessThan(Date.parse(train.departureAt));
    const got = await h.http.get(`/v1/bookings/${again.id}`).set(auth(riderToken)).expect(200);
    expect(got.body.train).toMatchObject({
      role: 'catch',
      tripId: train.tripId,
      serviceDate: train.serviceDate,
      scheduledAt: train.departureAt,
    });
  });
});
