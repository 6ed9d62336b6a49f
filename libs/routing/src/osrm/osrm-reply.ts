import polyline from '@mapbox/polyline';
import type { LineString } from 'geojson';
import { RoutingError, isRoutingErrorCode } from '../routing.error';
import type { Route, RouteStep, RoutingTable, SnappedPoint } from '../routing.port';

/*
 * The OSRM v5 reply shapes (https://project-osrm.org/docs/v5.24.0/api/) and checks that a reply
 * really has them: a proxy error page or a half-written body must fail loudly, not turn into
 * NaN durations in the dispatcher.
 */

/** OSRM coordinates are [lon, lat]. */
export type OsrmLonLat = [number, number];

export interface OsrmWaypoint {
  hint: string;
  distance: number;
  name: string;
  location: OsrmLonLat;
}

export interface OsrmLeg {
  duration: number;
  distance: number;
  weight: number;
  summary: string;
  steps: unknown[];
}

export interface OsrmRoute {
  duration: number;
  distance: number;
  weight: number;
  weight_name: string;
  geometry: string | LineString;
  legs: OsrmLeg[];
}

function invalid(what: string): RoutingError {
  return new RoutingError('InvalidResponse', `Malformed OSRM reply: ${what}`);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function isLonLat(x: unknown): x is OsrmLonLat {
  return Array.isArray(x) && x.length === 2 && isNum(x[0]) && isNum(x[1]);
}

/** Throws the OSRM error a reply carries, or InvalidResponse when it is not an object at all. */
export function assertOk(body: unknown, httpStatus?: number): Record<string, unknown> {
  if (!isRecord(body) || typeof body['code'] !== 'string') throw invalid('no code');
  if (body['code'] !== 'Ok') {
    const code = body['code'];
    const message = typeof body['message'] === 'string' ? body['message'] : code;
    throw new RoutingError(
      isRoutingErrorCode(code) ? code : 'InvalidResponse',
      message,
      httpStatus,
    );
  }
  return body;
}

function matrix(x: unknown, rows: number, cols: number, what: string): (number | null)[][] {
  if (!Array.isArray(x) || x.length !== rows) throw invalid(`${what} has wrong row count`);
  return x.map((row: unknown) => {
    if (!Array.isArray(row) || row.length !== cols) throw invalid(`${what} has wrong column count`);
    return row.map((v: unknown) => {
      if (v === null) return null;
      if (!isNum(v) || v < 0) throw invalid(`${what} holds ${String(v)}`);
      return v;
    });
  });
}

export function parseTableReply(body: unknown, rows: number, cols: number): RoutingTable {
  const ok = assertOk(body);
  return {
    durationsS: matrix(ok['durations'], rows, cols, 'durations'),
    distancesM: matrix(ok['distances'], rows, cols, 'distances'),
  };
}

export function parseRouteReply(body: unknown, legCount: number): Route {
  const ok = assertOk(body);
  const routes = ok['routes'];
  if (!Array.isArray(routes) || routes.length === 0 || !isRecord(routes[0]))
    throw invalid('no routes');
  const r = routes[0];
  if (!isNum(r['duration']) || !isNum(r['distance']))
    throw invalid('route without duration/distance');
  const legs = r['legs'];
  if (!Array.isArray(legs) || legs.length !== legCount) throw invalid('wrong number of legs');
  const geometry = r['geometry'];
  if (
    !isRecord(geometry) ||
    geometry['type'] !== 'LineString' ||
    !Array.isArray(geometry['coordinates']) ||
    !geometry['coordinates'].every(isLonLat)
  ) {
    throw invalid('geometry is not a GeoJSON LineString');
  }
  const coordinates = geometry['coordinates'] as OsrmLonLat[];
  return {
    durationS: r['duration'],
    distanceM: r['distance'],
    legs: legs.map((leg: unknown) => {
      if (!isRecord(leg) || !isNum(leg['duration']) || !isNum(leg['distance']))
        throw invalid('bad leg');
      const steps =
        Array.isArray(leg['steps']) && leg['steps'].length > 0
          ? { steps: leg['steps'].map(parseStep) }
          : {};
      return {
        durationS: leg['duration'],
        distanceM: leg['distance'],
        summary: typeof leg['summary'] === 'string' ? leg['summary'] : '',
        ...steps,
      };
    }),
    geometry: { type: 'LineString', coordinates },
    polyline: polyline.encode(
      coordinates.map(([lon, lat]) => [lat, lon]),
      5,
    ),
  };
}

/** One OSRM RouteStep (with GeoJSON geometry) as a {@link RouteStep}. */
function parseStep(step: unknown): RouteStep {
  if (!isRecord(step) || !isRecord(step['maneuver']) || !isNum(step['distance']))
    throw invalid('bad step');
  const m = step['maneuver'];
  const geometry = step['geometry'];
  if (!isLonLat(m['location']) || typeof m['type'] !== 'string') throw invalid('bad maneuver');
  const [lon, lat] = m['location'];
  return {
    maneuver: {
      type: m['type'],
      ...(typeof m['modifier'] === 'string' ? { modifier: m['modifier'] } : {}),
      ...(isNum(m['exit']) ? { exit: m['exit'] } : {}),
      location: { lat, lon },
      bearingBefore: isNum(m['bearing_before']) ? m['bearing_before'] : 0,
      bearingAfter: isNum(m['bearing_after']) ? m['bearing_after'] : 0,
    },
    name: typeof step['name'] === 'string' ? step['name'] : '',
    distanceM: step['distance'],
    durationS: isNum(step['duration']) ? step['duration'] : 0,
    geometry:
      isRecord(geometry) && Array.isArray(geometry['coordinates'])
        ? { type: 'LineString', coordinates: geometry['coordinates'] as OsrmLonLat[] }
        : {
            type: 'LineString',
            coordinates: [
              [lon, lat],
              [lon, lat],
            ],
          },
  };
}

export function parseNearestReply(body: unknown): SnappedPoint {
  const ok = assertOk(body);
  const waypoints = ok['waypoints'];
  if (!Array.isArray(waypoints) || !isRecord(waypoints[0])) throw invalid('no waypoints');
  const w = waypoints[0];
  if (!isLonLat(w['location']) || !isNum(w['distance'])) throw invalid('bad waypoint');
  return {
    location: { lat: w['location'][1], lon: w['location'][0] },
    name: typeof w['name'] === 'string' ? w['name'] : '',
    distanceM: w['distance'],
  };
}
