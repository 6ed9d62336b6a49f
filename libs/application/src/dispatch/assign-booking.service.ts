import { DispatchJob, ScheduleChangedEvent } from '@app/contracts';
import { flexibilityS, makeRoomBatchLimitMs, makeRoomSearch, promisePolicyOf } from '@app/dispatch';
import { bookingTimeProblem, Clock } from '@app/domain';
import { DispatchQueueProducer, EventPublisher } from '@app/messaging';
import { DispatchMetrics, runWithRequestId } from '@app/observability';
import { BookingEntity, ServiceAreaEntity } from '@app/persistence';
import { StopMatrixCache } from '@app/routing';
import { AppConfig, APP_CONFIG } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { BookingChange, BookingLifecycleService } from '../bookings/booking-lifecycle.service';
import { poolingRulesOf } from '../service-areas/service-area-facts.loader';
import { writeBatch } from './batch-decision.writer';
import { decideInTurn, storedBookingTime, type DecidedInTurn } from './decide-in-turn';
import { lockCountyForDispatch } from './dispatch-lock';
import { loadFleetSnapshot } from './fleet-snapshot';
import { fromS as fromUnixS, planningOriginS, requestedLocalS, toS } from './ride-request.mapper';

export type AssignOutcome =
  | { kind: 'confirmed'; bookingId: string; vehicleId: string }
  | { kind: 'offered'; bookingId: string; vehicleId: string; expiresAt: string }
  | { kind: 'rejected'; bookingId: string; reason: string }
  | { kind: 'skipped'; bookingId: string; status: string };

/** Counters of one worker process: how decisions were batched (issue 13). */
export interface DispatchBatchStats {
  /** County locks taken to decide bookings. */
  lockAcquisitions: number;
  /** Batches that decided at least one booking, and how many they decided. */
  batches: number;
  decided: number;
  largestBatch: number;
}

const ACTOR = 'dispatch-worker';

/** Hours around a ride in which shifts and their plans are considered. */
const HORIZON_S = 6 * 3600;

/**
 * Decides the requested bookings of a service area in batches (issue 13). The job of one booking
 * takes the county's dispatch lock (planning per county is serialised), takes the other requested
 * bookings of the area within {@link HORIZON_S} of it (oldest first, at most DISPATCH_BATCH_MAX,
 * rows another transaction holds left for later), loads one snapshot of the schedules and
 * decides the bookings one after another in memory, each by the dispatch policy
 * ({@link decideInTurn}: the best insertion, re-planning the others to make room before saying
 * no). All decisions are written in one transaction, schedules with their version checked, and
 * announced after commit. The jobs of bookings decided in another's batch find them decided and
 * end without the lock. A booking the batch cannot decide (bad data, a fault) stays `requested`
 * for its own job; the sweeper hands on whatever a crash left undecided.
 */
