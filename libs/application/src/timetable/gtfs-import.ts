import { echo, haversineM, isValidTimeZone, parseGtfsDate, parseGtfsTime } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';
import { GtfsFeedError, GtfsFeedReader, openGtfsFeed } from './gtfs-feed-reader';

/** How far a GTFS stop may lie from our station stop to be linked to it. */
export const STATION_LINK_RADIUS_M = 300;

/** The longest GTFS id (stop, trip, service) the timetable tables hold. */
const MAX_ID_CHARS = 120;
const tooLong = (...ids: Array<string | undefined>) =>
  ids.some((id) => (id?.length ?? 0) > MAX_ID_CHARS);

/** GTFS route types that are trains: 2 (rail), 100-199 (railway service), 400-499 (urban rail). */
export function isRailRouteType(t: number): boolean {
  return t === 2 || (t >= 100 && t <= 199) || (t >= 400 && t <= 499);
}

export interface GtfsImportResult {
  feedId: string;
  stationsLinked: number;
  trips: number;
  stopTimes: number;
  services: number;
  exceptions: number;
  /** Rows skipped for bad values, by file, with the first reason. */
  skipped: Record<string, { count: number; firstReason: string }>;
}

interface OurStation {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

interface StopTimeRow {
  tripId: string;
  seq: number;
  stopId: string;
  arrivalS: number;
  departureS: number;
  platform: string | null;
}

/**
 * Imports a GTFS feed's trains at our stations (every county's rail stations and hubs), streaming
 * every file, and replaces the feed of the same name in one transaction. Reads stops.txt (links
 * GTFS stops within 300 m of a station of ours, and their platforms through parent_station),
 * routes.txt (rail only), trips.txt, stop_times.txt (keeps calls at linked stops, and each trip's
 * first and last stop), calendar.txt and calendar_dates.txt (for the services kept).
 */
export async function importGtfsFeed(
  ds: DataSource,
  path: string,
  options: { name: string },
): Promise<GtfsImportResult> {
  const feed = await openGtfsFeed(path);
  try {
    return await importFrom(ds, feed, path, options.name);
  } finally {
    await feed.close();
  }
}

async function importFrom(
  ds: DataSource,
  feed: GtfsFeedReader,
  source: string,
  name: string,
): Promise<GtfsImportResult> {
  for (const f of ['stops.txt', 'routes.txt', 'trips.txt', 'stop_times.txt', 'agency.txt']) {
    if (!feed.has(f)) throw new GtfsFeedError(`${f} is missing from the feed`);
  }
  if (!feed.has('calendar.txt') && !feed.has('calendar_dates.txt')) {
    throw new GtfsFeedError('the feed has neither calendar.txt nor calendar_dates.txt');
  }
  const skipped: GtfsImportResult['skipped'] = {};
  const skip = (file: string, reason: string) => {
    const s = (skipped[file] ??= { count: 0, firstReason: reason });
    s.count++;
  };

  let timeZone = '';
  for await (const a of feed.rows('agency.txt')) {
    timeZone ||= a.agency_timezone ?? '';
  }
  if (!timeZone) throw new GtfsFeedError('agency.txt gives no agency_timezone');
  // Every time of the feed is read in this zone (departures, trains booked, the realtime
  // matcher): one that is no IANA zone would make each of them fail later, at a request.
  if (timeZone.length > 64 || !isValidTimeZone(timeZone)) {
    throw new GtfsFeedError(
      `agency.txt: agency_timezone "${echo(timeZone)}" is not an IANA time zone (e.g. Europe/Berlin)`,
    );
  }
  let feedVersion: string | null = null;
  if (feed.has('feed_info.txt')) {
    for await (const r of feed.rows('feed_info.txt')) feedVersion ||= r.feed_version || null;
  }

  const stations: OurStation[] = await ds.query(
    `SELECT id, name, lat, lon FROM stops WHERE kind IN ('rail_station', 'hub') AND active`,
  );

  // stops.txt: names of all stops (for headsigns), links of those near a station of ours.
  const stopNames = new Map<string, string>();
  const linked = new Map<string, { stopId: string; name: string }>();
  const parentOf = new Map<string, string>();
  for await (const s of feed.rows('stops.txt')) {
    const id = s.stop_id;
    if (!id) {
      skip('stops.txt', 'stop_id missing');
      continue;
    }
    if (tooLong(id)) {
      skip('stops.txt', `stop_id longer than ${MAX_ID_CHARS} characters`);
      continue;
    }
    stopNames.set(id, s.stop_name ?? '');
    if (s.parent_station) parentOf.set(id, s.parent_station);
    const lat = Number(s.stop_lat);
    const lon = Number(s.stop_lon);
    if (!s.stop_lat || !s.stop_lon || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    let best: { st: OurStation; d: number } | null = null;
    for (const st of stations) {
      const d = haversineM({ lat, lon }, { lat: st.lat, lon: st.lon });
      if (d <= STATION_LINK_RADIUS_M && (!best || d < best.d)) best = { st, d };
    }
    if (best) linked.set(id, { stopId: best.st.id, name: s.stop_name ?? '' });
  }
  for (const [child, parent] of parentOf) {
    const p = linked.get(parent);
    if (p && !linked.has(child))
      linked.set(child, { stopId: p.stopId, name: stopNames.get(child) ?? p.name });
  }

  // routes.txt: trains only.
  const railRoutes = new Map<string, { name: string; type: number }>();
  for await (const r of feed.rows('routes.txt')) {
    const type = Number(r.route_type);
    if (!Number.isInteger(type)) {
      skip('routes.txt', `route ${r.route_id}: route_type is not an integer`);
      continue;
    }
    if (!isRailRouteType(type)) continue;
    railRoutes.set(r.route_id, {
      name: r.route_short_name || r.route_long_name || r.route_id,
      type,
    });
  }

  const trips = new Map<
    string,
    { serviceId: string; route: { name: string; type: number }; headsign: string }
  >();
  for await (const t of feed.rows('trips.txt')) {
    const route = railRoutes.get(t.route_id);
    if (!route) continue;
    if (!t.trip_id || !t.service_id) {
      skip('trips.txt', 'trip_id or service_id missing');
      continue;
    }
    if (tooLong(t.trip_id, t.service_id)) {
      skip('trips.txt', `trip_id or service_id longer than ${MAX_ID_CHARS} characters`);
      continue;
    }
    if (trips.has(t.trip_id)) {
      skip('trips.txt', `trip ${t.trip_id}: given twice, the first row kept`);
      continue;
    }
    trips.set(t.trip_id, { serviceId: t.service_id, route, headsign: t.trip_headsign ?? '' });
  }

  // stop_times.txt: calls of rail trips at our stations; first and last stop of every rail trip.
  const calls: StopTimeRow[] = [];
  const ends = new Map<
    string,
    { minSeq: number; minStop: string; maxSeq: number; maxStop: string }
  >();
  /** The calls at our stations kept so far (trip and stop_sequence). */
  const seen = new Set<string>();
  for await (const st of feed.rows('stop_times.txt')) {
    if (!trips.has(st.trip_id)) continue;
    const seq = Number(st.stop_sequence);
    if (!Number.isInteger(seq) || seq < 0 || seq > 2 ** 31 - 1) {
      skip('stop_times.txt', `trip ${st.trip_id}: stop_sequence is not a non-negative integer`);
      continue;
    }
    const e = ends.get(st.trip_id);
    if (!e)
      ends.set(st.trip_id, { minSeq: seq, minStop: st.stop_id, maxSeq: seq, maxStop: st.stop_id });
    else {
      if (seq < e.minSeq) Object.assign(e, { minSeq: seq, minStop: st.stop_id });
      if (seq > e.maxSeq) Object.assign(e, { maxSeq: seq, maxStop: st.stop_id });
    }
    const link = linked.get(st.stop_id);
    if (!link) continue;
    // Only the calls kept are remembered: a national feed has millions of rail stop_times.
    const key = `${st.trip_id}\u0000${seq}`;
    if (seen.has(key)) {
      skip(
        'stop_times.txt',
        `trip ${st.trip_id}: stop_sequence ${seq} given twice, the first row kept`,
      );
      continue;
    }
    seen.add(key);
    const arr = parseGtfsTime(st.arrival_time || st.departure_time || '');
    const dep = parseGtfsTime(st.departure_time || st.arrival_time || '');
    if (arr === null || dep === null) {
      skip('stop_times.txt', `trip ${st.trip_id}: no valid time at a station of ours`);
      continue;
    }
    calls.push({
      tripId: st.trip_id,
      seq,
      stopId: link.stopId,
      arrivalS: arr,
      departureS: dep,
      platform: platformOf(st.stop_id, stopNames) ?? null,
    });
  }
  const keptTrips = new Set(calls.map((c) => c.tripId));
  const keptServices = new Set([...keptTrips].map((t) => trips.get(t)!.serviceId));

  const services: Array<{
    serviceId: string;
    weekdays: string;
    startDate: string;
    endDate: string;
  }> = [];
  const serviceIds = new Set<string>();
  if (feed.has('calendar.txt')) {
    const cols = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    for await (const c of feed.rows('calendar.txt')) {
      if (!keptServices.has(c.service_id)) continue;
      const start = parseGtfsDate(c.start_date ?? '');
      const end = parseGtfsDate(c.end_date ?? '');
      const weekdays = cols.map((d) => (c[d] === '1' ? '1' : '0')).join('');
      if (!start || !end || cols.some((d) => !['0', '1'].includes(c[d]))) {
        skip('calendar.txt', `service ${c.service_id}: bad dates or weekday flags`);
        continue;
      }
      if (serviceIds.has(c.service_id)) {
        skip('calendar.txt', `service ${c.service_id}: given twice, the first row kept`);
        continue;
      }
      serviceIds.add(c.service_id);
      services.push({ serviceId: c.service_id, weekdays, startDate: start, endDate: end });
    }
  }
  const exceptions: Array<{ serviceId: string; date: string; exceptionType: number }> = [];
  const exceptionKeys = new Set<string>();
  if (feed.has('calendar_dates.txt')) {
    for await (const c of feed.rows('calendar_dates.txt')) {
      if (!keptServices.has(c.service_id)) continue;
      const date = parseGtfsDate(c.date ?? '');
      const type = Number(c.exception_type);
      if (!date || (type !== 1 && type !== 2)) {
        skip('calendar_dates.txt', `service ${c.service_id}: bad date or exception_type`);
        continue;
      }
      if (exceptionKeys.has(`${c.service_id}\u0000${date}`)) {
        skip(
          'calendar_dates.txt',
          `service ${c.service_id}: ${date} given twice, the first row kept`,
        );
        continue;
      }
      exceptionKeys.add(`${c.service_id}\u0000${date}`);
      exceptions.push({ serviceId: c.service_id, date, exceptionType: type });
    }
  }

  return ds.transaction(async (em) => {
    await em.query(`DELETE FROM timetable_feeds WHERE name = $1`, [name]);
    const [{ id: feedId }] = await em.query(
      `INSERT INTO timetable_feeds (name, source, feed_version, time_zone) VALUES ($1, $2, $3, $4) RETURNING id`,
      [name, source.slice(-400), feedVersion, timeZone],
    );
    const stationRows = [...linked].map(([gtfsStopId, l]) => [
      feedId,
      gtfsStopId,
      l.stopId,
      l.name.slice(0, 200),
    ]);
    await insertMany(
      em,
      'timetable_stations',
      ['feed_id', 'gtfs_stop_id', 'stop_id', 'gtfs_stop_name'],
      stationRows,
    );
    await insertMany(
      em,
      'timetable_services',
      ['feed_id', 'service_id', 'weekdays', 'start_date', 'end_date'],
      services.map((s) => [feedId, s.serviceId, s.weekdays, s.startDate, s.endDate]),
    );
    await insertMany(
      em,
      'timetable_service_exceptions',
      ['feed_id', 'service_id', 'date', 'exception_type'],
      exceptions.map((e) => [feedId, e.serviceId, e.date, e.exceptionType]),
    );
    await insertMany(
      em,
      'timetable_trips',
      ['feed_id', 'trip_id', 'service_id', 'route_name', 'route_type', 'headsign', 'origin'],
      [...keptTrips].map((tripId) => {
        const t = trips.get(tripId)!;
        const e = ends.get(tripId)!;
        const headsign = t.headsign || stopNames.get(e.maxStop) || '';
        return [
          feedId,
          tripId,
          t.serviceId,
          t.route.name.slice(0, 120),
          t.route.type,
          headsign.slice(0, 200),
          (stopNames.get(e.minStop) ?? '').slice(0, 200),
        ];
      }),
    );
    await insertMany(
      em,
      'timetable_stop_times',
      [
        'feed_id',
        'trip_id',
        'stop_sequence',
        'stop_id',
        'arrival_s',
        'departure_s',
        'is_first',
        'is_last',
        'platform',
      ],
      calls.map((c) => {
        const e = ends.get(c.tripId)!;
        return [
          feedId,
          c.tripId,
          c.seq,
          c.stopId,
          c.arrivalS,
          c.departureS,
          c.seq === e.minSeq,
          c.seq === e.maxSeq,
          c.platform,
        ];
      }),
    );
    return {
      feedId,
      stationsLinked: new Set([...linked.values()].map((l) => l.stopId)).size,
      trips: keptTrips.size,
      stopTimes: calls.length,
      services: services.length,
      exceptions: exceptions.length,
      skipped,
    };
  });
}

/** A platform from a platform stop's name or code, e.g. "Kusel Gleis 2" gives "2". */
function platformOf(gtfsStopId: string, names: Map<string, string>): string | undefined {
  const m = /(?:Gleis|Gl\.|Bstg\.?|platform)\s*([0-9A-Za-z]{1,4})\s*$/i.exec(
    names.get(gtfsStopId) ?? '',
  );
  return m?.[1];
}

/** Multi-row INSERTs in chunks under PostgreSQL's 65,535 parameter limit. */
async function insertMany(
  em: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  const perChunk = Math.floor(60000 / columns.length);
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const params: unknown[] = [];
    const values = chunk.map(
      (r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`,
    );
    await em.query(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values.join(', ')}`,
      params,
    );
  }
}
