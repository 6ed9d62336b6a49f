import {
  AssignBookingPayload,
  DISPATCH_QUEUE,
  DispatchJob,
  dispatchJobId,
  ReleaseBookingPayload,
} from '@app/contracts';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { REDIS_PREFIX } from './redis.module';

export const DISPATCH_QUEUE_CONNECTION = Symbol('DISPATCH_QUEUE_CONNECTION');

/** Default retry policy: passing failures (routing down, lock lost) are retried with backoff. */
export const DISPATCH_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** Puts work on the BullMQ dispatch queue that the dispatch worker consumes. */
@Injectable()
export class DispatchQueueProducer implements OnApplicationShutdown {
  private readonly queue: Queue;

  constructor(
    @Inject(DISPATCH_QUEUE_CONNECTION) url: string,
    @Inject(REDIS_PREFIX) prefix: string,
  ) {
    this.queue = new Queue(DISPATCH_QUEUE, {
      connection: { url, maxRetriesPerRequest: 3, connectionName: `${prefix}-dispatch-producer` },
      prefix: `${prefix}:bull`,
    });
  }

  /** Idempotent: the job id is derived from the booking id. */
  async assignBooking(payload: AssignBookingPayload): Promise<void> {
    await this.queue.add(DispatchJob.assignBooking, payload, {
      ...DISPATCH_JOB_OPTIONS,
      jobId: dispatchJobId(DispatchJob.assignBooking, payload.bookingId),
    });
  }

  async releaseBooking(payload: ReleaseBookingPayload): Promise<void> {
    await this.queue.add(DispatchJob.releaseBooking, payload, {
      ...DISPATCH_JOB_OPTIONS,
      jobId: dispatchJobId(DispatchJob.releaseBooking, payload.bookingId),
    });
  }

  /** For tests and the office's dashboard. */
  get raw(): Queue {
    return this.queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
