import { haversineM } from '../geo';
import type { NodeProfile } from './node-profile';
import { EDGE_FLAG, KEY_SCALE, type RoadGraph } from './road-graph';
import type { RawRestriction } from './turn-restrictions';
import { bearingDeg, MAX_TURN_WEIGHT_DS, turnAngleDeg, turnDurationS } from './turn-model';

export interface TurnInput {
  /** Nodes, edges and segments filled in; turns are what this computes. */
  graph: RoadGraph;
  nodeProfiles: readonly (NodeProfile | undefined)[];
  edgeKmh: Float64Array;
  edgeWay: Float64Array;
  /** 1 when the edge runs in its way's node order. */
  edgeAlongWay: Uint8Array;
  nodeOfOsmId: ReadonlyMap<number, number>;
  restrictions: readonly RawRestriction[];
}

export interface Turns {
  turnFirst: Uint32Array;
  turnTo: Uint32Array;
  turnKey: Float64Array;
  turnDurationS: Float64Array;
  /**
   * Edge-based nodes added for turn restrictions with a via way: edge `m + i` is a copy of the
   * road edge `clonedFrom[i]` (same segment, costs and geometry), reachable only from the
   * restriction's from way, whose last turns obey the restriction. OSRM duplicates edge-based
   * nodes the same way.
   */
  clonedFrom: number[];
}

interface Turn {
  to: number;
  key: number;
  dur: number;
}

/** OSRM measures turn angles a little away from the junction; we look this far along the road. */
const LOOKAHEAD_M = 10;

/**
 * The turns of OSRM's edge-based graph (EdgeBasedGraphFactory and intersection_analysis.cpp of
 * v26.4.1) at every node: which are allowed (barriers, u-turn rule, turn restrictions with a via
 * node) and what each costs (car.lua `process_turn`: angle sigmoid, u-turn penalty, obstacles,
 * max turn weight onto local-access-only roads).
 */
export function buildTurns(input: TurnInput): Turns {
  const g = input.graph;
  const n = g.nodeCount;
  const m = g.edgeHead.length;

  // Segments at each node: how many roads meet there (OSRM's number_of_roads).
  const degree = new Uint32Array(n);
  for (let s = 0; s < g.segA.length; s++) {
    degree[g.segA[s]]++;
    degree[g.segB[s]]++;
  }
  const incoming = new Uint32Array(n);
  for (let e = 0; e < m; e++) incoming[g.edgeHead[e]]++;

  const { outBearing, inBearing } = bearings(g, degree);
  const { forbidden, only } = restrictionSets(input);

  const lists: Turn[][] = [];
  for (let x = 0; x < m; x++) {
    const list: Turn[] = [];
    lists.push(list);
    const v = g.edgeHead[x];
    const profile = input.nodeProfiles[v];
    const barrier = profile?.barrier === true;
    const allowedBy = (y: number): boolean => {
      if (forbidden.has(pairKey(x, y))) return false;
      const onlyTo = only.get(x);
      return !onlyTo || onlyTo.has(y);
    };
    let allowedExits = 0;
    for (let y = g.firstEdge[v]; y < g.firstEdge[v + 1]; y++) if (allowedBy(y)) allowedExits++;
    const uTurnAllowed =
      barrier ||
      profile?.turning === true ||
      degree[v] === 1 ||
      allowedExits === 1 ||
      incoming[v] <= 1;
    for (let y = g.firstEdge[v]; y < g.firstEdge[v + 1]; y++) {
      const isUTurn = g.edgeSegment[y] === g.edgeSegment[x];
      if (isUTurn ? !uTurnAllowed : barrier) continue;
      if (!allowedBy(y)) continue;
      const angle = isUTurn ? 180 : turnAngleDeg(inBearing[x], outBearing[y]);
      let seconds = turnDurationS(angle, degree[v], isUTurn);
      if (profile && profile.penaltyS > 0 && obstacleApplies(input, profile, x, y, v)) {
        seconds += profile.penaltyS;
      }
      const durationDs = Math.trunc(seconds * 10);
      const restrictedEntry =
        (g.edgeFlags[x] & EDGE_FLAG.restricted) === 0 &&
        (g.edgeFlags[y] & EDGE_FLAG.restricted) !== 0;
      list.push({
        to: y,
        dur: durationDs / 10,
        key: (restrictedEntry ? MAX_TURN_WEIGHT_DS : durationDs) * KEY_SCALE,
      });
    }
  }
  const clonedFrom = viaWayRestrictions(input, lists);
  const turnFirst = new Uint32Array(lists.length + 1);
  const to: number[] = [];
  const key: number[] = [];
  const dur: number[] = [];
  lists.forEach((list, x) => {
    turnFirst[x] = to.length;
    for (const t of list) {
      to.push(t.to);
      key.push(t.key);
      dur.push(t.dur);
    }
  });
  turnFirst[lists.length] = to.length;
  return {
    turnFirst,
    turnTo: Uint32Array.from(to),
    turnKey: Float64Array.from(key),
    turnDurationS: Float64Array.from(dur),
    clonedFrom,
  };
}

