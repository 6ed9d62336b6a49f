/**
 * Something an app must have running before it takes work, beside the connections every app
 * has (PostgreSQL, Redis, routing): e.g. the dispatch worker's queue consumer. An app provides
 * at most one under this class as DI token; `GET /health/ready` reports it under {@link key}.
 */
export abstract class ReadinessCheck {
  /** Name in the health report, e.g. `dispatch_consumer`. */
  abstract readonly key: string;
  /** Details to report when ready; throws an Error saying why when not. */
  abstract check(): Promise<Record<string, unknown>> | Record<string, unknown>;
}
