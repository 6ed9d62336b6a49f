import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics.registry';

/** Job counts of a queue by state, as BullMQ's `getJobCounts` answers them. */
export type QueueCounts = () => Promise<Record<string, number>>;

/** The queue states shown: what waits, runs, waits for a retry or gave up. */
export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/**
 * The dispatch worker's metrics: decision time, queue depth (read from BullMQ at scrape time),
 * job retries and failures, improvement runs with what they saved, and the independent promise
 * check (`ridepool_promise_violations`, which must stay 0).
 */
@Injectable()
export class DispatchMetrics {
  readonly decision: Histogram<'outcome'>;
  readonly jobs: Counter<'job' | 'result'>;
  readonly queueJobs: Gauge<'queue' | 'state'>;
  readonly improvementRuns: Counter<'result'>;
  readonly distanceSavedM: Counter;
  readonly distanceAddedM: Counter;
  readonly driveTimeSavedS: Counter;
  readonly promiseViolations: Gauge<'county'>;
  readonly promiseViolationsFound: Counter<'county'>;
  readonly promiseChecks: Counter<'result'>;
  private readonly queues = new Map<string, QueueCounts>();

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.decision = new Histogram({
      name: 'ridepool_dispatch_decision_seconds',
      help: 'Time the dispatcher takes to decide one booking (county lock, planning, commit), by outcome',
      labelNames: ['outcome'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16],
      registers,
    });
    this.jobs = new Counter({
      name: 'ridepool_dispatch_jobs_total',
      help: 'Dispatch queue jobs by name and result: completed, retried (will run again) or failed (for good)',
      labelNames: ['job', 'result'],
      registers,
    });
    const queues = this.queues;
    this.queueJobs = new Gauge({
      name: 'ridepool_queue_jobs',
      help: 'Jobs in a BullMQ queue by state (waiting, prioritized, active, delayed, failed), read at scrape time',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        for (const [queue, counts] of queues) {
          const c = await counts().catch(() => null);
          if (!c) continue; // Redis away: no sample rather than a false 0
          for (const state of QUEUE_STATES) this.set({ queue, state }, c[state] ?? 0);
        }
      },
    });
    this.improvementRuns = new Counter({
      name: 'ridepool_improvement_runs_total',
      help: 'Improvement runs by result: improved (wrote better plans), unchanged, dropped (lost every race)',
      labelNames: ['result'],
      registers,
    });
    this.distanceSavedM = new Counter({
      name: 'ridepool_improvement_distance_saved_meters_total',
      help: 'Driving distance the improvement runs took out of the plans, in metres',
      registers,
    });
    this.distanceAddedM = new Counter({
      name: 'ridepool_improvement_distance_added_meters_total',
      help: 'Driving distance improvement runs added while saving time (rare), in metres; net saving = saved - added',
      registers,
    });
    this.driveTimeSavedS = new Counter({
      name: 'ridepool_improvement_drive_time_saved_seconds_total',
      help: 'Driving time the improvement runs took out of the plans, in seconds',
      registers,
    });
    this.promiseViolations = new Gauge({
      name: 'ridepool_promise_violations',
      help: "Broken promises the last independent check found in a county's current schedules (must be 0)",
      labelNames: ['county'],
      registers,
    });
    this.promiseViolationsFound = new Counter({
      name: 'ridepool_promise_violations_found_total',
      help: 'Broken promises found by the independent checks, summed over all checks',
      labelNames: ['county'],
      registers,
    });
    this.promiseChecks = new Counter({
      name: 'ridepool_promise_checks_total',
      help: 'Independent promise checks by result: clean, violations, failed (could not run)',
      labelNames: ['result'],
      registers,
    });
  }

  /** Reports a queue's depth at every scrape (the dispatch worker does, for its queue). */
  observeQueue(queue: string, counts: QueueCounts): void {
    this.queues.set(queue, counts);
  }
}
