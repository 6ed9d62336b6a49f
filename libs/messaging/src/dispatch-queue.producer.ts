import {
  AssignBookingPayload,
  DeliverRiderMessagePayload,
  RollRosterPayload,
  DISPATCH_QUEUE,
  DispatchJob,
  dispatchJobId,
  DispatchJobName,
  ImproveSchedulesPayload,
  ReleaseBookingPayload,
} from '@app/contracts';
import { currentRequestId } from '@app/observability';
import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { JobsOptions, JobType, Queue } from 'bullmq';
import type Redis from 'ioredis';
import { REDIS_PREFIX } from './redis.module';

export const DISPATCH_QUEUE_CONNECTION = Symbol('DISPATCH_QUEUE_CONNECTION');
export const DISPATCH_RETRY_BUDGET = Symbol('DISPATCH_RETRY_BUDGET');

/** How often and how patiently a dispatch job is retried (DISPATCH_JOB_ATTEMPTS, _BACKOFF_MS). */
export interface DispatchRetryBudget {
  attempts: number;
  backoffMs: number;
}

/** How long adding a job may wait for Redis. */
export const ENQUEUE_TIMEOUT_MS = 1500;

/** Default retry policy: passing failures (routing down, lock lost) are retried with backoff. */
export const DISPATCH_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** A dispatch job as the queue holds it. */
export interface QueuedJob<T> {
  kind: DispatchJobName;
  payload: T;
  attemptsMade: number;
}

/** The payload with the current request's id, so the worker logs and announces under it. */
function traced<T extends { requestId?: string }>(payload: T): T {
  const requestId = payload.requestId ?? currentRequestId();
  return requestId ? { ...payload, requestId } : payload;
}

/** Puts work on the BullMQ dispatch queue that the dispatch worker consumes. */
@Injectable()
export class DispatchQueueProducer implements OnApplicationShutdown {
  private readonly queue: Queue;
  private readonly jobOptions: JobsOptions;

  constructor(
    @Inject(DISPATCH_QUEUE_CONNECTION) url: string,
    @Inject(REDIS_PREFIX) prefix: string,
    @Optional() @Inject(DISPATCH_RETRY_BUDGET) budget?: DispatchRetryBudget,
  ) {
    this.jobOptions = budget
      ? {
          ...DISPATCH_JOB_OPTIONS,
          attempts: budget.attempts,
          backoff: { type: 'exponential', delay: budget.backoffMs },
        }
      : DISPATCH_JOB_OPTIONS;
    this.queue = new Queue(DISPATCH_QUEUE, {
      connection: { url, maxRetriesPerRequest: 3, connectionName: `${prefix}-dispatch-producer` },
      prefix: `${prefix}:bull`,
    });
  }

  /** Idempotent: the job id is derived from the booking id. */
  async assignBooking(payload: AssignBookingPayload): Promise<void> {
    await this.add(DispatchJob.assignBooking, traced(payload), payload.bookingId);
  }

  async releaseBooking(payload: ReleaseBookingPayload): Promise<void> {
    await this.add(DispatchJob.releaseBooking, traced(payload), payload.bookingId);
  }

