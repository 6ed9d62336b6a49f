import {
  BookingStatusMessage,
  TripListMessage,
  VehiclePositionEvent,
  WsEvent,
} from '@app/contracts';
import { INestApplication } from '@nestjs/common';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import {
  confirmedBooking,
  connect,
  oneRideStops,
  position,
  publishSchedule,
  startGateway,
  TestClient,
  vehicleOnShift,
} from './realtime-harness';

describe('two realtime gateway processes share rooms through Redis', () => {
  let h: BookingApiHarness;
  let a: { app: INestApplication; url: string };
  let b: { app: INestApplication; url: string };
  const clients: TestClient[] = [];
  const open = async (url: string, token: string) => {
    const c = await connect(url, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    h = await startBookingApi();
    a = await startGateway(h.config);
    b = await startGateway(h.config);
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await a?.app.close();
    await b?.app.close();
    await h?.close();
  });

  it('delivers a driver’s position on gateway A to the rider and office on gateway B, once', async () => {
    expect(a.url).not.toBe(b.url);
    const v = await vehicleOnShift(h);
    const rider = await h.riderToken('Berta');
    const bookingId = await confirmedBooking(h, rider.riderId, v.vehicleId);
    await publishSchedule(
      h,
      v,
      oneRideStops(bookingId, h.stop('ags-07336002'), h.stop('eva-8003481')),
    );
    const riderOnB = await open(b.url, rider.token);
    const officeOnB = await open(b.url, await h.operatorToken());
    const officeOnA = await open(a.url, await h.operatorToken());
    const driverOnA = await open(a.url, v.token);

    expect(await driverOnA.request(WsEvent.vehiclePosition, position(49.52, 7.41))).toMatchObject({
      ok: true,
    });
    const mine = (p: VehiclePositionEvent) => p.vehicleId === v.vehicleId;
    await riderOnB.waitFor(WsEvent.vehiclePosition, mine);
    await officeOnB.waitFor(WsEvent.vehiclePosition, mine);
    await officeOnA.waitFor(WsEvent.vehiclePosition, mine);

    // A status change announced once on Redis reaches the rider on B exactly once.
    const boarded = await driverOnA.request(WsEvent.stopEvent, { type: 'boarded', bookingId });
    expect(boarded).toMatchObject({ ok: true });
    const picked = (m: BookingStatusMessage) =>
      m.bookingId === bookingId && m.status === 'picked_up';
    await riderOnB.waitFor(WsEvent.bookingStatus, picked);
    await officeOnA.waitFor(WsEvent.bookingStatus, picked);
    // Barrier: a later position from A reaches B after any duplicate of the status would have.
    expect(await driverOnA.request(WsEvent.vehiclePosition, position(49.521, 7.411))).toMatchObject(
      {
        ok: true,
      },
    );
    await riderOnB.waitFor(WsEvent.vehiclePosition, (p: VehiclePositionEvent) => p.lat === 49.521);
    expect(riderOnB.of<BookingStatusMessage>(WsEvent.bookingStatus).filter(picked)).toHaveLength(1);
    expect(riderOnB.of<VehiclePositionEvent>(WsEvent.vehiclePosition).filter(mine)).toHaveLength(2);
  });

  it('pushes a trip list to a driver on B when the schedule changes, reconnecting to A later', async () => {
    const v = await vehicleOnShift(h);
    const rider = await h.riderToken('Carl');
    const bookingId = await confirmedBooking(h, rider.riderId, v.vehicleId);
    const driverOnB = await open(b.url, v.token);
    const { version } = await publishSchedule(
      h,
      v,
      oneRideStops(bookingId, h.stop('ags-07336002'), h.stop('eva-8003481')),
    );
    await driverOnB.waitFor<TripListMessage>(WsEvent.tripList, (t) => t.version === version);
    expect(driverOnB.of(WsEvent.tripList)).toHaveLength(1);
    driverOnB.close();
    const driverOnA = await open(a.url, v.token);
    expect(driverOnA.of<TripListMessage>(WsEvent.tripList)).toEqual([
      expect.objectContaining({ vehicleId: v.vehicleId, version }),
    ]);
  });
});
