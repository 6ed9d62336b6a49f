import { ImproveSchedulesPayload, ScheduleChangedEvent } from '@app/contracts';
import {
  checkFeasibleSchedule,
  improvementSearch,
  ImprovementSearch,
  instanceRelativeTo,
  RoutePlan,
  runMomentS,
  Schedule,
  scheduleAbsolute,
} from '@app/dispatch';
import { Clock, secondsOfLocalDay } from '@app/domain';
import { EventPublisher } from '@app/messaging';
import { DispatchMetrics } from '@app/observability';
import {
  BookingEntity,
  CountyEntity,
  ServiceAreaEntity,
  VehicleScheduleEntity,
} from '@app/persistence';
import { StopMatrixCache } from '@app/routing';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { poolingRulesOf } from '../service-areas/service-area-facts.loader';
import { lockCountyForDispatch } from './dispatch-lock';
import { FleetSnapshot, loadFleetSnapshot } from './fleet-snapshot';
import { improveFleet } from './improve-fleet';
import { planDistanceM } from './plan-distance';
import { planningOriginS, toS } from './ride-request.mapper';
import { saveSchedule, ScheduleVersionConflict, toStopRecords } from './schedule-writer';

export interface ImproveResult {
  countyId: string;
  vehiclesChanged: number;
  costBefore: number;
  costAfter: number;
  iterations: number;
  /** Metres the written plans drive less than before (negative: more). */
  distanceSavedM: number;
  /**
   * Seconds of driving the written plans save (negative: add). Not the cost difference: the
   * objective also counts the pooling incentive per vehicle trip (`planningInstance`).
   */
  drivingSavedS: number;
}

const emptyResult = (countyId: string): ImproveResult => ({
  countyId,
  vehiclesChanged: 0,
  costBefore: 0,
  costAfter: 0,
  iterations: 0,
  distanceSavedM: 0,
  drivingSavedS: 0,
});

/**
 * Changes to plans that are not a new booking: taking a cancelled booking out of its vehicle's
 * schedule, and the improvement search over the open parts of the schedules. Both keep every
 * promise: confirmed bookings are hard windows in the engine.
 */
@Injectable()
export class ReplanService {
  private readonly log = new Logger(ReplanService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly matrix: StopMatrixCache,
    private readonly events: EventPublisher,
    private readonly metrics: DispatchMetrics,
  ) {}

  /** Removes a booking that is no longer live from the schedule that holds it, re-timing the rest. */
  async release(bookingId: string): Promise<boolean> {
    const changed: ScheduleChangedEvent[] = [];
    await this.ds.transaction(async (em) => {
      const booking = await em.findOne(BookingEntity, {
        where: { id: bookingId },
        relations: { serviceArea: true },
      });
      if (!booking) return;
      const area = booking.serviceArea as ServiceAreaEntity;
      await lockCountyForDispatch(em, area.countyId);
      const holder = await em
        .createQueryBuilder(VehicleScheduleEntity, 's')
        .innerJoinAndSelect('s.shift', 'shift')
        .where(`s.stops @> :probe::jsonb OR s.stops @> :probe2::jsonb`, {
          probe: JSON.stringify([{ pickups: [bookingId] }]),
          probe2: JSON.stringify([{ dropoffs: [bookingId] }]),
        })
        .getOne();
      if (!holder) return;
      const fromS = toS(holder.shift!.startsAt);
      const untilS = toS(holder.shift!.endsAt);
      const snapshot = await this.snapshot(em, area, fromS, untilS);
      const plan = snapshot.plans.find((p) => p.vehicleId === holder.id);
      const planned = snapshot.shifts.get(holder.id);
      if (!plan || !planned) return;
      // Re-timed in seconds of the shift's day, as the day replay re-times after a cancellation.
      const originS = planningOriginS(fromS, untilS, area.timeZone);
      const relative = checkFeasibleSchedule(instanceRelativeTo(snapshot.instance, originS), plan);
      const schedule = relative && scheduleAbsolute(relative, originS);
      const open = schedule
        ? this.records(snapshot, schedule)
        : planned.schedule.stops.filter(
            (r) =>
              !r.departedAt && !r.pickups.includes(bookingId) && !r.dropoffs.includes(bookingId),
          );
      const version = await saveSchedule(em, planned, open);
      changed.push({
        vehicleId: planned.vehicle.id,
        scheduleId: holder.id,
        version,
        at: this.clock.now().toISOString(),
      });
    });
    await this.announce(changed);
    return changed.length > 0;
  }

