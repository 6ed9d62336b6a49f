import {
  activeServiceIds,
  gtfsInstant,
  NotFoundError,
  serviceDatesCovering,
  serviceDayOrigin,
  ServiceException,
  ServicePattern,
  StationCall,
  toLocalTime,
  Weekday,
  WEEKDAYS,
} from '@app/domain';
import type { TrainCall } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type { TrainCall };

export type CallKind = 'departures' | 'arrivals';

/** The longest window one listing covers. */
export const MAX_LISTING_WINDOW_H = 48;

/**
 * Trains at a station from the imported GTFS timetable: departures (trains riders catch after a
 * ride to the hub, trips ending here left out) or arrivals (trains riders come by, trips starting
 * here left out), in `[from, to]`, with each service's calendar and its exceptions applied per
 * service date.
 */
@Injectable()
export class DeparturesService {
  constructor(private readonly ds: DataSource) {}

  async list(
    stopId: string,
    from: Date,
    to: Date,
    kind: CallKind = 'departures',
  ): Promise<TrainCall[]> {
    const [stop] = await this.ds.query(`SELECT id FROM stops WHERE id = $1`, [stopId]);
    if (!stop) throw new NotFoundError('stop', stopId);
    const feeds: Array<{ id: string; time_zone: string }> = await this.ds.query(
      `SELECT DISTINCT f.id, f.time_zone FROM timetable_feeds f
         JOIN timetable_stop_times st ON st.feed_id = f.id WHERE st.stop_id = $1`,
      [stopId],
    );
    const calls: TrainCall[] = [];
    for (const feed of feeds)
      calls.push(...(await this.listFeed(feed.id, feed.time_zone, stopId, from, to, kind)));
    const key = kind === 'departures' ? 'departureAt' : 'arrivalAt';
    return calls.sort((a, b) => a[key].localeCompare(b[key]) || a.tripId.localeCompare(b.tripId));
  }

  /** The call of one trip on one service date at a station, or null when it does not run then. */
  async call(stopId: string, tripId: string, serviceDate: string): Promise<TrainCall | null> {
    const rows: CallRow[] = await this.ds.query(
      `SELECT st.trip_id, st.arrival_s, st.departure_s, st.platform, st.is_first, st.is_last, t.route_name, t.headsign, t.origin,
              t.service_id, f.id AS feed_id, f.time_zone
         FROM timetable_stop_times st
         JOIN timetable_trips t USING (feed_id, trip_id)
         JOIN timetable_feeds f ON f.id = st.feed_id
        WHERE st.stop_id = $1 AND st.trip_id = $2`,
      [stopId, tripId],
    );
    for (const r of rows) {
      const { patterns, exceptions } = await this.calendar(r.feed_id);
      if (activeServiceIds(serviceDate, patterns, exceptions).has(r.service_id)) {
        return toCall(r, serviceDate, r.time_zone);
      }
    }
    return null;
  }

  /**
   * A trip's call at one of our stations as GTFS-Realtime refers to it: its stop_sequence, the
   * feed's stop ids linked to the station, and the scheduled times on the service date; null
   * when the timetable has no such call. `role` picks the call a rider arrives by or catches.
   */
  async stationCall(
    stopId: string,
    tripId: string,
    serviceDate: string,
    role: 'catch' | 'arrive',
  ): Promise<StationCall | null> {
    const rows: Array<{
      stop_sequence: number;
      arrival_s: number;
      departure_s: number;
      time_zone: string;
      gtfs_stop_ids: string[];
    }> = await this.ds.query(
      `SELECT st.stop_sequence, st.arrival_s, st.departure_s, f.time_zone,
              ARRAY(SELECT ts.gtfs_stop_id FROM timetable_stations ts
                     WHERE ts.feed_id = st.feed_id AND ts.stop_id = st.stop_id) AS gtfs_stop_ids
         FROM timetable_stop_times st JOIN timetable_feeds f ON f.id = st.feed_id
        WHERE st.stop_id = $1 AND st.trip_id = $2 AND NOT (CASE WHEN $3 = 'catch' THEN st.is_last ELSE st.is_first END)
        ORDER BY f.imported_at DESC, st.stop_sequence LIMIT 1`,
      [stopId, tripId, role],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      stopSequence: r.stop_sequence,
      gtfsStopIds: r.gtfs_stop_ids,
      scheduledArrivalS: gtfsInstant(serviceDate, r.arrival_s, r.time_zone).getTime() / 1000,
      scheduledDepartureS: gtfsInstant(serviceDate, r.departure_s, r.time_zone).getTime() / 1000,
    };
  }

