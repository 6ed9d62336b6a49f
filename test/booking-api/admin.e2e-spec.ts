import { MIGRATIONS } from '@app/persistence';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';

describe('booking API: the transport office manages its service', () => {
  let h: BookingApiHarness;
  let op: string;
  let rider: { token: string; riderId: string };
  const auth = () => ({ Authorization: `Bearer ${op}` });

  beforeAll(async () => {
    h = await startBookingApi();
    op = await h.operatorToken();
    rider = await h.riderToken();
  });
  afterAll(() => h.close());

  const square = (lon0: number, lat0: number, lon1: number, lat1: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [lon0, lat0],
        [lon1, lat0],
        [lon1, lat1],
        [lon0, lat1],
        [lon0, lat0],
      ],
    ],
  });

  it('keeps riders and drivers out of the admin API', async () => {
    await h.http
      .get('/v1/admin/service-areas')
      .set('Authorization', `Bearer ${rider.token}`)
      .expect(403);
    await h.http.get('/v1/admin/service-areas').expect(401);
  });

  it('creates a draft service area, tunes its pooling rules and activates it', async () => {
    const created = await h.http
      .post('/v1/admin/service-areas')
      .set(auth())
      .send({
        name: 'Testgebiet',
        geometry: square(7.0, 49.0, 7.1, 49.1),
        operatingHours: { mon: [{ start: '06:00', end: '20:00' }] },
      })
      .expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      pickupWindowMin: 15,
      maxRideFactor: 1.5,
      bookingHorizonDays: 14,
    });
    const tuned = await h.http
      .patch(`/v1/admin/service-areas/${created.body.id}`)
      .set(auth())
      .send({ pickupWindowMin: 10, maxRideFactor: 1.8, maxRideExtraMin: 5, status: 'active' })
      .expect(200);
    expect(tuned.body).toMatchObject({
      status: 'active',
      pickupWindowMin: 10,
      maxRideFactor: 1.8,
      maxRideExtraMin: 5,
    });
    const list = await h.http.get('/v1/admin/service-areas').set(auth()).expect(200);
    expect(list.body.map((a: { name: string }) => a.name)).toEqual([
      'Landkreis Kusel',
      'Testgebiet',
    ]);
  });

  it('refuses bad geometry, hours and numbers, naming the field', async () => {
    const res = await h.http
      .post('/v1/admin/service-areas')
      .set(auth())
      .send({
        name: 'Kaputt',
        geometry: { type: 'Point', coordinates: [7, 49] },
        operatingHours: { mon: [{ start: '22:00', end: '06:00' }] },
      })
      .expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'geometry',
      'operatingHours.mon[0]',
    ]);
    const num = await h.http
      .patch(`/v1/admin/service-areas/${h.seed.serviceAreaId}`)
      .set(auth())
      .send({ maxRideFactor: 0.5 })
      .expect(400);
    expect(num.body.errors[0]).toMatchObject({ field: 'maxRideFactor' });
  });

  it('stops taking bookings in an area set back to draft', async () => {
    const body = {
      fromStopId: h.stop('ags-07336002'),
      toStopId: h.stop('eva-8003481'),
      timeKind: 'depart_at',
      time: nextWeekdayAt('09:00').toISOString(),
      passengers: 1,
    };
    await h.http
      .patch(`/v1/admin/service-areas/${h.seed.serviceAreaId}`)
      .set(auth())
      .send({ status: 'draft' })
      .expect(200);
    const res = await h.http
      .post('/v1/bookings')
      .set('Authorization', `Bearer ${rider.token}`)
      .send(body)
      .expect(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'fromStopId', code: 'outside_service_area' });
    await h.http
      .patch(`/v1/admin/service-areas/${h.seed.serviceAreaId}`)
      .set(auth())
      .send({ status: 'active' })
      .expect(200);
    await h.http
      .post('/v1/bookings')
      .set('Authorization', `Bearer ${rider.token}`)
      .send(body)
      .expect(201);
  });

  it('adds a stop riders can find, and retires it so nobody can book it', async () => {
    const stop = await h.http
      .post('/v1/admin/stops')
      .set(auth())
      .send({
        code: 'kusel-markt',
        name: 'Kusel, Marktplatz',
        kind: 'village',
        lat: 49.5378,
        lon: 7.3998,
        ags: '07336055',
      })
      .expect(201);
    expect((await h.http.get('/v1/stops').query({ q: 'marktpl' }).expect(200)).body[0].id).toBe(
      stop.body.id,
    );
    await h.http
      .post('/v1/admin/stops')
      .set(auth())
      .send({ code: 'kusel-markt', name: 'Doppelt', kind: 'village', lat: 49.5, lon: 7.4 })
      .expect(422);
    await h.http
      .patch(`/v1/admin/stops/${stop.body.id}`)
      .set(auth())
      .send({ active: false })
      .expect(200);
    expect((await h.http.get('/v1/stops').query({ q: 'marktpl' }).expect(200)).body).toEqual([]);
    const res = await h.http
      .post('/v1/bookings')
      .set('Authorization', `Bearer ${rider.token}`)
      .send({
        fromStopId: stop.body.id,
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: nextWeekdayAt('09:00').toISOString(),
        passengers: 1,
      })
      .expect(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'fromStopId', code: 'unknown_stop' });
  });

  it('manages vehicles, drivers and shifts, refusing double duty', async () => {
    const vehicles = await h.http.get('/v1/admin/vehicles').set(auth()).expect(200);
    expect(vehicles.body).toHaveLength(10);
    expect(
      vehicles.body.filter((v: { wheelchairPlaces: number }) => v.wheelchairPlaces > 0),
    ).toHaveLength(3);
    expect(vehicles.body.every((v: { seats: number }) => v.seats === 8)).toBe(true);

    const bus = await h.http
      .post('/v1/admin/vehicles')
      .set(auth())
      .send({
        callSign: 'KUS-11',
        seats: 6,
        wheelchairPlaces: 2,
        homeDepotStopId: h.stop('eva-8003481'),
      })
      .expect(201);
    await h.http
      .post('/v1/admin/vehicles')
      .set(auth())
      .send({
        callSign: 'KUS-11',
        seats: 6,
        wheelchairPlaces: 0,
        homeDepotStopId: h.stop('eva-8003481'),
      })
      .expect(409);
    const badDepot = await h.http
      .post('/v1/admin/vehicles')
      .set(auth())
      .send({ callSign: 'KUS-12', seats: 6, wheelchairPlaces: 0, homeDepotStopId: 'nowhere' })
      .expect(422);
    expect(badDepot.body.errors[0].field).toBe('homeDepotStopId');
    const seats = await h.http
      .post('/v1/admin/vehicles')
      .set(auth())
      .send({
        callSign: 'KUS-13',
        seats: 0,
        wheelchairPlaces: 0,
        homeDepotStopId: h.stop('eva-8003481'),
      })
      .expect(400);
    expect(seats.body.errors[0].field).toBe('seats');

    const driver = await h.http
      .post('/v1/admin/drivers')
      .set(auth())
      .send({ name: 'Erika Muster' })
      .expect(201);
    // Drivers sign in by SMS code: a landline cannot be their number.
    const landline = await h.http
      .post('/v1/admin/drivers')
      .set(auth())
      .send({ name: 'Karl Festnetz', phone: '06381 4711' })
      .expect(422);
    expect(landline.body.errors[0]).toMatchObject({ field: 'phone', code: 'not_mobile' });
    const mobile = await h.http
      .post('/v1/admin/drivers')
      .set(auth())
      .send({ name: 'Karl Mobil', phone: '0160 555 0201' })
      .expect(201);
    expect(mobile.body.phone).toBe('+491605550201');
    const start = nextWeekdayAt('06:00');
    const shift = {
      vehicleId: bus.body.id,
      driverId: driver.body.id,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 8 * 3600_000).toISOString(),
    };
    const created = await h.http.post('/v1/admin/shifts').set(auth()).send(shift).expect(201);
    const overlap = await h.http
      .post('/v1/admin/shifts')
      .set(auth())
      .send({
        ...shift,
        startsAt: new Date(start.getTime() + 3600_000).toISOString(),
        endsAt: new Date(start.getTime() + 9 * 3600_000).toISOString(),
      })
      .expect(409);
    expect(overlap.body).toMatchObject({
      code: 'shift_overlap',
      message: expect.stringMatching(/vehicle/),
    });
    const backwards = await h.http
      .post('/v1/admin/shifts')
      .set(auth())
      .send({ ...shift, endsAt: shift.startsAt })
      .expect(422);
    expect(backwards.body.errors[0].field).toBe('endsAt');
    const listed = await h.http
      .get('/v1/admin/shifts')
      .query({
        from: start.toISOString(),
        to: new Date(start.getTime() + 3600_000).toISOString(),
        vehicleId: bus.body.id,
      })
      .set(auth())
      .expect(200);
    expect(listed.body.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
    await h.http.delete(`/v1/admin/shifts/${created.body.id}`).set(auth()).expect(204);
  });

  it('refuses a vehicle change with a taken call sign as a whole, seats cut included', async () => {
    const depot = h.stop('eva-8003481');
    const make = (callSign: string) =>
      h.http
        .post('/v1/admin/vehicles')
        .set(auth())
        .send({ callSign, seats: 8, wheelchairPlaces: 1, homeDepotStopId: depot })
        .expect(201);
    const a = await make('KUS-21');
    await make('KUS-22');
    const taken = await h.http
      .patch(`/v1/admin/vehicles/${a.body.id}`)
      .set(auth())
      .send({ callSign: 'KUS-22' })
      .expect(409);
    expect(taken.body).toMatchObject({ code: 'call_sign_taken' });
    // a cut of places together with a taken call sign: nothing of it is stored
    const both = await h.http
      .patch(`/v1/admin/vehicles/${a.body.id}`)
      .set(auth())
      .send({ seats: 4, wheelchairPlaces: 0, callSign: 'KUS-22' })
      .expect(409);
    expect(both.body).toMatchObject({ code: 'call_sign_taken' });
    const listed = await h.http.get('/v1/admin/vehicles').set(auth()).expect(200);
    expect(listed.body.find((v: { id: string }) => v.id === a.body.id)).toMatchObject({
      callSign: 'KUS-21',
      seats: 8,
      wheelchairPlaces: 1,
    });
    // its own call sign, a cut and a new call sign in one change: all of it is stored
    const changed = await h.http
      .patch(`/v1/admin/vehicles/${a.body.id}`)
      .set(auth())
      .send({ seats: 4, callSign: 'KUS-23', licensePlate: 'KUS-RB 23' })
      .expect(200);
    expect(changed.body).toMatchObject({ callSign: 'KUS-23', seats: 4, licensePlate: 'KUS-RB 23' });
    expect(changed.body.fleetChange).toMatchObject({ replanned: [], atRisk: [] });
    await h.http.patch(`/v1/admin/vehicles/${a.body.id}`).set(auth()).send({}).expect(200);
  });

  it('refuses a second driver with the same mobile number, whatever its format', async () => {
    await h.http
      .post('/v1/admin/drivers')
      .set(auth())
      .send({ name: 'Anna Erste', phone: '0151 1111 2222' })
      .expect(201);
    const twice = await h.http
      .post('/v1/admin/drivers')
      .set(auth())
      .send({ name: 'Bernd Zweiter', phone: '+49 151 11112222' })
      .expect(409);
    expect(twice.body).toMatchObject({ code: 'phone_taken' });
  });

  it('gives a mobile number to one of two drivers created at once: 201 and 409, never 500', async () => {
    const numbers = ['0151 3333 0001', '0151 3333 0002', '0151 3333 0003', '0151 3333 0004'];
    const answers = await Promise.all(
      numbers.flatMap((phone, i) =>
        [`Fahrer ${i}a`, `Fahrer ${i}b`].map((name) =>
          h.http.post('/v1/admin/drivers').set(auth()).send({ name, phone }),
        ),
      ),
    );
    for (let i = 0; i < numbers.length; i++) {
      const pair = answers.slice(2 * i, 2 * i + 2);
      expect(pair.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(pair.find((r) => r.status === 409)!.body).toMatchObject({ code: 'phone_taken' });
    }
    const [{ count }] = await h.ds.query(
      `SELECT count(*)::int AS count FROM drivers WHERE active AND phone LIKE '+4915133330%'`,
    );
    expect(count).toBe(numbers.length);
  });

  it('holds one active driver per number and county in the database, whatever its format', async () => {
    const insert = (countyId: string, phone: string | null, active = true) =>
      h.ds.query(`INSERT INTO drivers (county_id, name, phone, active) VALUES ($1, 'X', $2, $3)`, [
        countyId,
        phone,
        active,
      ]);
    const kusel = h.seed.countyId;
    await insert(kusel, '0160 444 0100');
    for (const same of ['+49 160 4440100', '0049 (160) 444-0100', '491604440100'])
      await expect(insert(kusel, same)).rejects.toMatchObject({ code: '23505' });
    await insert(kusel, '+49 160 4440100', false); // an inactive driver signs in with nothing
    await insert(kusel, null);
    await insert(kusel, null); // drivers without a number
    const [other] = await h.ds.query(
      `INSERT INTO counties (code, name) VALUES ('99999', 'Anderer Kreis') RETURNING id`,
    );
    await insert(other.id, '+49 160 4440100'); // the rule is per county, as the check's
  });

  it('keeps the oldest active driver of a number taken twice before the index, and says so', async () => {
    const runner = h.ds.createQueryRunner();
    const migration = MIGRATIONS.map((M) => new M()).find(
      (m) => m.name === 'DriverPhoneUnique1797000016730',
    )!;
    try {
      await runner.query(`DROP INDEX "UQ_drivers_active_phone"`); // the schema before it
      const [county] = await runner.query(
        `INSERT INTO counties (code, name) VALUES ('99998', 'Kreis mit Altlasten') RETURNING id`,
      );
      const driver = async (name: string, phone: string, createdAt: string, active = true) =>
        (
          await runner.query(
            `INSERT INTO drivers (county_id, name, phone, active, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id`,
            [county.id, name, phone, active, createdAt],
          )
        )[0].id as string;
      const second = await driver('Zweite', '+49 170 5550100', '2026-02-01T08:00:00Z');
      const first = await driver('Erste', '0170 555 0100', '2026-01-01T08:00:00Z');
      const third = await driver('Dritte', '0049 170 5550100', '2026-03-01T08:00:00Z');
      const resting = await driver('Ruhend', '0170 5550100', '2025-12-01T08:00:00Z', false);
      const alone = await driver('Allein', '0170 555 0101', '2026-04-01T08:00:00Z');

      await migration.up(runner);

      const rows: Array<{ id: string; active: boolean }> = await runner.query(
        `SELECT id, active FROM drivers WHERE county_id = $1`,
        [county.id],
      );
      const active = Object.fromEntries(rows.map((r) => [r.id, r.active]));
      expect(active).toEqual({
        [first]: true,
        [second]: false,
        [third]: false,
        [resting]: false,
        [alone]: true,
      });
      const audit: Array<{ entity_id: string; action: string; after: { active: boolean } }> =
        await runner.query(
          `SELECT entity_id, action, after FROM audit_log WHERE county_id = $1 ORDER BY entity_id`,
          [county.id],
        );
      expect(audit.map((a) => a.entity_id)).toEqual([second, third].sort());
      expect(audit[0]).toMatchObject({ action: 'driver.update', after: { active: false } });
      await expect(driver('Vierte', '+491705550100', '2026-05-01T08:00:00Z')).rejects.toMatchObject(
        { code: '23505' },
      );
    } finally {
      await runner.release();
    }
  });

  it('registers a caller and finds them again by phone number', async () => {
    const r = await h.http
      .post('/v1/admin/riders')
      .set(auth())
      .send({ name: 'Hildegard Beispiel', phone: '+49 6381 123456', needs: ['walking_aid'] })
      .expect(201);
    const found = await h.http
      .get('/v1/admin/riders')
      .query({ q: '06381 123456' })
      .set(auth())
      .expect(200);
    expect(found.body.map((x: { id: string }) => x.id)).toEqual([r.body.id]);
    expect(r.body.phone).toBe('+496381123456');
    const bad = await h.http
      .post('/v1/admin/riders')
      .set(auth())
      .send({ name: 'X', needs: ['jetpack'] })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('needs');
  });
});
