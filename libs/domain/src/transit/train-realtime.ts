/**
 * What a GTFS-Realtime TripUpdate says about one train's call at one of our stations, and what
 * that means for a ride connecting with it. Plain data in, plain data out: the feed is decoded
 * elsewhere (application layer, `gtfs-realtime-bindings`); this follows the propagation rules of
 * the GTFS-Realtime reference (https://gtfs.org/realtime/reference/#message-stoptimeupdate).
 */

/** A StopTimeEvent: the delay (seconds, positive = late) and/or the predicted time (epoch s). */
export interface StopTimeEventReport {
  delayS?: number | null;
  timeS?: number | null;
}

/** A StopTimeUpdate as reported. */
export interface StopTimeReport {
  stopSequence?: number | null;
  stopId?: string | null;
  arrival?: StopTimeEventReport | null;
  departure?: StopTimeEventReport | null;
  /** SCHEDULED (default), SKIPPED (the train does not call there), NO_DATA. */
  relationship: 'scheduled' | 'skipped' | 'no_data';
}

/** A TripUpdate as reported, trip matched by `trip_id` and `start_date`. */
export interface TripUpdateReport {
  tripId: string;
  /** The service date, `YYYY-MM-DD` (`start_date` read by parseGtfsDate); null when the feed omits it. */
  serviceDate: string | null;
  /** trip schedule_relationship CANCELED (or DELETED). */
  cancelled: boolean;
  /** The trip-wide delay (TripUpdate.delay), seconds, when the feed gives one. */
  delayS?: number | null;
  stops: StopTimeReport[];
}

/** A train's call at one of our stations, from the imported timetable. */
export interface StationCall {
  stopSequence: number;
  /** The feed's stop ids linked to our station (the station and its platforms). */
  gtfsStopIds: readonly string[];
  /** Scheduled arrival and departure, epoch seconds. */
  scheduledArrivalS: number;
  scheduledDepartureS: number;
}

/** What the feed says about the train at the station. */
export type TrainAtStation =
  | { kind: 'cancelled' }
  | { kind: 'skipped' }
  | { kind: 'running'; arrivalDelayS: number; departureDelayS: number }
  /** The trip runs and nothing says it skips the station, but no time is given for it. */
  | { kind: 'calls' };

const CALLS: TrainAtStation = { kind: 'calls' };

/**
 * The largest delay (either way, seconds) a report is believed with. A feed that writes epoch
 * milliseconds where GTFS-Realtime wants seconds, or a garbled delay, reads as years; such a
 * figure is no news about the train: it counts as no time given, so it neither moves a ride by
 * years nor stops the rest of the feed from being applied.
 */
export const MAX_TRAIN_DELAY_S = 24 * 3600;

const believed = (d: number | null | undefined): number | null =>
  typeof d === 'number' && Number.isFinite(d) && Math.abs(d) <= MAX_TRAIN_DELAY_S ? d : null;

const delayOf = (e: StopTimeEventReport | null | undefined, scheduledS: number): number | null => {
  if (!e) return null;
  if (typeof e.delayS === 'number') return believed(e.delayS);
  if (typeof e.timeS === 'number' && e.timeS > 0) return believed(e.timeS - scheduledS);
  return null;
};

/**
 * The train at one of our stations as the TripUpdate reports it. The station's own update
 * counts (matched by stop_sequence, else by a stop id linked to the station); without one, the
 * delay of the nearest earlier update propagates to it (a departure delay carries on to the
 * arrival); without any, the trip-wide delay. A cancelled trip is cancelled everywhere, a
 * SKIPPED station is not called at; NO_DATA, or no delay at all, says only that the trip runs.
 * A delay beyond {@link MAX_TRAIN_DELAY_S} either way counts as no delay given.
 */
export function trainAtStation(report: TripUpdateReport, call: StationCall): TrainAtStation {
  if (report.cancelled) return { kind: 'cancelled' };
  const own = report.stops.find(
    (s) =>
      (typeof s.stopSequence === 'number' && s.stopSequence === call.stopSequence) ||
      (typeof s.stopSequence !== 'number' && !!s.stopId && call.gtfsStopIds.includes(s.stopId)),
  );
  if (own) {
    if (own.relationship === 'skipped') return { kind: 'skipped' };
    if (own.relationship === 'no_data') return CALLS;
    const arrival = delayOf(own.arrival, call.scheduledArrivalS);
    const departure = delayOf(own.departure, call.scheduledDepartureS);
    if (arrival === null && departure === null) return CALLS;
    return {
      kind: 'running',
      arrivalDelayS: arrival ?? departure!,
      departureDelayS: departure ?? arrival!,
    };
  }
  // Propagation: the nearest earlier update that has a delay (a skipped stop passes it on).
  const earlier = report.stops
    .filter((s) => typeof s.stopSequence === 'number' && s.stopSequence < call.stopSequence)
    .sort((a, b) => b.stopSequence! - a.stopSequence!);
  for (const s of earlier) {
    if (s.relationship === 'no_data') return CALLS;
    if (s.relationship === 'skipped') continue;
    // Only the delay propagates; a predicted time belongs to its own stop.
    const d = believed(s.departure?.delayS) ?? believed(s.arrival?.delayS);
    if (d !== null) return { kind: 'running', arrivalDelayS: d, departureDelayS: d };
  }
  const tripDelayS = believed(report.delayS);
  if (tripDelayS !== null) {
    return { kind: 'running', arrivalDelayS: tripDelayS, departureDelayS: tripDelayS };
  }
  return CALLS;
}

