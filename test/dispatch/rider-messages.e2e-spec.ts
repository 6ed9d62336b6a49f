import {
  BookingLifecycleService,
  DriverStopEventsService,
  RiderMessageDeliveryService,
  SmsSenderPort,
} from '@app/application';
import { Clock } from '@app/domain';
import { DispatchQueueProducer, EventPublisher } from '@app/messaging';
import { VehicleSchedulesRepository } from '@app/persistence';
import { INestApplication } from '@nestjs/common';
import { DispatchStack, startDispatchStack } from '../support/dispatch-stack';
import { BookingApiHarness, nextWeekdayAt } from '../support/booking-api-harness';
import {
  confirmedBooking,
  connect,
  publishSchedule,
  startGateway,
  vehicleOnShift,
} from '../realtime/realtime-harness';
import { WsEvent } from '@app/contracts';

/**
 * Rider messages through the outbox (issue 11): written with the change, sent once by the
 * dispatch worker's delivery job through `SmsSenderPort`, in the rider's channel and language.
 */
describe('rider messages', () => {
  jest.setTimeout(60_000);
  let h: BookingApiHarness;
  let worker: INestApplication;
  let stack: DispatchStack | undefined;
  let sent: Array<{ to: string; text: string }>;
  let op: string;

  beforeAll(async () => {
    ({ h, worker } = stack = await startDispatchStack({
      BOOKING_DECISION_WAIT_MS: '15000',
    }));
    sent = [];
    const sms = worker.get(SmsSenderPort, { strict: false });
    jest.spyOn(sms, 'send').mockImplementation(async (to: string, text: string) => {
      sent.push({ to, text });
    });
    op = await h.operatorToken();
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  const rider = async (
    name: string,
    prefs: { phone?: string; channel?: string; language?: string } = {},
  ) => {
    const r = await h.riderToken(name);
    await h.ds.query(
      `UPDATE riders SET phone = $2, message_channel = $3, language = $4 WHERE id = $1`,
      [r.riderId, prefs.phone ?? null, prefs.channel ?? 'sms', prefs.language ?? 'de'],
    );
    return r;
  };
  const book = (token: string, time: string, k = 0) => {
    let at = nextWeekdayAt(time);
    for (let i = 0; i < k; i++) at = nextWeekdayAt(time, at);
    return h.http
      .post('/v1/bookings')
      .set({ Authorization: `Bearer ${token}` })
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: at.toISOString(),
        passengers: 1,
      })
      .expect(201);
  };
  const messages = (bookingId: string) =>
    h.ds.query(
      `SELECT id, event_id, kind, channel, language, status, body FROM rider_messages
        WHERE booking_id = $1 ORDER BY created_at`,
      [bookingId],
    ) as Promise<
      Array<{
        id: string;
        event_id: string;
        kind: string;
        channel: string;
        language: string;
        status: string;
        body: string;
      }>
    >;
  const settled = async (bookingId: string, kind: string) => {
    for (let i = 0; i < 200; i++) {
      const m = (await messages(bookingId)).find((x) => x.kind === kind);
      if (m && m.status !== 'pending') return m;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${kind} message for ${bookingId} delivered`);
  };

  it('tells a rider the confirmed stop and window by SMS, once, even when the job runs again', async () => {
    const { token } = await rider('Hildegard SMS', { phone: '+4915112345678' });
    const res = await book(token, '07:30');
    expect(res.body.status).toBe('confirmed');
    const m = await settled(res.body.id, 'confirmed');
    expect(m).toMatchObject({
      status: 'sent',
      channel: 'sms',
      event_id: `confirmed.${res.body.id}`,
    });
    expect(m.body).toContain('Fahrt bestätigt');
    expect(m.body).toContain('Albessen');
    const mine = sent.filter((s) => s.text === m.body);
    expect(mine).toEqual([{ to: '+4915112345678', text: m.body }]);

    // A retried job, a duplicated enqueue and two deliveries at once: still one SMS.
    const delivery = worker.get(RiderMessageDeliveryService, { strict: false });
    expect(await delivery.deliver(m.id)).toBe('already');
    await h.app
      .get(DispatchQueueProducer)
      .deliverRiderMessage({ messageId: m.id, eventId: m.event_id });
    await h.ds.query(`UPDATE rider_messages SET status = 'pending' WHERE id = $1`, [m.id]);
    const both = await Promise.all([delivery.deliver(m.id), delivery.deliver(m.id)]);
    expect(both.sort()).toEqual(['already', 'sent']);
    await new Promise((r) => setTimeout(r, 2500)); // a relay round and the queued job
    expect(sent.filter((s) => s.text === m.body)).toHaveLength(2); // the first and the reset one
    expect((await messages(res.body.id)).filter((x) => x.kind === 'confirmed')).toHaveLength(1);
  });

  it('shows the message in the app: a rider connected to the gateway hears it', async () => {
    const gateway = await startGateway(h.config);
    try {
      const r = await rider('Greta Verbunden', { channel: 'app' });
      const socket = await connect(gateway.url, r.token);
      const res = await book(r.token, '07:45');
      const heard = await socket.waitFor<{ bookingId: string; kind: string; text: string }>(
        WsEvent.riderMessage,
        (m) => m.bookingId === res.body.id,
        15_000,
      );
      socket.close();
      expect(heard.kind).toBe('confirmed');
      expect(heard.text).toContain('Fahrt bestätigt');
    } finally {
      await gateway.app.close();
    }
  });

  it('honours the rider: English, in the app only, or no messages at all', async () => {
    const en = await rider('Harold App', {
      phone: '+4915199999999',
      channel: 'app',
      language: 'en',
    });
    const b1 = await book(en.token, '08:00');
    const m1 = await settled(b1.body.id, 'confirmed');
    expect(m1).toMatchObject({ status: 'sent', channel: 'app', language: 'en' });
    expect(m1.body).toContain('Ride confirmed');
    expect(sent.some((s) => s.to === '+4915199999999')).toBe(false);

    const none = await rider('Ruhe Bitte', { phone: '+4915188888888', channel: 'none' });
    const b2 = await book(none.token, '08:10');
    const m2 = await settled(b2.body.id, 'confirmed');
    expect(m2.status).toBe('skipped');
    expect(sent.some((s) => s.to === '+4915188888888')).toBe(false);
  });

  it('sends no SMS to a landline: a caller the office registered with one hears in the app, and the record says so', async () => {
    const caller = await h.http
      .post('/v1/admin/riders')
      .set({ Authorization: `Bearer ${op}` })
      .send({ name: 'Erna Festnetz', phone: '06381 4240' })
      .expect(201);
    expect(caller.body).toMatchObject({ phone: '+4963814240', messageChannel: 'sms' });
    const res = await h.http
      .post('/v1/bookings')
      .set({ Authorization: `Bearer ${op}` })
      .send({
        riderId: caller.body.id,
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: nextWeekdayAt('08:20').toISOString(),
        passengers: 1,
      })
      .expect(201);
    expect(res.body.status).toBe('confirmed');
    const m = await settled(res.body.id, 'confirmed');
    expect(m).toMatchObject({ status: 'sent', channel: 'app' });
    expect(sent.some((s) => s.to === '+4963814240')).toBe(false);
  });

  it('tells of a pickup moved by more than 5 minutes, and not of a smaller move', async () => {
    const { token } = await rider('Paula Verschoben', { phone: '+4915177777777' });
    const res = await book(token, '09:00', 1);
    const id = res.body.id as string;
    // As if she had been told a time 20 minutes earlier than the plan now says.
    await h.ds.query(
      `UPDATE bookings SET notified_pickup_at = notified_pickup_at - interval '20 minutes' WHERE id = $1`,
      [id],
    );
    await h.http
      .patch(`/v1/admin/vehicles/${res.body.vehicleId}`)
      .set({ Authorization: `Bearer ${op}` })
      .send({ seats: 7 })
      .expect(200);
    const m = await settled(id, 'pickup_moved');
    expect(m.body).toContain('Neue Abholzeit');
    // Re-planning again without a move tells nothing new.
    await h.http
      .patch(`/v1/admin/vehicles/${res.body.vehicleId}`)
      .set({ Authorization: `Bearer ${op}` })
      .send({ seats: 6 })
      .expect(200);
    expect((await messages(id)).filter((x) => x.kind === 'pickup_moved')).toHaveLength(1);

    // Told another time since (as a move back would have told her), the plan's pickup is news
    // again, though a message for that very time went out before.
    await h.ds.query(
      `UPDATE bookings SET notified_pickup_at = notified_pickup_at - interval '20 minutes' WHERE id = $1`,
      [id],
    );
    await h.http
      .patch(`/v1/admin/vehicles/${res.body.vehicleId}`)
      .set({ Authorization: `Bearer ${op}` })
      .send({ seats: 5 })
      .expect(200);
    for (let i = 0; i < 200; i++) {
      const moved = (await messages(id)).filter((x) => x.kind === 'pickup_moved');
      if (moved.length === 2 && moved.every((x) => x.status !== 'pending')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const moved = (await messages(id)).filter((x) => x.kind === 'pickup_moved');
    expect(moved.map((x) => x.status)).toEqual(['sent', 'sent']);
    expect(moved[1].body).toBe(m.body);
    expect(sent.filter((x) => x.text === m.body)).toHaveLength(2);
  });

  it('tells riders at risk and cancelled by the office, with the office message', async () => {
    const { token } = await rider('Anna Risiko', { phone: '+4915166666666' });
    const res = await book(token, '10:00', 2);
    const id = res.body.id as string;
    await settled(id, 'confirmed');
    await h.ds.query(`UPDATE vehicles SET active = (id = $1)`, [res.body.vehicleId]);
    const [shift] = await h.ds.query(
      `SELECT id FROM shifts WHERE vehicle_id = $1 AND starts_at <= $2 AND ends_at > $2`,
      [res.body.vehicleId, new Date(res.body.promise.pickupFrom)],
    );
    await h.http
      .delete(`/v1/admin/shifts/${shift.id}`)
      .set({ Authorization: `Bearer ${op}` })
      .expect(200);
    const risk = await settled(id, 'at_risk');
    expect(risk.body).toContain('gefährdet');
    await h.http
      .post(`/v1/admin/bookings/${id}/cancel-at-risk`)
      .set({ Authorization: `Bearer ${op}` })
      .send({ message: 'Bitte nehmen Sie den Bus 271 um 10:12.' })
      .expect(200);
    const cancelled = await settled(id, 'cancelled_by_office');
    expect(cancelled.body).toContain('Bitte nehmen Sie den Bus 271 um 10:12.');
    expect(sent.filter((s) => s.to === '+4915166666666').map((s) => s.text)).toEqual([
      expect.stringContaining('Fahrt bestätigt'),
      risk.body,
      cancelled.body,
    ]);
    await h.ds.query(`UPDATE vehicles SET active = true`);
  });

  it('tells a rider that is turned down why and what to try', async () => {
    await h.ds.query(`UPDATE vehicles SET active = false`);
    try {
      const { token } = await rider('Otto Abgelehnt', { phone: '+4915155555555' });
      const res = await book(token, '11:00', 3);
      expect(res.body.status).toBe('rejected');
      const m = await settled(res.body.id, 'rejected');
      expect(m.body).toContain('Leider keine Fahrt');
      expect(m.body).toContain('andere Zeit');
    } finally {
      await h.ds.query(`UPDATE vehicles SET active = true`);
    }
  });

  it('tells the riders at the next stop that their bus is about to arrive', async () => {
    const v = await vehicleOnShift(h);
    const a = await rider('Erste Haltestelle');
    const b = await rider('Zweite Haltestelle', { phone: '+4915144444444' });
    const first = await confirmedBooking(h, a.riderId, v.vehicleId, 'ags-07336002', 'eva-8003481');
    const second = await confirmedBooking(h, b.riderId, v.vehicleId, 'ags-07336092', 'eva-8003481');
    const at = (min: number) => new Date(Date.now() + min * 60_000).toISOString();
    const stop = (code: string, min: number, pickups: string[], dropoffs: string[]) => ({
      stopId: h.stop(code),
      plannedArrivalAt: at(min),
      plannedDepartureAt: at(min + 1),
      pickups,
      dropoffs,
      load: { seats: pickups.length, wheelchairPlaces: 0 },
    });
    await publishSchedule(h, v, [
      stop('ags-07336002', 10, [first], []),
      stop('ags-07336092', 20, [second], []),
      stop('eva-8003481', 40, [], [first, second]),
    ]);
    const stopEvents = new DriverStopEventsService(
      h.ds,
      h.app.get(Clock),
      h.app.get(BookingLifecycleService),
      h.app.get(EventPublisher),
      h.app.get(VehicleSchedulesRepository),
    );
    await stopEvents.report({
      type: 'boarded',
      driverId: v.driverId,
      vehicleId: v.vehicleId,
      bookingId: first,
    });
    await stopEvents.report({
      type: 'departed',
      driverId: v.driverId,
      vehicleId: v.vehicleId,
      stopId: h.stop('ags-07336002'),
    });
    const m = await settled(second, 'arriving');
    expect(m.body).toContain('ist gleich da');
    expect((await messages(first)).some((x) => x.kind === 'arriving')).toBe(false);
  });
});
