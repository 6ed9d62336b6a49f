import type { LatLon } from '../geo';
import { RoutingError } from '../routing.error';
import {
  RoutingPort,
  type Route,
  type RouteOptions,
  type RoutingTable,
  type SnappedPoint,
} from '../routing.port';
import { parseNearestReply, parseRouteReply, parseTableReply } from './osrm-reply';

export interface OsrmRoutingAdapterOptions {
  /** e.g. `http://osrm:5000`; no trailing path. */
  baseUrl: string;
  /** OSRM profile segment of the URL; osrm-routed ignores it, but proxies may not. */
  profile?: string;
  /** Per-request timeout (default 5000 ms). */
  timeoutMs?: number;
  /** Extra attempts after network errors and 5xx replies (default 3). */
  retries?: number;
  /** First back-off delay, doubled per attempt (default 100 ms). */
  backoffMs?: number;
  /** Largest table block per request, like osrm-routed's `--max-table-size` (default 100). */
  maxTableSize?: number;
  /** Table blocks fetched at once (default 4). */
  concurrency?: number;
}

/** A failure worth another attempt: the server may be restarting or briefly overloaded. */
class TransientError extends Error {}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** OSRM wants lon,lat; six decimals are ~0.1 m. */
const lonLat = (p: LatLon): string => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`;

/**
 * {@link RoutingPort} over the OSRM v5 HTTP API (osrm-routed). Uses Node's global fetch, whose
 * built-in undici dispatcher already keeps connections alive and pools them (the `undici`
 * package, needed for a custom Agent, is not a dependency). Large tables are cut into blocks
 * within `maxTableSize` and put back together.
 */
export class OsrmRoutingAdapter extends RoutingPort {
  private readonly base: string;
  private readonly profile: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxTableSize: number;
  private readonly concurrency: number;

  constructor(options: OsrmRoutingAdapterOptions) {
    super();
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.profile = options.profile ?? 'driving';
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 100;
    this.maxTableSize = options.maxTableSize ?? 100;
    this.concurrency = options.concurrency ?? 4;
  }

  async table(sources: readonly LatLon[], destinations: readonly LatLon[]): Promise<RoutingTable> {
    const durationsS = sources.map(() => new Array<number | null>(destinations.length).fill(null));
    const distancesM = sources.map(() => new Array<number | null>(destinations.length).fill(null));
    const blocks: { s0: number; d0: number; src: LatLon[]; dst: LatLon[] }[] = [];
    for (let s0 = 0; s0 < sources.length; s0 += this.maxTableSize) {
      for (let d0 = 0; d0 < destinations.length; d0 += this.maxTableSize) {
        blocks.push({
          s0,
          d0,
          src: sources.slice(s0, s0 + this.maxTableSize),
          dst: destinations.slice(d0, d0 + this.maxTableSize),
        });
      }
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < blocks.length) {
        const { s0, d0, src, dst } = blocks[next++];
        const block = await this.tableBlock(src, dst);
        block.durationsS.forEach((row, i) =>
          row.forEach((v, j) => (durationsS[s0 + i][d0 + j] = v)),
        );
        block.distancesM.forEach((row, i) =>
          row.forEach((v, j) => (distancesM[s0 + i][d0 + j] = v)),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, blocks.length) }, worker));
    return { durationsS, distancesM };
  }

  async route(points: readonly LatLon[], options: RouteOptions = {}): Promise<Route> {
    if (points.length < 2) {
      throw new RoutingError('InvalidOptions', 'Number of coordinates needs to be at least two');
    }
    const query = `overview=full&geometries=geojson&steps=${options.steps === true}`;
    const body = await this.get('route', points, query);
    return parseRouteReply(body, points.length - 1);
  }

  async nearest(point: LatLon): Promise<SnappedPoint> {
    return parseNearestReply(await this.get('nearest', [point], 'number=1'));
  }

  private async tableBlock(src: readonly LatLon[], dst: readonly LatLon[]): Promise<RoutingTable> {
    const range = (from: number, n: number): string =>
      Array.from({ length: n }, (_, i) => from + i).join(';');
    const query =
      `sources=${range(0, src.length)}&destinations=${range(src.length, dst.length)}` +
      '&annotations=duration,distance';
    const body = await this.get('table', [...src, ...dst], query);
    return parseTableReply(body, src.length, dst.length);
  }

  /** GET with timeout and exponential back-off; 4xx replies are final, 5xx and network errors retried. */
  private async get(service: string, points: readonly LatLon[], query: string): Promise<unknown> {
    const url = `${this.base}/${service}/v1/${this.profile}/${points.map(lonLat).join(';')}?${query}`;
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoffMs * 2 ** (attempt - 1));
      try {
        return await this.fetchOnce(url);
      } catch (err) {
        if (err instanceof RoutingError) throw err;
        lastError = err;
      }
    }
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    throw new RoutingError(
      'Unavailable',
      `OSRM ${service} failed after ${this.retries + 1} attempts: ${reason}`,
    );
  }

  private async fetchOnce(url: string): Promise<unknown> {
    const res = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (res.status >= 500) throw new TransientError(`HTTP ${res.status}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new RoutingError(
        'InvalidResponse',
        `OSRM replied HTTP ${res.status} without JSON`,
        res.status,
      );
    }
    if (!res.ok) {
      const rec = body as { code?: unknown; message?: unknown } | null;
      if (rec && typeof rec.code === 'string') return body; // OSRM error: parse* turns it into RoutingError
      throw new RoutingError('InvalidResponse', `OSRM replied HTTP ${res.status}`, res.status);
    }
    return body;
  }
}
