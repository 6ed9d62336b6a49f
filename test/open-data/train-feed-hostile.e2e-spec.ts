import { GtfsFeedError, importGtfsFeed, TrainUpdatesPoller } from '@app/application';
import { formatGtfsDate, toLocalTime } from '@app/domain';
import { KUSEL_TZ } from '@app/kusel-data';
import { RunningRouterServer } from '@app/routing';
import { INestApplication } from '@nestjs/common';
import { transit_realtime as rt } from 'gtfs-realtime-bindings';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import { startKuselRouter } from '../dispatch/dispatch-check';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';

const SAMPLE = join(__dirname, '..', '..', 'data', 'gtfs', 'kusel-line-sample');

/**
 * Hostile or broken open data: a timetable whose agency names no real time zone, and a
 * GTFS-Realtime feed with an absurd time for one train, against the real PostgreSQL, Redis,
 * dispatch worker and embedded router. Neither may break what the good data says.
 */
describe('hostile timetables and train feeds', () => {
  jest.setTimeout(90_000);
  let router: RunningRouterServer;
  let feed: Server;
  let respond: (res: ServerResponse) => void = (res) => res.end(encode([]));
  let h: BookingApiHarness;
  let worker: INestApplication;
  let poller: TrainUpdatesPoller;
  let kusel: string;
  let albessen: string;
  let serviceDate: string;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hostile-gtfs-'));
    router = await startKuselRouter();
    feed = createServer((_, res) => respond(res));
    await new Promise<void>((ok) => feed.listen(0, '127.0.0.1', ok));
    h = await startBookingApi({
      OSRM_URL: router.url,
      BOOKING_DECISION_WAIT_MS: '15000',
      GTFS_RT_TRIP_UPDATES_URL: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/tu.pb`,
      // The worker's own polls would race the test's; the test polls by hand.
      GTFS_RT_POLL_INTERVAL_S: '3600',
    });
    await importGtfsFeed(h.ds, SAMPLE, { name: 'sample' });
    worker = await createDispatchWorker(h.config);
    await worker.init();
    poller = worker.get(TrainUpdatesPoller);
    kusel = h.stop('eva-8003481');
    albessen = h.stop('ags-07336002');
    serviceDate = toLocalTime(nextWeekdayAt('12:00'), KUSEL_TZ).date;
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await router?.close();
    await new Promise((ok) => feed?.close(ok));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function encode(updates: rt.ITripUpdate[]): Uint8Array {
    return rt.FeedMessage.encode({
      header: { gtfsRealtimeVersion: '2.0', timestamp: Math.floor(Date.now() / 1000) },
      entity: updates.map((tripUpdate, i) => ({ id: `e${i}`, tripUpdate })),
    }).finish();
  }
  const serve = (...updates: rt.ITripUpdate[]) => {
    respond = (res) => {
      res.setHeader('content-type', 'application/x-protobuf');
      res.end(encode(updates));
    };
  };
  const trip = (tripId: string) => ({ tripId, startDate: formatGtfsDate(serviceDate) });
  const bookAfter = async (tripId: string) => {
    const { token } = await h.riderToken(`Fahrgast ${Math.random().toString(36).slice(2, 7)}`);
    const res = await h.http
      .post('/v1/bookings')
      .set({ Authorization: `Bearer ${token}` })
      .send({
        passengers: 1,
        fromStopId: kusel,
        toStopId: albessen,
        timeKind: 'depart_at',
        train: { tripId, serviceDate },
      })
      .expect(201);
    expect(res.body.status).toBe('confirmed');
    return res.body.id as string;
  };
  const row = async (id: string) =>
    (
      await h.ds.query(
        `SELECT status, vehicle_id, promised_pickup_from, train_delay_s FROM bookings WHERE id = $1`,
        [id],
      )
    )[0];

  it('a train reported with an absurd time (milliseconds, not seconds) changes nothing and does not hold back the news of the other trains', async () => {
    const absurd = await bookAfter('weekday-kus-1035');
    const late = await bookAfter('weekday-kus-1235');
    const [absurdBefore, lateBefore] = [await row(absurd), await row(late)];
    serve(
      {
        trip: trip('weekday-kus-1035'),
        // A feed writing epoch milliseconds where GTFS-Realtime wants seconds.
        stopTimeUpdate: [{ stopSequence: 9, arrival: { time: Date.now() + 3_600_000 } }],
      },
      {
        trip: trip('weekday-kus-1235'),
        stopTimeUpdate: [{ stopSequence: 9, arrival: { delay: 720 } }],
      },
    );
    const outcome = await poller.poll();
    expect(outcome).toMatchObject({ status: 'applied', moved: [late], atRisk: [] });
    expect(await row(absurd)).toEqual(absurdBefore);
    const after = await row(late);
    expect(after.train_delay_s).toBe(720);
    expect(after.promised_pickup_from.getTime() - lateBefore.promised_pickup_from.getTime()).toBe(
      720_000,
    );
  });

  it('a delay that goes back to one told before is told again: 8, 12, 8 minutes late make three messages', async () => {
    const id = await bookAfter('weekday-kus-1435');
    const before = await row(id);
    const told = async () =>
      (await h.ds.query(
        `SELECT body FROM rider_messages WHERE booking_id = $1 AND kind = 'train_delayed' ORDER BY created_at`,
        [id],
      )) as Array<{ body: string }>;
    for (const delayMin of [8, 12, 8]) {
      serve({
        trip: trip('weekday-kus-1435'),
        stopTimeUpdate: [{ stopSequence: 9, arrival: { delay: delayMin * 60 } }],
      });
      expect(await poller.poll()).toMatchObject({ status: 'applied', moved: [id] });
    }
    const after = await row(id);
    expect(after.promised_pickup_from.getTime() - before.promised_pickup_from.getTime()).toBe(
      8 * 60_000,
    );
    const bodies = (await told()).map((m) => m.body);
    expect(bodies).toHaveLength(3);
    expect(bodies[2]).toBe(bodies[0]);
    expect(bodies[2]).toContain('8 Min. Verspätung');
  });

  it('a timetable whose agency_timezone is no time zone is refused naming it, and the station departures stay readable', async () => {
    const bad = join(dir, 'bad-tz');
    await cp(SAMPLE, bad, { recursive: true });
    const agency = await readFile(join(bad, 'agency.txt'), 'utf8');
    await writeFile(join(bad, 'agency.txt'), agency.replace('Europe/Berlin', 'Mars/Olympus_Mons'));
    const refused = importGtfsFeed(h.ds, bad, { name: 'bad-tz' });
    await expect(refused).rejects.toThrow(GtfsFeedError);
    await expect(refused).rejects.toThrow(/agency_timezone/);
    const from = nextWeekdayAt('07:00');
    const res = await h.http
      .get(`/v1/hubs/${kusel}/departures`)
      .query({
        from: from.toISOString(),
        to: new Date(from.getTime() + 3 * 3600_000).toISOString(),
      })
      .expect(200);
    expect(res.body.departures.length).toBeGreaterThan(0);
  });
  const copyOfSample = async (name: string, edit: Record<string, (text: string) => string>) => {
    const copy = join(dir, name);
    await cp(SAMPLE, copy, { recursive: true });
    for (const [file, change] of Object.entries(edit)) {
      await writeFile(join(copy, file), change(await readFile(join(copy, file), 'utf8')));
    }
    return copy;
  };
  const secondLine = (text: string) => text.split('\n')[1];

  it('a timetable with rows given twice and an overlong trip id is imported without them, each file naming what it skipped', async () => {
    const longId = `weekday-kl-0520${'x'.repeat(200)}`;
    const copy = await copyOfSample('twice', {
      'stop_times.txt': (t) =>
        `${t}${secondLine(t)}\n${secondLine(t).replace('weekday-kl-0520', longId)}\n`,
      'trips.txt': (t) =>
        `${t}${secondLine(t)}\n${secondLine(t).replace('weekday-kl-0520', longId)}\n`,
      'calendar.txt': (t) => `${t}${secondLine(t)}\n`,
      'calendar_dates.txt': (t) => `${t}${secondLine(t)}\n`,
    });
    const r = await importGtfsFeed(h.ds, copy, { name: 'twice' });
    const clean = await importGtfsFeed(h.ds, SAMPLE, { name: 'sample-again' });
    expect([r.trips, r.stopTimes, r.services, r.exceptions]).toEqual([
      clean.trips,
      clean.stopTimes,
      clean.services,
      clean.exceptions,
    ]);
    expect(r.skipped).toEqual({
      'trips.txt': {
        count: 2,
        firstReason: 'trip weekday-kl-0520: given twice, the first row kept',
      },
      'stop_times.txt': {
        count: 1,
        firstReason: 'trip weekday-kl-0520: stop_sequence 1 given twice, the first row kept',
      },
      'calendar.txt': { count: 1, firstReason: expect.stringContaining('given twice') },
      'calendar_dates.txt': { count: 1, firstReason: expect.stringContaining('given twice') },
    });
    await h.ds.query(`DELETE FROM timetable_feeds WHERE name IN ('twice', 'sample-again')`);
  });

  it('a timetable file that is no CSV (a quote never closed) is refused naming the file', async () => {
    const copy = await copyOfSample('quote', {
      'stop_times.txt': (t) => `${t}weekday-kl-0520,"05:20:00,05:20:00,8003481:1,99\n`,
    });
    const refused = importGtfsFeed(h.ds, copy, { name: 'quote' });
    await expect(refused).rejects.toThrow(GtfsFeedError);
    await expect(refused).rejects.toThrow(/^stop_times\.txt: .*line/);
  });
});
