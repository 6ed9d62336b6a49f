import { haversineM } from '../geo';
import { buildContractionHierarchy, type ContractionHierarchy } from './contraction';
import type { NodeProfile } from './node-profile';
import type { RawOsm } from './osm-reader';
import { EDGE_FLAG, KEY_SCALE, TINY_COMPONENT_SIZE, type RoadGraph } from './road-graph';
import { stronglyConnectedComponents } from './strongly-connected';
import { buildTurns, type TurnInput } from './turn-builder';

export interface BuildOptions {
  /**
   * Edge-based components with fewer edges than this are "tiny" (osrm-extract's
   * `--small-component-size`, default 1000). Every component is kept, as in OSRM; snapping
   * avoids tiny ones when a point's partners lie elsewhere (see `EmbeddedRouter.snapAll`).
   */
  smallComponentSize?: number;
}

/** OSRM per-segment rounding: integer deciseconds, at least 1. */
const ds = (seconds: number): number => Math.max(1, Math.round(seconds * 10));

/**
 * Builds the turn-aware car graph from parsed OSM (see `car-profile.ts` for what is routable,
 * `turn-builder.ts` for the turns): one directed edge per drivable direction of every segment
 * between consecutive way nodes, edges ordered by tail node, then OSRM's edge-based graph.
 */
