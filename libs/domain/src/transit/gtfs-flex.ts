import type { MultiPolygon, Polygon } from 'geojson';
import { addDays, parseHhMm, Weekday, WEEKDAYS } from '../local-time';
import { OperatingHours } from '../operating-hours';
import { formatGtfsDate, formatGtfsTime } from './gtfs-time';
import { toCsv } from './gtfs-csv';

/** One service area as the public sees it in a GTFS-Flex feed. */
export interface FlexArea {
  id: string;
  name: string;
  geometry: Polygon | MultiPolygon;
  operatingHours: OperatingHours;
  minNoticeMin: number;
  bookingHorizonDays: number;
}

export interface FlexFeedInput {
  /** Prefix for every id in the feed, e.g. the county's AGS, so feeds of counties merge. */
  idPrefix: string;
  agency: { name: string; url: string; timeZone: string; lang: string; phone?: string | null };
  areas: readonly FlexArea[];
  /** Where riders book online; the phone number books by phone. */
  bookingUrl?: string | null;
  /** First and last day the feed is valid, `YYYY-MM-DD`. */
  validFrom: string;
  validTo: string;
  feedVersion: string;
}

/** The files of a GTFS-Flex feed, by file name. */
export type GtfsFiles = Record<string, string>;

/** Route type 715: "Demand and Response Bus Service" (GTFS extended route types). */
const ROUTE_TYPE_ON_DEMAND = 715;

/**
 * The service as a GTFS-Flex v2 feed (GTFS reference, "On-demand services": locations.geojson,
 * booking_rules.txt, stop_times.txt with pickup/drop-off windows): each service area is one
 * zone; each distinct set of weekly hours one service (calendar.txt); each opening interval one
 * trip with two stop_times in the zone, the first for pickups and the second for drop-offs, so
 * that no two records of a trip overlap (the zone-overlap rule). Booking is same-day with the
 * area's minimum notice, at most its horizon ahead (booking_type 1).
 */
