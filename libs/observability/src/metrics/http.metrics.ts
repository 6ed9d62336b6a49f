import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics.registry';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** What Express leaves on a request once routing has matched it. */
type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/** A route that matches every path: Nest's not-found handler (`{/*splat}` under Express 5). */
const CATCH_ALL = /^(\{\/)?\*/;

/**
 * The route template a request was served by (`/v1/bookings/:id`), never the raw URL, so the
 * number of series stays bounded: a matched route's template, else the mount point of static
 * files and other mounted handlers (`/rider`, `/docs`, `/metrics`), else `unmatched` (404s).
 */
export function routeLabel(req: RoutedRequest): string {
  const base = req.baseUrl ?? '';
  const path = req.route?.path;
  if (typeof path === 'string' && !CATCH_ALL.test(path)) return `${base}${path}` || '/';
  return base || 'unmatched';
}

/** HTTP latency by method, route template and status code, on every app that serves HTTP. */
@Injectable()
export class HttpMetrics {
  readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(metrics: MetricsRegistry) {
    this.duration = new Histogram({
      name: 'ridepool_http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status code: time to the last byte',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metrics.registry],
    });
  }

  /** Express/connect middleware, installed first: times every request until it is answered. */
  middleware(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
    return (req, res, next) => {
      const end = this.duration.startTimer();
      res.once('finish', () =>
        end({
          method: METHODS.has(req.method ?? '') ? req.method : 'OTHER',
          route: routeLabel(req as RoutedRequest),
          status: String(res.statusCode),
        }),
      );
      next();
    };
  }
}
