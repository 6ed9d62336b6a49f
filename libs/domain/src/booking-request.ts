import { echo, FieldProblem, RuleViolationError } from './errors';
import { AreaGeometry, isInsideArea, LatLon } from './geo';
import { describeHours, isWithinOperatingHours, OperatingHours } from './operating-hours';
import { toLocalTime } from './local-time';
import { latestArrivalForTrain, PoolingRules } from './pooling-rules';

export type TimeKind = 'depart_at' | 'arrive_by';

/** A ride request as a rider or the transport office states it. */
export interface BookingRequestInput {
  fromStopId: string;
  toStopId: string;
  timeKind: TimeKind;
  /** For `depart_at` the earliest pickup; for `arrive_by` the latest arrival. */
  time: Date;
  /**
   * For a ride to catch a train: its departure at the hub. The latest arrival then is the
   * departure minus the area's transfer buffer, and `time` is ignored.
   */
  trainDeparture?: Date;
  /**
   * For a ride from a station after a train: its arrival there. The pickup window opens at the
   * arrival, and `time` is ignored.
   */
  trainArrival?: Date;
  passengers: number;
  /** How many of the passengers travel in a wheelchair (each needs a wheelchair place). */
  wheelchairPlaces: number;
}

export interface StopFacts {
  id: string;
  name: string;
  location: LatLon;
  wheelchairAccessible: boolean;
  active: boolean;
  /** A hub or rail station, where trains can be caught. */
  isStation?: boolean;
}

export interface ServiceAreaFacts {
  id: string;
  name: string;
  status: 'active' | 'draft';
  geometry: AreaGeometry;
  timeZone: string;
  operatingHours: OperatingHours;
  bookingHorizonDays: number;
  minNoticeMin: number;
  rules: PoolingRules;
}

export interface BookingContext {
  fromStop: StopFacts | null;
  toStop: StopFacts | null;
  /** Candidate service areas (the caller may pass all of the county's). */
  areas: ServiceAreaFacts[];
  now: Date;
}

/**
 * Applies every rule a new booking must satisfy and returns the service area that will serve
 * it. Collects all problems before failing, so a form can show them at once.
 * @throws RuleViolationError naming each field and reason.
 */
export function checkBookingRequest(
  input: BookingRequestInput,
  ctx: BookingContext,
): ServiceAreaFacts {
  const problems: FieldProblem[] = [];
  const add = (field: string, code: string, reason: string) =>
    problems.push({ field, code, reason });

  const { fromStop, toStop } = ctx;
  if (!fromStop || !fromStop.active)
    add('fromStopId', 'unknown_stop', `no stop with id ${echo(input.fromStopId)}`);
  if (!toStop || !toStop.active)
    add('toStopId', 'unknown_stop', `no stop with id ${echo(input.toStopId)}`);
  if (input.fromStopId === input.toStopId) {
    add('toStopId', 'same_stop', 'must differ from fromStopId');
  }

  const active = ctx.areas.filter((a) => a.status === 'active');
  let area: ServiceAreaFacts | undefined;
  if (fromStop && toStop && fromStop.active && toStop.active) {
    const fromAreas = active.filter((a) => isInsideArea(fromStop.location, a.geometry));
    const toAreas = active.filter((a) => isInsideArea(toStop.location, a.geometry));
    if (fromAreas.length === 0) {
      add(
        'fromStopId',
        'outside_service_area',
        `${fromStop.name} is outside every active service area`,
      );
    }
    if (toAreas.length === 0) {
      add(
        'toStopId',
        'outside_service_area',
        `${toStop.name} is outside every active service area`,
      );
    }
    area = fromAreas.find((a) => toAreas.some((b) => b.id === a.id));
    if (fromAreas.length > 0 && toAreas.length > 0 && !area) {
      add(
        'toStopId',
        'different_service_area',
        `${toStop.name} is not in the same service area as ${fromStop.name}`,
      );
    }
  }

  const rules = area?.rules;
  if (!Number.isInteger(input.passengers) || input.passengers < 1) {
    add('passengers', 'out_of_range', 'must be a whole number of at least 1');
  } else if (rules && input.passengers > rules.maxPassengersPerBooking) {
    add(
      'passengers',
      'out_of_range',
      `at most ${rules.maxPassengersPerBooking} passengers per booking`,
    );
  }
  if (!Number.isInteger(input.wheelchairPlaces) || input.wheelchairPlaces < 0) {
    add('wheelchairPlaces', 'out_of_range', 'must be a whole number of at least 0');
  } else if (input.wheelchairPlaces > input.passengers) {
    add('wheelchairPlaces', 'out_of_range', 'cannot exceed the number of passengers');
  } else if (rules && input.wheelchairPlaces > rules.maxWheelchairPlacesPerBooking) {
    add(
      'wheelchairPlaces',
      'out_of_range',
      `at most ${rules.maxWheelchairPlacesPerBooking} wheelchair places per booking`,
    );
  } else if (input.wheelchairPlaces > 0) {
    if (fromStop && !fromStop.wheelchairAccessible)
      add('fromStopId', 'not_accessible', `${fromStop.name} is not wheelchair accessible`);
    if (toStop && !toStop.wheelchairAccessible)
      add('toStopId', 'not_accessible', `${toStop.name} is not wheelchair accessible`);
  }

  const timeField = input.trainDeparture
    ? 'trainDepartureAt'
    : input.trainArrival
      ? 'train'
      : 'time';
  if (input.trainArrival) {
    if (input.timeKind !== 'depart_at')
      add('timeKind', 'train_needs_depart_at', 'must be depart_at for a ride after a train');
    if (fromStop && fromStop.isStation === false)
      add(
        'fromStopId',
        'not_a_station',
        `${fromStop.name} is not a station: no train arrives there`,
      );
  }
  if (input.trainDeparture) {
    if (input.timeKind !== 'arrive_by')
      add('timeKind', 'train_needs_arrive_by', 'must be arrive_by to catch a train');
    if (toStop && toStop.isStation === false)
      add('toStopId', 'not_a_station', `${toStop.name} is not a station: no train to catch there`);
  }
  const effective = area ? requestedArrivalOrDeparture(input, area) : input.time;
  if (Number.isNaN(effective.getTime())) {
    add(timeField, 'invalid', 'must be an ISO 8601 date-time with offset');
  } else if (area) {
    const problem = bookingTimeProblem(area, effective, ctx.now);
    if (problem) add(timeField, problem.code, problem.reason);
  }

  if (problems.length > 0 || !area) throw new RuleViolationError(problems);
  return area;
}

