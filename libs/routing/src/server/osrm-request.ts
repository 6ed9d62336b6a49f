import type { LatLon } from '../geo';
import { RoutingError } from '../routing.error';

/** A parsed OSRM v5 request: `/{service}/v1/{profile}/{lon},{lat};...[.json]?{options}`. */
export interface OsrmRequest {
  service: 'route' | 'table' | 'nearest';
  /** Parsed from OSRM's lon,lat order. */
  points: LatLon[];
  options: URLSearchParams;
}

const SERVICES = new Set(['route', 'table', 'nearest']);
const COMMON = [
  'hints',
  'radiuses',
  'bearings',
  'approaches',
  'exclude',
  'generate_hints',
  'snapping',
  'skip_waypoints',
];
const ALLOWED_OPTIONS: Record<OsrmRequest['service'], ReadonlySet<string>> = {
  route: new Set([
    ...COMMON,
    'alternatives',
    'steps',
    'annotations',
    'geometries',
    'overview',
    'continue_straight',
    'waypoints',
  ]),
  table: new Set([
    ...COMMON,
    'sources',
    'destinations',
    'annotations',
    'fallback_speed',
    'fallback_coordinate',
    'scale_factor',
  ]),
  nearest: new Set([...COMMON, 'number']),
};
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Parses the URL or throws the `RoutingError` OSRM would answer with. */
export function parseOsrmRequest(rawUrl: string): OsrmRequest {
  const url = new URL(rawUrl, 'http://localhost');
  const parts = url.pathname.split('/');
  // ['', service, version, profile, coordinates]
  if (parts.length !== 5 || !parts[4]) {
    throw new RoutingError(
      'InvalidUrl',
      `URL string malformed close to position ${url.pathname.length}`,
    );
  }
  const [, service, version, , rawCoords] = parts;
  if (!SERVICES.has(service))
    throw new RoutingError('InvalidService', `Service ${service} not found!`);
  if (version !== 'v1') throw new RoutingError('InvalidVersion', `Service ${service} not found!`);
  const coords = decodeURIComponent(rawCoords).replace(/\.json$/, '');
  const points = coords.split(';').map((pair, i) => {
    const [lon, lat, extra] = pair.split(',');
    if (extra !== undefined || !NUMBER.test(lon ?? '') || !NUMBER.test(lat ?? '')) {
      throw new RoutingError('InvalidUrl', `URL string malformed close to position ${i}`);
    }
    const p = { lat: Number(lat), lon: Number(lon) };
    if (Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180) {
      throw new RoutingError('InvalidValue', `Invalid coordinate value at index ${i}`);
    }
    return p;
  });
  const typed = service as OsrmRequest['service'];
  for (const key of url.searchParams.keys()) {
    if (!ALLOWED_OPTIONS[typed].has(key)) {
      throw new RoutingError(
        'InvalidQuery',
        `Query string malformed close to position ${url.search.indexOf(key)}`,
      );
    }
  }
  return { service: typed, points, options: url.searchParams };
}

/** `sources=` / `destinations=`: "all" (default) or `;`-separated indices into the points. */
export function parseIndexList(value: string | null, count: number, name: string): number[] {
  if (value === null || value === 'all') return Array.from({ length: count }, (_, i) => i);
  return value.split(';').map((s) => {
    const i = Number(s);
    if (!/^\d+$/.test(s))
      throw new RoutingError('InvalidQuery', `Query string malformed close to ${name}`);
    if (i >= count) throw new RoutingError('InvalidOptions', `${name} index ${i} out of range`);
    return i;
  });
}

/** Checks an enumerated option; OSRM rejects unknown values as a malformed query. */
export function enumOption<T extends string>(
  options: URLSearchParams,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = options.get(key);
  if (v === null) return fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new RoutingError('InvalidQuery', `Query string malformed close to ${key}=${v}`);
  }
  return v as T;
}