  /**
   * While Redis is away its client retries with growing pauses (up to 20 s each); callers are
   * not kept waiting for it: after ENQUEUE_TIMEOUT_MS this rejects, the add may still land when
   * Redis returns, and the worker's sweeper hands on whatever did not.
   */
  private async add(kind: DispatchJobName, payload: object, bookingId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queue.add(kind, payload, {
          ...this.jobOptions,
          jobId: dispatchJobId(kind, bookingId),
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis did not take the job within ${ENQUEUE_TIMEOUT_MS} ms`)),
            ENQUEUE_TIMEOUT_MS,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Whether a booking's job of this kind is still known to the queue (waiting, running, kept). */
  async hasJob(kind: DispatchJobName, bookingId: string): Promise<boolean> {
    return !!(await this.queue.getJob(dispatchJobId(kind, bookingId)));
  }

  /**
   * The bookings among `bookingIds` whose job of this kind the queue knows, with the request id
   * the job carries (one round trip). A booking is handed to the queue only after its creation
   * was announced, so a dispatch batch that takes only these never announces a decision before
   * the booking itself.
   */
  async withJob(
    kind: DispatchJobName,
    bookingIds: readonly string[],
  ): Promise<Map<string, { requestId?: string }>> {
    const found = new Map<string, { requestId?: string }>();
    if (!bookingIds.length) return found;
    // BullMQ's connection is an ioredis client; its own type leaves the pipeline commands out.
    const client = (await this.queue.client) as unknown as Redis;
    const pipeline = client.pipeline();
    for (const id of bookingIds) pipeline.hget(this.queue.toKey(dispatchJobId(kind, id)), 'data');
    const replies = (await pipeline.exec()) ?? [];
    bookingIds.forEach((id, i) => {
      const [err, data] = replies[i] ?? [];
      if (err || typeof data !== 'string') return;
      let requestId: string | undefined;
      try {
        requestId = (JSON.parse(data) as { requestId?: string }).requestId;
      } catch {
        requestId = undefined;
      }
      found.set(id, requestId ? { requestId } : {});
    });
    return found;
  }

  /**
   * Whether a booking's job of this kind will still run: waiting, delayed or running. A failed or
   * completed job kept in Redis for inspection does not count.
   */
  async hasOpenJob(kind: DispatchJobName, bookingId: string): Promise<boolean> {
    const job = await this.queue.getJob(dispatchJobId(kind, bookingId));
    if (!job) return false;
    const state = await job.getState();
    return state !== 'failed' && state !== 'completed' && state !== 'unknown';
  }

  /** Jobs by state (`waiting`, `active`, ...), for the queue-depth metric read at each scrape. */
  jobCounts(states: readonly JobType[]): Promise<Record<string, number>> {
    return this.queue.getJobCounts(...states);
  }

  /** Whether Redis holds this recurring run (a Redis restart without persistence wipes them). */
  async hasScheduler(schedulerId: string): Promise<boolean> {
    return !!(await this.queue.getJobScheduler(schedulerId));
  }

  /** A booking's job of this kind as the queue holds it, or null when it has none. */
  async findJob<T = unknown>(
    kind: DispatchJobName,
    bookingId: string,
  ): Promise<QueuedJob<T> | null> {
    const job = await this.queue.getJob(dispatchJobId(kind, bookingId));
    return job
      ? {
          kind: job.name as DispatchJobName,
          payload: job.data as T,
          attemptsMade: job.attemptsMade,
        }
      : null;
  }

  /** Drops a booking's job of this kind (as if Redis had lost it). */
  async removeJob(kind: DispatchJobName, bookingId: string): Promise<void> {
    await (await this.queue.getJob(dispatchJobId(kind, bookingId)))?.remove();
  }

  /**
   * Registers (or updates) a recurring improvement run. Idempotent by `schedulerId`, so every
   * worker replica may register it and each run still happens once.
   */
  async scheduleImprovement(
    schedulerId: string,
    repeat: { everyMs: number; startAt?: Date } | { cron: string; timeZone: string },
    payload: ImproveSchedulesPayload,
    keep: number,
  ): Promise<void> {
    await this.queue.upsertJobScheduler(
      schedulerId,
      'everyMs' in repeat
        ? { every: repeat.everyMs, ...(repeat.startAt ? { startDate: repeat.startAt } : {}) }
        : { pattern: repeat.cron, tz: repeat.timeZone },
      {
        name: DispatchJob.improveSchedules,
        data: payload,
        opts: { attempts: 1, removeOnComplete: keep, removeOnFail: keep },
      },
    );
  }

  /** Registers (or updates) a recurring poll of an outside feed, e.g. `poll-train-updates`. */
  async schedulePoll(schedulerId: DispatchJobName, everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(
      schedulerId,
      { every: everyMs },
      {
        name: schedulerId,
        data: {},
        opts: { attempts: 1, removeOnComplete: 20, removeOnFail: 50 },
      },
    );
  }

  /** Removes a recurring job (a feature turned off); nothing happens when there is none. */
  async removeScheduler(schedulerId: string): Promise<void> {
    await this.queue.removeJobScheduler(schedulerId);
  }

  /** Idempotent: the job id is derived from the message's event id. */
  async deliverRiderMessage(payload: DeliverRiderMessagePayload): Promise<void> {
    await this.queue.add(DispatchJob.deliverRiderMessage, payload, {
      ...this.jobOptions,
      jobId: dispatchJobId(DispatchJob.deliverRiderMessage, payload.eventId),
    });
  }

  /** The nightly roster roll-forward of a county; idempotent per county. */
  async scheduleRosterRollForward(countyId: string, cron: string, timeZone: string): Promise<void> {
    const data: RollRosterPayload = { countyId };
    await this.queue.upsertJobScheduler(
      rosterSchedulerId(countyId),
      { pattern: cron, tz: timeZone },
      {
        name: DispatchJob.rollRoster,
        data,
        opts: { attempts: 3, removeOnComplete: 30, removeOnFail: 30 },
      },
    );
  }

  hasRosterRollForward(countyId: string): Promise<boolean> {
    return this.hasScheduler(rosterSchedulerId(countyId));
  }

  /** One roll-forward now (a worker starting); the roll-forward itself is idempotent. */
  async rollRosterNow(countyId: string): Promise<void> {
    const data: RollRosterPayload = { countyId };
    await this.queue.add(DispatchJob.rollRoster, data, {
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: 30,
      removeOnFail: 30,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

const rosterSchedulerId = (countyId: string) => `roll-roster.${countyId}`;
