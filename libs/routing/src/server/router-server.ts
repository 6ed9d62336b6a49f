import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import polyline from '@mapbox/polyline';
import { EmbeddedRouter, type EmbeddedRouterOptions } from '../core/embedded-router';
import type { LoadGraphOptions } from '../core/graph-cache';
import type { Phantom } from '../core/snapper';
import { RoutingError } from '../routing.error';
import type { OsrmWaypoint } from '../osrm/osrm-reply';
import type { RouteStep } from '../routing.port';
import type { LineString } from 'geojson';
import { enumOption, parseIndexList, parseOsrmRequest, type OsrmRequest } from './osrm-request';

export interface RouterServerOptions extends LoadGraphOptions, EmbeddedRouterOptions {
  /** OSM file to load (ignored when `router` is given). */
  osmFile?: string;
  router?: EmbeddedRouter;
  /** 0 picks a free port (tests). Default 5000, like osrm-routed. */
  port?: number;
  host?: string;
  /** Table requests with sources x destinations above this squared fail with TooBig (default 100). */
  maxTableSize?: number;
}

export interface RunningRouterServer {
  url: string;
  port: number;
  router: EmbeddedRouter;
  server: Server;
  close(): Promise<void>;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Serves the embedded router over the OSRM v5 HTTP API (route, table, nearest), so the
 * production `OsrmRoutingAdapter` can run against it unchanged. Errors are HTTP 400 with OSRM's
 * `{ code, message }`.
 */
export async function startRouterServer(
  options: RouterServerOptions,
): Promise<RunningRouterServer> {
  const router =
    options.router ??
    (options.osmFile
      ? await EmbeddedRouter.fromOsmFile(options.osmFile, options)
      : failConfig('startRouterServer needs osmFile or router'));
  const maxTableSize = options.maxTableSize ?? 100;
  const server = createServer((req, res) => handle(router, maxTableSize, req, res));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5000, options.host ?? '127.0.0.1', resolve);
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    router,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function failConfig(message: string): never {
  throw new Error(message);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

function handle(
  router: EmbeddedRouter,
  maxTableSize: number,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  try {
    if (req.method !== 'GET') throw new RoutingError('InvalidUrl', 'Only GET is supported');
    const request = parseOsrmRequest(req.url ?? '/');
    const body =
      request.service === 'table'
        ? table(router, request, maxTableSize)
        : request.service === 'route'
          ? route(router, request)
          : nearest(router, request);
    send(res, 200, body);
  } catch (err) {
    if (err instanceof RoutingError) send(res, 400, { code: err.code, message: err.message });
    else send(res, 500, { code: 'InternalError', message: 'Internal error' });
  }
}

function waypoint(router: EmbeddedRouter, phantom: Phantom): OsrmWaypoint {
  return {
    // Opaque, like OSRM's; clients send it back only as an optimisation, which we do not need.
    hint: Buffer.from(`${phantom.segment}:${phantom.t.toFixed(6)}`).toString('base64url'),
    distance: round1(phantom.offsetM),
    name: router.roadName(phantom),
    location: [Number(phantom.location.lon.toFixed(6)), Number(phantom.location.lat.toFixed(6))],
  };
}

function table(router: EmbeddedRouter, request: OsrmRequest, maxTableSize: number): unknown {
  const n = request.points.length;
  const sources = parseIndexList(request.options.get('sources'), n, 'sources');
  const destinations = parseIndexList(request.options.get('destinations'), n, 'destinations');
  // Same rule as osrm-routed's --max-table-size.
  if (sources.length * destinations.length > maxTableSize * maxTableSize) {
    throw new RoutingError('TooBig', 'Too many table coordinates');
  }
  const annotations = (request.options.get('annotations') ?? 'duration').split(',');
  if (!annotations.every((a) => a === 'duration' || a === 'distance')) {
    throw new RoutingError('InvalidQuery', 'Query string malformed close to annotations');
  }
  const phantoms = router.snapAll(request.points);
  const src = sources.map((i) => phantoms[i]);
  const dst = destinations.map((i) => phantoms[i]);
  const t = router.tableFromPhantoms(src, dst);
  const roundAll = (m: (number | null)[][]): (number | null)[][] =>
    m.map((row) => row.map((v) => (v === null ? null : round1(v))));
  return {
    code: 'Ok',
    ...(annotations.includes('duration') ? { durations: roundAll(t.durationsS) } : {}),
    ...(annotations.includes('distance') ? { distances: roundAll(t.distancesM) } : {}),
    sources: src.map((p) => waypoint(router, p)),
    destinations: dst.map((p) => waypoint(router, p)),
  };
}

function route(router: EmbeddedRouter, request: OsrmRequest): unknown {
  const geometries = enumOption(
    request.options,
    'geometries',
    ['polyline', 'polyline6', 'geojson'],
    'polyline',
  );
  const overview = enumOption(
    request.options,
    'overview',
    ['simplified', 'full', 'false'],
    'simplified',
  );
  const steps = enumOption(request.options, 'steps', ['true', 'false'], 'false') === 'true';
  enumOption(request.options, 'alternatives', ['true', 'false'], 'false');
  if (request.points.length < 2) {
    throw new RoutingError('InvalidOptions', 'Number of coordinates needs to be at least two');
  }
  const phantoms = router.snapAll(request.points);
  const r = router.routeFromPhantoms(phantoms, { steps });
  const encode = (line: LineString): string | LineString =>
    geometries === 'geojson'
      ? line
      : polyline.encode(
          line.coordinates.map(([lon, lat]) => [lat, lon] as [number, number]),
          geometries === 'polyline6' ? 6 : 5,
        );
  const geometry = encode(r.geometry);
  return {
    code: 'Ok',
    routes: [
      {
        ...(overview === 'false' ? {} : { geometry }),
        legs: r.legs.map((l, i) => ({
          steps: (l.steps ?? []).map((s) => osrmStep(s, encode)),
          summary: l.summary,
          weight: round1(r.weightsS[i]),
          duration: round1(l.durationS),
          distance: round1(l.distanceM),
        })),
        weight_name: 'routability',
        weight: round1(r.weightsS.reduce((a, b) => a + b, 0)),
        duration: round1(r.durationS),
        distance: round1(r.distanceM),
      },
    ],
    waypoints: phantoms.map((p) => waypoint(router, p)),
  };
}

/** A {@link RouteStep} in OSRM's JSON shape (RouteStep, StepManeuver, one Intersection). */
function osrmStep(s: RouteStep, encode: (line: LineString) => string | LineString): unknown {
  const location = [round6(s.maneuver.location.lon), round6(s.maneuver.location.lat)];
  const depart = s.maneuver.type === 'depart';
  const arrive = s.maneuver.type === 'arrive';
  return {
    geometry: encode(s.geometry),
    maneuver: {
      bearing_after: s.maneuver.bearingAfter,
      bearing_before: s.maneuver.bearingBefore,
      location,
      type: s.maneuver.type,
      ...(s.maneuver.modifier ? { modifier: s.maneuver.modifier } : {}),
      ...(s.maneuver.exit !== undefined ? { exit: s.maneuver.exit } : {}),
    },
    mode: 'driving',
    driving_side: 'right',
    name: s.name,
    intersections: [
      {
        location,
        bearings: depart
          ? [s.maneuver.bearingAfter]
          : arrive
            ? [(s.maneuver.bearingBefore + 180) % 360]
            : [(s.maneuver.bearingBefore + 180) % 360, s.maneuver.bearingAfter],
        entry: depart || arrive ? [true] : [false, true],
        ...(depart ? { out: 0 } : arrive ? { in: 0 } : { in: 0, out: 1 }),
      },
    ],
    weight: round1(s.durationS),
    duration: round1(s.durationS),
    distance: round1(s.distanceM),
  };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function nearest(router: EmbeddedRouter, request: OsrmRequest): unknown {
  if (request.points.length !== 1) {
    throw new RoutingError('InvalidOptions', 'Only one input coordinate is supported');
  }
  const number = Number(request.options.get('number') ?? '1');
  if (!Number.isInteger(number) || number < 1) {
    throw new RoutingError('InvalidOptions', 'Number of results must be at least 1');
  }
  const phantom = router.snap(request.points[0], 0);
  return { code: 'Ok', waypoints: [{ ...waypoint(router, phantom), nodes: [0, 0] }] };
}
