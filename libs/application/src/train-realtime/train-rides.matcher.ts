import {
  Clock,
  toLocalTime,
  trainAtStation,
  TrainAtStation,
  trainRideAction,
  TrainRideAction,
  TripUpdateReport,
} from '@app/domain';
import { BookingEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, MoreThan, Or } from 'typeorm';
import { DeparturesService } from '../timetable/departures.service';

/** A booking, what its train does at its station, and the next train when it is cancelled. */
export interface AffectedRide {
  booking: BookingEntity;
  train: TrainAtStation;
  nextTrainAt: Date | null;
}

/** The rides a round of train reports concerns, by service area. */
export interface AffectedRides {
  /** Bookings tied to one of the reported trains. */
  matched: number;
  byArea: Map<string, AffectedRide[]>;
}

/** How far ahead the next departure is looked for when a train to catch is cancelled. */
const NEXT_TRAIN_WITHIN_MS = 6 * 3600_000;

/** Statuses a train's news can concern (at risk: only a cancellation it made, withdrawn). */
export const WATCHED = ['requested', 'offered', 'confirmed', 'at_risk'] as const;

/**
 * Matches GTFS-Realtime TripUpdates to the rides tied to a train (issue 14): a report to a
 * booking's train by `trip_id` and `start_date`, and to its station through the timetable
 * (`trainAtStation`, the GTFS-Realtime propagation rule); keeps the rides whose train's news
 * calls for a change ({@link concerns}), with the next departure for a cancelled train to catch.
 * Reads only; {@link TrainDisruptionsService} makes the changes.
 */
@Injectable()
export class TrainRidesMatcher {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly timetable: DeparturesService,
  ) {}

  async affectedBy(reports: TripUpdateReport[]): Promise<AffectedRides> {
    const out: AffectedRides = { matched: 0, byArea: new Map() };
    if (!reports.length) return out;
    const now = this.clock.now();
    const candidates = await this.ds.getRepository(BookingEntity).find({
      where: {
        status: In([...WATCHED]),
        trainTripId: In([...new Set(reports.map((r) => r.tripId))]),
        // A requested booking has no promise yet.
        promisedPickupTo: Or(MoreThan(now), IsNull()),
      },
      relations: { serviceArea: true },
    });
    for (const booking of candidates) {
      const report = reportFor(booking, reports, now);
      if (!report) continue;
      out.matched++;
      const affected = await this.affected(booking, report, reports);
      if (!affected) continue;
      const list = out.byArea.get(booking.serviceAreaId) ?? [];
      list.push(affected);
      out.byArea.set(booking.serviceAreaId, list);
    }
    return out;
  }

  /** What the train does at the booking's station, when that calls for a change. */
  private async affected(
    booking: BookingEntity,
    report: TripUpdateReport,
    reports: TripUpdateReport[],
  ): Promise<AffectedRide | null> {
    const role = booking.trainRole!;
    const station = role === 'arrive' ? booking.fromStopId : booking.toStopId;
    const call = await this.timetable.stationCall(
      station,
      booking.trainTripId!,
      booking.trainServiceDate!,
      role,
    );
    const train = call ? trainAtStation(report, call) : null;
    if (!train || !concerns(booking, actionOf(booking, train))) return null;
    const nextTrainAt =
      role === 'catch' && (train.kind === 'cancelled' || train.kind === 'skipped')
        ? await this.nextDeparture(booking, station, reports)
        : null;
    return { booking, train, nextTrainAt };
  }

  /** The next train the timetable has from the station in the same direction, not cancelled. */
  private async nextDeparture(
    b: BookingEntity,
    station: string,
    reports: TripUpdateReport[],
  ): Promise<Date | null> {
    const after = b.trainScheduledAt!;
    const calls = await this.timetable.list(
      station,
      new Date(after.getTime() + 1000),
      new Date(after.getTime() + NEXT_TRAIN_WITHIN_MS),
    );
    const gone = (tripId: string, serviceDate: string) =>
      reports.some((r) => r.cancelled && r.tripId === tripId && r.serviceDate === serviceDate);
    const next = calls.find(
      (c) =>
        c.tripId !== b.trainTripId &&
        c.headsign === b.trainHeadsign &&
        !gone(c.tripId, c.serviceDate),
    );
    return next ? new Date(next.departureAt) : null;
  }
}

/** The report on the booking's train and service date (a report without one means today). */
function reportFor(
  b: BookingEntity,
  reports: TripUpdateReport[],
  now: Date,
): TripUpdateReport | undefined {
  const today = toLocalTime(now, b.serviceArea!.timeZone).date;
  return reports.find(
    (r) => r.tripId === b.trainTripId && (r.serviceDate ?? today) === b.trainServiceDate,
  );
}

/** What the train's news means for the ride, given what was applied to it before. */
export const actionOf = (b: BookingEntity, train: TrainAtStation): TrainRideAction =>
  trainRideAction(
    {
      role: b.trainRole!,
      appliedDelayS: b.trainDelayS,
      slackS: b.trainSlackS,
      cancellationHandled: !!b.trainCancelledAt,
    },
    train,
  );

/**
 * Whether the train's news changes this booking: a requested one follows a late train and is
 * turned down when its train is cancelled (a withdrawn cancellation has nothing to restore); an
 * at-risk one only hears its train runs after all.
 */
export function concerns(b: BookingEntity, action: TrainRideAction): boolean {
  if (action.kind === 'none') return false;
  if (b.status === 'requested') return action.kind === 'move' || action.kind === 'train_cancelled';
  if (b.status === 'at_risk') return action.kind === 'train_restored';
  return true;
}
