import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

describe('booking API: finding stops', () => {
  let h: BookingApiHarness;
  beforeAll(async () => {
    h = await startBookingApi();
  });
  afterAll(() => h.close());

  it('has every village of the county and its rail stations, without a token', async () => {
    const all = await h.http.get('/v1/stops?limit=200').expect(200);
    expect(all.body.filter((s: { kind: string }) => s.kind === 'village')).toHaveLength(98);
    const hubs = all.body.filter((s: { isMainHub: boolean }) => s.isMainHub);
    expect(hubs).toEqual([
      expect.objectContaining({ name: 'Kusel, Bahnhof', kind: 'hub', code: 'eva-8003481' }),
    ]);
    expect(all.body.filter((s: { kind: string }) => s.kind === 'rail_station')).toHaveLength(13);
  });

  it.each(['Münchweiler', 'muenchweiler', 'munchweiler', 'GLAN-MÜN'])(
    'finds Glan-Münchweiler by "%s"',
    async (q) => {
      const res = await h.http.get('/v1/stops').query({ q }).expect(200);
      const names = res.body.map((s: { name: string }) => s.name);
      expect(names).toEqual(
        expect.arrayContaining(['Glan-Münchweiler, Ortsmitte', 'Glan-Münchweiler, Bahnhof']),
      );
    },
  );

  it.each(['Bahnhof Kusel', 'kusel bahnhof', 'bahnhof, kusel'])(
    'finds the hub by its words in any order ("%s")',
    async (q) => {
      const res = await h.http.get('/v1/stops').query({ q }).expect(200);
      expect(res.body[0]).toEqual(expect.objectContaining({ code: 'eva-8003481' }));
    },
  );

  it('lists names starting with the query before names containing it', async () => {
    const res = await h.http.get('/v1/stops').query({ q: 'kusel' }).expect(200);
    expect(res.body[0].name.startsWith('Kusel')).toBe(true);
  });

  it('finds the nearest stops to a point, nearest first, with distances', async () => {
    // a rider standing on the station forecourt in Kusel
    const res = await h.http
      .get('/v1/stops')
      .query({ lat: 49.5381, lon: 7.4101, limit: 3 })
      .expect(200);
    expect(res.body[0]).toMatchObject({ name: 'Kusel, Bahnhof' });
    expect(res.body[0].distanceM).toBeLessThan(50);
    expect(res.body[1].distanceM).toBeGreaterThanOrEqual(res.body[0].distanceM);
    expect(res.body[2].distanceM).toBeGreaterThanOrEqual(res.body[1].distanceM);
  });

  it('keeps to the radius', async () => {
    const res = await h.http
      .get('/v1/stops')
      .query({ lat: 49.5381, lon: 7.4101, radiusM: 1500 })
      .expect(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((s: { distanceM: number }) => s.distanceM <= 1500)).toBe(true);
  });

  it('refuses half a point and bad numbers with the field named', async () => {
    const half = await h.http.get('/v1/stops').query({ lat: 49.5 }).expect(400);
    expect(half.body.errors.map((e: { field: string }) => e.field)).toContain('lon');
    const bad = await h.http.get('/v1/stops').query({ lat: 99, lon: 7 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['lat']);
  });

  it('reads one stop, and answers 404 for an unknown one', async () => {
    const hub = await h.http.get(`/v1/stops/${h.stop('eva-8003481')}`).expect(200);
    expect(hub.body).toMatchObject({ lat: 49.538282, lon: 7.410329, wheelchairAccessible: true });
    await h.http.get('/v1/stops/00000000-0000-4000-8000-000000000000').expect(404);
  });
});
