import { bearerToken } from '@app/domain';
import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BookingMetrics } from './booking.metrics';
import { DispatchMetrics } from './dispatch.metrics';
import { HttpMetrics } from './http.metrics';
import { MetricsRegistry } from './metrics.registry';
import { RealtimeMetrics } from './realtime.metrics';

/** Every group of metrics; each app registers all, and reports what it does. */
export const METRIC_GROUPS = [HttpMetrics, BookingMetrics, DispatchMetrics, RealtimeMetrics];

/**
 * Prometheus metrics (issue 12), global so any service can count what it does: the app's
 * registry ({@link MetricsRegistry}) and the metric groups. Labelled metrics show no series
 * until something is counted, so an app exposes only what it does, plus Node's default metrics.
 * The app's bootstrap serves them with {@link serveMetrics}.
 */
@Module({})
export class MetricsModule {
  static forRoot(opts: { app: string }): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      providers: [
        { provide: MetricsRegistry, useValue: new MetricsRegistry(opts.app) },
        ...METRIC_GROUPS,
      ],
      exports: [MetricsRegistry, ...METRIC_GROUPS],
    };
  }
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * For each app's bootstrap, before any route: times every HTTP request (route template, status)
 * and serves `GET /metrics` in Prometheus' text format. With `token` (METRICS_TOKEN, required
 * in production) only a request with `Authorization: Bearer <token>` is answered, others get
 * 401: the booking API's port is public behind the ingress.
 */
export function serveMetrics(app: INestApplication, opts: { token?: string } = {}): void {
  const metrics = app.get(MetricsRegistry);
  app.use(app.get(HttpMetrics).middleware());
  const expected = opts.token ? digest(opts.token) : null;
  app.use('/metrics', (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // The scheme in any case (RFC 9110 §11.1); the token compared in constant time.
    const sent = bearerToken(req.headers.authorization);
    if (expected && !(sent !== null && timingSafeEqual(digest(sent), expected))) {
      res.writeHead(401, {
        'content-type': 'text/plain; charset=utf-8',
        'www-authenticate': 'Bearer realm="metrics"',
      });
      res.end('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>\n');
      return;
    }
    metrics.exposition().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (e: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`metrics could not be collected: ${e.message}\n`);
      },
    );
  });
}
