import { MinHeap } from './min-heap';
import type { RoadGraph } from './road-graph';

/**
 * A contraction hierarchy over the edge-based graph (Geisberger, Sanders, Schultes, Delling:
 * "Contraction Hierarchies: Faster and Simpler Hierarchical Routing in Road Networks", WEA 2008).
 * Node v of the hierarchy is edge v of the road graph; an arc x -> y costs key(x) + turn(x, y).
 * `up*` holds, per node, the arcs to higher-ranked nodes (forward search); `down*` holds, per
 * node, the arcs from higher-ranked nodes into it (backward search, stored at the lower end).
 * `*Mid` is the contracted node a shortcut bypasses, -1 for an original turn.
 */
export interface ContractionHierarchy {
  chUpFirst: Uint32Array;
  chUpTo: Uint32Array;
  chUpKey: Float64Array;
  chUpDur: Float64Array;
  chUpDist: Float64Array;
  chUpMid: Int32Array;
  chDownFirst: Uint32Array;
  chDownFrom: Uint32Array;
  chDownKey: Float64Array;
  chDownDur: Float64Array;
  chDownDist: Float64Array;
  chDownMid: Int32Array;
}

interface Arc {
  node: number;
  key: number;
  dur: number;
  dist: number;
  mid: number;
}

/** Witness searches give up after settling this many nodes (then a shortcut is added: still correct). */
const WITNESS_SETTLE_LIMIT = 60;

/** Contracts the edge-based graph of `g`, lowest "edge difference" first, with lazy updates. */
export function buildContractionHierarchy(g: RoadGraph): ContractionHierarchy {
  const n = g.edgeHead.length;
  const out: Arc[][] = Array.from({ length: n }, () => []);
  const inc: Arc[][] = Array.from({ length: n }, () => []);
  for (let x = 0; x < n; x++) {
    for (let t = g.turnFirst[x]; t < g.turnFirst[x + 1]; t++) {
      const y = g.turnTo[t];
      if (y === x) continue;
      addArc(
        out,
        inc,
        x,
        y,
        g.edgeKey[x] + g.turnKey[t],
        g.edgeDurationS[x] + g.turnDurationS[t],
        g.edgeDistanceM[x],
        -1,
      );
    }
  }
  const contracted = new Uint8Array(n);
  const deletedNeighbours = new Uint32Array(n);
  const witness = new WitnessSearch(n, out, contracted);
  const upArcs: Arc[][] = new Array<Arc[]>(n);
  const downArcs: Arc[][] = new Array<Arc[]>(n);

  const shortcutsOf = (v: number): Arc[][] => {
    // For each in-arc (u -> v), the shortcuts u -> w needed; returned as [u, arcs...] groups.
    const result: Arc[][] = [];
    const outs = out[v];
    for (const a of inc[v]) {
      const u = a.node;
      let maxKey = 0;
      for (const b of outs) if (b.node !== u) maxKey = Math.max(maxKey, a.key + b.key);
      if (maxKey === 0) continue;
      witness.run(u, v, maxKey);
      const needed: Arc[] = [];
      for (const b of outs) {
        const w = b.node;
        if (w === u) continue;
        const viaKey = a.key + b.key;
        if (witness.distance(w) <= viaKey) continue;
        needed.push({ node: w, key: viaKey, dur: a.dur + b.dur, dist: a.dist + b.dist, mid: v });
      }
      if (needed.length > 0) result.push([{ ...a, mid: -2 }, ...needed]);
    }
    return result;
  };
  const priority = (v: number): number => {
    let added = 0;
    for (const group of shortcutsOf(v)) added += group.length - 1;
    return 2 * (added - out[v].length - inc[v].length) + deletedNeighbours[v];
  };

  const heap = new MinHeap();
  for (let v = 0; v < n; v++) heap.push(v, priority(v));
  const rank = new Uint32Array(n);
  let next = 0;
  while (heap.length > 0) {
    const v = heap.pop();
    if (contracted[v]) continue;
    const p = priority(v);
    if (heap.length > 0 && p > heap.peekKey()) {
      heap.push(v, p);
      continue;
    }
    const groups = shortcutsOf(v);
    contracted[v] = 1;
    rank[v] = next++;
    upArcs[v] = out[v];
    downArcs[v] = inc[v];
    for (const a of inc[v]) removeArc(out[a.node], v);
    for (const b of out[v]) removeArc(inc[b.node], v);
    for (const [head, ...needed] of groups) {
      for (const s of needed) addArc(out, inc, head.node, s.node, s.key, s.dur, s.dist, s.mid);
    }
    const neighbours = new Set<number>();
    for (const a of inc[v]) neighbours.add(a.node);
    for (const b of out[v]) neighbours.add(b.node);
    for (const u of neighbours) deletedNeighbours[u]++;
    out[v] = [];
    inc[v] = [];
  }
  void rank;
  return pack(n, upArcs, downArcs);
}