export function buildRoadGraph(raw: RawOsm, options: BuildOptions = {}): RoadGraph {
  const compact = new Map<number, number>(); // OSM node id -> graph node
  const osmIds: number[] = [];
  const lat: number[] = [];
  const lon: number[] = [];
  const nodeOf = (osmId: number, rawIdx: number): number => {
    let v = compact.get(osmId);
    if (v === undefined) {
      v = lat.length;
      compact.set(osmId, v);
      osmIds.push(osmId);
      lat.push(raw.lat[rawIdx]);
      lon.push(raw.lon[rawIdx]);
    }
    return v;
  };

  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const tail: number[] = [];
  const head: number[] = [];
  const durDs: number[] = [];
  const weightDs: number[] = [];
  const dist: number[] = [];
  const kmh: number[] = [];
  const nameOf: number[] = [];
  const flags: number[] = [];
  const wayOf: number[] = [];
  const alongWay: boolean[] = [];
  const segOf: number[] = [];
  const seg: number[] = []; // a, b, forward, backward, startpoint
  for (const way of raw.ways) {
    const p = way.profile;
    let nameId = nameIds.get(p.name);
    if (nameId === undefined) {
      nameId = names.length;
      names.push(p.name);
      nameIds.set(p.name, nameId);
    }
    for (let i = 1; i < way.refs.length; i++) {
      const ra = raw.nodeIndex.get(way.refs[i - 1]);
      const rb = raw.nodeIndex.get(way.refs[i]);
      if (ra === undefined || rb === undefined || way.refs[i - 1] === way.refs[i]) continue;
      const a = nodeOf(way.refs[i - 1], ra);
      const b = nodeOf(way.refs[i], rb);
      const lengthM = haversineM({ lat: lat[a], lon: lon[a] }, { lat: lat[b], lon: lon[b] });
      const segment = seg.length / 5;
      const addEdge = (
        from: number,
        to: number,
        speed: number,
        restricted: boolean,
        fwd: boolean,
      ): number => {
        if (speed <= 0) return -1;
        tail.push(from);
        head.push(to);
        dist.push(lengthM);
        kmh.push(speed);
        durDs.push(ds(lengthM / (speed / 3.6)));
        weightDs.push(ds(lengthM / ((speed * p.rateFactor) / 3.6)));
        nameOf.push(nameId);
        flags.push(
          (restricted ? EDGE_FLAG.restricted : 0) | (p.roundabout ? EDGE_FLAG.roundabout : 0),
        );
        wayOf.push(way.id);
        alongWay.push(fwd);
        segOf.push(segment);
        return tail.length - 1;
      };
      seg.push(
        a,
        b,
        addEdge(a, b, p.forwardKmh, p.forwardRestricted, true),
        addEdge(b, a, p.backwardKmh, p.backwardRestricted, false),
        p.startpoint ? 1 : 0,
      );
    }
  }

  // Edges in CSR order by tail node.
  const n = lat.length;
  const m = tail.length;
  const firstEdge = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) firstEdge[tail[e] + 1]++;
  for (let v = 0; v < n; v++) firstEdge[v + 1] += firstEdge[v];
  const fill = firstEdge.slice(0, n);
  const slotOf = new Int32Array(m);
  for (let e = 0; e < m; e++) slotOf[e] = fill[tail[e]]++;
  const byOld = <T extends Float64Array | Uint32Array | Uint8Array>(
    out: T,
    src: readonly number[],
  ): T => {
    for (let e = 0; e < m; e++) out[slotOf[e]] = src[e];
    return out;
  };
  const edgeTail = byOld(new Uint32Array(m), tail);
  const edgeHead = byOld(new Uint32Array(m), head);
  const edgeDistanceM = byOld(new Float64Array(m), dist);
  const edgeDurationS = byOld(
    new Float64Array(m),
    durDs.map((d) => d / 10),
  );
  const edgeKey = byOld(
    new Float64Array(m),
    weightDs.map((w, e) => w * KEY_SCALE + Math.round(dist[e] * 10)),
  );
  const edgeName = byOld(new Uint32Array(m), nameOf);
  const edgeFlags = byOld(new Uint8Array(m), flags);
  const edgeSegment = byOld(new Uint32Array(m), segOf);
  const edgeKmh = byOld(new Float64Array(m), kmh);
  const edgeWay = byOld(new Float64Array(m), wayOf);
  const edgeAlongWay = byOld(
    new Uint8Array(m),
    alongWay.map((x) => (x ? 1 : 0)),
  );

  const s = seg.length / 5;
  const segA = new Uint32Array(s);
  const segB = new Uint32Array(s);
  const segForward = new Int32Array(s);
  const segBackward = new Int32Array(s);
  const segStartpoint = new Uint8Array(s);
  for (let i = 0; i < s; i++) {
    segA[i] = seg[5 * i];
    segB[i] = seg[5 * i + 1];
    segForward[i] = seg[5 * i + 2] >= 0 ? slotOf[seg[5 * i + 2]] : -1;
    segBackward[i] = seg[5 * i + 3] >= 0 ? slotOf[seg[5 * i + 3]] : -1;
    segStartpoint[i] = seg[5 * i + 4];
  }

  const nodeProfiles: (NodeProfile | undefined)[] = osmIds.map((id) => raw.nodeProfiles.get(id));
  const nodeBarrier = Uint8Array.from(nodeProfiles, (p) => (p?.barrier ? 1 : 0));
  const graph: Omit<RoadGraph, keyof ContractionHierarchy> = {
    nodeCount: n,
    lat: Float64Array.from(lat),
    lon: Float64Array.from(lon),
    firstEdge,
    edgeTail,
    edgeHead,
    edgeDurationS,
    edgeDistanceM,
    edgeKey,
    edgeName,
    edgeFlags,
    edgeSegment,
    edgeComponent: new Int32Array(m),
    names,
    turnFirst: new Uint32Array(m + 1),
    turnTo: new Uint32Array(0),
    turnKey: new Float64Array(0),
    turnDurationS: new Float64Array(0),
    segA,
    segB,
    segForward,
    segBackward,
    segStartpoint,
    nodeBarrier,
  };
  const input: TurnInput = {
    graph: graph as RoadGraph,
    nodeProfiles,
    edgeKmh,
    edgeWay,
    edgeAlongWay,
    nodeOfOsmId: compact,
    restrictions: raw.restrictions,
  };
  const { clonedFrom, ...turns } = buildTurns(input);
  Object.assign(graph, turns);
  if (clonedFrom.length > 0) appendClones(graph as RoadGraph, clonedFrom);

  // OSRM flags edge-based components under TINY_COMPONENT_SIZE as tiny (snapping avoids them).
  const edges = graph.edgeHead.length;
  const turnTail = new Uint32Array(graph.turnTo.length);
  for (let e = 0; e < edges; e++) {
    for (let t = graph.turnFirst[e]; t < graph.turnFirst[e + 1]; t++) turnTail[t] = e;
  }
  const { component, sizes } = stronglyConnectedComponents(edges, turnTail, graph.turnTo);
  graph.edgeComponent = component;
  for (let e = 0; e < edges; e++) {
    if (sizes[component[e]] < (options.smallComponentSize ?? TINY_COMPONENT_SIZE))
      graph.edgeFlags[e] |= EDGE_FLAG.tiny;
  }
  return Object.assign(graph, buildContractionHierarchy(graph as RoadGraph));
}

/** Appends the edge copies made for via-way restrictions (not snappable: segments keep the originals). */
function appendClones(g: RoadGraph, clonedFrom: readonly number[]): void {
  const grow = <T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(a.length + clonedFrom.length);
    out.set(a);
    clonedFrom.forEach((e, i) => (out[a.length + i] = a[e]));
    return out;
  };
  g.edgeTail = grow(g.edgeTail);
  g.edgeHead = grow(g.edgeHead);
  g.edgeDurationS = grow(g.edgeDurationS);
  g.edgeDistanceM = grow(g.edgeDistanceM);
  g.edgeKey = grow(g.edgeKey);
  g.edgeName = grow(g.edgeName);
  g.edgeFlags = grow(g.edgeFlags);
  g.edgeSegment = grow(g.edgeSegment);
  g.edgeComponent = grow(g.edgeComponent);
}
