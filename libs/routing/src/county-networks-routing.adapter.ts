import { isInsideArea, type AreaGeometry } from '@app/domain';
import type { LatLon } from './geo';
import {
  RoutingPort,
  type Route,
  type RouteOptions,
  type RoutingTable,
  type SnappedPoint,
} from './routing.port';

/** A county with its own road data: its service area and the router over its road file. */
export interface CountyNetwork {
  /** The county's key (AGS), for logs. */
  countyCode: string;
  /** Where the county's network answers: its service area (GeoJSON, [lon, lat]). */
  area: AreaGeometry;
  routing: RoutingPort;
}

/**
 * {@link RoutingPort} over several counties' own road files: each request is answered on the
 * network of the county whose area contains all of its points; anything else (no such county, or
 * points in two counties) on the shared router. With OSRM on the state's extract there is one
 * router for all and this adapter is not used.
 */
export class CountyNetworksRoutingAdapter extends RoutingPort {
  constructor(
    private readonly shared: RoutingPort,
    private networks: readonly CountyNetwork[],
  ) {
    super();
  }

  /** Replaces the counties' networks, e.g. after a county was added. */
  setNetworks(networks: readonly CountyNetwork[]): void {
    this.networks = networks;
  }

  /** The router for these points: the first county containing every one, else the shared one. */
  routerFor(points: readonly LatLon[]): RoutingPort {
    const own = this.networks.find((n) => points.every((p) => isInsideArea(p, n.area)));
    return own?.routing ?? this.shared;
  }

  table(sources: readonly LatLon[], destinations: readonly LatLon[]): Promise<RoutingTable> {
    return this.routerFor([...sources, ...destinations]).table(sources, destinations);
  }

  route(points: readonly LatLon[], options?: RouteOptions): Promise<Route> {
    return this.routerFor(points).route(points, options);
  }

  nearest(point: LatLon): Promise<SnappedPoint> {
    return this.routerFor([point]).nearest(point);
  }
}