/** A change of the train's delay smaller than this moves no pickup (feeds jitter by a minute). */
export const TRAIN_DELAY_STEP_S = 3 * 60;

/** What a ride connecting with a train must do about what the feed reports. */
export type TrainRideAction =
  | { kind: 'none' }
  /** `arrive` ride: the pickup window moves by `byS` (the train is now `delayS` late). */
  | { kind: 'move'; delayS: number; byS: number }
  /** The train does not come (cancelled, or does not call at the station). */
  | { kind: 'train_cancelled' }
  /**
   * A cancellation already handled is withdrawn: the train calls after all. An `arrive` ride's
   * pickup window moves by `byS` as for `move` (0: it stays).
   */
  | { kind: 'train_restored'; delayS: number; byS: number };

/**
 * The rule for rides tied to a train. After a train (`arrive`): the pickup window follows the
 * train's arrival delay, rounded to the minute, never earlier than the timetable, by the part of
 * it that reaches past the ride's booked time ({@link trainSlackS}: a ride booked for 08:30
 * after an 08:00 train stays at 08:30 while the train is up to 30 minutes late, and moves to
 * 08:40 when it is 40 minutes late), once that move differs by {@link TRAIN_DELAY_STEP_S} from
 * the one already made for the delay applied before. To a train (`catch`): a late departure
 * moves nothing (the rider is there on time either way). Either way a train that does not come
 * is told once, and so is a cancellation the feed withdraws (the trip runs again in a later
 * report).
 */
export function trainRideAction(
  ride: {
    role: 'catch' | 'arrive';
    /** The train's delay the ride's time already follows (seconds). */
    appliedDelayS: number;
    /** {@link trainSlackS}: how long after the train's arrival the ride was booked to start. */
    slackS: number;
    cancellationHandled: boolean;
  },
  train: TrainAtStation | null,
): TrainRideAction {
  if (!train) return { kind: 'none' };
  if (train.kind === 'cancelled' || train.kind === 'skipped') {
    return ride.cancellationHandled ? { kind: 'none' } : { kind: 'train_cancelled' };
  }
  const move = train.kind === 'running' && ride.role === 'arrive' ? moveOf(ride, train) : null;
  if (ride.cancellationHandled) {
    return {
      kind: 'train_restored',
      delayS: move?.delayS ?? ride.appliedDelayS,
      byS: move?.byS ?? 0,
    };
  }
  return move ? { kind: 'move', ...move } : { kind: 'none' };
}

/**
 * The pickup move after a running train, when it changed enough: the ride's time is
 * `max(booked time, scheduled arrival + delay)`, so it sits `max(0, delay - slack)` after the
 * booked time; the move is that for the new delay less that for the delay applied before.
 */
function moveOf(
  ride: { appliedDelayS: number; slackS: number },
  train: { arrivalDelayS: number },
): { delayS: number; byS: number } | null {
  const delayS = Math.max(0, Math.round(train.arrivalDelayS / 60) * 60);
  const pastBookedS = (d: number) => Math.max(0, d - ride.slackS);
  const byS = pastBookedS(delayS) - pastBookedS(ride.appliedDelayS);
  if (Math.abs(byS) < TRAIN_DELAY_STEP_S) return null;
  return { delayS, byS };
}

/**
 * How long after its train's scheduled arrival a ride after it was booked to start (seconds,
 * never negative; e.g. another time taken after a rejection): a delay up to this reaches no
 * further than the booked time and moves nothing. 0 for a ride to a train.
 */
export function trainSlackS(
  role: 'catch' | 'arrive',
  rideTime: Date,
  trainScheduledAt: Date,
): number {
  if (role !== 'arrive') return 0;
  return Math.max(0, Math.round((rideTime.getTime() - trainScheduledAt.getTime()) / 1000));
}
