import {
  BookingContext,
  BookingRequestInput,
  checkBookingRequest,
  Clock,
  echo,
  FieldProblem,
  formatHhMm,
  isOffice,
  isUuid,
  NotFoundError,
  Principal,
  requestedArrivalOrDeparture,
  riderBusySpan,
  RuleViolationError,
  ServiceAreaFacts,
  StopFacts,
  toLocalTime,
  trainRideAction,
  trainSlackS,
  trainTimeProblems,
  TrainTimes,
} from '@app/domain';
import { RiderEntity, StopEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ServiceAreaFactsLoader } from '../service-areas/service-area-facts.loader';
import { DeparturesService, TrainCall } from '../timetable/departures.service';
import { TrainReportsRepository } from '../train-realtime/train-reports.repository';
import { CreateBookingCommand } from './create-booking.command';

/** The train a booking connects with: caught at its destination, or arriving at its origin. */
export interface ResolvedTrain {
  role: 'catch' | 'arrive';
  call: TrainCall;
}

/** A booking request checked against the stored rider, stops, service areas and timetable. */
export interface ResolvedBookingRequest {
  /** The command with the ride's time taken from its train, when it names one. */
  cmd: CreateBookingCommand;
  rider: RiderEntity;
  area: ServiceAreaFacts;
  /** The way back's area and request, when the booking comes with its return trip. */
  returnLeg: { area: ServiceAreaFacts; input: BookingRequestInput } | null;
  train: ResolvedTrain | null;
  /**
   * The train's delay already applied to the ride's time (seconds; `arrive` rides only), from
   * what the last GTFS-Realtime poll knew ({@link TrainReportsRepository}).
   */
  trainDelayS: number;
  /** How long after its train's arrival the ride was booked to start (`trainSlackS`). */
  trainSlackS: number;
  /** The request field the ride's time came from, named when it overlaps another booking. */
  timeField: string;
}

/**
 * Checks a booking request before anything is stored: the rider (in the office's county), the
 * stops of the ride's county (a rider books in any county, the ride's county is its origin's;
 * the office books in its own), the train it names, the area's booking rules
 * (`checkBookingRequest`) and the way back ({@link checkReturnLeg}).
 * @throws NotFoundError for an unknown rider, RuleViolationError naming each bad field
 */
