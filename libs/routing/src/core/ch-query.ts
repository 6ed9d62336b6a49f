import type { ContractionHierarchy } from './contraction';
import { sameEdgeHit, type Endpoint, type Hit } from './endpoints';
import { MinHeap } from './min-heap';
import type { RoadGraph } from './road-graph';

/**
 * Queries on a {@link ContractionHierarchy}. Tables use bucket-based many-to-many (Knopp,
 * Sanders, Schultes, Schulz, Wagner: "Computing Many-to-Many Shortest Paths Using Highway
 * Hierarchies", ALENEX 2007, as applied to CH by Geisberger et al. 2008): one upward backward
 * search per target leaves (target, cost) in a bucket at every node it settles, then one upward
 * forward search per source scans the buckets of the nodes it settles. Both searches use
 * stall-on-demand. Routes use the bidirectional upward search and unpack the shortcuts.
 */
export class ChQuery {
  private readonly key: Float64Array;
  private readonly dur: Float64Array;
  private readonly dist: Float64Array;
  private readonly parent: Int32Array;
  private readonly stamp: Uint32Array;
  private readonly key2: Float64Array;
  private readonly dur2: Float64Array;
  private readonly dist2: Float64Array;
  private readonly parent2: Int32Array;
  private readonly stamp2: Uint32Array;
  private readonly heap = new MinHeap();
  private gen = 0;
  // Buckets as linked lists on growable typed arrays.
  private readonly bucketHead: Int32Array;
  private readonly bucketStamp: Uint32Array;
  private bNext = new Int32Array(4096);
  private bTarget = new Uint32Array(4096);
  private bKey = new Float64Array(4096);
  private bDur = new Float64Array(4096);
  private bDist = new Float64Array(4096);

  private readonly upTail: Uint32Array;
  private readonly downHead: Uint32Array;

  constructor(
    private readonly g: RoadGraph,
    private readonly ch: ContractionHierarchy,
  ) {
    const n = ch.chUpFirst.length - 1;
    this.upTail = new Uint32Array(ch.chUpTo.length);
    this.downHead = new Uint32Array(ch.chDownFrom.length);
    for (let v = 0; v < n; v++) {
      for (let i = ch.chUpFirst[v]; i < ch.chUpFirst[v + 1]; i++) this.upTail[i] = v;
      for (let i = ch.chDownFirst[v]; i < ch.chDownFirst[v + 1]; i++) this.downHead[i] = v;
    }
    this.key = new Float64Array(n);
    this.dur = new Float64Array(n);
    this.dist = new Float64Array(n);
    this.parent = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    this.key2 = new Float64Array(n);
    this.dur2 = new Float64Array(n);
    this.dist2 = new Float64Array(n);
    this.parent2 = new Int32Array(n);
    this.stamp2 = new Uint32Array(n);
    this.bucketHead = new Int32Array(n);
    this.bucketStamp = new Uint32Array(n);
  }

  /** Durations, distances (and keys) from every source to every target; null = unreachable. */
  table(sources: readonly Endpoint[], targets: readonly Endpoint[]): (Hit | null)[][] {
    const bucketGen = ++this.gen;
    let used = 0;
    targets.forEach((t, ti) => {
      this.search(t.targets, false);
      const settled = this.settledList;
      for (let i = 0; i < settled.length; i++) {
        const v = settled[i];
        if (used === this.bNext.length) this.growBuckets();
        this.bTarget[used] = ti;
        this.bKey[used] = this.key[v];
        this.bDur[used] = this.dur[v];
        this.bDist[used] = this.dist[v];
        this.bNext[used] = this.bucketStamp[v] === bucketGen ? this.bucketHead[v] : -1;
        this.bucketStamp[v] = bucketGen;
        this.bucketHead[v] = used++;
      }
    });
    const nt = targets.length;
    const bestKey = new Float64Array(nt);
    const bestDur = new Float64Array(nt);
    const bestDist = new Float64Array(nt);
    const { bNext, bTarget, bKey, bDur, bDist, bucketHead, bucketStamp, key, dur, dist } = this;
    return sources.map((s) => {
      bestKey.fill(Infinity);
      targets.forEach((t, ti) => {
        const direct = sameEdgeHit(this.g, s, t);
        if (direct) {
          bestKey[ti] = direct.key;
          bestDur[ti] = direct.durationS;
          bestDist[ti] = direct.distanceM;
        }
      });
      this.search(s.sources, true);
      const settled = this.settledList;
      for (let i = 0; i < settled.length; i++) {
        const v = settled[i];
        if (bucketStamp[v] !== bucketGen) continue;
        const k = key[v];
        for (let b = bucketHead[v]; b >= 0; b = bNext[b]) {
          const total = k + bKey[b];
          const ti = bTarget[b];
          if (total < bestKey[ti]) {
            bestKey[ti] = total;
            bestDur[ti] = dur[v] + bDur[b];
            bestDist[ti] = dist[v] + bDist[b];
          }
        }
      }
      const row: (Hit | null)[] = new Array<Hit | null>(nt);
      for (let ti = 0; ti < nt; ti++) {
        row[ti] =
          bestKey[ti] === Infinity
            ? null
            : { key: bestKey[ti], durationS: bestDur[ti], distanceM: bestDist[ti] };
      }
      return row;
    });
  }

