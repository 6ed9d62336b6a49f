/**
 * The prepared, turn-aware car graph, on typed arrays so it can be written to and read from the
 * binary cache without any per-node objects.
 *
 * Nodes are OSM nodes on car roads (degrees WGS84). Edges are directed road segments between two
 * consecutive way nodes; the edges leaving node `v` are `firstEdge[v] .. firstEdge[v+1]-1`. The
 * edges are also the nodes of the edge-based graph (OSRM's "edge-based nodes"): the turns out of
 * edge `e` are `turnFirst[e] .. turnFirst[e+1]-1`, each to the edge `turnTo[t]` at a cost
 * (weight and duration) that holds OSRM's turn penalties; a forbidden turn has no entry.
 *
 * Costs are OSRM's: weights and durations in integer deciseconds per segment (at least 1), so
 * sums are exact. The search key of an edge is `weightDs * KEY_SCALE + distanceDm`: routing by
 * OSRM's `routability` weight, ties broken by the shorter distance (so a fast method and a plain
 * Dijkstra agree on which of two equal routes they return).
 *
 * Segments are the undirected pieces of road, used for snapping; each knows its directed edges
 * (-1 when that direction is closed, e.g. a oneway street).
 */
import type { ContractionHierarchy } from './contraction';

export interface RoadGraph extends ContractionHierarchy {
  nodeCount: number;
  lat: Float64Array;
  lon: Float64Array;
  firstEdge: Uint32Array;
  edgeTail: Uint32Array;
  edgeHead: Uint32Array;
  edgeDurationS: Float64Array;
  edgeDistanceM: Float64Array;
  /** `weightDs * KEY_SCALE + round(distanceM * 10)`. */
  edgeKey: Float64Array;
  /** Index into `names`. */
  edgeName: Uint32Array;
  /** Bit flags, see {@link EDGE_FLAG}. */
  edgeFlags: Uint8Array;
  edgeSegment: Uint32Array;
  /** Edge-based component id; components under `TINY_COMPONENT_SIZE` edges are flagged tiny. */
  edgeComponent: Int32Array;
  names: string[];
  turnFirst: Uint32Array;
  turnTo: Uint32Array;
  turnKey: Float64Array;
  turnDurationS: Float64Array;
  segA: Uint32Array;
  segB: Uint32Array;
  /** Edge a -> b, or -1. */
  segForward: Int32Array;
  /** Edge b -> a, or -1. */
  segBackward: Int32Array;
  /** 0 where OSRM would never snap a point (car.lua `startpoint`, e.g. private service roads). */
  segStartpoint: Uint8Array;
  /** 1 where the node is a barrier (only a u-turn possible). */
  nodeBarrier: Uint8Array;
}

export const EDGE_FLAG = { restricted: 1, roundabout: 2, tiny: 4 } as const;

/** Weight deciseconds are scaled by this so that a distance in decimetres can break ties. */
export const KEY_SCALE = 2 ** 24;

/** OSRM's `small_component_size` default: smaller edge-based components are "tiny". */
export const TINY_COMPONENT_SIZE = 1000;

/** The typed-array fields of {@link RoadGraph}, in the order the cache file stores them. */
export const ROAD_GRAPH_ARRAYS = {
  lat: Float64Array,
  lon: Float64Array,
  firstEdge: Uint32Array,
  edgeTail: Uint32Array,
  edgeHead: Uint32Array,
  edgeDurationS: Float64Array,
  edgeDistanceM: Float64Array,
  edgeKey: Float64Array,
  edgeName: Uint32Array,
  edgeFlags: Uint8Array,
  edgeSegment: Uint32Array,
  edgeComponent: Int32Array,
  turnFirst: Uint32Array,
  turnTo: Uint32Array,
  turnKey: Float64Array,
  turnDurationS: Float64Array,
  segA: Uint32Array,
  segB: Uint32Array,
  segForward: Int32Array,
  segBackward: Int32Array,
  segStartpoint: Uint8Array,
  nodeBarrier: Uint8Array,
  chUpFirst: Uint32Array,
  chUpTo: Uint32Array,
  chUpKey: Float64Array,
  chUpDur: Float64Array,
  chUpDist: Float64Array,
  chUpMid: Int32Array,
  chDownFirst: Uint32Array,
  chDownFrom: Uint32Array,
  chDownKey: Float64Array,
  chDownDur: Float64Array,
  chDownDist: Float64Array,
  chDownMid: Int32Array,
} as const;

export type RoadGraphArrayField = keyof typeof ROAD_GRAPH_ARRAYS;
