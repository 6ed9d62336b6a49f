import {
  AssignBookingService,
  DispatchDataError,
  ReplanService,
  RiderMessageDeliveryService,
  ShiftRosterService,
  TrainUpdatesPoller,
} from '@app/application';
import { AppConfig, APP_CONFIG } from '@app/config';
import {
  AssignBookingPayload,
  DeliverRiderMessagePayload,
  RollRosterPayload,
  DISPATCH_QUEUE,
  DispatchJob,
  ImproveSchedulesPayload,
  ReleaseBookingPayload,
  Traced,
} from '@app/contracts';
import { DispatchMetrics, QUEUE_STATES, runWithRequestId } from '@app/observability';
import { DispatchQueueProducer } from '@app/messaging';
import { isRoutingDataError } from '@app/routing';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';

const JOB_NAMES = new Set<string>(Object.values(DispatchJob));

/**
 * Consumes the dispatch queue. Passing failures (routing down, lost optimistic lock, database
 * restart) throw and BullMQ retries with backoff; bad data fails at once and the booking is
 * rejected with the reason. A killed worker's job becomes stalled and is taken up again.
 */
@Injectable()
export class DispatchProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(DispatchProcessor.name);
  private worker?: Worker;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly assign: AssignBookingService,
    private readonly replan: ReplanService,
    private readonly messages: RiderMessageDeliveryService,
    private readonly roster: ShiftRosterService,
    private readonly producer: DispatchQueueProducer,
    private readonly metrics: DispatchMetrics,
    private readonly trainUpdates: TrainUpdatesPoller,
  ) {}

  onApplicationBootstrap(): void {
    // Each job runs under the request id of the HTTP request that enqueued it (issue 12), so its
    // log lines and the events it publishes carry that id.
    const run = (job: Job) =>
      runWithRequestId((job.data as Traced | undefined)?.requestId, () => this.process(job));
    this.worker = new Worker(DISPATCH_QUEUE, run, {
      connection: {
        url: this.config.REDIS_URL,
        maxRetriesPerRequest: null,
        connectionName: `${this.config.REDIS_PREFIX}-dispatch-worker`,
      },
      prefix: `${this.config.REDIS_PREFIX}:bull`,
      concurrency: this.config.DISPATCH_CONCURRENCY,
      lockDuration: this.config.DISPATCH_LOCK_MS,
      stalledInterval: Math.max(500, Math.floor(this.config.DISPATCH_LOCK_MS / 2)),
      maxStalledCount: 3,
    });
    this.worker.on('completed', (job) => this.count(job, 'completed'));
    this.worker.on('failed', (job, err) => void this.onFailed(job, err));
    this.metrics.observeQueue(DISPATCH_QUEUE, () => this.producer.jobCounts(QUEUE_STATES));
    this.worker.on('error', (err) => this.log.warn(`queue connection: ${err.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /** Whether the queue consumer takes jobs: its loop runs, and it is neither paused nor closing. */
  consumerState(): { running: boolean; paused: boolean; closing: boolean } {
    const w = this.worker;
    return {
      running: w?.isRunning() ?? false,
      paused: w?.isPaused() ?? false,
      closing: w?.closing !== undefined,
    };
  }

  /** Stops taking new jobs (running ones finish), e.g. before maintenance. */
  async pause(): Promise<void> {
    await this.worker?.pause();
  }

  /**
   * Takes jobs again. BullMQ's resume() is ignored while the paused loop is still inside its
   * blocking wait for a job, so wait for the loop to stop first.
   */
  async resume(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    for (let i = 0; i < 200 && worker.isRunning(); i++) await new Promise((r) => setTimeout(r, 50));
    worker.resume();
  }

  async process(job: Job): Promise<unknown> {
    try {
      switch (job.name) {
        case DispatchJob.assignBooking:
          return await this.assign.assign((job.data as AssignBookingPayload).bookingId);
        case DispatchJob.releaseBooking:
          return await this.replan.release((job.data as ReleaseBookingPayload).bookingId);
        case DispatchJob.rollRoster:
          return await this.roster.rollForward((job.data as RollRosterPayload).countyId);
        case DispatchJob.deliverRiderMessage:
          return await this.messages.deliver((job.data as DeliverRiderMessagePayload).messageId);
        case DispatchJob.pollTrainUpdates:
          return await this.trainUpdates.poll();
        case DispatchJob.improveSchedules:
          return await this.replan.improveAhead(job.data as ImproveSchedulesPayload);
        default:
          throw new UnrecoverableError(`unknown job ${job.name}`);
      }
    } catch (e) {
      if (e instanceof DispatchDataError || isRoutingDataError(e)) {
        throw new UnrecoverableError(`bad data: ${(e as Error).message}`);
      }
      throw e;
    }
  }

  /** `ridepool_dispatch_jobs_total`: job names are the known ones, anything else is `other`. */
  private count(job: Job, result: 'completed' | 'retried' | 'failed'): void {
    const name = JOB_NAMES.has(job.name) ? job.name : 'other';
    this.metrics.jobs.inc({ job: name, result });
  }

  private async onFailed(job: Job | undefined, err: Error): Promise<void> {
    if (!job) return;
    const final =
      err instanceof UnrecoverableError ||
      err.name === 'UnrecoverableError' ||
      job.attemptsMade >= (job.opts.attempts ?? 1);
    this.count(job, final ? 'failed' : 'retried');
    if (job.name !== DispatchJob.assignBooking) return;
    this.log.warn(
      `job ${job.id} failed (attempt ${job.attemptsMade}${final ? ', final' : ''}): ${err.message}`,
    );
    if (!final) return;
    const code = err.message.startsWith('bad data') ? 'dispatch_bad_data' : 'dispatch_unavailable';
    await this.assign
      .rejectUndecidable((job.data as AssignBookingPayload).bookingId, code, err.message)
      .catch((e: Error) => this.log.error(`could not mark ${job.id} rejected: ${e.message}`));
  }
}
