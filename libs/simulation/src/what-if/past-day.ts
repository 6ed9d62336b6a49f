import { addDays, zonedToInstant } from '@app/domain';
import { StopEntity } from '@app/persistence';
import { In, type DataSource } from 'typeorm';
import { simPlaceOf } from './sim-place';
import type { SimPlace, SimRequest, TripPurpose } from '../model/sim.types';

/** A past day of a county as it was booked: its requests, and the stops they use. */
export interface PastDay {
  requests: SimRequest[];
  /** The stops of those requests (active or not), as places of the replay. */
  stops: SimPlace[];
}

interface Row {
  id: string;
  from_code: string;
  to_code: string;
  from_kind: string;
  to_kind: string;
  time_kind: 'depart_at' | 'arrive_by';
  requested_time: Date;
  created_at: Date;
  passengers: number;
  wheelchair_places: number;
  status: string;
  reason_code: string | null;
  cancelled_at: Date | null;
}

const isStation = (kind: string) => kind === 'rail_station' || kind === 'hub';

/**
 * The requests a county's riders made for one past local day (`date`, YYYY-MM-DD in the county's
 * time zone), read from its bookings as they were asked: stops, time and its kind, party, when
 * booked (seconds of that day, negative the days before), when the rider cancelled and whether
 * they did not turn up. The dispatcher's answers are not read: the replay decides anew. Only the
 * county's own service areas' bookings are read.
 */
export async function loadPastDay(
  ds: DataSource,
  countyId: string,
  date: string,
  timeZone: string,
): Promise<PastDay> {
  const dayStart = zonedToInstant(date, '00:00', timeZone);
  const dayEnd = zonedToInstant(addDays(date, 1), '00:00', timeZone);
  const rows: Row[] = await ds.query(
    `SELECT b.id, f.code AS from_code, t.code AS to_code, f.kind AS from_kind, t.kind AS to_kind,
            b.time_kind, b.requested_time, b.created_at, b.passengers, b.wheelchair_places,
            b.status, b.reason_code,
            (SELECT min(e.at) FROM booking_events e
              WHERE e.booking_id = b.id AND e.to_status = 'cancelled') AS cancelled_at
       FROM bookings b
       JOIN service_areas a ON a.id = b.service_area_id AND a.county_id = $1
       JOIN stops f ON f.id = b.from_stop_id
       JOIN stops t ON t.id = b.to_stop_id
      WHERE b.requested_time >= $2 AND b.requested_time < $3
      ORDER BY b.requested_time, b.id`,
    [countyId, dayStart, dayEnd],
  );
  const s = (at: Date) => Math.round((at.getTime() - dayStart.getTime()) / 1000);
  const requests = rows.map((r): SimRequest => ({
    id: r.id,
    fromCode: r.from_code,
    toCode: r.to_code,
    purpose: purposeOf(r),
    timeKind: r.time_kind,
    timeS: s(r.requested_time),
    bookedAtS: s(r.created_at),
    passengers: r.passengers,
    wheelchairPlaces: r.wheelchair_places,
    // Only the rider's own cancellation is demand that went away; the office's is not replayed.
    cancelAtS:
      r.status === 'cancelled' && r.reason_code !== 'cancelled_by_office' && r.cancelled_at
        ? s(r.cancelled_at)
        : null,
    noShow: r.status === 'no_show',
  }));
  const codes = [...new Set(rows.flatMap((r) => [r.from_code, r.to_code]))];
  const stops = codes.length
    ? await ds.getRepository(StopEntity).findBy({ countyId, code: In(codes) })
    : [];
  return { requests, stops: stops.map(simPlaceOf) };
}

function purposeOf(r: Row): TripPurpose {
  if (isStation(r.to_kind)) return 'to_rail';
  if (isStation(r.from_kind)) return 'from_rail';
  return 'village';
}
