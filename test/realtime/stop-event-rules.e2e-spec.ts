import { BookingStatusMessage, DispatchJob, WsEvent } from '@app/contracts';
import { DispatchQueueProducer } from '@app/messaging';
import { BookingApiHarness, waitUntil } from '../support/booking-api-harness';
import { waitingOnLocks } from '../support/test-db';
import {
  confirmedBooking,
  oneRideStops,
  publishSchedule,
  useGatewaySuite,
  vehicleOnShift,
} from './realtime-harness';

/**
 * What a driver may report at a stop, and when: a report the driver cannot mean (a stop id that
 * is no id, leaving riders waiting at a stop, a no-show before the rider was due) is refused
 * with a code the driver app can explain, and changes nothing.
 */
describe('realtime gateway: stop events in order', () => {
  const suite = useGatewaySuite();
  const { open } = suite;
  let h: BookingApiHarness;
  beforeAll(() => ({ h } = suite));

  const statusOf = async (bookingId: string) =>
    (await h.ds.query(`SELECT status FROM bookings WHERE id = $1`, [bookingId]))[0].status;
  const departedAt = async (vehicleId: string) =>
    (
      (await h.ds.query(`SELECT stops FROM vehicle_schedules WHERE vehicle_id = $1`, [
        vehicleId,
      ])) as Array<{ stops: Array<{ departedAt?: string }> }>
    )[0].stops.map((s) => s.departedAt ?? null);

  it('refuses a stop id that is no id, naming stopId (not an internal error)', async () => {
    const v = await vehicleOnShift(h);
    const driver = await open(v.token);
    for (const type of ['arrived', 'departed']) {
      const ack = await driver.request(WsEvent.stopEvent, { type, stopId: 'not-a-uuid' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid', field: 'stopId' } });
    }
  });

  it('does not let the bus leave a stop while a rider to be picked up there is unresolved', async () => {
    const v = await vehicleOnShift(h);
    const anna = await h.riderToken('Anna Abfahrt');
    const bert = await h.riderToken('Bert Abfahrt');
    const annas = await confirmedBooking(h, anna.riderId, v.vehicleId, undefined, undefined, -5);
    const berts = await confirmedBooking(h, bert.riderId, v.vehicleId, undefined, undefined, -1);
    const stops = oneRideStops(annas, h.stop('ags-07336002'), h.stop('eva-8003481'));
    stops[0].pickups.push(berts);
    stops[1].dropoffs.push(berts);
    await publishSchedule(h, v, stops);
    const driver = await open(v.token);
    const depart = () =>
      driver.request(WsEvent.stopEvent, { type: 'departed', stopId: h.stop('ags-07336002') });

    const first = await depart();
    expect(first).toMatchObject({ ok: false, error: { code: 'pickups_open', field: 'stopId' } });
    expect(!first.ok && first.error.reason).toContain(annas);
    expect(!first.ok && first.error.reason).toContain(berts);
    expect(await departedAt(v.vehicleId)).toEqual([null, null]);

    expect(
      await driver.request(WsEvent.stopEvent, { type: 'no_show', bookingId: annas }),
    ).toMatchObject({ ok: true });
    const second = await depart();
    expect(second).toMatchObject({ ok: false, error: { code: 'pickups_open' } });
    expect(!second.ok && second.error.reason).not.toContain(annas);
    expect(!second.ok && second.error.reason).toContain(berts);

    expect(
      await driver.request(WsEvent.stopEvent, { type: 'boarded', bookingId: berts }),
    ).toMatchObject({ ok: true });
    expect(await depart()).toMatchObject({ ok: true });
    expect((await departedAt(v.vehicleId))[0]).not.toBeNull();
    expect(await statusOf(annas)).toBe('no_show');
    expect(await statusOf(berts)).toBe('picked_up');
  });

  it('lets the bus leave a stop with an open offer there: the offer expires, a later accept is refused', async () => {
    const v = await vehicleOnShift(h);
    const anna = await h.riderToken('Anna Angebot');
    const offer = await confirmedBooking(h, anna.riderId, v.vehicleId, undefined, undefined, -1);
    // as the dispatch worker leaves an offer: seat held in the plan, the rider yet to accept
    await h.ds.query(
      `UPDATE bookings SET status = 'offered', offer_expires_at = now() + interval '5 minutes'
        WHERE id = $1`,
      [offer],
    );
    await publishSchedule(h, v, oneRideStops(offer, h.stop('ags-07336002'), h.stop('eva-8003481')));
    const rider = await open(anna.token);
    const driver = await open(v.token);

    const departed = await driver.request(WsEvent.stopEvent, {
      type: 'departed',
      stopId: h.stop('ags-07336002'),
    });
    expect(departed).toMatchObject({
      ok: true,
      data: { changed: [{ bookingId: offer, from: 'offered', to: 'expired' }] },
    });
    expect(await departedAt(v.vehicleId)).toEqual([expect.any(String), null]);
    expect(await statusOf(offer)).toBe('expired');
    expect(
      await h.ds.query(
        `SELECT from_status, to_status, actor FROM booking_events WHERE booking_id = $1`,
        [offer],
      ),
    ).toEqual([{ from_status: 'offered', to_status: 'expired', actor: v.driverId }]);
    await rider.waitFor<BookingStatusMessage>(
      WsEvent.bookingStatus,
      (m) => m.bookingId === offer && m.status === 'expired',
    );
    // the dispatch worker is asked to take its drop-off out of the plan
    expect(
      await h.app.get(DispatchQueueProducer).hasOpenJob(DispatchJob.releaseBooking, offer),
    ).toBe(true);

    const late = await h.http
      .post(`/v1/bookings/${offer}/accept`)
      .set({ Authorization: `Bearer ${anna.token}` })
      .expect(409);
    expect(late.body.code).toBe('offer_expired');
    expect(await statusOf(offer)).toBe('expired');
  });

  it('holds the bus for an offer accepted while the departure is under way', async () => {
    const v = await vehicleOnShift(h);
    const anna = await h.riderToken('Anna Zugesagt');
    const offer = await confirmedBooking(h, anna.riderId, v.vehicleId, undefined, undefined, -1);
    await h.ds.query(
      `UPDATE bookings SET status = 'offered', offer_expires_at = now() + interval '5 minutes'
        WHERE id = $1`,
      [offer],
    );
    await publishSchedule(h, v, oneRideStops(offer, h.stop('ags-07336002'), h.stop('eva-8003481')));
    const driver = await open(v.token);

    // The rider's accept reaches the booking first, the departure right after it: both queue
    // behind a transaction holding the row, and take it in that order once it lets go.
    const holder = h.ds.createQueryRunner();
    await holder.connect();
    let accepted: { status: number; body: { status?: string } };
    let departed: Awaited<ReturnType<typeof driver.request>>;
    try {
      await holder.startTransaction();
      await holder.query(`SELECT id FROM bookings WHERE id = $1 FOR UPDATE`, [offer]);
      const accepting = h.http
        .post(`/v1/bookings/${offer}/accept`)
        .set({ Authorization: `Bearer ${anna.token}` })
        .then((r) => r);
      await waitUntil(async () => (await waitingOnLocks(h.ds)) >= 1, 10_000);
      let answered = false;
      const departing = driver
        .request(WsEvent.stopEvent, { type: 'departed', stopId: h.stop('ags-07336002') })
        .finally(() => (answered = true));
      // (a departure that does not look at the booking's row answers without waiting)
      await waitUntil(async () => answered || (await waitingOnLocks(h.ds)) >= 2, 10_000);
      await holder.rollbackTransaction();
      [accepted, departed] = await Promise.all([accepting, departing]);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('confirmed');
    expect(departed).toMatchObject({ ok: false, error: { code: 'pickups_open', field: 'stopId' } });
    expect(!departed.ok && departed.error.reason).toContain(offer);
    expect(await departedAt(v.vehicleId)).toEqual([null, null]);
    expect(await statusOf(offer)).toBe('confirmed');
  });

  it('refuses a no-show before the rider’s pickup window has opened, saying from when', async () => {
    const v = await vehicleOnShift(h);
    const rider = await h.riderToken('Carla Spaeter');
    const booking = await confirmedBooking(h, rider.riderId, v.vehicleId, undefined, undefined, 50);
    await publishSchedule(
      h,
      v,
      oneRideStops(booking, h.stop('ags-07336002'), h.stop('eva-8003481')),
    );
    const driver = await open(v.token);
    const [{ from }] = await h.ds.query(
      `SELECT promised_pickup_from AS from FROM bookings WHERE id = $1`,
      [booking],
    );

    const ack = await driver.request(WsEvent.stopEvent, { type: 'no_show', bookingId: booking });
    expect(ack).toMatchObject({ ok: false, error: { code: 'too_early', field: 'bookingId' } });
    expect(!ack.ok && ack.error.reason).toContain(new Date(from).toISOString());
    expect(await statusOf(booking)).toBe('confirmed');
  });
});
