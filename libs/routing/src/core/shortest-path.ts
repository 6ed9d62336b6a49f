import { MinHeap } from './min-heap';
import type { RoadGraph } from './road-graph';
import type { Phantom } from './snapper';

/** Snaps closer than this to a segment end count as that node, so oneway segments still work. */
const AT_NODE_M = 0.5;

export interface TargetHit {
  durationS: number;
  distanceM: number;
  /** Last graph node before the target phantom; -1 when source and target share a segment. */
  viaNode: number;
}

/**
 * One-to-many Dijkstra (Dijkstra 1959) from a snapped source to snapped targets, with a binary
 * heap over typed arrays reused between queries (a generation stamp avoids clearing them).
 * Phantoms split their segment's cost in proportion to where they lie on it, like OSRM's
 * phantom nodes. Stops as soon as both end nodes of every target segment are settled.
 */
export class ShortestPathSearch {
  private readonly durS: Float64Array;
  private readonly distM: Float64Array;
  private readonly parent: Int32Array;
  private readonly stamp: Uint32Array;
  private readonly settled: Uint32Array;
  private readonly needed: Uint32Array;
  private readonly heap = new MinHeap();
  private gen = 0;

  constructor(private readonly g: RoadGraph) {
    const n = g.nodeCount;
    this.durS = new Float64Array(n);
    this.distM = new Float64Array(n);
    this.parent = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    this.settled = new Uint32Array(n);
    this.needed = new Uint32Array(n);
  }

  oneToMany(source: Phantom, targets: readonly Phantom[]): (TargetHit | null)[] {
    const g = this.g;
    const gen = ++this.gen;
    this.heap.clear();
    const s = source.segment;
    const fwd = g.segForward[s];
    const bwd = g.segBackward[s];
    if (fwd >= 0)
      this.seed(
        g.segB[s],
        (1 - source.t) * g.edgeDurationS[fwd],
        (1 - source.t) * g.edgeDistanceM[fwd],
      );
    if (bwd >= 0)
      this.seed(g.segA[s], source.t * g.edgeDurationS[bwd], source.t * g.edgeDistanceM[bwd]);
    if (source.fromAM < AT_NODE_M) this.seed(g.segA[s], 0, 0);
    if (source.toBM < AT_NODE_M) this.seed(g.segB[s], 0, 0);

    let remaining = 0;
    for (const t of targets) {
      for (const v of [g.segA[t.segment], g.segB[t.segment]]) {
        if (this.needed[v] !== gen) {
          this.needed[v] = gen;
          remaining++;
        }
      }
    }

    const { durS, distM, parent, stamp, settled, needed, heap } = this;
    while (heap.length > 0 && remaining > 0) {
      const key = heap.peekKey();
      const u = heap.pop();
      if (settled[u] === gen || key > durS[u]) continue;
      settled[u] = gen;
      if (needed[u] === gen) remaining--;
      for (let e = g.firstEdge[u]; e < g.firstEdge[u + 1]; e++) {
        const v = g.edgeHead[e];
        const d = key + g.edgeDurationS[e];
        if (stamp[v] !== gen || d < durS[v]) {
          stamp[v] = gen;
          durS[v] = d;
          distM[v] = distM[u] + g.edgeDistanceM[e];
          parent[v] = u;
          heap.push(v, d);
        }
      }
    }
    return targets.map((t) => this.hit(source, t, gen));
  }

  /** Graph nodes from the search's seed to `viaNode`, in driving order. */
  pathTo(viaNode: number): number[] {
    const nodes: number[] = [];
    for (let v = viaNode; v >= 0; v = this.parent[v]) nodes.push(v);
    return nodes.reverse();
  }

  private seed(v: number, durS: number, distM: number): void {
    if (this.stamp[v] === this.gen && this.durS[v] <= durS) return;
    this.stamp[v] = this.gen;
    this.durS[v] = durS;
    this.distM[v] = distM;
    this.parent[v] = -1;
    this.heap.push(v, durS);
  }

  private hit(source: Phantom, target: Phantom, gen: number): TargetHit | null {
    const g = this.g;
    const s = target.segment;
    const a = g.segA[s];
    const b = g.segB[s];
    const fwd = g.segForward[s];
    const bwd = g.segBackward[s];
    let best: TargetHit | null = null;
    const offer = (durationS: number, distanceM: number, viaNode: number): void => {
      if (!best || durationS < best.durationS) best = { durationS, distanceM, viaNode };
    };
    const reached = (v: number): boolean => this.settled[v] === gen;
    if (fwd >= 0 && reached(a)) {
      offer(
        this.durS[a] + target.t * g.edgeDurationS[fwd],
        this.distM[a] + target.t * g.edgeDistanceM[fwd],
        a,
      );
    }
    if (bwd >= 0 && reached(b)) {
      const f = 1 - target.t;
      offer(this.durS[b] + f * g.edgeDurationS[bwd], this.distM[b] + f * g.edgeDistanceM[bwd], b);
    }
    if (target.fromAM < AT_NODE_M && reached(a)) offer(this.durS[a], this.distM[a], a);
    if (target.toBM < AT_NODE_M && reached(b)) offer(this.durS[b], this.distM[b], b);
    if (source.segment === s) {
      const dt = target.t - source.t;
      if (fwd >= 0 && dt >= 0) offer(dt * g.edgeDurationS[fwd], dt * g.edgeDistanceM[fwd], -1);
      if (bwd >= 0 && dt <= 0) offer(-dt * g.edgeDurationS[bwd], -dt * g.edgeDistanceM[bwd], -1);
    }
    return best;
  }
}