  private async listFeed(
    feedId: string,
    timeZone: string,
    stopId: string,
    from: Date,
    to: Date,
    kind: CallKind,
  ): Promise<TrainCall[]> {
    const { patterns, exceptions } = await this.calendar(feedId);
    const dates = serviceDatesCovering(
      toLocalTime(from, timeZone).date,
      toLocalTime(to, timeZone).date,
      2,
    );
    const out: TrainCall[] = [];
    const column = kind === 'departures' ? 'departure_s' : 'arrival_s';
    const exclude = kind === 'departures' ? 'is_last' : 'is_first';
    for (const date of dates) {
      const services = [...activeServiceIds(date, patterns, exceptions)];
      if (services.length === 0) continue;
      const origin = serviceDayOrigin(date, timeZone).getTime();
      const lo = Math.ceil((from.getTime() - origin) / 1000);
      const hi = Math.floor((to.getTime() - origin) / 1000);
      if (hi < 0) continue;
      const rows: CallRow[] = await this.ds.query(
        `SELECT st.trip_id, st.arrival_s, st.departure_s, st.platform, st.is_first, st.is_last, t.route_name, t.headsign, t.origin, t.service_id
           FROM timetable_stop_times st JOIN timetable_trips t USING (feed_id, trip_id)
          WHERE st.feed_id = $1 AND st.stop_id = $2 AND st.${column} BETWEEN $3 AND $4
            AND NOT st.${exclude} AND t.service_id = ANY($5)`,
        [feedId, stopId, lo, hi, services],
      );
      for (const r of rows) out.push(toCall(r, date, timeZone));
    }
    return out;
  }

  private async calendar(
    feedId: string,
  ): Promise<{ patterns: ServicePattern[]; exceptions: ServiceException[] }> {
    const svc: Array<{
      service_id: string;
      weekdays: string;
      start_date: string;
      end_date: string;
    }> = await this.ds.query(
      `SELECT service_id, weekdays, to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date
         FROM timetable_services WHERE feed_id = $1`,
      [feedId],
    );
    const exc: Array<{ service_id: string; date: string; exception_type: number }> =
      await this.ds.query(
        `SELECT service_id, to_char(date, 'YYYY-MM-DD') AS date, exception_type FROM timetable_service_exceptions WHERE feed_id = $1`,
        [feedId],
      );
    return {
      patterns: svc.map((s) => ({
        serviceId: s.service_id,
        weekdays: WEEKDAYS.filter((_, i) => s.weekdays[i] === '1') as Weekday[],
        startDate: s.start_date,
        endDate: s.end_date,
      })),
      exceptions: exc.map((e) => ({
        serviceId: e.service_id,
        date: e.date,
        exceptionType: e.exception_type === 1 ? 1 : 2,
      })),
    };
  }
}

interface CallRow {
  trip_id: string;
  arrival_s: number;
  departure_s: number;
  platform: string | null;
  is_first: boolean;
  is_last: boolean;
  route_name: string;
  headsign: string;
  origin: string;
  service_id: string;
  feed_id: string;
  time_zone: string;
}

function toCall(r: CallRow, serviceDate: string, timeZone: string): TrainCall {
  return {
    tripId: r.trip_id,
    serviceDate,
    route: r.route_name,
    headsign: r.headsign,
    origin: r.origin,
    arrivalAt: gtfsInstant(serviceDate, r.arrival_s, timeZone).toISOString(),
    departureAt: gtfsInstant(serviceDate, r.departure_s, timeZone).toISOString(),
    platform: r.platform,
    originatesHere: r.is_first,
    terminatesHere: r.is_last,
  };
}