@Injectable()
export class BookingRequestResolver {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly areas: ServiceAreaFactsLoader,
    private readonly trains: DeparturesService,
    private readonly reports: TrainReportsRepository,
  ) {}

  async resolve(actor: Principal, cmd: CreateBookingCommand): Promise<ResolvedBookingRequest> {
    // A train with an explicit time (another time offered after a rejection, the train kept):
    // the ride is planned by that time, which must fit the train.
    const explicitTime = !!cmd.train && !Number.isNaN(cmd.time.getTime());
    const timeField =
      cmd.train && !explicitTime ? 'train' : cmd.trainDeparture ? 'trainDepartureAt' : 'time';
    const rider = isUuid(cmd.riderId)
      ? await this.ds.getRepository(RiderEntity).findOneBy({ id: cmd.riderId })
      : null;
    if (!rider || (actor.countyId && rider.countyId !== actor.countyId))
      throw new NotFoundError('rider', cmd.riderId);

    const ids = [cmd.fromStopId, cmd.toStopId].filter((id) => isUuid(id));
    const found = ids.length ? await this.ds.getRepository(StopEntity).findBy({ id: In(ids) }) : [];
    const countyId =
      (isOffice(actor) && actor.countyId) ||
      found.find((s) => s.id === cmd.fromStopId)?.countyId ||
      rider.countyId;
    const stops = found.filter((s) => s.countyId === countyId);
    const facts = (id: string): StopFacts | null => {
      const s = stops.find((x) => x.id === id);
      return s
        ? {
            id: s.id,
            name: s.name,
            location: { lat: s.lat, lon: s.lon },
            wheelchairAccessible: s.wheelchairAccessible,
            active: s.active,
            isStation: s.kind === 'hub' || s.kind === 'rail_station',
          }
        : null;
    };
    const train = cmd.train ? await this.resolveTrain(cmd, facts) : null;
    if (train && !explicitTime) {
      cmd = {
        ...cmd,
        time: new Date(train.role === 'catch' ? train.call.departureAt : train.call.arrivalAt),
        ...(train.role === 'catch'
          ? { trainDeparture: new Date(train.call.departureAt) }
          : { trainArrival: new Date(train.call.arrivalAt) }),
      };
    }
    const areaFacts = await this.areas.forCounty(countyId);
    const trainTimes = (): TrainTimes => ({
      role: train!.role,
      departureAt: new Date(train!.call.departureAt),
      arrivalAt: new Date(train!.call.arrivalAt),
    });
    let area: ServiceAreaFacts;
    try {
      area = checkBookingRequest(cmd, {
        fromStop: facts(cmd.fromStopId),
        toStop: facts(cmd.toStopId),
        areas: areaFacts,
        now: this.clock.now(),
      });
    } catch (e) {
      if (!(e instanceof RuleViolationError) || !explicitTime) throw e;
      throw new RuleViolationError([...e.problems, ...trainTimeProblems(cmd, trainTimes(), null)]);
    }
    if (explicitTime) {
      const problems = trainTimeProblems(cmd, trainTimes(), area.rules);
      if (problems.length) throw new RuleViolationError(problems);
    }
    let trainDelayS = 0;
    const slackS = train
      ? trainSlackS(
          train.role,
          requestedArrivalOrDeparture(cmd, area),
          new Date(train.call.arrivalAt),
        )
      : 0;
    if (train) {
      const move = await this.knownDelay(cmd, train, area, slackS);
      if (move) {
        // A ride after a train the last poll saw late starts moved, as the poll moves the others.
        const { byS } = move;
        trainDelayS = move.delayS;
        cmd = cmd.trainArrival
          ? { ...cmd, trainArrival: new Date(cmd.trainArrival.getTime() + byS * 1000) }
          : { ...cmd, time: new Date(cmd.time.getTime() + byS * 1000) };
      }
    }
    const returnLeg = cmd.returnTrip
      ? checkReturnLeg(
          cmd,
          requestedArrivalOrDeparture(cmd, area),
          {
            fromStop: facts(cmd.toStopId),
            toStop: facts(cmd.fromStopId),
            areas: areaFacts,
            now: this.clock.now(),
          },
          area,
        )
      : null;
    return { cmd, rider, area, returnLeg, train, trainDelayS, trainSlackS: slackS, timeField };
  }

  /**
   * What the last GTFS-Realtime poll knew about the booking's train at its station: a train it
   * reported cancelled (or not calling there) is refused, naming `train`; for a ride after a
   * late train the move the poll would make (`trainRideAction`: the train's delay and the
   * ride's move in seconds, the part of the delay past the booked time), else null.
   * @throws RuleViolationError when the train is known cancelled
   */
  private async knownDelay(
    cmd: CreateBookingCommand,
    train: ResolvedTrain,
    area: ServiceAreaFacts,
    slackS: number,
  ): Promise<{ delayS: number; byS: number } | null> {
    const { tripId, serviceDate } = train.call;
    const station = train.role === 'catch' ? cmd.toStopId : cmd.fromStopId;
    const call = await this.trains.stationCall(station, tripId, serviceDate, train.role);
    if (!call) return null;
    const today = toLocalTime(this.clock.now(), area.timeZone).date;
    const known = await this.reports.atStation(tripId, serviceDate, today, call);
    const action = trainRideAction(
      { role: train.role, appliedDelayS: 0, slackS, cancellationHandled: false },
      known,
    );
    if (action.kind === 'train_cancelled') {
      throw new RuleViolationError([
        {
          field: 'train',
          code: 'train_cancelled',
          reason: `train ${echo(tripId)} on ${echo(serviceDate)} is reported cancelled or not calling at the station; choose another train`,
        },
      ]);
    }
    return action.kind === 'move' ? { delayS: action.delayS, byS: action.byS } : null;
  }

  /**
   * The train a booking names, at the station it starts or ends at: caught at the destination
   * (a departure there), else arriving at the origin.
   */
  private async resolveTrain(
    cmd: CreateBookingCommand,
    facts: (id: string) => StopFacts | null,
  ): Promise<ResolvedTrain> {
    const { tripId, serviceDate } = cmd.train!;
    const to = facts(cmd.toStopId);
    const from = facts(cmd.fromStopId);
    if (to?.isStation) {
      const call = await this.trains.call(to.id, tripId, serviceDate);
      if (call && !call.terminatesHere) return { role: 'catch', call };
    }
    if (from?.isStation) {
      const call = await this.trains.call(from.id, tripId, serviceDate);
      if (call && !call.originatesHere) return { role: 'arrive', call };
    }
    throw new RuleViolationError([
      {
        field: 'train.tripId',
        code: 'unknown_train',
        reason: `no train ${echo(tripId)} on ${echo(serviceDate)} leaves from the destination or arrives at the origin`,
      },
    ]);
  }
}

