import { GtfsFlexExportService } from '@app/application';
import { WEEKDAYS } from '@app/domain';
import {
  addCounty,
  KUSEL_COUNTY_CODE,
  KUSEL_TZ,
  loadMunicipalities,
  loadRailStations,
  readCountyFiles,
} from '@app/kusel-data';
import { generateDay, kuselPlaces } from '@app/simulation';
import { toLocalTime } from '@app/domain';
import { DispatchStack, startDispatchStack } from '../support/dispatch-stack';
import { BookingApiHarness, nextWeekdayAt, waitUntil } from '../support/booking-api-harness';

const KL_FILES = {
  m: 'data/kaiserslautern/municipalities.csv',
  s: 'data/kaiserslautern/rail_stations.csv',
};

/**
 * Two counties on one installation, against the real PostgreSQL, Redis and routing server:
 * Landkreis Kusel seeded, Landkreis Kaiserslautern's sample onboarded with `county:add` while the
 * dispatch worker runs. Each county's dispatch, offices, figures, what-if and GTFS-Flex feed
 * stand on their own; an admin sees both.
 */
describe('two counties side by side', () => {
  let h: BookingApiHarness;
  let stack: DispatchStack | undefined;
  let kl: Awaited<ReturnType<typeof addCounty>>;
  const tokens: Record<'kuselOp' | 'klOp' | 'admin', string> = {
    kuselOp: '',
    klOp: '',
    admin: '',
  };
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
  const devToken = async (body: object) =>
    (await h.http.post('/v1/dev/tokens').send(body).expect(201)).body.token as string;
  const booked: Record<'kusel' | 'kl', string[]> = { kusel: [], kl: [] };
  /** A ride of a Kusel rider of its own (a rider may hold one ride at a time). */
  const book = async (from: string, to: string, at: string) => {
    const res = await h.http
      .post('/v1/bookings')
      .set(auth(await devToken({ role: 'rider', name: 'Pendler', countyCode: KUSEL_COUNTY_CODE })))
      .send({
        fromStopId: from,
        toStopId: to,
        timeKind: 'depart_at',
        time: nextWeekdayAt(at).toISOString(),
        passengers: 1,
      })
      .expect(201);
    return res.body as { id: string; status: string; vehicleId: string | null };
  };

  beforeAll(async () => {
    ({ h } = stack = await startDispatchStack({
      BOOKING_DECISION_WAIT_MS: '10000',
      IMPROVE_EVERY_MIN: '30',
      DISPATCH_SWEEP_EVERY_MS: '500',
    }));
    tokens.kuselOp = await devToken({ role: 'operator' });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('a county added while the worker runs gets its schedulers and its rides decided, no restart', async () => {
    kl = await addCounty(h.ds, {
      ags: '07335',
      name: 'Landkreis Kaiserslautern',
      municipalitiesFile: KL_FILES.m,
      stationsFile: KL_FILES.s,
      hubEvaId: '8003515',
    });
    tokens.klOp = await devToken({ role: 'operator', countyCode: '07335' });
    tokens.admin = await devToken({ role: 'admin' });
    // The office enters its fleet and weekly roster.
    const vehicle = await h.http
      .post('/v1/admin/vehicles')
      .set(auth(tokens.klOp))
      .send({
        callSign: 'KL-01',
        seats: 8,
        wheelchairPlaces: 1,
        homeDepotStopId: kl.stopIds.get('eva-8003515'),
      })
      .expect(201);
    const driver = await h.http
      .post('/v1/admin/drivers')
      .set(auth(tokens.klOp))
      .send({ name: 'Fahrerin Landstuhl' })
      .expect(201);
    const today = toLocalTime(new Date(), KUSEL_TZ).date;
    for (const weekday of WEEKDAYS.filter((d) => d !== 'sat' && d !== 'sun')) {
      await h.http
        .post('/v1/admin/roster')
        .set(auth(tokens.klOp))
        .send({
          vehicleId: vehicle.body.id,
          driverId: driver.body.id,
          weekday,
          start: '06:00',
          end: '20:00',
          validFrom: today,
        })
        .expect(201);
    }
    // The running worker finds the new county and schedules its improvement runs and roster.
    await waitUntil(
      async () =>
        (await h.queue.hasScheduler(`improve-open.${kl.countyId}`)) &&
        (await h.queue.hasScheduler(`improve-next-day.${kl.countyId}`)) &&
        (await h.queue.hasRosterRollForward(kl.countyId)),
      20_000,
    );
    // A Kusel rider books in Kaiserslautern: the worker decides it on that county's fleet.
    const ride = await book(
      kl.stopIds.get('ags-07335038')!,
      kl.stopIds.get('eva-8003515')!,
      '09:00',
    );
    expect(ride.status).toBe('confirmed');
    expect(ride.vehicleId).toBe(vehicle.body.id);
    booked.kl.push(ride.id);
  });

  it('plans both counties on their own fleets', async () => {
    const kusel = await book(h.stop('ags-07336002'), h.stop('eva-8003481'), '09:00');
    expect(kusel.status).toBe('confirmed');
    const { count } = (
      await h.ds.query(
        `SELECT count(*)::int AS count FROM vehicles WHERE id = $1 AND county_id = $2`,
        [kusel.vehicleId, h.seed.countyId],
      )
    )[0];
    expect(count).toBe(1);
    booked.kusel.push(kusel.id);
    const kl2 = await book(
      kl.stopIds.get('ags-07335044')!, // Steinwenden
      kl.stopIds.get('ags-07335022')!, // Landstuhl
      '10:00',
    );
    expect(kl2.status).toBe('confirmed');
    booked.kl.push(kl2.id);
  });

  it("each county's office sees only its own rides; an admin sees both", async () => {
    const ids = async (token: string) =>
      (await h.http.get('/v1/bookings?limit=200').set(auth(token)).expect(200)).body.items.map(
        (b: { id: string }) => b.id,
      );
    expect((await ids(tokens.klOp)).sort()).toEqual([...booked.kl].sort());
    expect((await ids(tokens.kuselOp)).sort()).toEqual([...booked.kusel].sort());
    expect((await ids(tokens.admin)).sort()).toEqual([...booked.kl, ...booked.kusel].sort());
    await h.http.get(`/v1/bookings/${booked.kl[0]}`).set(auth(tokens.kuselOp)).expect(404);
    await h.http.get(`/v1/bookings/${booked.kusel[0]}`).set(auth(tokens.klOp)).expect(404);
    await h.http.get(`/v1/bookings/${booked.kl[0]}`).set(auth(tokens.admin)).expect(200);
  });

  it('gives figures per county', async () => {
    const span = {
      from: new Date().toISOString(),
      to: new Date(Date.now() + 8 * 86400_000).toISOString(),
    };
    const figures = async (token: string) =>
      (await h.http.get('/v1/admin/console/stats').query(span).set(auth(token)).expect(200)).body;
    expect(await figures(tokens.klOp)).toMatchObject({ requests: 2, rejected: 0 });
    expect(await figures(tokens.kuselOp)).toMatchObject({ requests: 1, rejected: 0 });
  });

  it("replays a what-if day on each county's own places and fleet", async () => {
    const whatIf = async (token: string) => {
      let job = (
        await h.http
          .post('/v1/admin/console/what-if')
          .set(auth(token))
          .send({ seed: 3, fleetSize: 2 })
          .expect(202)
      ).body;
      while (job.state === 'running') {
        await new Promise((r) => setTimeout(r, 200));
        job = (await h.http.get(`/v1/admin/console/what-if/${job.id}`).set(auth(token)).expect(200))
          .body;
      }
      expect(job.state).toBe('done');
      return job.result;
    };
    const klDay = await whatIf(tokens.klOp);
    expect(klDay.live.fleetSize).toBe(1);
    expect(klDay.draft.fleetSize).toBe(2);
    // the day's demand comes from the county's own villages: the same seed over Kaiserslautern's
    // sample (26,000 inhabitants) and over Kusel (70,000) asks for different numbers of rides
    const klData = readCountyFiles('07335', KL_FILES.m, KL_FILES.s);
    const klPlaces = kuselPlaces(klData.municipalities, klData.stations);
    const kuselPlacesAll = kuselPlaces(loadMunicipalities(), loadRailStations());
    expect(klDay.requests).toBe(generateDay(klPlaces, { seed: 3 }).length);
    expect(klDay.requests).toBeLessThan(generateDay(kuselPlacesAll, { seed: 3 }).length / 2);
    expect(klDay.live.figures.requests).toBe(klDay.requests);
    // a job of one county is not another's
    const other = (
      await h.http
        .post('/v1/admin/console/what-if')
        .set(auth(tokens.klOp))
        .send({ seed: 4, fleetSize: 1 })
        .expect(202)
    ).body;
    await h.http.get(`/v1/admin/console/what-if/${other.id}`).set(auth(tokens.kuselOp)).expect(404);
    await waitUntil(
      async () =>
        (await h.http.get(`/v1/admin/console/what-if/${other.id}`).set(auth(tokens.klOp))).body
          .state !== 'running',
      // a whole day replayed in the background: more than a minute when the machine is busy
      240_000,
    );
  }, 420_000);

  it('exports a GTFS-Flex feed per county', async () => {
    for (const county of ['07335', '07336']) {
      const res = await h.http.get(`/v1/gtfs-flex.zip?county=${county}`).expect(200);
      expect(res.headers['content-disposition']).toContain(`gtfs-flex-${county}.zip`);
    }
    await h.http.get('/v1/gtfs-flex.zip').expect(422);
    const feed = async (countyCode: string) =>
      (await h.app.get(GtfsFlexExportService).files({ countyCode, now: new Date() })).files;
    const klFeed = await feed('07335');
    expect(klFeed['locations.geojson']).toContain('Landkreis Kaiserslautern');
    expect(klFeed['locations.geojson']).not.toContain('Landkreis Kusel');
    expect(klFeed['feed_info.txt']).toContain('07335-');
    expect((await feed('07336'))['locations.geojson']).toContain('Landkreis Kusel');
  });
});