function addArc(
  out: Arc[][],
  inc: Arc[][],
  from: number,
  to: number,
  key: number,
  dur: number,
  dist: number,
  mid: number,
): void {
  const existing = out[from].find((a) => a.node === to);
  if (existing) {
    if (existing.key <= key) return;
    existing.key = key;
    existing.dur = dur;
    existing.dist = dist;
    existing.mid = mid;
    const back = inc[to].find((a) => a.node === from);
    if (back) Object.assign(back, { key, dur, dist, mid });
    return;
  }
  out[from].push({ node: to, key, dur, dist, mid });
  inc[to].push({ node: from, key, dur, dist, mid });
}

function removeArc(list: Arc[], node: number): void {
  const i = list.findIndex((a) => a.node === node);
  if (i >= 0) {
    list[i] = list[list.length - 1];
    list.pop();
  }
}

function pack(n: number, up: Arc[][], down: Arc[][]): ContractionHierarchy {
  const flat = (lists: Arc[][]) => {
    const first = new Uint32Array(n + 1);
    for (let v = 0; v < n; v++) first[v + 1] = first[v] + lists[v].length;
    const total = first[n];
    const node = new Uint32Array(total);
    const key = new Float64Array(total);
    const dur = new Float64Array(total);
    const dist = new Float64Array(total);
    const mid = new Int32Array(total);
    for (let v = 0; v < n; v++) {
      lists[v].forEach((a, i) => {
        const k = first[v] + i;
        node[k] = a.node;
        key[k] = a.key;
        dur[k] = a.dur;
        dist[k] = a.dist;
        mid[k] = a.mid;
      });
    }
    return { first, node, key, dur, dist, mid };
  };
  const u = flat(up);
  const d = flat(down);
  return {
    chUpFirst: u.first,
    chUpTo: u.node,
    chUpKey: u.key,
    chUpDur: u.dur,
    chUpDist: u.dist,
    chUpMid: u.mid,
    chDownFirst: d.first,
    chDownFrom: d.node,
    chDownKey: d.key,
    chDownDur: d.dur,
    chDownDist: d.dist,
    chDownMid: d.mid,
  };
}

/** Local Dijkstra among uncontracted nodes, skipping the node being contracted. */
class WitnessSearch {
  private readonly dist: Float64Array;
  private readonly stamp: Uint32Array;
  private readonly heap = new MinHeap();
  private gen = 0;

  constructor(
    n: number,
    private readonly out: Arc[][],
    private readonly contracted: Uint8Array,
  ) {
    this.dist = new Float64Array(n);
    this.stamp = new Uint32Array(n);
  }

  run(source: number, skip: number, maxKey: number): void {
    const gen = ++this.gen;
    const { dist, stamp, heap } = this;
    heap.clear();
    stamp[source] = gen;
    dist[source] = 0;
    heap.push(source, 0);
    let settled = 0;
    while (heap.length > 0) {
      const k = heap.peekKey();
      const u = heap.pop();
      if (k > dist[u]) continue;
      if (k > maxKey || ++settled > WITNESS_SETTLE_LIMIT) break;
      for (const a of this.out[u]) {
        const w = a.node;
        if (w === skip || this.contracted[w]) continue;
        const d = k + a.key;
        if (stamp[w] !== gen || d < dist[w]) {
          stamp[w] = gen;
          dist[w] = d;
          heap.push(w, d);
        }
      }
    }
  }

  /** Best distance found to `w` (upper bound of the true one), Infinity when not reached. */
  distance(w: number): number {
    return this.stamp[w] === this.gen ? this.dist[w] : Infinity;
  }
}
