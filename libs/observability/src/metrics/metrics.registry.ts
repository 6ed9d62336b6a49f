import { collectDefaultMetrics, Registry } from 'prom-client';

/** Every metric name starts with this, Node's default metrics included. */
export const METRIC_PREFIX = 'ridepool_';

/**
 * One Prometheus registry per app (issue 12): the app's own metrics and Node's default ones
 * (CPU, memory, event loop lag, GC), all named `ridepool_*` and labelled with the app's name.
 * Per app rather than prom-client's global registry, so apps started in one process (tests,
 * `npm start`) each report only their own.
 */
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor(app: string) {
    this.registry.setDefaultLabels({ app });
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
  }

  /** The text exposition format Prometheus scrapes. */
  get contentType(): string {
    return this.registry.contentType;
  }

  exposition(): Promise<string> {
    return this.registry.metrics();
  }
}