  /**
   * A scheduled improvement run of the planning cadence, as of its moment (the one nearest to
   * now on the injected clock, in the county's local time): its window is relative to that
   * moment, and its budget and seed are {@link improvementSearch}'s, as in the day replay.
   */
  async improveAhead(job: ImproveSchedulesPayload): Promise<ImproveResult> {
    const now = this.clock.now();
    const county = await this.ds.getRepository(CountyEntity).findOneBy({ id: job.countyId });
    const run = {
      everyMin: job.everyMin ?? 0,
      atMin: job.atMin ?? 0,
      fromOffsetS: job.fromOffsetS,
      toOffsetS: job.toOffsetS,
      timeLimitMs: job.timeLimitMs,
      maxIterations: job.maxIterations ?? null,
    };
    const localS = county ? secondsOfLocalDay(now, county.timeZone) : 0;
    const momentS = runMomentS(run, localS);
    const atS = Math.round(toS(now) + momentS - localS);
    return this.improve(
      job.countyId,
      atS + run.fromOffsetS,
      atS + run.toOffsetS,
      improvementSearch(run, momentS),
    );
  }

  /**
   * The improvement search (by time limit or by iterations, `search`) over the not yet driven parts of the schedules of a
   * county between fromS and toS. Bookings may change vehicle, never their promise.
   *
   * The search runs on a snapshot, outside the county's dispatch lock, so new bookings are
   * decided while it runs; only the write-back takes the lock, and lands only if no schedule it
   * changes was written meanwhile (version check) and every booking it moves is still live.
   * On a conflict the search starts again from a fresh snapshot, at most `attempts` times, and
   * is otherwise dropped: the schedules stay as they are, which is always allowed.
   */
  async improve(
    countyId: string,
    fromS: number,
    toSec: number,
    search: ImprovementSearch,
    attempts = 3,
  ): Promise<ImproveResult> {
    try {
      const result = await this.improveRetrying(countyId, fromS, toSec, search, attempts);
      return this.counted(countyId, result);
    } catch (e) {
      this.metrics.improvementRuns.inc({ result: 'failed' });
      throw e;
    }
  }

  /** `ridepool_improvement_runs_total` by result, and what the written plans saved. */
  private counted(countyId: string, result: ImproveResult | 'dropped'): ImproveResult {
    if (result === 'dropped') {
      this.metrics.improvementRuns.inc({ result: 'dropped' });
      return { ...emptyResult(countyId) };
    }
    this.metrics.improvementRuns.inc({ result: result.vehiclesChanged ? 'improved' : 'unchanged' });
    if (result.vehiclesChanged) {
      this.metrics.driveTimeSavedS.inc(Math.max(0, result.drivingSavedS));
      if (result.distanceSavedM >= 0) this.metrics.distanceSavedM.inc(result.distanceSavedM);
      else this.metrics.distanceAddedM.inc(-result.distanceSavedM);
    }
    return result;
  }