/**
 * Restrictions whose via is one way, driven end to end between the from and the to way (the
 * simple case: e.g. a no-u-turn through the connector of a dual carriageway). The via way's
 * edges are copied for traffic coming from the from way; the copy's last turns obey the
 * restriction. Longer via chains are skipped.
 */
function viaWayRestrictions(input: TurnInput, lists: Turn[][]): number[] {
  const g = input.graph;
  const m = g.edgeHead.length;
  const clonedFrom: number[] = [];
  const origin = (e: number): number => (e < m ? e : clonedFrom[e - m]);
  /** Clone chains by "from edge, first via edge", so two restrictions share one copy. */
  const chains = new Map<number, number[]>();
  for (const r of input.restrictions) {
    if (!r.viaWays || r.viaWays.length !== 1) continue;
    const via = r.viaWays[0];
    for (let x = 0; x < m; x++) {
      if (input.edgeWay[x] !== r.fromWay) continue;
      // The via path: edges of the via way from the from edge's head, as long as they continue.
      const path: number[] = [];
      let cur = x;
      for (let guard = 0; guard < 10_000; guard++) {
        const next = lists[cur].find(
          (t) =>
            input.edgeWay[origin(t.to)] === via &&
            g.edgeSegment[origin(t.to)] !== g.edgeSegment[origin(cur)] &&
            !path.includes(origin(t.to)),
        );
        if (!next) break;
        path.push(origin(next.to));
        cur = next.to;
        if (lists[cur].some((t) => input.edgeWay[origin(t.to)] === r.toWay)) break;
      }
      if (path.length === 0) continue;
      const last = path[path.length - 1];
      const toEdges = new Set<number>();
      for (const t of lists[last]) if (input.edgeWay[origin(t.to)] === r.toWay) toEdges.add(t.to);
      if (toEdges.size === 0) continue;
      const chainKey = x * 0x100000000 + path[0];
      let chain = chains.get(chainKey);
      if (!chain) {
        chain = path.map((e) => {
          clonedFrom.push(e);
          lists.push(lists[e].map((t) => ({ ...t })));
          return m + clonedFrom.length - 1;
        });
        for (let i = 0; i + 1 < chain.length; i++) {
          for (const t of lists[chain[i]]) if (t.to === path[i + 1]) t.to = chain[i + 1];
        }
        for (const t of lists[x]) if (t.to === path[0]) t.to = chain[0];
        chains.set(chainKey, chain);
      }
      const end = chain[chain.length - 1];
      lists[end] = lists[end].filter((t) => (r.only ? toEdges.has(t.to) : !toEdges.has(t.to)));
    }
  }
  return clonedFrom;
}

const pairKey = (x: number, y: number): number => x * 0x100000000 + y;

/** lib/obstacles.lua and car.lua `process_turn`: direction and `stop=minor` handling. */
function obstacleApplies(
  input: TurnInput,
  profile: NodeProfile,
  x: number,
  y: number,
  v: number,
): boolean {
  const along = input.edgeAlongWay[x] === 1;
  if (profile.direction === 'forward' && !along) return false;
  if (profile.direction === 'backward' && along) return false;
  if (profile.minorOnly) {
    // Entering by the minor road: some other road at the node is faster than ours.
    const g = input.graph;
    let fastest = input.edgeKmh[y];
    for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
      if (g.edgeSegment[e] !== g.edgeSegment[x]) fastest = Math.max(fastest, input.edgeKmh[e]);
    }
    return fastest > input.edgeKmh[x];
  }
  return true;
}

