import { EmbeddedRouter, type EmbeddedRouterOptions } from './core/embedded-router';
import type { LoadGraphOptions } from './core/graph-cache';
import type { LatLon } from './geo';
import {
  RoutingPort,
  type Route,
  type RouteOptions,
  type RoutingTable,
  type SnappedPoint,
} from './routing.port';

/**
 * {@link RoutingPort} answered in-process from an OSM file, for development, tests and small
 * deployments without an OSRM container. Queries run synchronously on the event loop: a 100x100
 * table on a county graph takes tens of milliseconds, which the dispatch worker can afford.
 */
export class EmbeddedRoutingAdapter extends RoutingPort {
  constructor(readonly router: EmbeddedRouter) {
    super();
  }

  static async fromOsmFile(
    osmFile: string,
    options: LoadGraphOptions & EmbeddedRouterOptions = {},
  ): Promise<EmbeddedRoutingAdapter> {
    return new EmbeddedRoutingAdapter(await EmbeddedRouter.fromOsmFile(osmFile, options));
  }

  async table(sources: readonly LatLon[], destinations: readonly LatLon[]): Promise<RoutingTable> {
    return this.router.table(sources, destinations);
  }

  async route(points: readonly LatLon[], options?: RouteOptions): Promise<Route> {
    const { weightsS: _weights, ...route } = this.router.route(points, options);
    return route;
  }

  async nearest(point: LatLon): Promise<SnappedPoint> {
    return this.router.nearest(point);
  }
}
