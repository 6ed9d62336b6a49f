import { addDays, toLocalTime, zonedToInstant } from '@app/domain';
import { addCounty, KUSEL_TZ } from '@app/kusel-data';
import { BookingEntity, BookingEventEntity, StopEntity } from '@app/persistence';
import { loadPastDay } from '@app/simulation';
import { randomUUID } from 'node:crypto';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';

describe('booking API: the what-if replay runs in the background', () => {
  let h: BookingApiHarness;
  let op: string;
  const auth = () => ({ Authorization: `Bearer ${op}` });

  beforeAll(async () => {
    h = await startBookingApi();
    op = await h.operatorToken();
  });
  afterAll(() => h.close());

  it('answers at once with a job, keeps serving while it runs, refuses a second at once, and gives both sides when done', async () => {
    const started = await h.http
      .post('/v1/admin/console/what-if')
      .set(auth())
      .send({ seed: 2, fleetSize: 10 })
      .expect(202);
    expect(started.body).toMatchObject({ state: 'running', result: null });
    // The API answers other requests while the day is replayed.
    await h.http.get('/v1/stops?q=kusel').expect(200);
    // One replay per county at a time (once unbounded: eight at once held a stop search for
    // seconds): a second start is a 409 naming the running job.
    const second = await h.http
      .post('/v1/admin/console/what-if')
      .set(auth())
      .send({ seed: 3 })
      .expect(409);
    expect(second.body).toMatchObject({ code: 'what_if_running' });
    expect(second.body.message).toContain(started.body.id);
    let job = started.body;
    let sawProgress = false;
    for (let i = 0; i < 600 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      job = (await h.http.get(`/v1/admin/console/what-if/${job.id}`).set(auth()).expect(200)).body;
      if (job.progress.done > 0 && job.progress.done < job.progress.total) sawProgress = true;
    }
    expect(job.state).toBe('done');
    expect(sawProgress).toBe(true);
    expect(job.result.live.fleetSize).toBeGreaterThan(0);
    expect(job.result.draft.fleetSize).toBe(10);
    for (const side of [job.result.live, job.result.draft]) {
      expect(side.figures.requests).toBe(job.result.requests);
      expect(side.figures.promisesKept).toBe(side.figures.promisesGiven);
    }
  }, 300_000);

  it('says which job is unknown, and refuses an id that is none', async () => {
    await h.http
      .get('/v1/admin/console/what-if/7d3f0c52-3f0e-4c6e-9a55-0d9b6a1f2e11')
      .set(auth())
      .expect(404);
    await h.http.get('/v1/admin/console/what-if/nope').set(auth()).expect(400);
  });
});

/**
 * Issue 16: the what-if replays a real past day of the county from its bookings (requests, times,
 * stops), against the live and the draft settings.
 */