  /**
   * The best route from `source` to `target` as the sequence of road-graph edges driven (the
   * first is a source seed, the last the target's edge); `edges` is empty for a same-edge trip.
   */
  route(source: Endpoint, target: Endpoint): (Hit & { edges: number[] }) | null {
    const direct = sameEdgeHit(this.g, source, target);
    this.search(source.sources, true);
    const fwdGen = this.gen;
    // Copy the forward labels into the second set of arrays.
    const fwdSettled = this.settledList.slice();
    for (const v of fwdSettled) {
      this.key2[v] = this.key[v];
      this.dur2[v] = this.dur[v];
      this.dist2[v] = this.dist[v];
      this.parent2[v] = this.parent[v];
      this.stamp2[v] = fwdGen;
    }
    this.search(target.targets, false);
    let best: Hit | null = direct;
    let meet = -1;
    for (const v of this.settledList) {
      if (this.stamp2[v] !== fwdGen) continue;
      const total = this.key2[v] + this.key[v];
      if (!best || total < best.key) {
        best = {
          key: total,
          durationS: this.dur2[v] + this.dur[v],
          distanceM: this.dist2[v] + this.dist[v],
        };
        meet = v;
      }
    }
    if (!best) return null;
    if (meet < 0) return { ...best, edges: [] };
    const edges: number[] = [];
    // Forward half: parents are up-arc indices into the node; unpack from the meeting node back.
    const up: number[] = [];
    for (let v = meet; this.parent2[v] >= 0;) {
      const arc = this.parent2[v];
      up.push(arc);
      v = this.upTail[arc];
    }
    let start = meet;
    if (up.length > 0) start = this.upTail[up[up.length - 1]];
    edges.push(start);
    for (let i = up.length - 1; i >= 0; i--) {
      const arc = up[i];
      this.unpack(this.upTail[arc], this.ch.chUpTo[arc], this.ch.chUpMid[arc], edges);
    }
    // Backward half: parents are down-arc indices; follow from the meeting node to the target.
    for (let v = meet; this.parent[v] >= 0;) {
      const arc = this.parent[v];
      const to = this.downHead[arc];
      this.unpack(v, to, this.ch.chDownMid[arc], edges);
      v = to;
    }
    return { ...best, edges };
  }

  /** Appends the edges after `from` on the original path `from -> to` (a shortcut when mid >= 0). */
  private unpack(from: number, to: number, mid: number, edges: number[]): void {
    if (mid < 0) {
      edges.push(to);
      return;
    }
    // from -> mid is stored at mid as a down arc from `from`; mid -> to at mid as an up arc.
    const ch = this.ch;
    let a = -1;
    for (let i = ch.chDownFirst[mid]; i < ch.chDownFirst[mid + 1]; i++) {
      if (ch.chDownFrom[i] === from) a = i;
    }
    let b = -1;
    for (let i = ch.chUpFirst[mid]; i < ch.chUpFirst[mid + 1]; i++) {
      if (ch.chUpTo[i] === to) b = i;
    }
    this.unpack(from, mid, ch.chDownMid[a], edges);
    this.unpack(mid, to, ch.chUpMid[b], edges);
  }

  // --- searches ---

  private settledList: number[] = [];

  /**
   * Upward Dijkstra from seeds (forward over up arcs, or backward over down arcs), with
   * stall-on-demand: a node is not expanded when a higher neighbour proves its label too high.
   */
  private search(seeds: Endpoint['sources'], forward: boolean): void {
    const gen = ++this.gen;
    const { key, dur, dist, parent, stamp, heap } = this;
    const ch = this.ch;
    const first = forward ? ch.chUpFirst : ch.chDownFirst;
    const other = forward ? ch.chUpTo : ch.chDownFrom;
    const arcKey = forward ? ch.chUpKey : ch.chDownKey;
    const arcDur = forward ? ch.chUpDur : ch.chDownDur;
    const arcDist = forward ? ch.chUpDist : ch.chDownDist;
    // Stalling looks at arcs from higher nodes into v (forward) or out of v to higher ones (backward).
    const sFirst = forward ? ch.chDownFirst : ch.chUpFirst;
    const sOther = forward ? ch.chDownFrom : ch.chUpTo;
    const sKey = forward ? ch.chDownKey : ch.chUpKey;
    heap.clear();
    const settled: number[] = [];
    for (const s of seeds) {
      if (stamp[s.edge] === gen && key[s.edge] <= s.key) continue;
      stamp[s.edge] = gen;
      key[s.edge] = s.key;
      dur[s.edge] = s.durationS;
      dist[s.edge] = s.distanceM;
      parent[s.edge] = -1;
      heap.push(s.edge, s.key);
    }
    while (heap.length > 0) {
      const k = heap.peekKey();
      const v = heap.pop();
      if (k > key[v] || stamp[v] !== gen) continue;
      let stalled = false;
      for (let i = sFirst[v]; i < sFirst[v + 1]; i++) {
        const u = sOther[i];
        if (stamp[u] === gen && key[u] + sKey[i] < k) {
          stalled = true;
          break;
        }
      }
      if (stalled) continue;
      settled.push(v);
      for (let i = first[v]; i < first[v + 1]; i++) {
        const w = other[i];
        const kw = k + arcKey[i];
        if (stamp[w] !== gen || kw < key[w]) {
          stamp[w] = gen;
          key[w] = kw;
          dur[w] = dur[v] + arcDur[i];
          dist[w] = dist[v] + arcDist[i];
          parent[w] = i;
          heap.push(w, kw);
        }
      }
    }
    this.settledList = settled;
  }

  private growBuckets(): void {
    const size = this.bNext.length * 2;
    const grow = <T extends Int32Array | Uint32Array | Float64Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.bNext = grow(this.bNext, (s) => new Int32Array(s));
    this.bTarget = grow(this.bTarget, (s) => new Uint32Array(s));
    this.bKey = grow(this.bKey, (s) => new Float64Array(s));
    this.bDur = grow(this.bDur, (s) => new Float64Array(s));
    this.bDist = grow(this.bDist, (s) => new Float64Array(s));
  }
}
