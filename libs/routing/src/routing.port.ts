import type { LineString } from 'geojson';
import type { LatLon } from './geo';

/** Durations and distances between every source and destination; `null` where no route exists. */
export interface RoutingTable {
  /** `durationsS[i][j]`: seconds from `sources[i]` to `destinations[j]`. */
  durationsS: (number | null)[][];
  /** `distancesM[i][j]`: metres along that fastest route. */
  distancesM: (number | null)[][];
}

/**
 * One instruction of a route, after OSRM's RouteStep and StepManeuver (v5 API): what to do at
 * `maneuver.location` and how far and long the road is from there to the next instruction.
 */
export interface RouteStep {
  maneuver: {
    /** OSRM maneuver type: `depart`, `turn`, `new name`, `continue`, `end of road`, `roundabout`, `arrive`, ... */
    type: string;
    /** OSRM modifier: `straight`, `slight right`, `right`, `sharp right`, `uturn`, ... */
    modifier?: string;
    /** For `roundabout`: which exit to take (1 = first). */
    exit?: number;
    location: LatLon;
    /** Degrees clockwise from north, before and after the maneuver. */
    bearingBefore: number;
    bearingAfter: number;
  };
  /** Name of the road driven in this step (falls back to its `ref`). */
  name: string;
  distanceM: number;
  durationS: number;
  /** GeoJSON (lon, lat) from this maneuver to the next. */
  geometry: LineString;
}

export interface RouteLeg {
  durationS: number;
  distanceM: number;
  /** Names of the main roads used, like OSRM's `summary`. */
  summary: string;
  /** Turn-by-turn instructions, when asked for with `{ steps: true }`. */
  steps?: RouteStep[];
}

export interface RouteOptions {
  /** Also return turn-by-turn steps per leg (OSRM's `steps=true`). */
  steps?: boolean;
}

export interface Route {
  durationS: number;
  distanceM: number;
  legs: RouteLeg[];
  /** GeoJSON coordinates are lon,lat (RFC 7946). */
  geometry: LineString;
  /** Google encoded polyline, precision 5, lat,lon order. */
  polyline: string;
}

export interface SnappedPoint {
  /** The point on the nearest car road. */
  location: LatLon;
  /** Road name (falls back to its `ref`, e.g. "L 364"); empty when the road has neither. */
  name: string;
  /** Metres from the input point to `location`. */
  distanceM: number;
}

/**
 * Car routing as the rest of the system sees it. Used as a Nest DI token; implemented by
 * `OsrmRoutingAdapter` (production, OSRM v5 HTTP) and `EmbeddedRoutingAdapter` (in-process
 * router over an OSM file, for development and tests). All coordinates are {@link LatLon}; the
 * lon,lat order OSRM uses stays inside the adapters.
 *
 * Every method rejects with a `RoutingError` whose `code` follows OSRM's error codes.
 */
export abstract class RoutingPort {
  /**
   * Travel time and distance matrix, like OSRM's `/table` service.
   * Unreachable pairs are `null`. Rejects with `NoSegment` if a point is too far from any road.
   */
  abstract table(
    sources: readonly LatLon[],
    destinations: readonly LatLon[],
  ): Promise<RoutingTable>;

  /**
   * Fastest route visiting `points` in order (at least two).
   * Rejects with `NoRoute` when some leg is impossible, `NoSegment` when a point cannot be snapped.
   */
  abstract route(points: readonly LatLon[], options?: RouteOptions): Promise<Route>;

  /** The nearest point on a car road. Rejects with `NoSegment` when none is close enough. */
  abstract nearest(point: LatLon): Promise<SnappedPoint>;
}