describe('booking API: the what-if replays a past day from the database', () => {
  let h: BookingApiHarness;
  let op: string;
  const auth = () => ({ Authorization: `Bearer ${op}` });
  // A weekday two weeks back.
  const date = toLocalTime(
    new Date(nextWeekdayAt('12:00').getTime() - 14 * 86_400_000),
    KUSEL_TZ,
  ).date;
  const at = (hhmm: string, day = date) => zonedToInstant(day, hhmm, KUSEL_TZ);
  const stored: Array<{ id: string; from: string; to: string; time: Date; cancelled?: Date }> = [];

  beforeAll(async () => {
    h = await startBookingApi();
    op = await h.operatorToken();
    const { riderId } = await h.riderToken('Vergangenheit');
    const villages = await h.ds
      .getRepository(StopEntity)
      .find({ where: { countyId: h.seed.countyId, kind: 'village' }, order: { code: 'ASC' } });
    const station = h.stop('eva-8003481'); // Bahnhof Kusel
    const rows: Array<Partial<BookingEntity>> = [];
    // The morning rush of that day: 30 villagers to the trains at Kusel within an hour.
    for (let i = 0; i < 30; i++) {
      const from = villages[(i * 7) % villages.length];
      const time = new Date(at('06:30').getTime() + i * 2 * 60_000);
      const id = randomUUID();
      const status = i === 3 ? 'cancelled' : i === 5 ? 'no_show' : 'rejected';
      rows.push({
        id,
        riderId,
        serviceAreaId: h.seed.serviceAreaId,
        fromStopId: from.id,
        toStopId: station,
        timeKind: 'depart_at',
        requestedTime: time,
        passengers: 1 + (i % 2),
        wheelchairPlaces: 0,
        status,
        reasonCode: status === 'cancelled' ? 'cancelled_by_rider' : null,
        channel: 'rider',
        createdBy: riderId,
        confirmation: 'auto',
      });
      stored.push({
        id,
        from: from.code,
        to: 'eva-8003481',
        time,
        ...(status === 'cancelled' ? { cancelled: at('05:45') } : {}),
      });
    }
    await h.ds.getRepository(BookingEntity).insert(rows);
    await h.ds.query(`UPDATE bookings SET created_at = $1 WHERE id = ANY($2)`, [
      at('18:00', addDays(date, -1)),
      rows.map((r) => r.id),
    ]);
    await h.ds.getRepository(BookingEventEntity).insert(
      stored
        .filter((b) => b.cancelled)
        .map((b) => ({
          bookingId: b.id,
          fromStatus: 'confirmed' as const,
          toStatus: 'cancelled' as const,
          actor: riderId,
          note: null,
          at: b.cancelled,
        })),
    );
    // Another county's booking on that day stays out of Kusel's replay.
    const kl = await addCounty(h.ds, {
      ags: '07335',
      name: 'Landkreis Kaiserslautern',
      municipalitiesFile: 'data/kaiserslautern/municipalities.csv',
      stationsFile: 'data/kaiserslautern/rail_stations.csv',
      hubEvaId: '8003515',
    });
    const [klFrom, klTo] = [...kl.stopIds.values()];
    await h.ds.getRepository(BookingEntity).insert({
      id: randomUUID(),
      riderId,
      serviceAreaId: kl.serviceAreaId,
      fromStopId: klFrom,
      toStopId: klTo,
      timeKind: 'depart_at',
      requestedTime: at('07:00'),
      passengers: 1,
      wheelchairPlaces: 0,
      status: 'rejected',
      channel: 'rider',
      createdBy: riderId,
      confirmation: 'auto',
    });
  }, 120_000);
  afterAll(() => h.close());

  it("reads the day's requests as they were booked: stops, times, when booked and cancelled", async () => {
    const day = await loadPastDay(h.ds, h.seed.countyId, date, KUSEL_TZ);
    expect(day.requests).toHaveLength(stored.length);
    const dayStart = at('00:00').getTime();
    for (const b of stored) {
      const r = day.requests.find((x) => x.id === b.id);
      expect(r).toMatchObject({
        fromCode: b.from,
        toCode: b.to,
        timeKind: 'depart_at',
        timeS: (b.time.getTime() - dayStart) / 1000,
        bookedAtS: -6 * 3600,
        purpose: 'to_rail',
        cancelAtS: b.cancelled ? (b.cancelled.getTime() - dayStart) / 1000 : null,
      });
    }
    expect(day.requests.filter((r) => r.noShow)).toHaveLength(1);
  });

  it('replays that day with the live and the draft fleet in the background', async () => {
    const started = await h.http
      .post('/v1/admin/console/what-if')
      .set(auth())
      .send({ source: { kind: 'past', date }, fleetSize: 1 })
      .expect(202);
    let job = started.body;
    for (let i = 0; i < 600 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      job = (await h.http.get(`/v1/admin/console/what-if/${job.id}`).set(auth()).expect(200)).body;
    }
    expect(job.state).toBe('done');
    expect(job.result.source).toEqual({ kind: 'past', date });
    expect(job.result.requests).toBe(stored.length);
    expect(job.result.live.figures.requests).toBe(stored.length);
    expect(job.result.draft.figures.requests).toBe(stored.length);
    expect(job.result.live.figures.cancelled).toBe(1);
    expect(job.result.live.figures.noShows).toBe(1);
    // One bus cannot carry the rush that the county's ten can.
    expect(job.result.draft.fleetSize).toBe(1);
    expect(job.result.draft.figures.served).toBeLessThan(job.result.live.figures.served);
  }, 300_000);

  it('refuses a day that is not past, one without bookings, and a malformed one, naming the field', async () => {
    const today = toLocalTime(new Date(), KUSEL_TZ).date;
    const post = (source: unknown) =>
      h.http.post('/v1/admin/console/what-if').set(auth()).send({ source });
    for (const [source, status, code] of [
      [{ kind: 'past', date: today }, 422, 'not_in_past'],
      [{ kind: 'past', date: addDays(today, 3) }, 422, 'not_in_past'],
      [{ kind: 'past', date: addDays(date, -1) }, 422, 'no_bookings'],
      [{ kind: 'past', date: '2026-13-45' }, 400, undefined],
      [{ kind: 'past' }, 400, undefined],
      [{ kind: 'yesterday' }, 400, undefined],
    ] as const) {
      const res = await post(source);
      expect(res.status).toBe(status);
      const field = (source as { kind: string }).kind === 'past' ? 'source.date' : 'source.kind';
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, ...(code ? { code } : {}) })]),
      );
    }
  });
});

/**
 * A county onboarded with `county:add` (Landkreis Kaiserslautern's sample) and no vehicles of its
 * own yet: its office tries a fleet in the what-if. It once failed with an engine error ("current
 * plan of vehicle v01/0 is infeasible") where Kusel got its figures.
 */
describe('booking API: the what-if of a county added without a fleet', () => {
  let h: BookingApiHarness;
  let klOp: string;
  const auth = () => ({ Authorization: `Bearer ${klOp}` });

  beforeAll(async () => {
    h = await startBookingApi();
    await addCounty(h.ds, {
      ags: '07335',
      name: 'Landkreis Kaiserslautern',
      municipalitiesFile: 'data/kaiserslautern/municipalities.csv',
      stationsFile: 'data/kaiserslautern/rail_stations.csv',
      hubEvaId: '8003515',
    });
    klOp = (
      await h.http
        .post('/v1/dev/tokens')
        .send({ role: 'operator', countyCode: '07335' })
        .expect(201)
    ).body.token;
  }, 120_000);
  afterAll(() => h.close());

  it.each([
    [1, 1],
    [2, 2],
  ])(
    'replays seed %i with a draft fleet of %i and gives figures',
    async (seed, fleetSize) => {
      let job = (
        await h.http
          .post('/v1/admin/console/what-if')
          .set(auth())
          .send({ seed, fleetSize })
          .expect(202)
      ).body;
      for (let i = 0; i < 600 && job.state === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 250));
        job = (await h.http.get(`/v1/admin/console/what-if/${job.id}`).set(auth()).expect(200))
          .body;
      }
      expect(job.error).toBeNull();
      expect(job.state).toBe('done');
      expect(job.result.live.fleetSize).toBe(0);
      expect(job.result.draft.fleetSize).toBe(fleetSize);
      expect(job.result.draft.figures.requests).toBe(job.result.requests);
      expect(job.result.draft.figures.served).toBeGreaterThan(0);
      expect(job.result.draft.figures.promisesKept).toBe(job.result.draft.figures.promisesGiven);
    },
    300_000,
  );
});
