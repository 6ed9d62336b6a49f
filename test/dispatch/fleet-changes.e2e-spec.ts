import { RunningRouterServer } from '@app/routing';
import { DispatchStack, startDispatchStack } from '../support/dispatch-stack';
import { BookingApiHarness, nextWeekdayAt } from '../support/booking-api-harness';
import { checkStoredPlans, roadTravelS } from './dispatch-check';
import {
  confirmedBooking,
  connect,
  oneRideStops,
  publishSchedule,
  startGateway,
  vehicleOnShift,
} from '../realtime/realtime-harness';
import { BreakdownResult, WsEvent } from '@app/contracts';

/**
 * Fleet changes keep promises or say so (issue 11), against the real PostgreSQL, Redis, the
 * dispatch worker and the embedded routing server. Every scenario ends with the independent
 * check of what is stored: no seat overbooked, every promise held, no confirmed booking in no
 * schedule, nothing planned on a cancelled shift or a vehicle out of service.
 */
describe('fleet changes keep promises or say so', () => {
  jest.setTimeout(60_000);
  let router: RunningRouterServer;
  let h: BookingApiHarness;
  let stack: DispatchStack | undefined;
  let travel: (a: string, b: string) => number;
  let op: string;
  const vehicle: Record<string, string> = {};

  beforeAll(async () => {
    ({ router, h } = stack = await startDispatchStack({
      BOOKING_DECISION_WAIT_MS: '15000',
    }));
    travel = await roadTravelS(router.url, h.ds);
    op = await h.operatorToken();
    for (const v of await h.ds.query(`SELECT id, call_sign FROM vehicles`))
      vehicle[v.call_sign] = v.id;
    // A small fleet makes the outcomes predictable: two buses at Kusel, one with a ramp.
    await onlyActive(['KUS-01', 'KUS-02']);
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  const auth = () => ({ Authorization: `Bearer ${op}` });
  /** Through the office's API, so bookings of earlier scenarios are re-planned properly. */
  const onlyActive = async (callSigns: string[]) => {
    for (const [callSign, id] of Object.entries(vehicle))
      await h.http
        .patch(`/v1/admin/vehicles/${id}`)
        .set(auth())
        .send({ active: callSigns.includes(callSign) })
        .expect(200);
  };

  /** The k-th weekday (k >= 0) at least one day ahead, at a Kusel wall-clock time. */
  const weekday = (k: number, time: string): Date => {
    let at = nextWeekdayAt(time);
    for (let i = 0; i < k; i++) at = nextWeekdayAt(time, at);
    return at;
  };

  const book = async (
    at: Date,
    opts: { from?: string; passengers?: number; wheelchair?: boolean } = {},
  ) => {
    const { token } = await h.riderToken(`Fahrgast ${Math.random().toString(36).slice(2, 7)}`);
    const res = await h.http
      .post('/v1/bookings')
      .set({ Authorization: `Bearer ${token}` })
      .send({
        fromStopId: h.stop(opts.from ?? 'ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: at.toISOString(),
        passengers: opts.passengers ?? 1,
        ...(opts.wheelchair ? { wheelchairPlaces: 1 } : {}),
      })
      .expect(201);
    return res.body as { id: string; status: string; vehicleId: string; promise: Promise };
  };
  type Promise = { pickupFrom: string; pickupTo: string; latestArrival: string };

  const row = async (id: string) =>
    (
      await h.ds.query(
        `SELECT status, vehicle_id, reason_code, reason_text, promised_pickup_from, promised_pickup_to,
                promised_latest_arrival FROM bookings WHERE id = $1`,
        [id],
      )
    )[0];

  const shiftOf = async (vehicleId: string, at: Date) =>
    (
      await h.ds.query(
        `SELECT id, starts_at, ends_at FROM shifts WHERE vehicle_id = $1 AND starts_at <= $2 AND ends_at > $2
           AND cancelled_at IS NULL`,
        [vehicleId, at],
      )
    )[0] as { id: string; starts_at: Date; ends_at: Date };

  const expectStoredPlansHold = async () => {
    const check = await checkStoredPlans(h.ds, travel);
    expect(check.violations).toEqual([]);
  };

  /** Each booking is either still confirmed with the same promise, or at risk with a reason. */
  const expectKeptOrAtRisk = async (
    booked: Array<{ id: string; promise: Promise }>,
    notOn?: string,
  ) => {
    const outcome = { moved: 0, atRisk: 0 };
    for (const b of booked) {
      const r = await row(b.id);
      expect(['confirmed', 'at_risk']).toContain(r.status);
      expect(r.promised_pickup_from.toISOString()).toBe(
        new Date(b.promise.pickupFrom).toISOString(),
      );
      expect(r.promised_latest_arrival.toISOString()).toBe(
        new Date(b.promise.latestArrival).toISOString(),
      );
      if (r.status === 'confirmed') {
        if (notOn) expect(r.vehicle_id).not.toBe(notOn);
        outcome.moved++;
      } else {
        expect(r.vehicle_id).toBeNull();
        expect(r.reason_code).toEqual(expect.any(String));
        outcome.atRisk++;
      }
    }
    return outcome;
  };

  it('deleting a shift with bookings cancels it and re-plans them instead of dropping them', async () => {
    const booked: Array<Awaited<ReturnType<typeof book>>> = [];
    for (const t of ['07:30', '07:35', '07:40', '07:50']) booked.push(await book(weekday(0, t)));
    expect(booked.every((b) => b.status === 'confirmed')).toBe(true);
    const x = booked[0].vehicleId;
    const shift = await shiftOf(x, weekday(0, '07:30'));
    const mine = booked.filter((b) => b.vehicleId === x);

    const res = await h.http.delete(`/v1/admin/shifts/${shift.id}`).set(auth()).expect(200);
    expect(res.body.shift).toEqual({ id: shift.id, state: 'cancelled' });
    expect(res.body.replanned.length + res.body.atRisk.length).toBe(mine.length);
    // The other bus has room: every booking moves, with its promise unchanged.
    const outcome = await expectKeptOrAtRisk(mine, x);
    expect(outcome.moved).toBe(mine.length);
    // The shift stays as a record; its schedule is not deleted by cascade.
    const kept = await h.ds.query(
      `SELECT s.cancelled_at, vs.stops FROM shifts s JOIN vehicle_schedules vs ON vs.shift_id = s.id WHERE s.id = $1`,
      [shift.id],
    );
    expect(kept[0].cancelled_at).not.toBeNull();
    expect(kept[0].stops).toEqual([]);
    await expectStoredPlansHold();
  });

  it('a shift whose schedule carries promises cannot be deleted by cascade in the database', async () => {
    const b = await book(weekday(0, '09:00'));
    const shift = await shiftOf(b.vehicleId, weekday(0, '09:00'));
    await expect(h.ds.query(`DELETE FROM shifts WHERE id = $1`, [shift.id])).rejects.toThrow(
      /foreign key/,
    );
    await expect(h.ds.query(`DELETE FROM vehicles WHERE id = $1`, [b.vehicleId])).rejects.toThrow(
      /foreign key/,
    );
  });

  it('deactivating a vehicle moves its bookings to another vehicle', async () => {
    const booked: Array<Awaited<ReturnType<typeof book>>> = [];
    for (const t of ['08:00', '08:05', '08:20']) booked.push(await book(weekday(1, t)));
    const x = booked[0].vehicleId;
    const mine = booked.filter((b) => b.vehicleId === x);
    const res = await h.http
      .patch(`/v1/admin/vehicles/${x}`)
      .set(auth())
      .send({ active: false })
      .expect(200);
    expect(res.body.active).toBe(false);
    expect(res.body.fleetChange.replanned.length).toBeGreaterThanOrEqual(mine.length);
    const outcome = await expectKeptOrAtRisk(mine, x);
    expect(outcome.moved).toBe(mine.length);
    const left = await h.ds.query(
      `SELECT count(*)::int AS n FROM bookings WHERE vehicle_id = $1 AND status = 'confirmed'`,
      [x],
    );
    expect(left[0].n).toBe(0);
    await expectStoredPlansHold();
    await h.http.patch(`/v1/admin/vehicles/${x}`).set(auth()).send({ active: true }).expect(200);
  });

  it('cutting seats from 8 to 1 with 6 passengers planned moves or flags the riders who no longer fit', async () => {
    await onlyActive(['KUS-03']);
    const booked: Array<Awaited<ReturnType<typeof book>>> = [];
    for (const t of ['09:00', '09:02', '09:04', '09:06', '09:08', '09:10'])
      booked.push(await book(weekday(2, t)));
    expect(new Set(booked.map((b) => b.vehicleId))).toEqual(new Set([vehicle['KUS-03']]));
    await h.http
      .patch(`/v1/admin/vehicles/${vehicle['KUS-02']}`)
      .set(auth())
      .send({ active: true })
      .expect(200);
    const res = await h.http
      .patch(`/v1/admin/vehicles/${vehicle['KUS-03']}`)
      .set(auth())
      .send({ seats: 1 })
      .expect(200);
    expect(res.body.seats).toBe(1);
    const outcome = await expectKeptOrAtRisk(booked);
    expect(outcome.moved + outcome.atRisk).toBe(6);
    // No more than one rider at a time on the one seat left (checked below), none dropped.
    await expectStoredPlansHold();
    await h.http
      .patch(`/v1/admin/vehicles/${vehicle['KUS-03']}`)
      .set(auth())
      .send({ seats: 8 })
      .expect(200);
    await onlyActive(['KUS-01', 'KUS-02']);
  });

  it('taking away the only wheelchair place moves the wheelchair user to a bus with a ramp', async () => {
    await onlyActive(['KUS-01']);
    const b = await book(weekday(3, '10:00'), { wheelchair: true });
    expect(b.vehicleId).toBe(vehicle['KUS-01']);
    await onlyActive(['KUS-01', 'KUS-04', 'KUS-02']);
    const res = await h.http
      .patch(`/v1/admin/vehicles/${vehicle['KUS-01']}`)
      .set(auth())
      .send({ wheelchairPlaces: 0 })
      .expect(200);
    const r = await row(b.id);
    if (r.status === 'confirmed') expect(r.vehicle_id).toBe(vehicle['KUS-04']);
    else
      expect(res.body.fleetChange.atRisk.map((x: { bookingId: string }) => x.bookingId)).toEqual([
        b.id,
      ]);
    await expectStoredPlansHold();
    await h.http
      .patch(`/v1/admin/vehicles/${vehicle['KUS-01']}`)
      .set(auth())
      .send({ wheelchairPlaces: 1 })
      .expect(200);
    await onlyActive(['KUS-01', 'KUS-02']);
  });

  it('refuses with 409 a change that leaves riders on board without a place, naming them', async () => {
    const { token } = await h.riderToken('Hildegard Aufsitz');
    const created = await h.http
      .post('/v1/bookings')
      .set({ Authorization: `Bearer ${token}` })
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: weekday(4, '11:00').toISOString(),
        passengers: 3,
      })
      .expect(201);
    expect(created.body.status).toBe('confirmed');
    const x = created.body.vehicleId as string;
    // The bus has picked her up (as the driver's "boarded" and "departed" would record it).
    await h.ds.query(`UPDATE bookings SET status = 'picked_up' WHERE id = $1`, [created.body.id]);
    await h.ds.query(
      `UPDATE vehicle_schedules SET stops = (
         SELECT jsonb_agg(CASE WHEN r->'pickups' ? $1 THEN r || jsonb_build_object('departedAt', r->>'plannedDepartureAt') ELSE r END)
           FROM jsonb_array_elements(stops) r)
       WHERE stops @> $2::jsonb`,
      [created.body.id, JSON.stringify([{ pickups: [created.body.id] }])],
    );
    const seats = await h.http
      .patch(`/v1/admin/vehicles/${x}`)
      .set(auth())
      .send({ seats: 2 })
      .expect(409);
    expect(seats.body.code).toBe('riders_on_board');
    expect(seats.body.message).toContain('Hildegard Aufsitz');
    expect(seats.body.message).toContain(created.body.id);
    const off = await h.http
      .patch(`/v1/admin/vehicles/${x}`)
      .set(auth())
      .send({ active: false })
      .expect(409);
    expect(off.body.code).toBe('riders_on_board');
    // Nothing changed.
    const v = await h.http.get(`/v1/admin/vehicles/${x}`).set(auth()).expect(200);
    expect(v.body).toMatchObject({ seats: 8, active: true });
    await expectStoredPlansHold();
    // She alights; the ride is over.
    await h.ds.query(`UPDATE bookings SET status = 'dropped_off' WHERE id = $1`, [created.body.id]);
    await h.ds.query(
      `UPDATE vehicle_schedules SET stops = (
         SELECT jsonb_agg(CASE WHEN r->'dropoffs' ? $1 THEN r || jsonb_build_object('departedAt', r->>'plannedDepartureAt') ELSE r END)
           FROM jsonb_array_elements(stops) r)
       WHERE stops @> $2::jsonb`,
      [created.body.id, JSON.stringify([{ dropoffs: [created.body.id] }])],
    );
  });

  it('shortening a shift re-plans the bookings after its new end', async () => {
    const booked: Array<Awaited<ReturnType<typeof book>>> = [];
    for (const t of ['12:00', '12:10']) booked.push(await book(weekday(5, t)));
    const x = booked[0].vehicleId;
    const shift = await shiftOf(x, weekday(5, '12:00'));
    const res = await h.http
      .patch(`/v1/admin/shifts/${shift.id}`)
      .set(auth())
      .send({ endsAt: weekday(5, '10:00').toISOString() })
      .expect(200);
    expect(res.body.shift.state).toBe('changed');
    const outcome = await expectKeptOrAtRisk(
      booked.filter((b) => b.vehicleId === x),
      x,
    );
    expect(outcome.atRisk).toBe(0);
    await expectStoredPlansHold();
  });

  it('a breakdown reported by the office takes the bus out of service and re-plans its riders', async () => {
    const booked: Array<Awaited<ReturnType<typeof book>>> = [];
    for (const t of ['13:00', '13:05']) booked.push(await book(weekday(6, t)));
    const x = booked[0].vehicleId;
    const res = await h.http
      .post(`/v1/admin/vehicles/${x}/breakdown`)
      .set(auth())
      .send({ note: 'Motorschaden' })
      .expect(200);
    expect(res.body.onBoard).not.toEqual(expect.arrayContaining(booked.map((b) => b.id)));
    const outcome = await expectKeptOrAtRisk(
      booked.filter((b) => b.vehicleId === x),
      x,
    );
    expect(outcome.moved + outcome.atRisk).toBeGreaterThan(0);
    const v = await h.http.get(`/v1/admin/vehicles/${x}`).set(auth()).expect(200);
    expect(v.body.active).toBe(false);
    await expectStoredPlansHold();
    await h.http.patch(`/v1/admin/vehicles/${x}`).set(auth()).send({ active: true }).expect(200);
  });

  it('bookings no bus can keep are at risk, listed for the office, moved, re-planned or cancelled', async () => {
    await onlyActive(['KUS-02', 'KUS-03']);
    const day = (t: string) => weekday(7, t);
    // KUS-03 works only early that day, so KUS-02 takes the morning rides.
    const other = await shiftOf(vehicle['KUS-03'], day('06:00'));
    await h.http
      .patch(`/v1/admin/shifts/${other.id}`)
      .set(auth())
      .send({ endsAt: day('06:30').toISOString() })
      .expect(200);
    const booked: Array<Awaited<ReturnType<typeof book>>> = [];
    for (const t of ['09:30', '09:40', '09:50']) booked.push(await book(day(t)));
    expect(new Set(booked.map((b) => b.vehicleId))).toEqual(new Set([vehicle['KUS-02']]));
    const shift = await shiftOf(vehicle['KUS-02'], day('09:30'));

    const removed = await h.http.delete(`/v1/admin/shifts/${shift.id}`).set(auth()).expect(200);
    expect(removed.body.atRisk).toHaveLength(3);
    for (const b of booked) expect((await row(b.id)).status).toBe('at_risk');
    await expectStoredPlansHold();

    // The office sees them, most urgent first, with the reason.
    const list = await h.http.get('/v1/admin/bookings/at-risk').set(auth()).expect(200);
    const ours = list.body.filter((x: { id: string }) => booked.some((b) => b.id === x.id));
    expect(ours.map((x: { id: string }) => x.id)).toEqual(booked.map((b) => b.id));
    expect(ours[0]).toMatchObject({
      reason: { code: 'shift_removed' },
      rider: { name: expect.any(String) },
    });
    // The rider sees it too.

    // Move by hand: a bus out of service cannot, one in service can.
    const refused = await h.http
      .post(`/v1/admin/bookings/${booked[0].id}/move`)
      .set(auth())
      .send({ vehicleId: vehicle['KUS-05'] })
      .expect(409);
    expect(refused.body.code).toBe('vehicle_cannot_keep_promise');
    await h.http
      .patch(`/v1/admin/vehicles/${vehicle['KUS-05']}`)
      .set(auth())
      .send({ active: true })
      .expect(200);
    await h.http
      .post(`/v1/admin/bookings/${booked[0].id}/move`)
      .set(auth())
      .send({ vehicleId: vehicle['KUS-05'] })
      .expect(200);
    const moved = await row(booked[0].id);
    expect(moved).toMatchObject({ status: 'confirmed', vehicle_id: vehicle['KUS-05'] });
    expect(moved.promised_pickup_from.toISOString()).toBe(booked[0].promise.pickupFrom);

    // Cancel with a message.
    const cancelled = await h.http
      .post(`/v1/admin/bookings/${booked[1].id}/cancel-at-risk`)
      .set(auth())
      .send({ message: 'Leider fällt die Fahrt aus. / Sorry, the ride is cancelled.' })
      .expect(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      reason: {
        code: 'cancelled_by_office',
        text: 'Leider fällt die Fahrt aus. / Sorry, the ride is cancelled.',
      },
    });

    // Extend a shift: KUS-03 works its full shift again, and the last one is planned on it.
    const extended = await h.http
      .patch(`/v1/admin/shifts/${other.id}`)
      .set(auth())
      .send({ endsAt: new Date(other.ends_at).toISOString() })
      .expect(200);
    expect(extended.body.placedFromRisk).toBeGreaterThanOrEqual(1);
    expect((await row(booked[2].id)).status).toBe('confirmed');
    await expectStoredPlansHold();
    await h.http
      .post(`/v1/admin/bookings/${booked[2].id}/move`)
      .set(auth())
      .send({ vehicleId: vehicle['KUS-02'] })
      .expect(409);
  });

  it('a breakdown reported by the driver over the gateway re-plans the bookings not yet aboard', async () => {
    const gateway = await startGateway(h.config);
    try {
      const v = await vehicleOnShift(h);
      const { riderId } = await h.riderToken('Erwin Wartend');
      const bookingId = await confirmedBooking(h, riderId, v.vehicleId);
      await publishSchedule(
        h,
        v,
        oneRideStops(bookingId, h.stop('ags-07336002'), h.stop('eva-8003481')),
      );
      const driver = await connect(gateway.url, v.token);
      const ack = await driver.request<BreakdownResult>(WsEvent.vehicleBreakdown, {
        note: 'Kupplung defekt',
      });
      driver.close();
      expect(ack).toMatchObject({ ok: true, data: { vehicleId: v.vehicleId, onBoard: [] } });
      const data = (ack as { data: BreakdownResult }).data;
      expect([...data.replanned, ...data.atRisk]).toEqual([bookingId]);
      const r = await row(bookingId);
      if (r.status === 'confirmed') expect(r.vehicle_id).not.toBe(v.vehicleId);
      else expect(r).toMatchObject({ status: 'at_risk', reason_code: 'vehicle_breakdown' });
      const [vehicleRow] = await h.ds.query(`SELECT active FROM vehicles WHERE id = $1`, [
        v.vehicleId,
      ]);
      expect(vehicleRow.active).toBe(false);
      await expectStoredPlansHold();
    } finally {
      await gateway.app.close();
    }
  });

  it('deleting a shift planned by hand that never carried a booking still deletes it', async () => {
    const driver = await h.http
      .post('/v1/admin/drivers')
      .set(auth())
      .send({ name: 'Spät Dienst' })
      .expect(201);
    const created = await h.http
      .post('/v1/admin/shifts')
      .set(auth())
      .send({
        vehicleId: vehicle['KUS-09'],
        driverId: driver.body.id,
        startsAt: weekday(8, '23:05').toISOString(),
        endsAt: weekday(8, '23:55').toISOString(),
      })
      .expect(201);
    await h.http.delete(`/v1/admin/shifts/${created.body.id}`).set(auth()).expect(204);
    expect(await h.ds.query(`SELECT id FROM shifts WHERE id = $1`, [created.body.id])).toEqual([]);
    // A roster day's shift is kept as cancelled, so the nightly roll-forward does not remake it.
    const rostered = await shiftOf(vehicle['KUS-09'], weekday(8, '08:00'));
    const res = await h.http.delete(`/v1/admin/shifts/${rostered.id}`).set(auth()).expect(200);
    expect(res.body.shift).toEqual({ id: rostered.id, state: 'cancelled' });
  });
});
