/**
 * The dispatch queue: the booking API (producer) and the dispatch worker (consumer) agree on
 * these names and payloads and nothing else.
 */
export const DISPATCH_QUEUE = 'dispatch';

export const DispatchJob = {
  /** Find a vehicle for a new booking and confirm or reject it. */
  assignBooking: 'assign-booking',
  /** Take a cancelled booking out of its vehicle's schedule. */
  releaseBooking: 'release-booking',
  /** Scheduled: the improvement search over a county's open schedules. */
  improveSchedules: 'improve-schedules',
  /** Send one message from the rider-message outbox (SMS and app). */
  deliverRiderMessage: 'deliver-rider-message',
  /** Make the next days' shifts of a county from its weekly roster (nightly and at start). */
  rollRoster: 'roll-roster',
  /** Scheduled: read the GTFS-Realtime TripUpdates feed and apply late or cancelled trains. */
  pollTrainUpdates: 'poll-train-updates',
} as const;
export type DispatchJobName = (typeof DispatchJob)[keyof typeof DispatchJob];

/** The HTTP request that caused a job, so its logs and events can be traced back (issue 12). */
export interface Traced {
  requestId?: string;
}

export interface AssignBookingPayload extends Traced {
  bookingId: string;
  serviceAreaId: string;
}

export interface ReleaseBookingPayload extends Traced {
  bookingId: string;
  /** The vehicle the booking was planned on, if it had been confirmed. */
  vehicleId: string | null;
}

export interface RollRosterPayload {
  countyId: string;
}

/** The outbox row to send; the job id derives from its event id, so it is one job per event. */
export interface DeliverRiderMessagePayload {
  messageId: string;
  eventId: string;
}

/**
 * An improvement run of the planning cadence (`ImprovementRun` in libs/dispatch). Offsets are
 * from the run's moment, so one repeatable job serves every day.
 */
export interface ImproveSchedulesPayload {
  countyId: string;
  /**
   * The run's moments: every `everyMin` minutes of local time from `atMin` past midnight. A job
   * that starts late plans as of its moment. Absent (jobs registered before): as of when it runs.
   */
  everyMin?: number;
  atMin?: number;
  fromOffsetS: number;
  toOffsetS: number;
  timeLimitMs: number;
  /** LNS iterations instead of the time limit; null or absent: the time limit. */
  maxIterations?: number | null;
}

/**
 * Job ids derive from the booking id, so a retried or duplicated enqueue of the same business
 * step is one job. (BullMQ forbids ':' in custom ids.)
 */
export function dispatchJobId(name: DispatchJobName, bookingId: string): string {
  return `${name}.${bookingId}`;
}
