/**
 * The prepared car graph in compressed sparse row form, on typed arrays so it can be written to
 * and read from the binary cache without any per-node objects.
 *
 * Nodes are OSM nodes on car roads (degrees WGS84). Edges are directed; the edges leaving node `v`
 * are `firstEdge[v] .. firstEdge[v+1]-1`. Segments are the undirected pieces of road between two
 * consecutive way nodes, used for snapping; each knows its directed edges (-1 when that direction
 * is closed, e.g. a oneway street).
 */
export interface RoadGraph {
  nodeCount: number;
  lat: Float64Array;
  lon: Float64Array;
  firstEdge: Uint32Array;
  edgeHead: Uint32Array;
  edgeDurationS: Float64Array;
  edgeDistanceM: Float64Array;
  /** Index into `names`. */
  edgeName: Uint32Array;
  names: string[];
  segA: Uint32Array;
  segB: Uint32Array;
  /** Edge a -> b, or -1. */
  segForward: Int32Array;
  /** Edge b -> a, or -1. */
  segBackward: Int32Array;
}

/** The typed-array fields of {@link RoadGraph}, in the order the cache file stores them. */
export const ROAD_GRAPH_ARRAYS = [
  'lat',
  'lon',
  'firstEdge',
  'edgeHead',
  'edgeDurationS',
  'edgeDistanceM',
  'edgeName',
  'segA',
  'segB',
  'segForward',
  'segBackward',
] as const;

export type RoadGraphArrayField = (typeof ROAD_GRAPH_ARRAYS)[number];