export function buildGtfsFlexFeed(input: FlexFeedInput): GtfsFiles {
  const p = input.idPrefix;
  const agencyId = `${p}-agency`;
  const routes: Array<Record<string, string | number>> = [];
  const trips: Array<Record<string, string | number>> = [];
  const stopTimes: Array<Record<string, string | number>> = [];
  const bookingRules: Array<Record<string, string | number>> = [];
  const calendar: Array<Record<string, string | number>> = [];
  const features: unknown[] = [];

  for (const area of input.areas) {
    const zoneId = `${p}-zone-${area.id}`;
    const routeId = `${p}-route-${area.id}`;
    const ruleId = `${p}-booking-${area.id}`;
    features.push({
      type: 'Feature',
      id: zoneId,
      properties: { stop_name: area.name, stop_desc: 'On-demand service area' },
      geometry: area.geometry,
    });
    routes.push({
      route_id: routeId,
      agency_id: agencyId,
      route_short_name: '',
      route_long_name: area.name,
      route_type: ROUTE_TYPE_ON_DEMAND,
    });
    bookingRules.push({
      booking_rule_id: ruleId,
      booking_type: 1,
      prior_notice_duration_min: area.minNoticeMin,
      prior_notice_duration_max: area.bookingHorizonDays * 24 * 60,
      message: `Book at least ${area.minNoticeMin} minutes ahead, up to ${area.bookingHorizonDays} days.`,
      phone_number: input.agency.phone ?? '',
      info_url: input.agency.url,
      booking_url: input.bookingUrl ?? '',
    });
    for (const [pattern, days] of groupDaysByHours(area.operatingHours)) {
      const serviceId = `${p}-service-${area.id}-${days.join('')}`;
      calendar.push({
        service_id: serviceId,
        ...Object.fromEntries(WEEKDAYS.map((d) => [weekdayColumn(d), days.includes(d) ? 1 : 0])),
        start_date: formatGtfsDate(input.validFrom),
        end_date: formatGtfsDate(input.validTo),
      });
      pattern.forEach(([startMin, endMin], i) => {
        const tripId = `${serviceId}-${i + 1}`;
        trips.push({ route_id: routeId, service_id: serviceId, trip_id: tripId });
        const window = {
          trip_id: tripId,
          location_id: zoneId,
          start_pickup_drop_off_window: formatGtfsTime(startMin * 60),
          end_pickup_drop_off_window: formatGtfsTime(endMin * 60),
          pickup_booking_rule_id: ruleId,
          drop_off_booking_rule_id: ruleId,
        };
        stopTimes.push({ ...window, stop_sequence: 1, pickup_type: 2, drop_off_type: 1 });
        stopTimes.push({ ...window, stop_sequence: 2, pickup_type: 1, drop_off_type: 2 });
      });
    }
  }

  return {
    'agency.txt': toCsv(
      ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang', 'agency_phone'],
      [
        {
          agency_id: agencyId,
          agency_name: input.agency.name,
          agency_url: input.agency.url,
          agency_timezone: input.agency.timeZone,
          agency_lang: input.agency.lang,
          agency_phone: input.agency.phone ?? '',
        },
      ],
    ),
    'routes.txt': toCsv(
      ['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type'],
      routes,
    ),
    'trips.txt': toCsv(['route_id', 'service_id', 'trip_id'], trips),
    'calendar.txt': toCsv(
      ['service_id', ...WEEKDAYS.map(weekdayColumn), 'start_date', 'end_date'],
      calendar,
    ),
    'stop_times.txt': toCsv(
      [
        'trip_id',
        'location_id',
        'stop_sequence',
        'start_pickup_drop_off_window',
        'end_pickup_drop_off_window',
        'pickup_type',
        'drop_off_type',
        'pickup_booking_rule_id',
        'drop_off_booking_rule_id',
      ],
      stopTimes,
    ),
    'booking_rules.txt': toCsv(
      [
        'booking_rule_id',
        'booking_type',
        'prior_notice_duration_min',
        'prior_notice_duration_max',
        'message',
        'phone_number',
        'info_url',
        'booking_url',
      ],
      bookingRules,
    ),
    'locations.geojson': JSON.stringify({ type: 'FeatureCollection', features }, null, 1) + '\n',
    'feed_info.txt': toCsv(
      [
        'feed_publisher_name',
        'feed_publisher_url',
        'feed_lang',
        'feed_start_date',
        'feed_end_date',
        'feed_version',
      ],
      [
        {
          feed_publisher_name: input.agency.name,
          feed_publisher_url: input.agency.url,
          feed_lang: input.agency.lang,
          feed_start_date: formatGtfsDate(input.validFrom),
          feed_end_date: formatGtfsDate(input.validTo),
          feed_version: input.feedVersion,
        },
      ],
    ),
  };
}

/** A feed valid from `today` for `days` days. */
export function feedValidity(today: string, days = 365): { validFrom: string; validTo: string } {
  return { validFrom: today, validTo: addDays(today, days - 1) };
}

function weekdayColumn(d: Weekday): string {
  return {
    mon: 'monday',
    tue: 'tuesday',
    wed: 'wednesday',
    thu: 'thursday',
    fri: 'friday',
    sat: 'saturday',
    sun: 'sunday',
  }[d];
}

/** Weekdays with the same opening intervals share one service: [[minute spans], days]. */
function groupDaysByHours(hours: OperatingHours): Array<[Array<[number, number]>, Weekday[]]> {
  const groups = new Map<string, { spans: Array<[number, number]>; days: Weekday[] }>();
  for (const day of WEEKDAYS) {
    const spans = (hours[day] ?? [])
      .map((iv) => [parseHhMm(iv.start), parseHhMm(iv.end)] as const)
      .filter((s): s is readonly [number, number] => s[0] !== null && s[1] !== null && s[1] > s[0])
      .map(([a, b]) => [a, b] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    if (spans.length === 0) continue;
    const key = JSON.stringify(spans);
    const g = groups.get(key) ?? { spans, days: [] };
    g.days.push(day);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => [g.spans, g.days]);
}
