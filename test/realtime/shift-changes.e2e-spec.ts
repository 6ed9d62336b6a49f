import { WsEvent } from '@app/contracts';
import { INestApplication } from '@nestjs/common';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import { connect, position, startGateway, TestClient, vehicleOnShift } from './realtime-harness';

/**
 * The gateway keeps a driver's current shift for 30 s (positions arrive every second); a shift
 * the office deletes or ends must stop the driver's positions at once, not up to 30 s later.
 */
describe('realtime gateway: the office changes a driver’s shift', () => {
  let h: BookingApiHarness;
  let gateway: INestApplication;
  let url: string;
  let operator: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    h = await startBookingApi();
    ({ app: gateway, url } = await startGateway(h.config));
    operator = await h.operatorToken();
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await gateway?.close();
    await h?.close();
  });

  /** Sends a position; resolves with `ok` or the error code. */
  const send = async (driver: TestClient, lat: number) => {
    const ack = await driver.request<{ vehicleId: string }>(
      WsEvent.vehiclePosition,
      position(lat, 7.39),
    );
    return ack.ok ? 'ok' : ack.error.code;
  };

  it('refuses the next position after the office deleted the running shift, and tells the driver', async () => {
    const shift = await vehicleOnShift(h);
    const driver = await connect(url, shift.token);
    clients.push(driver);
    expect(await send(driver, 49.53)).toBe('ok'); // the gateway now holds the shift

    await h.http
      .delete(`/v1/admin/shifts/${shift.shiftId}`)
      .set('Authorization', `Bearer ${operator}`)
      .expect(204);
    await driver.waitFor(
      WsEvent.shiftEnded,
      (m: { shiftId: string }) => m.shiftId === shift.shiftId,
    );
    expect(await send(driver, 49.531)).toBe('no_current_shift');
  });

  it('refuses the next position after the office moved the running shift’s end to now', async () => {
    const shift = await vehicleOnShift(h);
    const driver = await connect(url, shift.token);
    clients.push(driver);
    expect(await send(driver, 49.54)).toBe('ok');

    await h.http
      .patch(`/v1/admin/shifts/${shift.shiftId}`)
      .set('Authorization', `Bearer ${operator}`)
      .send({ endsAt: new Date(Date.now() - 1000).toISOString() })
      .expect(200);
    await driver.waitFor(
      WsEvent.shiftEnded,
      (m: { shiftId: string }) => m.shiftId === shift.shiftId,
    );
    expect(await send(driver, 49.541)).toBe('no_current_shift');
  });

  it('lets a connected driver without a shift send as soon as the office plans one for now', async () => {
    const shift = await vehicleOnShift(h);
    await h.ds.query(`DELETE FROM shifts WHERE id = $1`, [shift.shiftId]);
    const driver = await connect(url, shift.token);
    clients.push(driver);
    expect(await send(driver, 49.56)).toBe('no_current_shift'); // the gateway now holds "none"
    await h.http
      .post('/v1/admin/shifts')
      .set('Authorization', `Bearer ${operator}`)
      .send({
        vehicleId: shift.vehicleId,
        driverId: shift.driverId,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
      })
      .expect(201);
    let code = await send(driver, 49.561);
    // The announcement travels through Redis pub/sub; far less than the 30 s the cache holds.
    for (let i = 0; i < 20 && code !== 'ok'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      code = await send(driver, 49.561);
    }
    expect(code).toBe('ok');
  });

  it('keeps a driver sending whose shift was only moved later', async () => {
    const shift = await vehicleOnShift(h);
    const driver = await connect(url, shift.token);
    clients.push(driver);
    expect(await send(driver, 49.55)).toBe('ok');
    await h.http
      .patch(`/v1/admin/shifts/${shift.shiftId}`)
      .set('Authorization', `Bearer ${operator}`)
      .send({ endsAt: new Date(Date.now() + 7 * 3600_000).toISOString() })
      .expect(200);
    await new Promise((r) => setTimeout(r, 1100)); // one position a second at most
    expect(await send(driver, 49.551)).toBe('ok');
    expect(driver.of(WsEvent.shiftEnded)).toEqual([]);
  });
});
