// Writes data/gtfs/kusel-line-sample/: an APPROXIMATE GTFS feed of the Kusel – Kaiserslautern
// line (KBS 671), built from the pattern in data/kusel/MOBILITY_FACTS.md (hourly on weekdays,
// two-hourly at weekends, "Kusel 20.20 → Kaiserslautern Hbf 21.24"). Not the official timetable:
// production imports the official feed (DELFI or VRN). Run: `npx tsx scripts/generate-gtfs-sample.ts`.
import { toCsv } from '@app/domain';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = join(__dirname, '..', 'data', 'gtfs', 'kusel-line-sample');

/** Stations from data/kusel/rail_stations.csv, minutes after leaving Kusel. */
const LINE: Array<{ id: string; name: string; lat: number; lon: number; min: number }> = [
  { id: '8003481', name: 'Kusel', lat: 49.538282, lon: 7.410329, min: 0 },
  { id: '8004929', name: 'Rammelsbach', lat: 49.542131, lon: 7.444075, min: 3 },
  { id: '8000491', name: 'Altenglan', lat: 49.548643, lon: 7.461841, min: 6 },
  { id: '8005857', name: 'Theisbergstegen', lat: 49.518978, lon: 7.448373, min: 10 },
  { id: '8001727', name: 'Matzenbach', lat: 49.494378, lon: 7.45608, min: 14 },
  { id: '8004993', name: 'Rehweiler', lat: 49.48516, lon: 7.440581, min: 17 },
  { id: '8002286', name: 'Glan-Münchweiler', lat: 49.470176, lon: 7.444848, min: 20 },
  { id: '8003515', name: 'Landstuhl', lat: 49.416287, lon: 7.565931, min: 44 },
  { id: '8000189', name: 'Kaiserslautern Hbf', lat: 49.436137, lon: 7.768716, min: 64 },
];
const RUN_MIN = 64;

const hhmmss = (min: number) =>
  `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}:00`;

mkdirSync(OUT, { recursive: true });
const files: Record<string, string> = {};
files['agency.txt'] = toCsv(
  ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang'],
  [
    {
      agency_id: 'sample',
      agency_name: 'Sample rail operator (approximation, not an official timetable)',
      agency_url: 'https://www.vrn.de/',
      agency_timezone: 'Europe/Berlin',
      agency_lang: 'de',
    },
  ],
);
files['feed_info.txt'] = toCsv(
  ['feed_publisher_name', 'feed_publisher_url', 'feed_lang', 'feed_version'],
  [
    {
      feed_publisher_name: 'kusel-ridepool sample (approximation built from MOBILITY_FACTS.md)',
      feed_publisher_url: 'https://www.vrn.de/',
      feed_lang: 'de',
      feed_version: 'approximation-2026',
    },
  ],
);
files['stops.txt'] = toCsv(
  ['stop_id', 'stop_name', 'stop_lat', 'stop_lon', 'location_type', 'parent_station'],
  [
    ...LINE.map((s) => ({
      stop_id: s.id,
      stop_name: s.name,
      stop_lat: s.lat,
      stop_lon: s.lon,
      location_type: 1,
    })),
    // Kusel's two platforms, as official feeds list them: linked through parent_station.
    ...[1, 2].map((p) => ({
      stop_id: `8003481:${p}`,
      stop_name: `Kusel Gleis ${p}`,
      stop_lat: 49.538282,
      stop_lon: 7.410329,
      location_type: 0,
      parent_station: '8003481',
    })),
    ...LINE.slice(1).map((s) => ({
      stop_id: `${s.id}:1`,
      stop_name: s.name,
      stop_lat: s.lat,
      stop_lon: s.lon,
      location_type: 0,
      parent_station: s.id,
    })),
  ],
);
files['routes.txt'] = toCsv(
  ['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type'],
  [
    {
      route_id: 'kbs671',
      agency_id: 'sample',
      route_short_name: 'RB',
      route_long_name: 'Kusel – Kaiserslautern Hbf (KBS 671)',
      route_type: 2,
    },
  ],
);
files['calendar.txt'] = toCsv(
  [
    'service_id',
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'start_date',
    'end_date',
  ],
  [
    {
      service_id: 'weekday',
      monday: 1,
      tuesday: 1,
      wednesday: 1,
      thursday: 1,
      friday: 1,
      saturday: 0,
      sunday: 0,
      start_date: '20260101',
      end_date: '20271231',
    },
    {
      service_id: 'weekend',
      monday: 0,
      tuesday: 0,
      wednesday: 0,
      thursday: 0,
      friday: 0,
      saturday: 1,
      sunday: 1,
      start_date: '20260101',
      end_date: '20271231',
    },
  ],
);
// Public holidays on weekdays run the weekend timetable.
const HOLIDAYS = ['20261225', '20270101', '20270326', '20270329', '20270506', '20270517'];
files['calendar_dates.txt'] = toCsv(
  ['service_id', 'date', 'exception_type'],
  HOLIDAYS.flatMap((d) => [
    { service_id: 'weekday', date: d, exception_type: 2 },
    { service_id: 'weekend', date: d, exception_type: 1 },
  ]),
);
const trips: Array<Record<string, string | number>> = [];
const stopTimes: Array<Record<string, string | number>> = [];
function addTrip(service: string, direction: 0 | 1, startMin: number): void {
  const tripId = `${service}-${direction === 0 ? 'kl' : 'kus'}-${hhmmss(startMin).slice(0, 5).replace(':', '')}`;
  trips.push({
    route_id: 'kbs671',
    service_id: service,
    trip_id: tripId,
    trip_headsign: direction === 0 ? 'Kaiserslautern Hbf' : 'Kusel',
    direction_id: direction,
  });
  const calls = direction === 0 ? LINE : [...LINE].reverse();
  calls.forEach((s, i) => {
    const t = startMin + (direction === 0 ? s.min : RUN_MIN - s.min);
    const stopId = s.id === '8003481' ? `8003481:${direction === 0 ? 1 : 2}` : `${s.id}:1`;
    stopTimes.push({
      trip_id: tripId,
      arrival_time: hhmmss(t),
      departure_time: hhmmss(t),
      stop_id: stopId,
      stop_sequence: i + 1,
    });
  });
}
for (let h = 5; h <= 22; h++) {
  addTrip('weekday', 0, h * 60 + 20); // Kusel xx:20 → Kaiserslautern Hbf xx+1:24
  addTrip('weekday', 1, h * 60 + 35); // Kaiserslautern Hbf xx:35 → Kusel xx+1:39
}
for (let h = 6; h <= 20; h += 2) {
  addTrip('weekend', 0, h * 60 + 20);
  addTrip('weekend', 1, (h + 1) * 60 + 35);
}
files['trips.txt'] = toCsv(
  ['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id'],
  trips,
);
files['stop_times.txt'] = toCsv(
  ['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'],
  stopTimes,
);
for (const [name, text] of Object.entries(files)) writeFileSync(join(OUT, name), text);
console.log(`wrote ${Object.keys(files).length} files, ${trips.length} trips, to ${OUT}`);