  private async improveRetrying(
    countyId: string,
    fromS: number,
    toSec: number,
    search: ImprovementSearch,
    attempts: number,
  ): Promise<ImproveResult | 'dropped'> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.improveOnce(countyId, fromS, toSec, search);
      if (outcome !== 'conflict') return outcome;
      if (attempt >= attempts) {
        this.log.warn(`improvement of ${countyId} dropped after ${attempt} conflicting writes`);
        return 'dropped';
      }
    }
  }

  private async improveOnce(
    countyId: string,
    fromS: number,
    toSec: number,
    search: ImprovementSearch,
  ): Promise<ImproveResult | 'conflict'> {
    const empty = emptyResult(countyId);
    // A short transaction: the schedule rows are locked only while they are read.
    const loaded = await this.ds.transaction(async (em) => {
      const area = await em.findOne(ServiceAreaEntity, {
        where: { countyId, status: 'active' },
        order: { createdAt: 'ASC' },
      });
      return area ? { area, snapshot: await this.snapshot(em, area, fromS, toSec) } : undefined;
    });
    if (!loaded || loaded.snapshot.instance.requests.length === 0) return empty;
    const { snapshot } = loaded;
    // Planned in seconds of the window's day, as the day replay plans in seconds of its day.
    const originS = planningOriginS(fromS, toSec, loaded.area.timeZone);
    const found = improveFleet(
      instanceRelativeTo(snapshot.instance, originS),
      snapshot.plans,
      search,
    );
    if (found.lateVehicleIds.length) {
      this.log.warn(`improvement leaves ${found.lateVehicleIds.length} late vehicle(s) alone`);
    }
    const unchanged = {
      ...empty,
      costBefore: found.costBefore,
      costAfter: found.costBefore,
      iterations: found.iterations,
    };
    const changes = found.changes.map(({ plan, schedule }) => ({
      plan,
      schedule: scheduleAbsolute(schedule, originS),
    }));
    if (!changes.length) return unchanged;

    const changed: ScheduleChangedEvent[] = [];
    try {
      await this.ds.transaction(async (em) => {
        await lockCountyForDispatch(em, countyId);
        const moved = [...new Set(changes.flatMap((c) => c.plan.stops.map((s) => s.requestId)))];
        const stillLive = await em.count(BookingEntity, {
          where: { id: In(moved), status: In(['offered', 'confirmed', 'picked_up']) },
        });
        if (stillLive !== moved.length) throw new ScheduleVersionConflict('(a booking changed)');
        const now = this.clock.now().toISOString();
        for (const { schedule } of changes) {
          const planned = snapshot.shifts.get(schedule.vehicleId)!;
          const version = await saveSchedule(em, planned, this.records(snapshot, schedule));
          changed.push({
            vehicleId: planned.vehicle.id,
            scheduleId: schedule.vehicleId,
            version,
            at: now,
          });
          for (const stop of schedule.stops) {
            const b = snapshot.bookings.get(stop.requestId);
            if (stop.type === 'pickup' && b && b.vehicleId !== planned.vehicle.id) {
              await em.update(BookingEntity, { id: b.id }, { vehicleId: planned.vehicle.id });
            }
          }
        }
      });
    } catch (e) {
      if (e instanceof ScheduleVersionConflict) {
        this.log.log(`improvement of ${countyId} lost a race (${e.message}); planning again`);
        return 'conflict';
      }
      throw e;
    }
    await this.announce(changed);
    const legs = (plans: readonly RoutePlan[], leg: (a: number, b: number) => number) =>
      plans.reduce((sum, p) => sum + planDistanceM(snapshot.instance, p, leg), 0);
    const movedVehicles = new Set(changes.map((c) => c.plan.vehicleId));
    const old = snapshot.plans.filter((p) => movedVehicles.has(p.vehicleId));
    const written = changes.map((c) => c.plan);
    const drive = (a: number, b: number) => snapshot.instance.travel.durationS(a, b);
    return {
      countyId,
      vehiclesChanged: changed.length,
      costBefore: found.costBefore,
      costAfter: found.costAfter,
      iterations: found.iterations,
      distanceSavedM: legs(old, snapshot.distanceM) - legs(written, snapshot.distanceM),
      drivingSavedS: legs(old, drive) - legs(written, drive),
    };
  }

  private snapshot(
    em: EntityManager,
    area: ServiceAreaEntity,
    fromS: number,
    toSec: number,
  ): Promise<FleetSnapshot> {
    return loadFleetSnapshot(em, this.matrix, {
      countyId: area.countyId,
      fromS,
      toS: toSec,
      nowS: toS(this.clock.now()),
      rules: poolingRulesOf(area),
    });
  }

  private records(snapshot: FleetSnapshot, schedule: Schedule) {
    return toStopRecords(schedule, (id, type) => {
      const b = snapshot.bookings.get(id)!;
      return type === 'pickup' ? b.fromStopId : b.toStopId;
    });
  }

  private async announce(changed: ScheduleChangedEvent[]): Promise<void> {
    for (const c of changed) {
      await this.events
        .publish('events.schedule-changed', c)
        .catch((e: Error) => this.log.warn(`not announced: ${e.message}`));
    }
  }
}
