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

export interface StopMatrix {
  /** `durationsS[i][j]` from `stops[i]` to `stops[j]`; null when unreachable. */
  durationsS: (number | null)[][];
  distancesM: (number | null)[][];
}

const UNKNOWN = NaN;
const UNREACHABLE = Infinity;

/**
 * Travel times between stops, cached so the dispatcher's repeated matrix requests only ask the
 * routing port for stops it has not seen. Each stop (id plus coordinates, so a moved stop is a new
 * stop) gets a slot in a dense table of typed arrays: reading a warm 112x112 matrix touches no
 * strings per pair. Missing pairs are fetched with one `table` call over the stops involved (the
 * port splits big tables itself). Bounded by `maxStops`: past it the table starts afresh.
 * {@link clear} forgets every time, e.g. when a road file changed under the router.
 */
export class StopMatrixCache {
  private readonly slots = new Map<string, number>();
  /** Bumped by {@link clear}: an answer fetched under an older one is not stored. */
  private generation = 0;
  private capacity = 0;
  private durations = new Float64Array(0);
  private distances = new Float64Array(0);

  constructor(
    private readonly routing: RoutingPort,
    private readonly maxStops = 2048,
  ) {}

  /** Stops with a slot in the table. */
  get size(): number {
    return this.slots.size;
  }

  /** Cost of one pair (fetched if missing). */
  async pair(from: MatrixStop, to: MatrixStop): Promise<PairCost | null> {
    const m = await this.matrix([from], [to]);
    const d = m.durationsS[0][0];
    const l = m.distancesM[0][0];
    return d === null || l === null ? null : { durationS: d, distanceM: l };
  }

  /**
   * Forgets every travel time: the routing port's network changed (a county's road file was
   * replaced). A request under way when it is called asks the port again.
   */
  clear(): void {
    this.generation++;
    this.reset();
  }

  /** Full matrix between `sources` and `destinations` (all stops when destinations is omitted). */
  async matrix(
    sources: readonly MatrixStop[],
    destinations: readonly MatrixStop[] = sources,
  ): Promise<StopMatrix> {
    let src: number[];
    let dst: number[];
    for (;;) {
      const generation = this.generation;
      src = sources.map((s) => this.slotOf(s));
      dst = destinations.map((d) => this.slotOf(d));
      if (src.includes(-1) || dst.includes(-1)) {
        this.reset();
        src = sources.map((s) => this.slotOf(s));
        dst = destinations.map((d) => this.slotOf(d));
      }
      await this.fetchMissing(sources, src, destinations, dst);
      if (generation === this.generation) break;
    }
    const n = this.capacity;
    const read = (table: Float64Array) =>
      src.map((i) =>
        dst.map((j) => {
          const v = table[i * n + j];
          return v === UNREACHABLE ? null : v;
        }),
      );
    return { durationsS: read(this.durations), distancesM: read(this.distances) };
  }

  private async fetchMissing(
    sources: readonly MatrixStop[],
    src: number[],
    destinations: readonly MatrixStop[],
    dst: number[],
  ): Promise<void> {
    const n = this.capacity;
    const missingSrc = new Set<number>();
    const missingDst = new Set<number>();
    for (let a = 0; a < src.length; a++) {
      for (let b = 0; b < dst.length; b++) {
        if (Number.isNaN(this.durations[src[a] * n + dst[b]])) {
          missingSrc.add(a);
          missingDst.add(b);
        }
      }
    }
    if (missingSrc.size === 0) return;
    const fromIdx = [...missingSrc];
    const toIdx = [...missingDst];
    const generation = this.generation;
    const t = await this.routing.table(
      fromIdx.map((a) => sources[a]),
      toIdx.map((b) => destinations[b]),
    );
    // Cleared meanwhile: these slots are gone and the answer may be of the old network.
    if (generation !== this.generation) return;
    fromIdx.forEach((a, i) =>
      toIdx.forEach((b, j) => {
        const d = t.durationsS[i][j];
        const l = t.distancesM[i][j];
        const cell = src[a] * this.capacity + dst[b];
        this.durations[cell] = d === null || l === null ? UNREACHABLE : d;
        this.distances[cell] = d === null || l === null ? UNREACHABLE : l;
      }),
    );
  }

  /** The stop's slot, growing the table as needed; -1 when the table is full. */
  private slotOf(s: MatrixStop): number {
    const key = `${s.id}@${s.lat.toFixed(6)},${s.lon.toFixed(6)}`;
    let slot = this.slots.get(key);
    if (slot !== undefined) return slot;
    if (this.slots.size >= this.maxStops) return -1;
    slot = this.slots.size;
    this.slots.set(key, slot);
    if (slot >= this.capacity) this.grow(Math.min(this.maxStops, Math.max(64, this.capacity * 2)));
    return slot;
  }

  private grow(capacity: number): void {
    const next = (old: Float64Array) => {
      const t = new Float64Array(capacity * capacity).fill(UNKNOWN);
      for (let i = 0; i < this.capacity; i++) {
        t.set(old.subarray(i * this.capacity, (i + 1) * this.capacity), i * capacity);
      }
      return t;
    };
    this.durations = next(this.durations);
    this.distances = next(this.distances);
    this.capacity = capacity;
  }

  private reset(): void {
    this.slots.clear();
    this.capacity = 0;
    this.durations = new Float64Array(0);
    this.distances = new Float64Array(0);
  }
}
