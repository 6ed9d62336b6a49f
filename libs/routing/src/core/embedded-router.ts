import polyline from '@mapbox/polyline';
import { haversineM, isValidLatLon, type LatLon } from '../geo';
import { RoutingError } from '../routing.error';
import type {
  Route,
  RouteLeg,
  RouteOptions,
  RouteStep,
  RoutingTable,
  SnappedPoint,
} from '../routing.port';
import { loadRoadGraph, type LoadGraphOptions } from './graph-cache';
import type { RoadGraph } from './road-graph';
import { ChQuery } from './ch-query';
import { endpointOf, type Endpoint } from './endpoints';
import { legSteps } from './guidance';
import { KEY_SCALE } from './road-graph';
import { ShortestPathSearch } from './shortest-path';
import { Snapper, type Phantom } from './snapper';

export interface EmbeddedRouterOptions {
  /**
   * Points farther than this from every car road fail with `NoSegment` (default 2000 m). OSRM
   * has no such limit by default; without one, a typo in a coordinate silently routes from the
   * nearest motorway.
   */
  maxSnapDistanceM?: number;
}

const DEFAULT_MAX_SNAP_M = 2000;

/**
 * In-process car router over a {@link RoadGraph}: snapping, one-to-many tables and routes with
 * geometry. Synchronous and framework-free; `EmbeddedRoutingAdapter` puts the port around it and
 * `startRouterServer` an OSRM-compatible HTTP API.
 */
export class EmbeddedRouter {
  private readonly snapper: Snapper;
  private readonly search: ShortestPathSearch;
  private readonly ch: ChQuery;
  private readonly maxSnapDistanceM: number;

  constructor(
    readonly graph: RoadGraph,
    options: EmbeddedRouterOptions = {},
  ) {
    this.snapper = new Snapper(graph);
    this.search = new ShortestPathSearch(graph);
    this.ch = new ChQuery(graph, graph);
    this.maxSnapDistanceM = options.maxSnapDistanceM ?? DEFAULT_MAX_SNAP_M;
  }

  /** Loads (from the binary cache when possible) and prepares the graph of an OSM file. */
  static async fromOsmFile(
    osmFile: string,
    options: LoadGraphOptions & EmbeddedRouterOptions = {},
  ): Promise<EmbeddedRouter> {
    const { graph } = await loadRoadGraph(osmFile, options);
    return new EmbeddedRouter(graph, options);
  }

  /** Snaps a point; `index` only names the point in the error message. */
  snap(point: LatLon, index = 0): Phantom {
    if (!isValidLatLon(point)) {
      throw new RoutingError('InvalidValue', `Invalid coordinate value at index ${index}`);
    }
    const phantom = this.snapper.nearest(point, this.maxSnapDistanceM);
    if (!phantom) {
      throw new RoutingError(
        'NoSegment',
        `Could not find a matching segment for coordinate ${index}`,
      );
    }
    return phantom;
  }

  /**
   * Snaps the points of one request as OSRM's `SnapPhantomNodes` does: each to its nearest road,
   * unless some point's nearest road lies in a tiny component (fewer than 1,000 edge-based
   * nodes) that not all points share; then every point takes its nearest road outside tiny
   * components, where one is within the snapping radius.
   */
  snapAll(points: readonly LatLon[]): Phantom[] {
    const nearest = points.map((p, i) => this.snap(p, i));
    const tiny = nearest.map((p) => this.snapper.isTiny(p.segment));
    if (!tiny.some(Boolean)) return nearest;
    const component = this.snapper.componentOf(nearest[0].segment);
    const allInOneTiny =
      tiny.every(Boolean) &&
      nearest.every((p) => this.snapper.componentOf(p.segment) === component);
    if (allInOneTiny) return nearest;
    return nearest.map((p, i) =>
      tiny[i] ? (this.snapper.nearest(points[i], this.maxSnapDistanceM, true) ?? p) : p,
    );
  }

  endpoint(phantom: Phantom): Endpoint {
    return endpointOf(this.graph, phantom);
  }

  /** Name of the road a phantom lies on (falls back to `ref`, see car-profile.ts). */
  roadName(phantom: Phantom): string {
    const g = this.graph;
    const e =
      g.segForward[phantom.segment] >= 0
        ? g.segForward[phantom.segment]
        : g.segBackward[phantom.segment];
    return g.names[g.edgeName[e]] ?? '';
  }

  nearest(point: LatLon): SnappedPoint {
    const phantom = this.snap(point);
    return { location: phantom.location, name: this.roadName(phantom), distanceM: phantom.offsetM };
  }

  tableFromPhantoms(sources: readonly Phantom[], destinations: readonly Phantom[]): RoutingTable {
    const src = sources.map((p) => this.endpoint(p));
    const dst = destinations.map((p) => this.endpoint(p));
    return this.tableCh(src, dst);
  }

  /** Bucket-based many-to-many over the contraction hierarchy (see ch-query.ts). */
  tableCh(sources: readonly Endpoint[], destinations: readonly Endpoint[]): RoutingTable {
    const hits = this.ch.table(sources, destinations);
    return {
      durationsS: hits.map((row) => row.map((h) => (h ? h.durationS : null))),
      distancesM: hits.map((row) => row.map((h) => (h ? h.distanceM : null))),
    };
  }

