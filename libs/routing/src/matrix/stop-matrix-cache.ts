import type { LatLon } from '../geo';
import type { RoutingPort } from '../routing.port';

/** A stop the dispatcher routes between; `id` must be stable while its coordinates are. */
export interface MatrixStop extends LatLon {
  id: string;
}

export interface PairCost {
  durationS: number;
  distanceM: number;
}

/** Where cached pair costs live; the in-memory LRU below, or later e.g. Redis. */
export interface PairCostStore {
  get(key: string): PairCost | null | undefined;
  set(key: string, value: PairCost | null): void;
}

/** Bounded least-recently-used map (a Map keeps insertion order, so re-inserting refreshes). */
export class LruPairCostStore implements PairCostStore {
  private readonly map = new Map<string, PairCost | null>();

  constructor(private readonly maxEntries = 1_000_000) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): PairCost | null | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: PairCost | null): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as string);
  }
}

export interface StopMatrix {
  /** `durationsS[i][j]` from `stops[i]` to `stops[j]`; null when unreachable. */
  durationsS: (number | null)[][];
  distancesM: (number | null)[][];
}

/**
 * Travel times between stops, cached per ordered stop pair so the dispatcher's repeated matrix
 * requests only ask the routing port for pairs it has not seen. Missing pairs are fetched with
 * one `table` call over the stops involved (the port splits big tables itself). The key includes
 * the coordinates, so a moved stop is never served a stale time.
 */
export class StopMatrixCache {
  constructor(
    private readonly routing: RoutingPort,
    private readonly store: PairCostStore = new LruPairCostStore(),
  ) {}

  private static key(a: MatrixStop, b: MatrixStop): string {
    return `${a.id}@${a.lat.toFixed(6)},${a.lon.toFixed(6)}>${b.id}@${b.lat.toFixed(6)},${b.lon.toFixed(6)}`;
  }

  /** Cost of one pair (fetched if missing). */
  async pair(from: MatrixStop, to: MatrixStop): Promise<PairCost | null> {
    const m = await this.matrix([from], [to]);
    const d = m.durationsS[0][0];
    const l = m.distancesM[0][0];
    return d === null || l === null ? null : { durationS: d, distanceM: l };
  }

  /** Full matrix between `sources` and `destinations` (all stops when destinations is omitted). */
  async matrix(
    sources: readonly MatrixStop[],
    destinations: readonly MatrixStop[] = sources,
  ): Promise<StopMatrix> {
    const missingSrc = new Map<string, MatrixStop>();
    const missingDst = new Map<string, MatrixStop>();
    for (const s of sources) {
      for (const d of destinations) {
        if (this.store.get(StopMatrixCache.key(s, d)) === undefined) {
          missingSrc.set(s.id, s);
          missingDst.set(d.id, d);
        }
      }
    }
    if (missingSrc.size > 0) {
      const src = [...missingSrc.values()];
      const dst = [...missingDst.values()];
      const t = await this.routing.table(src, dst);
      src.forEach((s, i) =>
        dst.forEach((d, j) => {
          const durationS = t.durationsS[i][j];
          const distanceM = t.distancesM[i][j];
          this.store.set(
            StopMatrixCache.key(s, d),
            durationS === null || distanceM === null ? null : { durationS, distanceM },
          );
        }),
      );
    }
    const cell = (s: MatrixStop, d: MatrixStop): PairCost | null =>
      this.store.get(StopMatrixCache.key(s, d)) ?? null;
    return {
      durationsS: sources.map((s) => destinations.map((d) => cell(s, d)?.durationS ?? null)),
      distancesM: sources.map((s) => destinations.map((d) => cell(s, d)?.distanceM ?? null)),
    };
  }
}
