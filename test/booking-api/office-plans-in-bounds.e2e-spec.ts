import { addDays, toLocalTime } from '@app/domain';
import { KUSEL_TZ } from '@app/kusel-data';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

/**
 * What the office plans must be something the service can run: a roster day "change" that changes
 * nothing, a roster day dated 1900-12-24, a shift in year 1 or 9999, a roster line valid from
 * 0001 to 9999 and a service area whose edges cross were once stored. Each is now a 422 naming the
 * field and why, and nothing of it is stored.
 */
describe('booking API: the office plans shifts, roster and areas within sensible bounds', () => {
  let h: BookingApiHarness;
  let op: string;
  const auth = () => ({ Authorization: `Bearer ${op}` });
  const today = () => toLocalTime(new Date(), KUSEL_TZ).date;

  interface Problem {
    field: string;
    reason: string;
  }
  const fields = (res: { body: { errors?: Problem[] } }) =>
    (res.body.errors ?? []).map((e) => e.field);
  const reasonOf = (res: { body: { errors?: Problem[] } }, field: string) =>
    res.body.errors?.find((e) => e.field === field)?.reason;

  let entry: { id: string; start: string; end: string; driverId: string };

  beforeAll(async () => {
    h = await startBookingApi();
    op = await h.operatorToken();
    [entry] = (await h.http.get('/v1/admin/roster').set(auth()).expect(200)).body;
  });
  afterAll(() => h.close());

  const exceptionsOfEntry = async () =>
    (await h.http.get('/v1/admin/roster/exceptions').set(auth()).expect(200)).body.filter(
      (x: { entryId: string }) => x.entryId === entry.id,
    );

  it('refuses a roster day "change" that changes nothing, naming kind', async () => {
    const date = addDays(today(), 1);
    const bare = await h.http
      .put(`/v1/admin/roster/${entry.id}/exceptions`)
      .set(auth())
      .send({ date, kind: 'change' })
      .expect(422);
    expect(fields(bare)).toEqual(['kind']);
    expect(reasonOf(bare, 'kind')).toMatch(/start, end or driverId/);
    // The roster line's own hours and driver again: no change either.
    const same = await h.http
      .put(`/v1/admin/roster/${entry.id}/exceptions`)
      .set(auth())
      .send({ date, kind: 'change', start: entry.start, end: entry.end, driverId: entry.driverId })
      .expect(422);
    expect(fields(same)).toEqual(['kind']);
    expect(await exceptionsOfEntry()).toEqual([]);
  });

  it.each(['1900-12-24', addDays(today(), -400), addDays(today(), 3 * 366), '9999-12-24'])(
    'refuses a roster day dated %s, naming date',
    async (date) => {
      const res = await h.http
        .put(`/v1/admin/roster/${entry.id}/exceptions`)
        .set(auth())
        .send({ date, kind: 'cancel' })
        .expect(422);
      expect(fields(res)).toEqual(['date']);
      expect(reasonOf(res, 'date')).toMatch(/between \d{4}-\d{2}-\d{2} and \d{4}-\d{2}-\d{2}/);
      const stored = await h.ds.query(
        `SELECT 1 FROM shift_roster_exceptions WHERE entry_id = $1 AND service_date = $2`,
        [entry.id, date],
      );
      expect(stored).toEqual([]);
    },
  );

  it('refuses a roster line valid from 0001 to 9999, naming both fields', async () => {
    const [vehicle] = await h.ds.query(`SELECT id FROM vehicles ORDER BY call_sign LIMIT 1`);
    const before = await h.ds.query(`SELECT count(*)::int AS n FROM shift_roster_entries`);
    const res = await h.http
      .post('/v1/admin/roster')
      .set(auth())
      .send({
        vehicleId: vehicle.id,
        driverId: entry.driverId,
        weekday: 'mon',
        start: '06:00',
        end: '12:00',
        validFrom: '0001-01-01',
        validTo: '9999-12-31',
      })
      .expect(422);
    expect(fields(res)).toEqual(expect.arrayContaining(['validFrom', 'validTo']));
    const after = await h.ds.query(`SELECT count(*)::int AS n FROM shift_roster_entries`);
    expect(after[0].n).toBe(before[0].n);
    // Ending a line far in the future is refused too; an open end (null) stays allowed.
    const patch = await h.http
      .patch(`/v1/admin/roster/${entry.id}`)
      .set(auth())
      .send({ validTo: '9999-12-31' })
      .expect(422);
    expect(fields(patch)).toEqual(['validTo']);
    await h.http
      .patch(`/v1/admin/roster/${entry.id}`)
      .set(auth())
      .send({ validTo: null })
      .expect(200);
  });

  it.each(['0001', '9999'])('refuses a shift in year %s, naming startsAt and endsAt', async (y) => {
    const [vehicle] = await h.ds.query(`SELECT id FROM vehicles ORDER BY call_sign LIMIT 1`);
    const created = await h.http
      .post('/v1/admin/shifts')
      .set(auth())
      .send({
        vehicleId: vehicle.id,
        driverId: entry.driverId,
        startsAt: `${y}-06-01T05:00:00+01:00`,
        endsAt: `${y}-06-01T12:00:00+01:00`,
      })
      .expect(422);
    expect(fields(created)).toEqual(['startsAt', 'endsAt']);
    expect(await h.ds.query(`SELECT 1 FROM shifts WHERE starts_at < '2000-01-01'`)).toEqual([]);
    expect(await h.ds.query(`SELECT 1 FROM shifts WHERE ends_at > '3000-01-01'`)).toEqual([]);

    const [shift] = await h.ds.query(
      `SELECT id FROM shifts WHERE starts_at > now() ORDER BY starts_at LIMIT 1`,
    );
    const moved = await h.http
      .patch(`/v1/admin/shifts/${shift.id}`)
      .set(auth())
      .send({ startsAt: `${y}-06-01T05:00:00Z`, endsAt: `${y}-06-01T12:00:00Z` })
      .expect(422);
    expect(fields(moved)).toEqual(['startsAt', 'endsAt']);
  });

  it('refuses a self-intersecting (bow-tie) service area, naming geometry; Kusel’s own passes', async () => {
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [7.3, 49.5],
          [7.5, 49.6],
          [7.5, 49.5],
          [7.3, 49.6],
          [7.3, 49.5],
        ],
      ],
    };
    const created = await h.http
      .post('/v1/admin/service-areas')
      .set(auth())
      .send({
        name: 'Schleife',
        status: 'active',
        geometry: bowTie,
        operatingHours: { mon: [{ start: '06:00', end: '20:00' }] },
      })
      .expect(422);
    expect(fields(created)).toEqual(['geometry']);
    expect(reasonOf(created, 'geometry')).toMatch(/cross/);
    const area = `/v1/admin/service-areas/${h.seed.serviceAreaId}`;
    const patched = await h.http.patch(area).set(auth()).send({ geometry: bowTie }).expect(422);
    expect(fields(patched)).toEqual(['geometry']);
    const [kusel] = await h.ds.query(`SELECT geometry FROM service_areas WHERE id = $1`, [
      h.seed.serviceAreaId,
    ]);
    await h.http.patch(area).set(auth()).send({ geometry: kusel.geometry }).expect(200);
  });
});
