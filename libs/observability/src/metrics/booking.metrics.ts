import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from './metrics.registry';

/**
 * Bookings by outcome: counted by the process that makes the change, after its transaction
 * commits (the booking API counts `requested` and cancellations, the dispatch worker its
 * decisions), so `sum by (outcome)` over all apps counts each change once.
 */
@Injectable()
export class BookingMetrics {
  /** `outcome`: the status a booking entered (a bounded set: requested, confirmed, ...). */
  readonly outcomes: Counter<'outcome'>;
  /** `reason`: the rejection's code (`no_vehicle`, `dispatch_unavailable`, ...). */
  readonly rejections: Counter<'reason'>;

  constructor(metrics: MetricsRegistry) {
    this.outcomes = new Counter({
      name: 'ridepool_bookings_total',
      help: 'Bookings entering a status: requested when made, then confirmed, offered, rejected, cancelled, expired, at_risk, picked_up, dropped_off, no_show',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.rejections = new Counter({
      name: 'ridepool_booking_rejections_total',
      help: 'Rejected bookings by reason code',
      labelNames: ['reason'],
      registers: [metrics.registry],
    });
  }

  /** A committed change of a booking into `outcome` (with the reason code of a rejection). */
  entered(outcome: string, reasonCode?: string | null): void {
    this.outcomes.inc({ outcome });
    if (outcome === 'rejected') this.rejections.inc({ reason: reasonCode ?? 'unknown' });
  }
}
