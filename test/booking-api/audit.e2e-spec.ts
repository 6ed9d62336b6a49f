import { TokenService } from '@app/auth';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';

/** The audit trail of the transport office's writes: who, when, before and after. */
describe('audit trail', () => {
  let h: BookingApiHarness;
  let op: string;
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
  const audit = (t: string, query = '') =>
    h.http.get(`/v1/admin/audit${query}`).set(auth(t)).expect(200);

  beforeAll(async () => {
    h = await startBookingApi();
    op = h.app
      .get(TokenService)
      .sign({ sub: 'local:op-anna', role: 'operator', countyId: h.seed.countyId, name: 'anna@kv' });
  });
  afterAll(() => h?.close());

  it('records a stop change with who, when, and the values before and after', async () => {
    const stopId = h.stop('ags-07336002');
    await h.http
      .patch(`/v1/admin/stops/${stopId}`)
      .set(auth(op))
      .send({ name: 'Albessen, Dorfplatz' })
      .expect(200);
    const res = await audit(op, '?entityType=stop');
    expect(res.body.total).toBe(1);
    const [entry] = res.body.items;
    expect(entry).toMatchObject({
      actor: { sub: 'local:op-anna', role: 'operator', name: 'anna@kv' },
      countyId: h.seed.countyId,
      action: 'stop.update',
      entityId: stopId,
      before: { name: 'Albessen, Ortsmitte' },
      after: { name: 'Albessen, Dorfplatz' },
    });
    expect(Date.now() - new Date(entry.at).getTime()).toBeLessThan(3600_000);
  });

  it('records publishing the live service area, fleet and shift writes', async () => {
    await h.http
      .patch(`/v1/admin/service-areas/${h.seed.serviceAreaId}`)
      .set(auth(op))
      .send({ pickupWindowMin: 12 })
      .expect(200);
    const bus = await h.http
      .post('/v1/admin/vehicles')
      .set(auth(op))
      .send({
        callSign: 'KUS-AUD',
        seats: 6,
        wheelchairPlaces: 1,
        homeDepotStopId: h.stop('eva-8003481'),
      })
      .expect(201);
    const driver = await h.http
      .post('/v1/admin/drivers')
      .set(auth(op))
      .send({ name: 'Karl Audit', phone: '0160 555 0299' })
      .expect(201);
    const start = nextWeekdayAt('06:00');
    const shift = await h.http
      .post('/v1/admin/shifts')
      .set(auth(op))
      .send({
        vehicleId: bus.body.id,
        driverId: driver.body.id,
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 4 * 3600_000).toISOString(),
      })
      .expect(201);
    await h.http.delete(`/v1/admin/shifts/${shift.body.id}`).set(auth(op));

    const items = (await audit(op)).body.items as {
      action: string;
      entityId: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }[];
    const publish = items.find((e) => e.action === 'service_area.publish')!;
    expect(publish.before).toMatchObject({ status: 'active' });
    expect(publish.before!.pickupWindowMin).not.toBe(12);
    expect(publish.after).toMatchObject({ pickupWindowMin: 12 });
    expect(items.find((e) => e.action === 'vehicle.create')).toMatchObject({
      entityId: bus.body.id,
      before: null,
      after: { callSign: 'KUS-AUD' },
    });
    expect(items.find((e) => e.action === 'driver.create')?.entityId).toBe(driver.body.id);
    expect(items.find((e) => e.action === 'shift.create')?.entityId).toBe(shift.body.id);
    expect(items.some((e) => e.entityId === shift.body.id && e.action !== 'shift.create')).toBe(
      true,
    );
  });

  it('records bookings made for a caller and their cancellation, not riders’ own', async () => {
    const rider = await h.riderToken('Herta Anruf');
    const body = {
      fromStopId: h.stop('ags-07336002'),
      toStopId: h.stop('eva-8003481'),
      timeKind: 'depart_at',
      time: nextWeekdayAt('07:40').toISOString(),
      passengers: 1,
    };
    await h.http.post('/v1/bookings').set(auth(rider.token)).send(body).expect(201);
    const booked = await h.http
      .post('/v1/bookings')
      .set(auth(op))
      // The way back: the same rider cannot be booked twice at one time.
      .send({
        ...body,
        fromStopId: body.toStopId,
        toStopId: body.fromStopId,
        time: nextWeekdayAt('11:40').toISOString(),
        riderId: rider.riderId,
      })
      .expect(201);
    await h.http
      .post(`/v1/bookings/${booked.body.id}/cancel`)
      .set(auth(op))
      .send({ reason: 'caller rang again' })
      .expect(200);
    const res = await audit(op, '?entityType=booking');
    expect(res.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'booking.cancel',
      'booking.create',
    ]);
    const cancel = res.body.items.find((e: { action: string }) => e.action === 'booking.cancel');
    expect(cancel.before.status).not.toBe('cancelled');
    expect(cancel.after.status).toBe('cancelled');
    expect(cancel.countyId).toBe(h.seed.countyId);
  });

  it('filters, pages, and keeps each county to itself', async () => {
    const page = await audit(op, '?limit=1&offset=1');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThan(3);
    const byAction = await audit(op, '?action=stop.update');
    expect(byAction.body.items.every((e: { action: string }) => e.action === 'stop.update')).toBe(
      true,
    );
    const byActor = await audit(op, '?actor=anna');
    expect(byActor.body.total).toBe(page.body.total);

    const elsewhere = h.app
      .get(TokenService)
      .sign({ sub: 'op-b', role: 'operator', countyId: '00000000-0000-4000-8000-000000000001' });
    expect((await audit(elsewhere)).body.total).toBe(0);
    const admin = h.app.get(TokenService).sign({ sub: 'admin-1', role: 'admin' });
    expect((await audit(admin)).body.total).toBe(page.body.total);

    const bad = await h.http.get('/v1/admin/audit?from=yesterday').set(auth(op)).expect(400);
    expect(JSON.stringify(bad.body.errors)).toMatch(/from/);
    // Riders and drivers have no access.
    const rider = await h.riderToken();
    await h.http.get('/v1/admin/audit').set(auth(rider.token)).expect(403);
  });
});