  /** One plain Dijkstra per source over the turn-aware graph: the reference for faster methods. */
  tableDijkstra(sources: readonly Endpoint[], destinations: readonly Endpoint[]): RoutingTable {
    const durationsS: (number | null)[][] = [];
    const distancesM: (number | null)[][] = [];
    for (const source of sources) {
      const hits = this.search.oneToMany(source, destinations);
      durationsS.push(hits.map((h) => (h ? h.durationS : null)));
      distancesM.push(hits.map((h) => (h ? h.distanceM : null)));
    }
    return { durationsS, distancesM };
  }

  table(sources: readonly LatLon[], destinations: readonly LatLon[]): RoutingTable {
    const phantoms = this.snapAll([...sources, ...destinations]);
    return this.tableFromPhantoms(
      phantoms.slice(0, sources.length),
      phantoms.slice(sources.length),
    );
  }

  route(points: readonly LatLon[], options: RouteOptions = {}): Route & { weightsS: number[] } {
    if (points.length < 2) {
      throw new RoutingError('InvalidOptions', 'Number of coordinates needs to be at least two');
    }
    return this.routeFromPhantoms(this.snapAll(points), options);
  }

  /**
   * The route through the phantoms, leg by leg (each leg its own CH search, so a u-turn at a
   * via point is free, unlike OSRM's `continue_straight`). `weightsS` are OSRM's routability
   * weights per leg.
   */
  routeFromPhantoms(
    phantoms: readonly Phantom[],
    options: RouteOptions = {},
  ): Route & { weightsS: number[] } {
    const legs: RouteLeg[] = [];
    const weightsS: number[] = [];
    const coords: LatLon[] = [phantoms[0].location];
    for (let i = 1; i < phantoms.length; i++) {
      const source = this.endpoint(phantoms[i - 1]);
      const target = this.endpoint(phantoms[i]);
      const hit = this.ch.route(source, target);
      if (!hit) throw new RoutingError('NoRoute', 'Impossible route between points');
      const edges = hit.edges;
      weightsS.push(Math.floor(hit.key / KEY_SCALE) / 10);
      for (const e of edges) {
        const v = this.graph.edgeTail[e];
        coords.push({ lat: this.graph.lat[v], lon: this.graph.lon[v] });
      }
      coords.push(phantoms[i].location);
      legs.push({
        durationS: hit.durationS,
        distanceM: hit.distanceM,
        summary: this.summary(edges, phantoms[i - 1]),
        ...(options.steps
          ? { steps: this.steps(phantoms[i - 1], phantoms[i], source, target, edges) }
          : {}),
      });
    }
    const line = dedupe(coords);
    return {
      weightsS,
      durationS: legs.reduce((s, l) => s + l.durationS, 0),
      distanceM: legs.reduce((s, l) => s + l.distanceM, 0),
      legs,
      geometry: {
        type: 'LineString',
        coordinates: line.map((p) => [round6(p.lon), round6(p.lat)]),
      },
      polyline: polyline.encode(
        line.map((p) => [p.lat, p.lon]),
        5,
      ),
    };
  }

  private steps(
    from: Phantom,
    to: Phantom,
    source: Endpoint,
    target: Endpoint,
    edges: readonly number[],
  ): RouteStep[] {
    const g = this.graph;
    let sourceEdge = source.onEdge[0];
    let targetEdge = target.onEdge[0];
    if (edges.length === 0) {
      for (const s of source.onEdge) {
        for (const t of target.onEdge) {
          if (s.edge === t.edge && t.fraction >= s.fraction) {
            sourceEdge = s;
            targetEdge = t;
          }
        }
      }
    } else {
      // The source edge is the one whose turn into the first driven edge the search took.
      let best = Infinity;
      for (const s of source.onEdge) {
        for (let t = g.turnFirst[s.edge]; t < g.turnFirst[s.edge + 1]; t++) {
          const key = (1 - s.fraction) * g.edgeKey[s.edge] + g.turnKey[t];
          if (g.turnTo[t] === edges[0] && key < best) {
            best = key;
            sourceEdge = s;
          }
        }
      }
      // The last edge may be a copy made for a via-way restriction: same segment and tail.
      const last = edges[edges.length - 1];
      targetEdge =
        target.onEdge.find(
          (t) =>
            g.edgeSegment[t.edge] === g.edgeSegment[last] &&
            g.edgeTail[t.edge] === g.edgeTail[last],
        ) ?? targetEdge;
    }
    return legSteps(g, from, to, sourceEdge.edge, sourceEdge.fraction, edges, targetEdge.fraction);
  }

  /** Like OSRM's leg summary: the two road names driven longest, in driving order. */
  private summary(edges: readonly number[], start: Phantom): string {
    const g = this.graph;
    const lengthByName = new Map<string, number>();
    for (const e of edges) {
      const name = g.names[g.edgeName[e]];
      if (name) lengthByName.set(name, (lengthByName.get(name) ?? 0) + g.edgeDistanceM[e]);
    }
    if (lengthByName.size === 0) return this.roadName(start);
    const top = [...lengthByName.entries()].sort((x, y) => y[1] - x[1]).slice(0, 2);
    const order = [...lengthByName.keys()];
    return top
      .map(([name]) => name)
      .sort((x, y) => order.indexOf(x) - order.indexOf(y))
      .join(', ');
  }
}

/** Six decimals are ~0.1 m, as OSRM's own output. */
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function dedupe(points: readonly LatLon[]): LatLon[] {
  const out: LatLon[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || haversineM(last, p) > 0.01) out.push(p);
  }
  if (out.length === 1) out.push(out[0]);
  return out;
}
