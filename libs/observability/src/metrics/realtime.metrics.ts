import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics.registry';

/** Connections of this process by role (rider, driver, operator, admin). */
export type ClientCounts = () => Record<string, number>;

/**
 * The realtime gateway's metrics: connected clients by role (counted at scrape time from the
 * socket server), positions received from drivers, and how long a change takes from the moment
 * it was made to its delivery to this gateway's clients.
 */
@Injectable()
export class RealtimeMetrics {
  readonly clients: Gauge<'role'>;
  readonly positions: Counter<'result'>;
  readonly deliveryDelay: Histogram<'event'>;
  private clientCounts?: ClientCounts;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    const self = (): RealtimeMetrics => this;
    this.clients = new Gauge({
      name: 'ridepool_socket_clients',
      help: 'Authenticated socket.io connections of this gateway by role',
      labelNames: ['role'],
      registers,
      collect() {
        const counts = self().clientCounts?.();
        if (!counts) return;
        this.reset();
        for (const [role, n] of Object.entries(counts)) this.set({ role }, n);
      },
    });
    this.positions = new Counter({
      name: 'ridepool_positions_received_total',
      help: 'Vehicle positions received from drivers, by result: accepted or refused',
      labelNames: ['result'],
      registers,
    });
    this.deliveryDelay = new Histogram({
      name: 'ridepool_realtime_delivery_delay_seconds',
      help: 'From the moment a change was made (its event time) to its delivery to the clients, by event',
      labelNames: ['event'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
  }

  /** Where the connection counts come from (the gateway's socket server). */
  observeClients(counts: ClientCounts): void {
    this.clientCounts = counts;
  }
}
