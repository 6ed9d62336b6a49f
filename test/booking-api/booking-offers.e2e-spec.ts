import {
  BookingLifecycleService,
  DriverStopEventsService,
  OfferExpirySweeper,
} from '@app/application';
import { Clock } from '@app/domain';
import { EventPublisher } from '@app/messaging';
import { VehicleSchedulesRepository } from '@app/persistence';
import { DispatchStack, startDispatchStack } from '../support/dispatch-stack';
import { BookingApiHarness, nextWeekdayAt } from '../support/booking-api-harness';
import { waitingOnLocks } from '../support/test-db';
import {
  confirmedBooking,
  oneRideStops,
  publishSchedule,
  vehicleOnShift,
} from '../realtime/realtime-harness';

/**
 * Offers: with `confirmation: 'rider'` the dispatcher holds a seat and the rider sees the promise
 * before accepting; without it nothing changes (confirmed at once).
 */
describe('booking offers the rider accepts', () => {
  let h: BookingApiHarness;
  let stack: DispatchStack | undefined;
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

  beforeAll(async () => {
    ({ h } = stack = await startDispatchStack({
      BOOKING_DECISION_WAIT_MS: '10000',
    }));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  const book = (token: string, time: string, confirmation?: 'auto' | 'rider') =>
    h.http
      .post('/v1/bookings')
      .set(auth(token))
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time,
        passengers: 1,
        ...(confirmation ? { confirmation } : {}),
      })
      .expect(201);

  /** Is the booking in some vehicle's plan? */
  const planned = async (bookingId: string) =>
    (
      await h.ds.query(
        `SELECT 1 FROM vehicle_schedules WHERE stops @> $1::jsonb OR stops @> $2::jsonb`,
        [JSON.stringify([{ pickups: [bookingId] }]), JSON.stringify([{ dropoffs: [bookingId] }])],
      )
    ).length > 0;

  const eventually = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };

  it('keeps confirming at once when the rider does not ask to see an offer', async () => {
    const { token } = await h.riderToken();
    const res = await book(token, nextWeekdayAt('08:10').toISOString());
    expect(res.body.status).toBe('confirmed');
    expect(res.body.confirmation).toBe('auto');
  });

  it('shows an offer with its promise and expiry, and confirms it when accepted', async () => {
    const { token } = await h.riderToken();
    const res = await book(token, nextWeekdayAt('08:20').toISOString(), 'rider');
    expect(res.body.status).toBe('offered');
    expect(res.body.promise.pickupFrom).toEqual(expect.any(String));
    expect(Date.parse(res.body.offerExpiresAt)).toBeGreaterThan(Date.now());
    expect(await planned(res.body.id)).toBe(true);

    const accepted = await h.http
      .post(`/v1/bookings/${res.body.id}/accept`)
      .set(auth(token))
      .expect(200);
    expect(accepted.body.status).toBe('confirmed');
    expect(accepted.body.promise).toEqual(res.body.promise);
    expect(accepted.body.offerExpiresAt).toBeNull();

    // accepting twice is a conflict, not a second confirmation, with the code the API documents
    const twice = await h.http
      .post(`/v1/bookings/${res.body.id}/accept`)
      .set(auth(token))
      .expect(409);
    expect(twice.body).toMatchObject({ code: 'not_an_offer' });
  });

  it('answers the second of two accepts at once as a later accept would: not_an_offer', async () => {
    const { token } = await h.riderToken();
    const res = await book(token, nextWeekdayAt('08:25').toISOString(), 'rider');
    expect(res.body.status).toBe('offered');
    const id: string = res.body.id;
    const accept = () =>
      h.http
        .post(`/v1/bookings/${id}/accept`)
        .set(auth(token))
        .then((r) => r);

    // Both accepts reach the booking while another transaction holds its row, then race for it
    // once it lets go: the interleaving that used to answer illegal_status_transition.
    const holder = h.ds.createQueryRunner();
    await holder.connect();
    let answers: Array<{ status: number; body: { code?: string; status?: string } }>;
    try {
      await holder.startTransaction();
      await holder.query(`SELECT id FROM bookings WHERE id = $1 FOR UPDATE`, [id]);
      const both = Promise.all([accept(), accept()]);
      expect(await eventually(async () => (await waitingOnLocks(h.ds)) >= 2)).toBe(true);
      await holder.rollbackTransaction();
      answers = await both;
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(ok).toHaveLength(1);
    expect(ok[0].body.status).toBe('confirmed');
    expect(refused.map((a) => [a.status, a.body.code])).toEqual([[409, 'not_an_offer']]);
    expect(
      await h.ds.query(
        `SELECT from_status, to_status FROM booking_events WHERE booking_id = $1 AND to_status = 'confirmed'`,
        [id],
      ),
    ).toEqual([{ from_status: 'offered', to_status: 'confirmed' }]);
  });

  it('lets nobody but the rider accept the offer', async () => {
    const { token } = await h.riderToken('Anna');
    const other = await h.riderToken('Bert');
    const res = await book(token, nextWeekdayAt('08:30').toISOString(), 'rider');
    await h.http.post(`/v1/bookings/${res.body.id}/accept`).set(auth(other.token)).expect(404);
  });

  it('expires an offer not accepted in time and frees its seat', async () => {
    const { token } = await h.riderToken();
    const res = await book(token, nextWeekdayAt('08:40').toISOString(), 'rider');
    expect(res.body.status).toBe('offered');
    // time passes: the offer's expiry is behind us
    await h.ds.query(
      `UPDATE bookings SET offer_expires_at = now() - interval '1 second' WHERE id = $1`,
      [res.body.id],
    );
    expect(await h.app.get(OfferExpirySweeper).sweep()).toBe(1);
    const after = await h.http.get(`/v1/bookings/${res.body.id}`).set(auth(token)).expect(200);
    expect(after.body.status).toBe('expired');
    expect(await eventually(async () => !(await planned(res.body.id)))).toBe(true);

    const late = await h.http
      .post(`/v1/bookings/${res.body.id}/accept`)
      .set(auth(token))
      .expect(409);
    expect(late.body.code).toBe('offer_expired');
  });

  it('refuses a late acceptance that the sweep has not reached yet', async () => {
    const { token } = await h.riderToken();
    const res = await book(token, nextWeekdayAt('08:50').toISOString(), 'rider');
    await h.ds.query(
      `UPDATE bookings SET offer_expires_at = now() - interval '1 second' WHERE id = $1`,
      [res.body.id],
    );
    const late = await h.http
      .post(`/v1/bookings/${res.body.id}/accept`)
      .set(auth(token))
      .expect(409);
    expect(late.body.code).toBe('offer_expired');
    expect(await eventually(async () => !(await planned(res.body.id)))).toBe(true);
  });

  it('takes an offer whose pickup the bus has left out of the plan', async () => {
    const v = await vehicleOnShift(h);
    const anna = await h.riderToken('Anna Abgefahren');
    const offer = await confirmedBooking(h, anna.riderId, v.vehicleId, undefined, undefined, -1);
    await h.ds.query(
      `UPDATE bookings SET status = 'offered', offer_expires_at = now() + interval '5 minutes'
        WHERE id = $1`,
      [offer],
    );
    await publishSchedule(h, v, oneRideStops(offer, h.stop('ags-07336002'), h.stop('eva-8003481')));
    // what the realtime gateway calls for the driver's `departed`
    const stopEvents = new DriverStopEventsService(
      h.ds,
      h.app.get(Clock),
      h.app.get(BookingLifecycleService),
      h.app.get(EventPublisher),
      h.app.get(VehicleSchedulesRepository),
    );
    const { changed } = await stopEvents.report({
      type: 'departed',
      driverId: v.driverId,
      vehicleId: v.vehicleId,
      stopId: h.stop('ags-07336002'),
    });
    expect(changed).toEqual([{ bookingId: offer, from: 'offered', to: 'expired' }]);
    // the worker's release job drops its drop-off; the stop driven stays as it was
    const dropOffPlanned = async () =>
      (
        await h.ds.query(`SELECT 1 FROM vehicle_schedules WHERE stops @> $1::jsonb`, [
          JSON.stringify([{ dropoffs: [offer] }]),
        ])
      ).length > 0;
    expect(await eventually(async () => !(await dropOffPlanned()))).toBe(true);
    const [{ stops }] = await h.ds.query(
      `SELECT stops FROM vehicle_schedules WHERE vehicle_id = $1`,
      [v.vehicleId],
    );
    expect(stops).toEqual([
      expect.objectContaining({ stopId: h.stop('ags-07336002'), departedAt: expect.any(String) }),
    ]);
  });

  it('releases the held seat when the rider declines the offer', async () => {
    const { token } = await h.riderToken();
    const res = await book(token, nextWeekdayAt('09:00').toISOString(), 'rider');
    const cancelled = await h.http
      .post(`/v1/bookings/${res.body.id}/cancel`)
      .set(auth(token))
      .send({})
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await eventually(async () => !(await planned(res.body.id)))).toBe(true);
  });
});
