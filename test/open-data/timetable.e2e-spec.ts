import { importGtfsFeed, zipFiles } from '@app/application';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

const SAMPLE = join(__dirname, '..', '..', 'data', 'gtfs', 'kusel-line-sample');

/** The sample feed as a zip, as feeds are published. */
async function sampleZip(): Promise<string> {
  const files = Object.fromEntries(
    readdirSync(SAMPLE).map((f) => [f, readFileSync(join(SAMPLE, f), 'utf8')]),
  );
  const path = join(mkdtempSync(join(tmpdir(), 'gtfs-')), 'kusel-sample.zip');
  writeFileSync(path, await zipFiles(files));
  return path;
}

describe('trains at the hubs: GTFS import and departures', () => {
  let h: BookingApiHarness;
  let kusel: string;
  let altenglan: string;

  beforeAll(async () => {
    h = await startBookingApi();
    kusel = h.stop('eva-8003481');
    altenglan = h.stop('eva-8000491');
  });
  afterAll(() => h.close());

  const departures = (stopId: string, from: string, to: string) =>
    h.http.get(`/v1/hubs/${stopId}/departures`).query({ from, to });

  it('imports the sample feed of the Kusel line, linking GTFS stops and platforms to our stations', async () => {
    const r = await importGtfsFeed(h.ds, await sampleZip(), { name: 'sample' });
    // Seven stations of the line lie in the county; Landstuhl and Kaiserslautern do not.
    expect(r.stationsLinked).toBe(7);
    expect(r.trips).toBe(52);
    expect(r.stopTimes).toBe(52 * 7);
    expect(r.exceptions).toBe(12);
    expect(r.skipped).toEqual({});
  });

  it('lists the 20.20 from Kusel to Kaiserslautern on a weekday, from its platform', async () => {
    const res = await departures(
      kusel,
      '2026-12-01T20:00:00+01:00',
      '2026-12-01T21:00:00+01:00',
    ).expect(200);
    expect(res.body.departures).toEqual([
      expect.objectContaining({
        departureAt: '2026-12-01T19:20:00.000Z',
        route: 'RB',
        headsign: 'Kaiserslautern Hbf',
        origin: 'Kusel Gleis 1',
        platform: '1',
        serviceDate: '2026-12-01',
      }),
    ]);
  });

  it('leaves out trains that end at the station, and lists them as arrivals', async () => {
    const dep = await departures(
      kusel,
      '2026-12-01T06:30:00+01:00',
      '2026-12-01T07:00:00+01:00',
    ).expect(200);
    expect(dep.body.departures).toEqual([]);
    const arr = await h.http
      .get(`/v1/hubs/${kusel}/arrivals`)
      .query({ from: '2026-12-01T06:30:00+01:00', to: '2026-12-01T07:00:00+01:00' })
      .expect(200);
    // Kaiserslautern 05:35 → Kusel 06:39.
    expect(arr.body.arrivals.map((a: { arrivalAt: string }) => a.arrivalAt)).toEqual([
      '2026-12-01T05:39:00.000Z',
    ]);
  });

  it('runs the weekend timetable on a holiday (calendar_dates) and two-hourly at weekends', async () => {
    const weekday = await departures(
      altenglan,
      '2026-12-01T05:00:00+01:00',
      '2026-12-01T09:00:00+01:00',
    ).expect(200);
    expect(
      weekday.body.departures.filter(
        (d: { headsign: string }) => d.headsign === 'Kaiserslautern Hbf',
      ),
    ).toHaveLength(4);
    const christmas = await departures(
      altenglan,
      '2026-12-25T05:00:00+01:00',
      '2026-12-25T09:00:00+01:00',
    ).expect(200);
    const toKl = christmas.body.departures.filter(
      (d: { headsign: string }) => d.headsign === 'Kaiserslautern Hbf',
    );
    expect(toKl.map((d: { departureAt: string }) => d.departureAt)).toEqual([
      '2026-12-25T05:26:00.000Z',
      '2026-12-25T07:26:00.000Z',
    ]);
  });

  it('replaces the timetable when the feed is imported again', async () => {
    const again = await importGtfsFeed(h.ds, await sampleZip(), { name: 'sample' });
    expect(again.stopTimes).toBe(52 * 7);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM timetable_stop_times`);
    expect(n).toBe(52 * 7);
    const res = await departures(
      kusel,
      '2026-12-01T20:00:00+01:00',
      '2026-12-01T21:00:00+01:00',
    ).expect(200);
    expect(res.body.departures).toHaveLength(1);
  });

  it('reads a feed with calendar exceptions only, and trips past midnight', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gtfs-exc-'));
    const w = (f: string, text: string) => writeFileSync(join(dir, f), text.trim() + '\n');
    w(
      'agency.txt',
      'agency_name,agency_url,agency_timezone\nTest,https://example.org,Europe/Berlin',
    );
    w(
      'stops.txt',
      'stop_id,stop_name,stop_lat,stop_lon\nA,Altenglan Bf,49.54865,7.46185\nZ,Far away,49.0,8.0',
    );
    w('routes.txt', 'route_id,route_short_name,route_type\nr,RE 99,106\nbus,280,3');
    w(
      'trips.txt',
      'route_id,service_id,trip_id\nr,late,night\nr,xmas,special\nr,late,cancelled-day\nbus,late,bus-trip',
    );
    w(
      'stop_times.txt',
      [
        'trip_id,arrival_time,departure_time,stop_id,stop_sequence',
        'night,24:10:00,24:12:00,A,1',
        'night,25:00:00,25:00:00,Z,2',
        'special,10:00:00,10:00:00,A,1',
        'special,11:00:00,11:00:00,Z,2',
        'bus-trip,10:30:00,10:30:00,A,1',
        'bus-trip,11:30:00,11:30:00,Z,2',
      ].join('\n'),
    );
    w(
      'calendar_dates.txt',
      'service_id,date,exception_type\nlate,20261205,1\nxmas,20261224,1\nlate,20261206,2',
    );
    const r = await importGtfsFeed(h.ds, dir, { name: 'exceptions' });
    expect(r.trips).toBe(2); // the bus is no train
    // The night train of Saturday 5 December leaves on Sunday at 00:12.
    const night = await departures(
      altenglan,
      '2026-12-06T00:00:00+01:00',
      '2026-12-06T01:00:00+01:00',
    ).expect(200);
    expect(night.body.departures).toEqual([
      expect.objectContaining({
        tripId: 'night',
        serviceDate: '2026-12-05',
        departureAt: '2026-12-05T23:12:00.000Z',
        headsign: 'Far away',
        route: 'RE 99',
      }),
    ]);
    const xmas = await departures(
      altenglan,
      '2026-12-24T09:00:00+01:00',
      '2026-12-24T11:00:00+01:00',
    ).expect(200);
    expect(xmas.body.departures.map((d: { tripId: string }) => d.tripId)).toContain('special');
    const dayAfter = await departures(
      altenglan,
      '2026-12-25T09:00:00+01:00',
      '2026-12-25T11:00:00+01:00',
    ).expect(200);
    expect(dayAfter.body.departures.map((d: { tripId: string }) => d.tripId)).not.toContain(
      'special',
    );
  });

  it('refuses a feed without its required files, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gtfs-bad-'));
    writeFileSync(
      join(dir, 'agency.txt'),
      'agency_name,agency_url,agency_timezone\nT,https://e.org,Europe/Berlin\n',
    );
    await expect(importGtfsFeed(h.ds, dir, { name: 'bad' })).rejects.toThrow(
      /stops\.txt is missing/,
    );
  });

  it.each([
    [{ to: '2026-12-01T10:00:00+01:00' }, 'from', 400],
    [{ from: '2026-12-01T10:00:00+01:00', to: '2026-12-01T09:00:00+01:00' }, 'to', 422],
    [{ from: '2026-12-01T10:00:00+01:00', to: '2026-12-05T10:00:00+01:00' }, 'to', 422],
    [{ from: 'gestern', to: '2026-12-01T10:00:00+01:00' }, 'from', 400],
  ])('answers %j with %s named', async (query, field, status) => {
    const res = await h.http.get(`/v1/hubs/${kusel}/departures`).query(query).expect(status);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers 400 for a stop id that is no UUID and 404 for an unknown stop', async () => {
    const q = { from: '2026-12-01T10:00:00+01:00', to: '2026-12-01T11:00:00+01:00' };
    await h.http.get('/v1/hubs/kusel/departures').query(q).expect(400);
    await h.http
      .get('/v1/hubs/00000000-0000-4000-8000-000000000000/departures')
      .query(q)
      .expect(404);
  });
});