/**
 * The way back of a round trip, checked as a booking of its own (from the destination to the
 * origin, same party) that must come after the outbound ride: the time it may keep the rider busy
 * ({@link riderBusySpan}, the overlap rule's) starts when the outbound's ends at the earliest, each
 * by its own kind of time. Before a promise that span is the pickup window, not the ride (whose
 * length the dispatcher decides), so this is a lower bound: a way back that must arrive five
 * minutes after the ride there may start is refused, as is one that leaves while the outbound may
 * still pick up. Problems name `returnTrip.*`.
 */
export function checkReturnLeg(
  cmd: CreateBookingCommand,
  outboundTime: Date,
  ctx: BookingContext,
  outbound: Pick<ServiceAreaFacts, 'rules' | 'timeZone'>,
): { area: ServiceAreaFacts; input: BookingRequestInput } {
  const r = cmd.returnTrip!;
  const input: BookingRequestInput = {
    fromStopId: cmd.toStopId,
    toStopId: cmd.fromStopId,
    timeKind: r.timeKind,
    time: r.time,
    passengers: cmd.passengers,
    wheelchairPlaces: cmd.wheelchairPlaces,
  };
  const problems: FieldProblem[] = [];
  const there = riderBusySpan(
    { id: 'outbound', timeKind: cmd.timeKind, requestedTime: outboundTime },
    outbound.rules,
  );
  const back = riderBusySpan(
    { id: 'return', timeKind: r.timeKind, requestedTime: r.time },
    outbound.rules,
  );
  if (back.fromMs < there.toMs) {
    // The earliest time of the way back's own kind that starts when the ride there may end.
    // Rounded up to a whole minute, so the time named is one the check accepts.
    const earliest = new Date(
      Math.ceil(
        (there.toMs + (back.toMs - back.fromMs) * (r.timeKind === 'arrive_by' ? 1 : 0)) / 60_000,
      ) * 60_000,
    );
    const local = toLocalTime(earliest, outbound.timeZone);
    const sameDay = local.date === toLocalTime(r.time, outbound.timeZone).date;
    const hhmm = `${sameDay ? '' : `${local.date} `}${formatHhMm(local.minuteOfDay)}`;
    problems.push({
      field: 'returnTrip.time',
      code: 'return_before_outbound',
      reason:
        'must be after the outbound ride: ' +
        (r.timeKind === 'depart_at'
          ? `leave at ${hhmm} or later`
          : `arrive by ${hhmm} at the earliest`),
    });
  }

  let area: ServiceAreaFacts | null = null;
  try {
    area = checkBookingRequest(input, ctx);
  } catch (e) {
    if (!(e instanceof RuleViolationError)) throw e;
    // Stop problems were already reported for the outbound ride; the time is the return's own.
    for (const p of e.problems) {
      if (p.field === 'time' || p.field === 'timeKind') {
        problems.push({ ...p, field: `returnTrip.${p.field}` });
      }
    }
  }
  if (problems.length > 0 || !area) {
    throw new RuleViolationError(
      problems.length
        ? problems
        : [{ field: 'returnTrip', code: 'invalid', reason: 'the way back cannot be booked' }],
    );
  }
  return { area, input };
}
