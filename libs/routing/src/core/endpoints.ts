import type { RoadGraph } from './road-graph';
import type { Phantom } from './snapper';

/**
 * A snapped point as the edge-based searches see it (OSRM's phantom node, split by direction).
 * Costs use the edge-START convention: the label of an edge is the cost of arriving at its
 * start, having turned into it; a turn arc x -> y costs key(x) + turn(x, y).
 */
export interface Seed {
  edge: number;
  key: number;
  durationS: number;
  distanceM: number;
}

export interface Endpoint {
  /** Labels to start a forward search with: the turns out of the phantom's edges, rest of the edge included. */
  sources: Seed[];
  /** Cost from the start of each of the phantom's edges to the phantom. */
  targets: Seed[];
  /** The phantom's edges with its position along each (0 = edge start), for same-edge trips. */
  onEdge: { edge: number; fraction: number }[];
}

const clonesByGraph = new WeakMap<RoadGraph, Map<number, number[]>>();

/** Copies of road edges made for via-way restrictions (edges past the CSR range), by original. */
function clonesOf(g: RoadGraph): Map<number, number[]> {
  let map = clonesByGraph.get(g);
  if (!map) {
    map = new Map();
    for (let c = g.firstEdge[g.nodeCount]; c < g.edgeHead.length; c++) {
      const s = g.edgeSegment[c];
      const f = g.segForward[s];
      const origin = f >= 0 && g.edgeTail[f] === g.edgeTail[c] ? f : g.segBackward[s];
      map.set(origin, [...(map.get(origin) ?? []), c]);
    }
    clonesByGraph.set(g, map);
  }
  return map;
}

/** Turns a snapped point into search seeds. */
export function endpointOf(g: RoadGraph, p: Phantom): Endpoint {
  const onEdge: Endpoint['onEdge'] = [];
  if (g.segForward[p.segment] >= 0) onEdge.push({ edge: g.segForward[p.segment], fraction: p.t });
  if (g.segBackward[p.segment] >= 0) {
    onEdge.push({ edge: g.segBackward[p.segment], fraction: 1 - p.t });
  }
  const sources: Seed[] = [];
  const targets: Seed[] = [];
  for (const { edge: x, fraction } of onEdge) {
    const rest = 1 - fraction;
    for (let t = g.turnFirst[x]; t < g.turnFirst[x + 1]; t++) {
      sources.push({
        edge: g.turnTo[t],
        key: rest * g.edgeKey[x] + g.turnKey[t],
        durationS: rest * g.edgeDurationS[x] + g.turnDurationS[t],
        distanceM: rest * g.edgeDistanceM[x],
      });
    }
    // A point is reached along its edge or along any copy of it (via-way restrictions).
    for (const e of [x, ...(clonesOf(g).get(x) ?? [])]) {
      targets.push({
        edge: e,
        key: fraction * g.edgeKey[e],
        durationS: fraction * g.edgeDurationS[e],
        distanceM: fraction * g.edgeDistanceM[e],
      });
    }
  }
  return { sources, targets, onEdge };
}

export interface Hit {
  key: number;
  durationS: number;
  distanceM: number;
}

/** The trip along one edge when source and target lie on it in driving order, else null. */
export function sameEdgeHit(g: RoadGraph, source: Endpoint, target: Endpoint): Hit | null {
  let best: Hit | null = null;
  for (const s of source.onEdge) {
    for (const t of target.onEdge) {
      if (s.edge !== t.edge || t.fraction < s.fraction) continue;
      const f = t.fraction - s.fraction;
      const key = f * g.edgeKey[s.edge];
      if (!best || key < best.key) {
        best = {
          key,
          durationS: f * g.edgeDurationS[s.edge],
          distanceM: f * g.edgeDistanceM[s.edge],
        };
      }
    }
  }
  return best;
}
