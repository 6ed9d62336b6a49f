import { AuthSessionService, TokenService } from '@app/auth';
import { AuthExpiredMessage, AuthRefreshResult, SessionReady, WsEvent } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { BookingApiHarness } from '../support/booking-api-harness';
import {
  confirmedBooking,
  connect,
  oneRideStops,
  position,
  publishSchedule,
  TestClient,
  VehicleOnShift,
  vehicleOnShift,
  useGatewaySuite,
} from './realtime-harness';

const QUIET_MS = 1500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Access rules of issue 10 on the realtime gateway, each reproduced as an attacker (or a
 * curious rider) would try it: whose positions a rider hears, and which bookings a driver may
 * change.
 */
describe('realtime gateway: access rules', () => {
  const suite = useGatewaySuite();
  const { open } = suite;
  let h: BookingApiHarness;
  beforeAll(() => ({ h } = suite));

  /** A confirmed booking on the vehicle whose pickup window opens `minutes` from now. */
  async function bookingAhead(riderId: string, vehicleId: string, minutes: number) {
    const [b] = await h.ds.query(
      `INSERT INTO bookings (rider_id, service_area_id, from_stop_id, to_stop_id, time_kind, requested_time,
         passengers, wheelchair_places, status, promised_pickup_from, promised_pickup_to,
         promised_latest_arrival, vehicle_id, channel, created_by, version)
       VALUES ($1, $2, $3, $4, 'depart_at', now() + $6::float8 * interval '1 minute', 1, 0, 'confirmed',
         now() + $6::float8 * interval '1 minute', now() + ($6::float8 + 15) * interval '1 minute',
         now() + ($6::float8 + 60) * interval '1 minute', $5, 'rider', $7, 1) RETURNING id`,
      [
        riderId,
        h.seed.serviceAreaId,
        h.stop('ags-07336002'),
        h.stop('eva-8003481'),
        vehicleId,
        minutes,
        riderId,
      ],
    );
    return b.id as string;
  }

  /** Another shift of the same vehicle, tomorrow, with another driver and its own schedule. */
  async function tomorrowsShift(v: VehicleOnShift, bookingId: string) {
    const [d] = await h.ds.query(
      `INSERT INTO drivers (county_id, name) VALUES ($1, 'Morgen') RETURNING id`,
      [h.seed.countyId],
    );
    const [s] = await h.ds.query(
      `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at)
       VALUES ($1, $2, now() + interval '1 day', now() + interval '1 day 6 hours') RETURNING id`,
      [v.vehicleId, d.id],
    );
    await h.ds.query(
      `INSERT INTO vehicle_schedules (vehicle_id, shift_id, stops, version) VALUES ($1, $2, $3, 1)`,
      [
        v.vehicleId,
        s.id,
        JSON.stringify(oneRideStops(bookingId, h.stop('ags-07336002'), h.stop('eva-8003481'))),
      ],
    );
  }

  const statusOf = async (bookingId: string) =>
    (await h.ds.query(`SELECT status FROM bookings WHERE id = $1`, [bookingId]))[0].status;

  it('does not let today’s driver mark a booking of tomorrow’s shift on the same vehicle', async () => {
    const v = await vehicleOnShift(h);
    const rider = await h.riderToken('Morgenfahrerin');
    const tomorrow = await bookingAhead(rider.riderId, v.vehicleId, 24 * 60 + 60);
    await tomorrowsShift(v, tomorrow);
    const today = await confirmedBooking(h, rider.riderId, v.vehicleId);
    await publishSchedule(h, v, oneRideStops(today, h.stop('ags-07336002'), h.stop('eva-8003481')));
    const driver = await open(v.token);

    for (const type of ['no_show', 'boarded']) {
      const ack = await driver.request(WsEvent.stopEvent, { type, bookingId: tomorrow });
      expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    expect(await statusOf(tomorrow)).toBe('confirmed');

    // Today's booking, in this shift's schedule, is the driver's to report.
    const ok = await driver.request(WsEvent.stopEvent, { type: 'boarded', bookingId: today });
    expect(ok).toMatchObject({ ok: true });
    expect(await statusOf(today)).toBe('picked_up');
  });

  it('sends a rider no positions of a vehicle whose booking is days ahead', async () => {
    const v = await vehicleOnShift(h);
    const rider = await h.riderToken('Zehn Tage');
    const later = await bookingAhead(rider.riderId, v.vehicleId, 10 * 24 * 60);
    const riderClient = await open(rider.token);
    const driver = await open(v.token);

    expect(riderClient.of<SessionReady>(WsEvent.sessionReady)[0].bookingIds).toEqual([]);
    const sub = await riderClient.request(WsEvent.subscribe, { bookingId: later });
    expect(sub).toMatchObject({ ok: true, data: { position: null, eta: null } });
    expect(await driver.request(WsEvent.vehiclePosition, position(49.53, 7.39))).toMatchObject({
      ok: true,
    });
    await sleep(QUIET_MS);
    expect(riderClient.of(WsEvent.vehiclePosition)).toEqual([]);

    // The same rider with a ride starting shortly hears the vehicle while that ride is live.
    const soon = await bookingAhead(rider.riderId, v.vehicleId, 5);
    const again = await open(rider.token);
    expect(again.of<SessionReady>(WsEvent.sessionReady)[0].bookingIds).toEqual([soon]);
    await driver.request(WsEvent.vehiclePosition, position(49.531, 7.391, Date.now() + 1));
    await again.waitFor(WsEvent.vehiclePosition);
  });

  it('starts a rider’s position stream when the pickup window comes near, while connected', async () => {
    const v = await vehicleOnShift(h);
    const rider = await h.riderToken('Gleich');
    const lead = h.config.RIDER_TRACKING_LEAD_MIN;
    // Live in about 2 seconds.
    await bookingAhead(rider.riderId, v.vehicleId, lead + 2 / 60);
    const riderClient = await open(rider.token);
    const driver = await open(v.token);
    expect(await driver.request(WsEvent.vehiclePosition, position(49.53, 7.39))).toMatchObject({
      ok: true,
    });
    await sleep(500);
    expect(riderClient.of(WsEvent.vehiclePosition)).toEqual([]);
    await riderClient.waitFor(WsEvent.vehiclePosition);
  });

  it('never sends a rider another rider’s booking on the same vehicle', async () => {
    const v = await vehicleOnShift(h);
    const anna = await h.riderToken('Anna');
    const bert = await h.riderToken('Bert');
    const annas = await confirmedBooking(h, anna.riderId, v.vehicleId);
    const berts = await confirmedBooking(
      h,
      bert.riderId,
      v.vehicleId,
      'eva-8003481',
      'ags-07336002',
      -5,
    );
    const stops = oneRideStops(annas, h.stop('ags-07336002'), h.stop('eva-8003481'));
    stops[0].pickups.push(berts);
    stops[1].dropoffs.push(berts);
    await publishSchedule(h, v, stops);
    const annaClient = await open(anna.token);
    const driver = await open(v.token);
    await driver.request(WsEvent.stopEvent, { type: 'no_show', bookingId: berts });
    await driver.request(WsEvent.stopEvent, { type: 'boarded', bookingId: annas });
    await annaClient.waitFor<{ bookingId: string }>(
      WsEvent.bookingStatus,
      (m) => m.bookingId === annas && (m as { status?: string }).status === 'picked_up',
    );
    const seen = JSON.stringify(annaClient.received);
    expect(seen).not.toContain(berts);
    expect(seen).not.toContain('Bert');
  });
});

describe('realtime gateway: a token that expires on an open socket', () => {
  const suite = useGatewaySuite({ SOCKET_REAUTH_GRACE_S: '1' });
  const { open } = suite;
  let h: BookingApiHarness;
  beforeAll(() => ({ h } = suite));

  /** A rider riding now, with a token that lives `ttlS` seconds, and the vehicle's driver. */
  async function ridingNow(ttlS: number) {
    const v = await vehicleOnShift(h);
    const rider = await h.riderToken('Kurzzeit');
    await confirmedBooking(h, rider.riderId, v.vehicleId);
    const tokens = h.app.get(TokenService);
    const principal = tokens.verify(rider.token);
    return {
      driver: await open(v.token),
      shortToken: tokens.sign(principal, ttlS),
      freshToken: tokens.sign(principal, 3600),
      otherToken: (await h.riderToken('Jemand anderes')).token,
    };
  }

  const disconnected = (c: TestClient) =>
    new Promise<void>((resolve) =>
      c.socket.connected ? c.socket.once('disconnect', () => resolve()) : resolve(),
    );

  it('tells the socket, sends it nothing more, and disconnects it', async () => {
    const { driver, shortToken } = await ridingNow(2);
    const rider = await open(shortToken);
    const expired = await rider.waitFor<AuthExpiredMessage>(WsEvent.authExpired);
    expect(expired).toMatchObject({ code: 'token_expired', graceS: 1 });
    const before = rider.of(WsEvent.vehiclePosition).length;
    await driver.request(WsEvent.vehiclePosition, position(49.53, 7.39));
    const refused = await rider.request(WsEvent.subscribe, { bookingId: randomUUID() });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await disconnected(rider);
    expect(rider.socket.connected).toBe(false);
    expect(rider.of(WsEvent.vehiclePosition).length).toBe(before);
  });

  it('keeps the session when a fresh token arrives over the socket before expiry', async () => {
    const { driver, shortToken, freshToken, otherToken } = await ridingNow(2);
    const rider = await open(shortToken);
    const wrong = await rider.request(WsEvent.authRefresh, { token: otherToken });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const forged = await rider.request(WsEvent.authRefresh, { token: `${freshToken}x` });
    expect(forged).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const ack = await rider.request<AuthRefreshResult>(WsEvent.authRefresh, {
      token: freshToken,
    });
    expect(ack).toMatchObject({ ok: true, data: { expiresAt: expect.any(String) } });
    await sleep(3000); // past the first token's expiry and the grace
    expect(rider.socket.connected).toBe(true);
    expect(rider.of(WsEvent.authExpired)).toEqual([]);
    await driver.request(WsEvent.vehiclePosition, position(49.54, 7.4));
    await rider.waitFor(WsEvent.vehiclePosition, (p: { lat: number }) => p.lat === 49.54);
  });

  it('takes a fresh token after expiry within the grace and resumes the stream', async () => {
    const { driver, shortToken, freshToken } = await ridingNow(2);
    const rider = await open(shortToken);
    await rider.waitFor(WsEvent.authExpired);
    const ack = await rider.request(WsEvent.authRefresh, { token: freshToken });
    expect(ack).toMatchObject({ ok: true });
    expect(rider.of(WsEvent.sessionReady)).toHaveLength(2);
    await sleep(1500); // past the grace
    expect(rider.socket.connected).toBe(true);
    await driver.request(WsEvent.vehiclePosition, position(49.55, 7.41));
    await rider.waitFor(WsEvent.vehiclePosition, (p: { lat: number }) => p.lat === 49.55);
  });
});

describe('realtime gateway: a driver connection is bound to the shift running now', () => {
  const suite = useGatewaySuite();
  const { clients } = suite;
  let h: BookingApiHarness;
  let url: string;
  beforeAll(() => ({ h, url } = suite));

  it('leaves the vehicle of a shift that ended and follows the driver’s next shift', async () => {
    const v = await vehicleOnShift(h);
    // This shift ends in 2 s; the same driver's next shift, on another vehicle, starts then.
    await h.ds.query(`UPDATE shifts SET ends_at = now() + interval '2 seconds' WHERE id = $1`, [
      v.shiftId,
    ]);
    const [other] = await h.ds.query(
      `INSERT INTO vehicles (county_id, call_sign, seats, wheelchair_places, home_depot_stop_id)
       VALUES ($1, $2, 8, 0, $3) RETURNING id`,
      [h.seed.countyId, `N-${randomUUID().slice(0, 8)}`, h.stop('eva-8003481')],
    );
    const [next] = await h.ds.query(
      `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at)
       SELECT $1, $2, ends_at, ends_at + interval '6 hours' FROM shifts WHERE id = $3 RETURNING id`,
      [other.id, v.driverId, v.shiftId],
    );
    const driver = await connect(url, v.token);
    clients.push(driver);
    expect(driver.of<SessionReady>(WsEvent.sessionReady)[0].vehicleId).toBe(v.vehicleId);

    expect(await driver.waitFor<{ shiftId: string }>(WsEvent.shiftEnded)).toEqual({
      shiftId: v.shiftId,
    });
    await driver.waitFor<SessionReady>(WsEvent.sessionReady, (r) => r.vehicleId === other.id);
    expect(next.id).toBeTruthy();
    // Positions now move the vehicle of the new shift, never the old one.
    const ack = await driver.request(WsEvent.vehiclePosition, position(49.53, 7.39));
    expect(ack).toMatchObject({ ok: true, data: { vehicleId: other.id } });
  });

  // A position with a token the gateway has just refused is not taken either, not even for the
  // driver's new shift on the same vehicle: neither stored nor sent to the office.
  it('takes no position from a token whose shift was replaced', async () => {
    const v = await vehicleOnShift(h);
    const { accessToken } = await h.app
      .get(AuthSessionService)
      .start({ sub: v.driverId, role: 'driver', countyId: h.seed.countyId, shiftId: v.shiftId });
    const officeToken = await h.operatorToken();
    const office = await connect(url, officeToken);
    clients.push(office);
    const driver = await connect(url, accessToken);
    clients.push(driver);

    await h.ds.query(`DELETE FROM shifts WHERE id = $1`, [v.shiftId]);
    await h.ds.query(
      `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at)
       VALUES ($1, $2, now() - interval '1 minute', now() + interval '6 hours')`,
      [v.vehicleId, v.driverId],
    );
    const ack = await driver
      .request(WsEvent.vehiclePosition, position(49.5123, 7.39))
      .catch(() => ({ ok: false }));
    expect(ack.ok).toBe(false);
    expect((await driver.waitFor<{ code: string }>(WsEvent.error)).code).toBe('shift_changed');
    await sleep(QUIET_MS);
    const ofVehicle = (c: TestClient) =>
      c
        .of<{ vehicleId: string }>(WsEvent.vehiclePosition)
        .filter((p) => p.vehicleId === v.vehicleId);
    expect(ofVehicle(office)).toEqual([]);
    // Nor stored: an office screen opened now gets no latest position of the vehicle.
    const later = await connect(url, officeToken);
    clients.push(later);
    expect(ofVehicle(later)).toEqual([]);
  });

  // Signed in early for the next shift (on another vehicle) while the earlier one still runs:
  // that token moves no vehicle until its own shift begins, least of all the earlier one's.
  it('takes no position for the running shift from a token signed in for the next one', async () => {
    const v = await vehicleOnShift(h);
    await h.ds.query(`UPDATE shifts SET ends_at = now() + interval '5 minutes' WHERE id = $1`, [
      v.shiftId,
    ]);
    const [other] = await h.ds.query(
      `INSERT INTO vehicles (county_id, call_sign, seats, wheelchair_places, home_depot_stop_id)
       VALUES ($1, $2, 8, 0, $3) RETURNING id`,
      [h.seed.countyId, `F-${randomUUID().slice(0, 8)}`, h.stop('eva-8003481')],
    );
    const [next] = await h.ds.query(
      `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at)
       VALUES ($1, $2, now() + interval '10 minutes', now() + interval '5 hours') RETURNING id`,
      [other.id, v.driverId],
    );
    const { accessToken } = await h.app
      .get(AuthSessionService)
      .start({ sub: v.driverId, role: 'driver', countyId: h.seed.countyId, shiftId: next.id });
    const driver = await connect(url, accessToken);
    clients.push(driver);
    expect(driver.of<SessionReady>(WsEvent.sessionReady)[0].vehicleId).toBeNull();

    const ack = await driver.request(WsEvent.vehiclePosition, position(49.5124, 7.39));
    expect(ack).toMatchObject({ ok: false, error: { code: 'no_current_shift' } });
  });

  // Issue 10: a driver signed in by phone holds a token bound to one shift. Once the office
  // takes that shift away (and gives the driver another), the token neither reports at stops
  // nor receives a trip list, even for the same vehicle: the driver signs in again.
  it('refuses stop events and the trip list once the token’s shift was replaced', async () => {
    const v = await vehicleOnShift(h);
    // What sign-in by phone code starts for the driver of this shift.
    const { accessToken } = await h.app
      .get(AuthSessionService)
      .start({ sub: v.driverId, role: 'driver', countyId: h.seed.countyId, shiftId: v.shiftId });
    const driver = await connect(url, accessToken);
    clients.push(driver);
    expect(driver.of<SessionReady>(WsEvent.sessionReady)[0].vehicleId).toBe(v.vehicleId);

    // The office deletes the shift and plans a new one, same driver and vehicle, with a ride.
    await h.ds.query(`DELETE FROM shifts WHERE id = $1`, [v.shiftId]);
    const [next] = await h.ds.query(
      `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at)
       VALUES ($1, $2, now() - interval '1 minute', now() + interval '6 hours') RETURNING id`,
      [v.vehicleId, v.driverId],
    );
    const rider = await h.riderToken('Neue Schicht');
    const booking = await confirmedBooking(h, rider.riderId, v.vehicleId);
    await publishSchedule(
      h,
      { ...v, shiftId: next.id },
      oneRideStops(booking, h.stop('ags-07336002'), h.stop('eva-8003481')),
    );

    // The report is not taken: the connection is told why and closed before it counts.
    const ack = await driver
      .request(WsEvent.stopEvent, { type: 'boarded', bookingId: booking })
      .catch(() => ({ ok: false }));
    expect(ack.ok).toBe(false);
    expect((await driver.waitFor<{ code: string }>(WsEvent.error)).code).toBe('shift_changed');
    expect(driver.socket.connected).toBe(false);
    const [row] = await h.ds.query(`SELECT status FROM bookings WHERE id = $1`, [booking]);
    expect(row.status).toBe('confirmed');

    // A new connection with the old token is told why and closed, without the new trip list.
    const socket = io(url, {
      auth: { token: accessToken },
      transports: ['websocket'],
      reconnection: false,
    });
    const again = new TestClient(socket);
    clients.push(again);
    const error = await again.waitFor<{ code: string }>(WsEvent.error);
    expect(error.code).toBe('shift_changed');
    await new Promise<void>((resolve) =>
      socket.disconnected ? resolve() : socket.once('disconnect', () => resolve()),
    );
    expect(again.of(WsEvent.tripList)).toEqual([]);
    expect(again.of(WsEvent.sessionReady)).toEqual([]);
  });
});
