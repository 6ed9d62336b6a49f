import { parseGtfsDate, type StopTimeReport, type TripUpdateReport } from '@app/domain';
import { transit_realtime as rt } from 'gtfs-realtime-bindings';

/** The feed could not be had: unreachable, an error status, too slow, or not GTFS-Realtime. */
export class TripUpdatesFeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TripUpdatesFeedError';
  }
}

const STOP_RELATIONSHIP: Record<number, StopTimeReport['relationship']> = {
  [rt.TripUpdate.StopTimeUpdate.ScheduleRelationship.SCHEDULED]: 'scheduled',
  [rt.TripUpdate.StopTimeUpdate.ScheduleRelationship.SKIPPED]: 'skipped',
  [rt.TripUpdate.StopTimeUpdate.ScheduleRelationship.NO_DATA]: 'no_data',
};
const GONE = new Set<number>([
  rt.TripDescriptor.ScheduleRelationship.CANCELED,
  rt.TripDescriptor.ScheduleRelationship.DELETED,
]);

/**
 * Fetches a GTFS-Realtime feed (plain HTTP GET, aborted after `timeoutMs`) and reads its
 * TripUpdates.
 * @throws TripUpdatesFeedError when it cannot be fetched or decoded
 */
export async function fetchTripUpdates(
  url: string,
  timeoutMs: number,
): Promise<TripUpdateReport[]> {
  let bytes: Uint8Array;
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/x-protobuf, application/octet-stream' },
    });
    if (!res.ok) throw new TripUpdatesFeedError(`HTTP ${res.status}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    if (e instanceof TripUpdatesFeedError) throw e;
    throw new TripUpdatesFeedError(`unreachable: ${(e as Error).message}`);
  }
  return decodeTripUpdates(bytes);
}

/**
 * The TripUpdates of a protobuf FeedMessage, as plain reports (other entities are left out).
 * @throws TripUpdatesFeedError when the bytes are no GTFS-Realtime feed
 */
export function decodeTripUpdates(bytes: Uint8Array): TripUpdateReport[] {
  let feed: rt.IFeedMessage;
  try {
    // toObject leaves unset fields out (decode's defaults would read as a delay of 0).
    feed = rt.FeedMessage.toObject(rt.FeedMessage.decode(bytes), {
      longs: Number,
      enums: Number,
    }) as rt.IFeedMessage;
  } catch (e) {
    throw new TripUpdatesFeedError(`not a GTFS-Realtime feed: ${(e as Error).message}`);
  }
  if (!feed.header?.gtfsRealtimeVersion) {
    throw new TripUpdatesFeedError('not a GTFS-Realtime feed: no header version');
  }
  const out: TripUpdateReport[] = [];
  for (const entity of feed.entity ?? []) {
    const tu = entity.tripUpdate;
    if (entity.isDeleted || !tu?.trip?.tripId) continue;
    out.push({
      tripId: tu.trip.tripId,
      serviceDate: tu.trip.startDate ? parseGtfsDate(tu.trip.startDate) : null,
      cancelled: GONE.has(tu.trip.scheduleRelationship ?? 0),
      delayS: tu.delay ?? null,
      stops: (tu.stopTimeUpdate ?? []).map((s) => ({
        stopSequence: s.stopSequence ?? null,
        stopId: s.stopId ?? null,
        arrival: event(s.arrival),
        departure: event(s.departure),
        relationship: STOP_RELATIONSHIP[s.scheduleRelationship ?? 0] ?? 'scheduled',
      })),
    });
  }
  return out;
}

function event(e: rt.TripUpdate.IStopTimeEvent | null | undefined) {
  if (!e) return null;
  return { delayS: e.delay ?? null, timeS: e.time == null ? null : Number(e.time) };
}
