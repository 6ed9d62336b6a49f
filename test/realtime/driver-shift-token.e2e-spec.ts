import { AuthSessionService } from '@app/auth';
import { SessionReady, WsEvent } from '@app/contracts';
import { INestApplication } from '@nestjs/common';
import { io } from 'socket.io-client';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import {
  confirmedBooking,
  connect,
  oneRideStops,
  publishSchedule,
  startGateway,
  TestClient,
  vehicleOnShift,
} from './realtime-harness';

/**
 * Issue 10: a driver signed in by phone holds a token bound to one shift. Once the office takes
 * that shift away (and gives the driver another), the token neither reports at stops nor
 * receives a trip list, even for the same vehicle: the driver signs in again.
 */
describe('realtime gateway: a driver token acts only for the shift it was signed in for', () => {
  let h: BookingApiHarness;
  let gateway: INestApplication;
  let url: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    h = await startBookingApi();
    ({ app: gateway, url } = await startGateway(h.config));
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await gateway?.close();
    await h?.close();
  });

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
