import { sameEdgeHit, type Endpoint, type Hit } from './endpoints';
import { MinHeap } from './min-heap';
import type { RoadGraph } from './road-graph';

/** A found route to a target: its cost and the edge through which it reaches the target. */
export interface TargetHit extends Hit {
  /** The edge the target lies on, reached by the search; -1 when source and target share it directly. */
  lastEdge: number;
}

/**
 * Plain one-to-many Dijkstra (Dijkstra 1959) over the edge-based (turn-aware) graph, with a
 * binary heap over typed arrays reused between queries (a generation stamp avoids clearing
 * them). The reference the contraction hierarchy is tested against, and the route search on
 * graphs without one. Stops once every target edge is settled.
 */
export class ShortestPathSearch {
  private readonly key: Float64Array;
  private readonly durS: Float64Array;
  private readonly distM: Float64Array;
  private readonly parent: Int32Array;
  private readonly stamp: Uint32Array;
  private readonly settled: Uint32Array;
  private readonly needed: Uint32Array;
  private readonly heap = new MinHeap();
  private gen = 0;

  constructor(private readonly g: RoadGraph) {
    const m = g.edgeHead.length;
    this.key = new Float64Array(m);
    this.durS = new Float64Array(m);
    this.distM = new Float64Array(m);
    this.parent = new Int32Array(m);
    this.stamp = new Uint32Array(m);
    this.settled = new Uint32Array(m);
    this.needed = new Uint32Array(m);
  }

  oneToMany(source: Endpoint, targets: readonly Endpoint[]): (TargetHit | null)[] {
    const g = this.g;
    const gen = ++this.gen;
    const { key, durS, distM, parent, stamp, settled, needed, heap } = this;
    heap.clear();
    for (const s of source.sources) {
      if (stamp[s.edge] === gen && key[s.edge] <= s.key) continue;
      stamp[s.edge] = gen;
      key[s.edge] = s.key;
      durS[s.edge] = s.durationS;
      distM[s.edge] = s.distanceM;
      parent[s.edge] = -1;
      heap.push(s.edge, s.key);
    }
    let remaining = 0;
    for (const t of targets) {
      for (const seed of t.targets) {
        if (needed[seed.edge] !== gen) {
          needed[seed.edge] = gen;
          remaining++;
        }
      }
    }
    while (heap.length > 0 && remaining > 0) {
      const k = heap.peekKey();
      const x = heap.pop();
      if (settled[x] === gen || k > key[x]) continue;
      settled[x] = gen;
      if (needed[x] === gen) remaining--;
      const kx = k + g.edgeKey[x];
      const dx = durS[x] + g.edgeDurationS[x];
      const mx = distM[x] + g.edgeDistanceM[x];
      for (let t = g.turnFirst[x]; t < g.turnFirst[x + 1]; t++) {
        const y = g.turnTo[t];
        const ky = kx + g.turnKey[t];
        if (stamp[y] !== gen || ky < key[y]) {
          stamp[y] = gen;
          key[y] = ky;
          durS[y] = dx + g.turnDurationS[t];
          distM[y] = mx;
          parent[y] = x;
          heap.push(y, ky);
        }
      }
    }
    return targets.map((t) => {
      let best: TargetHit | null = null;
      const direct = sameEdgeHit(g, source, t);
      if (direct) best = { ...direct, lastEdge: -1 };
      for (const seed of t.targets) {
        const e = seed.edge;
        if (settled[e] !== gen) continue;
        const k = key[e] + seed.key;
        if (!best || k < best.key) {
          best = {
            key: k,
            durationS: durS[e] + seed.durationS,
            distanceM: distM[e] + seed.distanceM,
            lastEdge: e,
          };
        }
      }
      return best;
    });
  }

  /** Edges from the search's seed to `lastEdge`, in driving order (after `oneToMany`). */
  pathTo(lastEdge: number): number[] {
    const edges: number[] = [];
    for (let e = lastEdge; e >= 0; e = this.parent[e]) edges.push(e);
    return edges.reverse();
  }
}