/**
 * Whether a ride may be booked for `time` (the requested time) at `now`: the area's notice,
 * booking horizon and operating hours. The booking API checks a new booking by it, the dispatch
 * worker the other times it offers instead of a rejection.
 * @returns the problem, or null when the time may be booked
 */
export function bookingTimeProblem(
  area: Pick<
    ServiceAreaFacts,
    'minNoticeMin' | 'bookingHorizonDays' | 'operatingHours' | 'timeZone'
  >,
  time: Date,
  now: Date,
): { code: string; reason: string } | null {
  const t = time.getTime();
  if (t < now.getTime() + area.minNoticeMin * 60_000)
    return { code: 'too_soon', reason: `must be at least ${area.minNoticeMin} minutes from now` };
  if (t > now.getTime() + area.bookingHorizonDays * 86_400_000)
    return {
      code: 'beyond_horizon',
      reason: `can be booked at most ${area.bookingHorizonDays} days ahead`,
    };
  if (!isWithinOperatingHours(area.operatingHours, time, area.timeZone)) {
    const day = toLocalTime(time, area.timeZone).weekday;
    return {
      code: 'outside_operating_hours',
      reason: `is outside the operating hours (${describeHours(area.operatingHours, day)})`,
    };
  }
  return null;
}

/** The train an explicit time is given with, as the timetable has it at our station. */
export interface TrainTimes {
  /** `catch`: the ride goes to the station for it; `arrive`: the ride starts after it. */
  role: 'catch' | 'arrive';
  departureAt: Date;
  arrivalAt: Date;
}

/**
 * An explicit time given together with a train (e.g. another time offered after a rejection,
 * booked with the train kept): to catch it, `arrive_by` no later than its departure less the
 * area's transfer buffer; after it, `depart_at` no earlier than its arrival. Without the area's
 * rules (the request failed elsewhere) only the time kind is checked.
 * @returns the problems, naming `timeKind` or `time`; empty when the time fits the train
 */
export function trainTimeProblems(
  input: { timeKind: TimeKind; time: Date },
  train: TrainTimes,
  rules: PoolingRules | null,
): FieldProblem[] {
  if (train.role === 'catch') {
    if (input.timeKind !== 'arrive_by')
      return [
        {
          field: 'timeKind',
          code: 'train_needs_arrive_by',
          reason: 'must be arrive_by to catch a train',
        },
      ];
    const latest = rules ? latestArrivalForTrain(rules, train.departureAt) : null;
    return latest && input.time.getTime() > latest.getTime()
      ? [
          {
            field: 'time',
            code: 'after_train',
            reason: `must be no later than ${latest.toISOString()}, the train's departure less the transfer buffer`,
          },
        ]
      : [];
  }
  if (input.timeKind !== 'depart_at')
    return [
      {
        field: 'timeKind',
        code: 'train_needs_depart_at',
        reason: 'must be depart_at for a ride after a train',
      },
    ];
  return input.time.getTime() < train.arrivalAt.getTime()
    ? [
        {
          field: 'time',
          code: 'before_train',
          reason: `must be no earlier than ${train.arrivalAt.toISOString()}, the train's arrival`,
        },
      ]
    : [];
}

/**
 * The time a booking is planned by: the requested time; to catch a train the latest arrival at
 * the hub, which is the train's departure minus the area's transfer buffer; after a train its
 * arrival, when the pickup window opens.
 */
export function requestedArrivalOrDeparture(
  input: BookingRequestInput,
  area: ServiceAreaFacts,
): Date {
  if (input.trainDeparture) return latestArrivalForTrain(area.rules, input.trainDeparture);
  return input.trainArrival ?? input.time;
}