/**
 * Bearing leaving the tail of each edge and arriving at its head, measured between the junction
 * and a point about LOOKAHEAD_M along the road (continuing through nodes where only two segments
 * meet), as OSRM judges turn angles by the road's course near the junction rather than by a
 * first segment that may be a metre long.
 */
function bearings(
  g: RoadGraph,
  degree: Uint32Array,
): { outBearing: Float64Array; inBearing: Float64Array } {
  const m = g.edgeHead.length;
  // Undirected segment adjacency per node.
  const first = new Uint32Array(g.nodeCount + 1);
  for (let s = 0; s < g.segA.length; s++) {
    first[g.segA[s] + 1]++;
    first[g.segB[s] + 1]++;
  }
  for (let v = 0; v < g.nodeCount; v++) first[v + 1] += first[v];
  const fill = first.slice(0, g.nodeCount);
  const adj = new Uint32Array(2 * g.segA.length);
  for (let s = 0; s < g.segA.length; s++) {
    adj[fill[g.segA[s]]++] = s;
    adj[fill[g.segB[s]]++] = s;
  }
  const pt = (v: number) => ({ lat: g.lat[v], lon: g.lon[v] });
  /** From `from` along segment `s`, the node about LOOKAHEAD_M away. */
  const walk = (from: number, s: number): number => {
    let cur = g.segA[s] === from ? g.segB[s] : g.segA[s];
    let lastSeg = s;
    let travelled = haversineM(pt(from), pt(cur));
    while (travelled < LOOKAHEAD_M && degree[cur] === 2) {
      const prev = cur;
      const next = adj[first[cur]] === lastSeg ? adj[first[cur] + 1] : adj[first[cur]];
      const nxt = g.segA[next] === cur ? g.segB[next] : g.segA[next];
      if (nxt === from) break;
      travelled += haversineM(pt(prev), pt(nxt));
      cur = nxt;
      lastSeg = next;
    }
    return cur;
  };
  const outBearing = new Float64Array(m);
  const inBearing = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const u = g.edgeTail[e];
    const v = g.edgeHead[e];
    const s = g.edgeSegment[e];
    const ahead = walk(u, s);
    outBearing[e] = bearingDeg(g.lat[u], g.lon[u], g.lat[ahead], g.lon[ahead]);
    const behind = walk(v, s);
    inBearing[e] = bearingDeg(g.lat[behind], g.lon[behind], g.lat[v], g.lon[v]);
  }
  return { outBearing, inBearing };
}

/**
 * Turn restrictions with a via node, resolved to edge pairs: `no_*` forbids (from, to), `only_*`
 * lists the only edges allowed after `from`. The from edges are the from way's segments arriving
 * at the via node, the to edges the to way's segments leaving it. Restrictions with via ways are
 * not resolved (see the README).
 */
function restrictionSets(input: TurnInput): {
  forbidden: Set<number>;
  only: Map<number, Set<number>>;
} {
  const g = input.graph;
  const m = g.edgeHead.length;
  const inFirst = new Uint32Array(g.nodeCount + 1);
  for (let e = 0; e < m; e++) inFirst[g.edgeHead[e] + 1]++;
  for (let v = 0; v < g.nodeCount; v++) inFirst[v + 1] += inFirst[v];
  const fill = inFirst.slice(0, g.nodeCount);
  const inEdges = new Uint32Array(m);
  for (let e = 0; e < m; e++) inEdges[fill[g.edgeHead[e]]++] = e;

  const forbidden = new Set<number>();
  const only = new Map<number, Set<number>>();
  for (const r of input.restrictions) {
    if (r.viaNode === undefined) continue;
    const via = input.nodeOfOsmId.get(r.viaNode);
    if (via === undefined) continue;
    const toEdges: number[] = [];
    for (let e = g.firstEdge[via]; e < g.firstEdge[via + 1]; e++) {
      if (input.edgeWay[e] === r.toWay) toEdges.push(e);
    }
    for (let i = inFirst[via]; i < inFirst[via + 1]; i++) {
      const x = inEdges[i];
      if (input.edgeWay[x] !== r.fromWay) continue;
      if (r.only) {
        const set = only.get(x) ?? new Set<number>();
        for (const y of toEdges) set.add(y);
        only.set(x, set);
      } else {
        for (const y of toEdges) forbidden.add(pairKey(x, y));
      }
    }
  }
  return { forbidden, only };
}