@Injectable()
export class AssignBookingService {
  private readonly log = new Logger(AssignBookingService.name);
  readonly stats: DispatchBatchStats = {
    lockAcquisitions: 0,
    batches: 0,
    decided: 0,
    largestBatch: 0,
  };

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly matrix: StopMatrixCache,
    private readonly events: EventPublisher,
    private readonly lifecycle: BookingLifecycleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: DispatchMetrics,
    private readonly queue: DispatchQueueProducer,
  ) {}

  /**
   * Decides `bookingId` and the bookings waiting with it. Its time from start to commit is the
   * dispatch decision time (`ridepool_dispatch_decision_seconds`, by the outcome for `bookingId`;
   * `error` when it throws).
   * @returns the decision on `bookingId` (`skipped` when it was no longer requested)
   * @throws the error that kept `bookingId` from a decision, once the others are stored
   */
  async assign(bookingId: string): Promise<AssignOutcome> {
    const end = this.metrics.decision.startTimer();
    try {
      const outcome = await this.decide(bookingId);
      end({ outcome: outcome.kind });
      return outcome;
    } catch (e) {
      end({ outcome: 'error' });
      throw e;
    }
  }

  private async decide(bookingId: string): Promise<AssignOutcome> {
    const peek = await this.ds.getRepository(BookingEntity).findOne({
      where: { id: bookingId },
      relations: { serviceArea: true },
    });
    if (!peek) return { kind: 'skipped', bookingId, status: 'missing' };
    // Decided in another job's batch: nothing to do, and no need to queue for the lock.
    if (peek.status !== 'requested') return { kind: 'skipped', bookingId, status: peek.status };
    const area = peek.serviceArea as ServiceAreaEntity;
    const ms: Record<string, number> = {};
    let mark = performance.now();
    const lap = (phase: string) => {
      const t = performance.now();
      ms[phase] = t - mark;
      mark = t;
    };
    const done = await this.ds.transaction(async (em) => {
      await lockCountyForDispatch(em, area.countyId);
      this.stats.lockAcquisitions++;
      lap('lock');
      const lead = await em.findOne(BookingEntity, {
        where: { id: bookingId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!lead) return null;
      const { batch, requestIds } = await this.waitingWith(em, lead);
      if (!batch.length) return { lead, turn: null, written: null, requestIds };
      const rules = poolingRulesOf(area);
      const now = this.clock.now();
      const times = batch.map((b) => toS(b.requestedTime));
      const fromS = Math.min(...times) - HORIZON_S;
      const untilS = Math.max(...times) + HORIZON_S + flexibilityS(rules);
      const snapshot = await loadFleetSnapshot(em, this.matrix, {
        countyId: area.countyId,
        fromS,
        toS: untilS,
        nowS: toS(now),
        rules,
        extraBookings: batch,
        isolateExtras: true,
      });
      lap('snapshot');
      // A wall-clock cap keeps a burst from holding the lock; 0: iterations only, as the replay.
      const capMs = this.config.MAKE_ROOM_TIME_LIMIT_MS;
      const turn = decideInTurn(snapshot, batch, {
        promise: promisePolicyOf(rules),
        makeRoom: {
          searchOf: (b) => makeRoomSearch(requestedLocalS(b, area.timeZone)),
          ...(capMs > 0 ? { timeLimitMs: capMs, now: () => performance.now() } : {}),
        },
        makeRoomBatchLimitMs: makeRoomBatchLimitMs(capMs),
        originS: planningOriginS(fromS, untilS, area.timeZone),
        alternatives: {
          search: {
            maxShiftS: this.config.ALTERNATIVES_MAX_SHIFT_MIN * 60,
            stepS: this.config.ALTERNATIVES_STEP_MIN * 60,
          },
          // Only times the rider could book now: the new booking is checked as any other.
          allowed: (_b, timeS) => !bookingTimeProblem(area, fromUnixS(timeS), now),
          timeOf: storedBookingTime,
        },
      });
      lap('decide');
      const written = await writeBatch(em, this.lifecycle, snapshot, turn, {
        now,
        offerTtlS: this.config.BOOKING_OFFER_TTL_S,
      });
      return { lead, turn, written, requestIds };
    });
    lap('write');
    if (!done) return { kind: 'skipped', bookingId, status: 'missing' };
    const { lead, turn, written, requestIds } = done;
    // Announced after commit, so listeners that re-read see the decisions.
    if (written) await this.announce(written.bookings, written.schedules, requestIds);
    if (turn) this.record(area.countyId, turn, ms);
    const failure = turn?.failed.get(bookingId);
    if (failure) throw failure;
    const change = written?.bookings.find((c) => c.event.bookingId === bookingId);
    return change ? outcomeOf(change) : { kind: 'skipped', bookingId, status: lead.status };
  }

  /** A job failed for good: the rider is told, instead of waiting forever. */
  async rejectUndecidable(
    bookingId: string,
    reasonCode: string,
    reasonText: string,
  ): Promise<boolean> {
    const change = await this.ds.transaction(async (em) => {
      const b = await em.findOne(BookingEntity, {
        where: { id: bookingId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!b || b.status !== 'requested') return null;
      return this.lifecycle.transitionIn(em, bookingId, 'rejected', {
        actor: ACTOR,
        reasonCode,
        reasonText,
        note: reasonCode,
        riderMessage: { kind: 'rejected' },
      });
    });
    await this.announce([change], []);
    return change !== null;
  }

  /**
   * The requested bookings of the lead's service area to decide with it, oldest first: the lead
   * (when still requested) and others within {@link HORIZON_S} of it that are in the queue and
   * that no other transaction holds, at most DISPATCH_BATCH_MAX in all.
   */
  private async waitingWith(
    em: EntityManager,
    lead: BookingEntity,
  ): Promise<{ batch: BookingEntity[]; requestIds: Map<string, string | undefined> }> {
    const own = lead.status === 'requested' ? [lead] : [];
    const t = lead.requestedTime.getTime();
    const rows: Array<{ id: string }> = await em.query(
      `SELECT id FROM bookings
        WHERE service_area_id = $1 AND status = 'requested' AND id <> $2
          AND requested_time BETWEEN $3 AND $4
        ORDER BY created_at, id
        LIMIT $5
        FOR UPDATE SKIP LOCKED`,
      [
        lead.serviceAreaId,
        lead.id,
        new Date(t - HORIZON_S * 1000),
        new Date(t + HORIZON_S * 1000),
        this.config.DISPATCH_BATCH_MAX - own.length,
      ],
    );
    // Only bookings already handed to the queue: their creation has been announced, and the
    // API that created them is listening for the decision.
    const queued = await this.queue
      .withJob(
        DispatchJob.assignBooking,
        rows.map((r) => r.id),
      )
      .catch(() => new Map<string, { requestId?: string }>());
    const others = queued.size
      ? await em.find(BookingEntity, { where: { id: In([...queued.keys()]) } })
      : [];
    const batch = [...own, ...others].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
    );
    return { batch, requestIds: new Map([...queued].map(([id, j]) => [id, j.requestId])) };
  }

  private record(countyId: string, turn: DecidedInTurn, ms: Record<string, number>): void {
    const n = turn.decisions.length;
    if (n) {
      this.stats.batches++;
      this.stats.decided += n;
      this.stats.largestBatch = Math.max(this.stats.largestBatch, n);
    }
    const placed = turn.decisions.filter((d) => d.result.kind === 'offer').length;
    this.log.log(
      `county ${countyId}: decided ${n} booking(s) under one lock (${placed} placed, ` +
        `${n - placed} rejected, ${turn.failed.size} left undecided; ${turn.makeRoom.runs} ` +
        `re-planning(s) to make room); ms: ` +
        Object.entries(ms)
          .map(([k, v]) => `${k} ${v.toFixed(0)}`)
          .join(', '),
    );
    for (const [id, e] of turn.failed) this.log.warn(`booking ${id} not decided: ${e.message}`);
  }

  /**
   * After commit, so listeners that re-read see the decision; each booking's change under the
   * request id its own job carries (the HTTP request that made it), not the lead's.
   */
  private async announce(
    bookings: Array<BookingChange | null>,
    schedules: ScheduleChangedEvent[],
    requestIds = new Map<string, string | undefined>(),
  ): Promise<void> {
    await Promise.all(
      bookings.map((c) =>
        runWithRequestId(c ? requestIds.get(c.event.bookingId) : undefined, () =>
          this.lifecycle.announce(c),
        ),
      ),
    );
    try {
      for (const s of schedules) await this.events.publish('events.schedule-changed', s);
    } catch (e) {
      this.log.warn(`decision stored but not announced: ${(e as Error).message}`);
    }
  }
}

/** The assign job's answer for the booking a stored change decided. */
function outcomeOf({ after }: BookingChange): AssignOutcome {
  if (after.status === 'rejected')
    return { kind: 'rejected', bookingId: after.id, reason: after.reasonCode ?? 'rejected' };
  if (after.status === 'offered')
    return {
      kind: 'offered',
      bookingId: after.id,
      vehicleId: after.vehicleId!,
      expiresAt: after.offerExpiresAt!.toISOString(),
    };
  return { kind: 'confirmed', bookingId: after.id, vehicleId: after.vehicleId! };
}
