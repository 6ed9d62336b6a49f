import { haversineM } from '@app/routing';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

/** A point on the road from Kusel towards Albessen, and Albessen's village stop. */
const ON_THE_WAY = { lat: 49.525, lon: 7.36 };
const ALBESSEN = 'ags-07336002';

describe('booking API: a driver’s route to the next stop', () => {
  let h: BookingApiHarness;
  let driver: string;
  beforeAll(async () => {
    h = await startBookingApi();
    const [d] = await h.ds.query(`SELECT id FROM drivers ORDER BY name LIMIT 1`);
    const res = await h.http
      .post('/v1/dev/tokens')
      .send({ role: 'driver', subject: d.id })
      .expect(201);
    driver = `Bearer ${res.body.token}`;
  }, 120_000);
  afterAll(() => h.close());

  const get = (query: Record<string, unknown>, auth = driver) =>
    h.http.get('/v1/drivers/me/route').set('authorization', auth).query(query);

  it('follows the roads from the bus to the stop', async () => {
    const stop = (await h.http.get(`/v1/stops/${h.stop(ALBESSEN)}`).expect(200)).body;
    const res = await get({
      fromLat: ON_THE_WAY.lat,
      fromLon: ON_THE_WAY.lon,
      toStopId: stop.id,
    }).expect(200);
    const coords: [number, number][] = res.body.geometry.coordinates; // [lon, lat]
    expect(res.body.geometry.type).toBe('LineString');
    expect(coords.length).toBeGreaterThan(2);
    const at = ([lon, lat]: [number, number]) => ({ lat, lon });
    expect(haversineM(at(coords[0]), ON_THE_WAY)).toBeLessThan(300);
    expect(haversineM(at(coords[coords.length - 1]), stop)).toBeLessThan(300);
    // along the roads: longer than the straight line, and it takes a while to drive
    expect(res.body.distanceM).toBeGreaterThan(haversineM(ON_THE_WAY, stop));
    expect(res.body.durationS).toBeGreaterThan(60);
  });

  it('says turn by turn what to do, from depart to arrive', async () => {
    const stop = (await h.http.get(`/v1/stops/${h.stop(ALBESSEN)}`).expect(200)).body;
    const res = await get({
      fromLat: ON_THE_WAY.lat,
      fromLon: ON_THE_WAY.lon,
      toStopId: stop.id,
    }).expect(200);
    const steps = res.body.steps as {
      type: string;
      modifier?: string;
      name: string;
      location: [number, number];
      distanceM: number;
    }[];
    expect(steps[0].type).toBe('depart');
    expect(steps[steps.length - 1].type).toBe('arrive');
    expect(steps.length).toBeGreaterThanOrEqual(3);
    for (const s of steps.slice(1, -1)) expect(s.modifier).toEqual(expect.any(String));
    const total = steps.reduce((sum, s) => sum + s.distanceM, 0);
    expect(Math.abs(total - res.body.distanceM)).toBeLessThan(steps.length + 1);
    const [lon, lat] = steps[steps.length - 1].location;
    expect(haversineM({ lat, lon }, stop)).toBeLessThan(300);
  });

  it('is for drivers only', async () => {
    const { token } = await h.riderToken();
    await get(
      { fromLat: ON_THE_WAY.lat, fromLon: ON_THE_WAY.lon, toStopId: h.stop(ALBESSEN) },
      `Bearer ${token}`,
    ).expect(403);
  });

  it('names the field of bad input', async () => {
    const fields = (body: { errors: { field: string; code?: string }[] }) =>
      body.errors.map((e) => e.field);
    const outOfRange = await get({ fromLat: 91, fromLon: 7.36, toStopId: h.stop(ALBESSEN) });
    expect(outOfRange.status).toBe(400);
    expect(fields(outOfRange.body)).toEqual(['fromLat']);
    const badLon = await get({ fromLat: 49.5, fromLon: 'x', toStopId: h.stop(ALBESSEN) });
    expect(badLon.status).toBe(400);
    expect(fields(badLon.body)).toEqual(['fromLon']);

    const unknown = await get({
      fromLat: ON_THE_WAY.lat,
      fromLon: ON_THE_WAY.lon,
      toStopId: '00000000-0000-4000-8000-000000000000',
    }).expect(422);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: 'toStopId', code: 'unknown_stop' }),
    ]);

    // the middle of the Atlantic: no road anywhere near
    const sea = await get({ fromLat: 45, fromLon: -30, toStopId: h.stop(ALBESSEN) }).expect(422);
    expect(sea.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'fromLat', code: 'no_road_nearby' }),
      ]),
    );
  });
});
