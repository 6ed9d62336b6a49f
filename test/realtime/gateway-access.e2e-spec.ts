import { WsEvent, WsErrorBody } from '@app/contracts';
import { io } from 'socket.io-client';
import { BookingApiHarness } from '../support/booking-api-harness';
import {
  confirmedBooking,
  position,
  TestClient,
  vehicleOnShift,
  useGatewaySuite,
} from './realtime-harness';

describe('realtime gateway: who may connect, subscribe and send', () => {
  const suite = useGatewaySuite();
  const { open } = suite;
  let h: BookingApiHarness;
  let url: string;
  beforeAll(() => ({ h, url } = suite));

  async function refusedWith(auth: Record<string, unknown>): Promise<WsErrorBody> {
    const socket = io(url, { auth, transports: ['websocket'], reconnection: false });
    const client = new TestClient(socket);
    const error = await client.waitFor<WsErrorBody>(WsEvent.error);
    await new Promise<void>((resolve) =>
      socket.connected ? socket.once('disconnect', () => resolve()) : resolve(),
    );
    expect(socket.connected).toBe(false);
    expect(client.of(WsEvent.sessionReady)).toEqual([]);
    socket.close();
    return error;
  }

  it('refuses a handshake without a token, with a forged one and with garbage', async () => {
    expect(await refusedWith({})).toMatchObject({ code: 'unauthorized' });
    const { token } = await h.riderToken();
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await refusedWith({ token: forged })).toMatchObject({ code: 'unauthorized' });
    expect(await refusedWith({ token: 'not-a-jwt' })).toMatchObject({ code: 'unauthorized' });
  });

  it('lets a rider follow their own booking but never another rider’s', async () => {
    const v = await vehicleOnShift(h);
    const anna = await h.riderToken('Anna');
    const bert = await h.riderToken('Bert');
    const annasBooking = await confirmedBooking(h, anna.riderId, v.vehicleId);
    const bertClient = await open(bert.token);

    const refused = await bertClient.request(WsEvent.subscribe, { bookingId: annasBooking });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'not_found' }) });
    const garbage = await bertClient.request(WsEvent.subscribe, { bookingId: 'x' });
    expect(garbage).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const missing = await bertClient.request(WsEvent.subscribe, {});
    expect(missing).toMatchObject({ ok: false, error: { code: 'required', field: 'bookingId' } });

    const annaClient = await open(anna.token);
    const own = await annaClient.request(WsEvent.subscribe, { bookingId: annasBooking });
    expect(own).toMatchObject({
      ok: true,
      data: { booking: { bookingId: annasBooking, status: 'confirmed', vehicleId: v.vehicleId } },
    });

    // Bert still hears nothing of Anna's vehicle: positions go to Anna only.
    const driver = await open(v.token);
    expect(await driver.request(WsEvent.vehiclePosition, position(49.54, 7.4))).toMatchObject({
      ok: true,
    });
    await annaClient.waitFor(
      WsEvent.vehiclePosition,
      (p: { vehicleId: string }) => p.vehicleId === v.vehicleId,
    );
    expect(bertClient.of(WsEvent.vehiclePosition)).toEqual([]);
  });

  it('refuses bad and out-of-order positions with the field and a reason', async () => {
    const v = await vehicleOnShift(h);
    const driver = await open(v.token);
    const t = Date.now();
    const cases: Array<[unknown, string, string]> = [
      [{ lon: 7.4, time: t }, 'lat', 'required'],
      [{ ...position(95, 7.4, t) }, 'lat', 'out_of_range'],
      [{ ...position(49.5, 7.4, t), speed: 'fast' }, 'speed', 'not_a_number'],
      [{ ...position(49.5, 7.4, t), time: 'now' }, 'time', 'invalid_time'],
      [position(49.5, 7.4, t + 3_600_000), 'time', 'time_in_future'],
      ['49.5,7.4', '(body)', 'invalid_body'],
    ];
    for (const [input, field, code] of cases) {
      const ack = await driver.request(WsEvent.vehiclePosition, input);
      expect(ack).toEqual({ ok: false, error: { code, field, reason: expect.any(String) } });
    }
    expect(await driver.request(WsEvent.vehiclePosition, position(49.5, 7.4, t))).toEqual({
      ok: true,
      data: { vehicleId: v.vehicleId, at: new Date(t).toISOString() },
    });
    for (const older of [t, t - 1000]) {
      const ack = await driver.request(WsEvent.vehiclePosition, position(49.5, 7.41, older));
      expect(ack).toMatchObject({ ok: false, error: { code: 'out_of_order', field: 'time' } });
    }
    expect(
      await driver.request(WsEvent.vehiclePosition, position(49.5, 7.41, t + 1000)),
    ).toMatchObject({
      ok: true,
    });
  });

  it('lets only a driver on shift send positions, and only for the shift’s vehicle', async () => {
    const [d] = await h.ds.query(
      `INSERT INTO drivers (county_id, name) VALUES ($1, 'ohne Schicht') RETURNING id`,
      [h.seed.countyId],
    );
    const res = await h.http.post('/v1/dev/tokens').send({ role: 'driver', subject: d.id });
    const offShift = await open(res.body.token);
    expect(await offShift.request(WsEvent.vehiclePosition, position(49.5, 7.4))).toMatchObject({
      ok: false,
      error: { code: 'no_current_shift' },
    });
    expect(offShift.of(WsEvent.sessionReady)).toEqual([
      expect.objectContaining({ vehicleId: null }),
    ]);

    const rider = await open((await h.riderToken()).token);
    expect(await rider.request(WsEvent.vehiclePosition, position(49.5, 7.4))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const v = await vehicleOnShift(h);
    const driver = await open(v.token);
    expect(driver.of(WsEvent.sessionReady)).toEqual([
      expect.objectContaining({ role: 'driver', vehicleId: v.vehicleId }),
    ]);
    // The vehicle comes from the shift, never from the message.
    const ack = await driver.request(WsEvent.vehiclePosition, {
      ...position(49.5, 7.4),
      vehicleId: 'other',
    });
    expect(ack).toMatchObject({ ok: true, data: { vehicleId: v.vehicleId } });
  });

  it('refuses a flood of positions from one vehicle: a burst, then about two a second', async () => {
    // Once unlimited: one driver token pushed a thousand positions a second to every office
    // screen of the county and the vehicle's riders.
    const v = await vehicleOnShift(h);
    const driver = await open(v.token);
    const start = Date.now() - 5 * 60_000;
    const codes: string[] = [];
    for (let i = 0; i < 40; i++) {
      const ack = await driver.request(
        WsEvent.vehiclePosition,
        position(49.5, 7.4, start + i * 1000),
      );
      codes.push(ack.ok ? 'ok' : ack.error.code);
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('ok'));
    expect(codes).toContain('too_frequent');
    expect(codes.filter((c) => c !== 'ok' && c !== 'too_frequent')).toEqual([]);
    expect(driver.socket.connected).toBe(true);
  });

  it('closes a connection that sends a message far larger than any of the protocol', async () => {
    // socket.io's default took 1 MB messages from anyone with a session and parsed them.
    const v = await vehicleOnShift(h);
    const driver = await open(v.token);
    const closed = new Promise<string>((resolve) => driver.socket.once('disconnect', resolve));
    const answer = driver.socket
      .timeout(5000)
      .emitWithAck(WsEvent.vehiclePosition, { ...position(49.5, 7.4), pad: 'x'.repeat(100_000) })
      .catch(() => 'no answer');
    expect(await Promise.race([closed, answer])).toBe('transport close');
    // A message of the protocol's size still goes through on a new connection.
    const again = await open(v.token);
    expect(
      await again.request(WsEvent.vehiclePosition, {
        ...position(49.5, 7.4, Date.now() + 1000),
        pad: 'x'.repeat(2_000),
      }),
    ).toMatchObject({ ok: true });
  });
});
