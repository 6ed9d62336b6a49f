import { haversineM } from '../geo';
import type { RawOsm } from './osm-reader';
import type { RoadGraph } from './road-graph';
import { largestStronglyConnectedComponent } from './strongly-connected';

export interface BuildOptions {
  /**
   * Keep only the largest strongly connected component (default true), as OSRM effectively does
   * for snapping: islands such as a private car park behind a barrier would otherwise attract
   * snapped points from which nothing is reachable.
   */
  largestComponentOnly?: boolean;
}

/** Builds the car graph from parsed OSM ways (see `car-profile.ts` for what is routable). */
export function buildRoadGraph(raw: RawOsm, options: BuildOptions = {}): RoadGraph {
  const compact = new Map<number, number>(); // raw coordinate index -> graph node
  const lat: number[] = [];
  const lon: number[] = [];
  const nodeOf = (rawIdx: number): number => {
    let v = compact.get(rawIdx);
    if (v === undefined) {
      v = lat.length;
      compact.set(rawIdx, v);
      lat.push(raw.lat[rawIdx]);
      lon.push(raw.lon[rawIdx]);
    }
    return v;
  };

  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const tail: number[] = [];
  const head: number[] = [];
  const dur: number[] = [];
  const dist: number[] = [];
  const nameOf: number[] = [];
  const seg: number[] = []; // a, b, forward, backward
  for (const way of raw.ways) {
    let nameId = nameIds.get(way.profile.name);
    if (nameId === undefined) {
      nameId = names.length;
      names.push(way.profile.name);
      nameIds.set(way.profile.name, nameId);
    }
    const { forwardKmh, backwardKmh } = way.profile;
    for (let i = 1; i < way.refs.length; i++) {
      const ra = raw.nodeIndex.get(way.refs[i - 1]);
      const rb = raw.nodeIndex.get(way.refs[i]);
      if (ra === undefined || rb === undefined || ra === rb) continue; // node missing from extract
      const a = nodeOf(ra);
      const b = nodeOf(rb);
      const lengthM = haversineM({ lat: lat[a], lon: lon[a] }, { lat: lat[b], lon: lon[b] });
      const addEdge = (from: number, to: number, kmh: number): number => {
        if (kmh <= 0) return -1;
        tail.push(from);
        head.push(to);
        dist.push(lengthM);
        dur.push(lengthM / (kmh / 3.6));
        nameOf.push(nameId);
        return tail.length - 1;
      };
      seg.push(a, b, addEdge(a, b, forwardKmh), addEdge(b, a, backwardKmh));
    }
  }

  const n = lat.length;
  const keep =
    options.largestComponentOnly === false
      ? new Uint8Array(n).fill(1)
      : largestStronglyConnectedComponent(n, tail, head);

  const newId = new Int32Array(n).fill(-1);
  let nodeCount = 0;
  for (let v = 0; v < n; v++) if (keep[v]) newId[v] = nodeCount++;

  const keptEdges: number[] = [];
  for (let e = 0; e < tail.length; e++) if (keep[tail[e]] && keep[head[e]]) keptEdges.push(e);
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (const e of keptEdges) firstEdge[newId[tail[e]] + 1]++;
  for (let v = 0; v < nodeCount; v++) firstEdge[v + 1] += firstEdge[v];
  const fill = firstEdge.slice(0, nodeCount);
  const m = keptEdges.length;
  const edgeHead = new Uint32Array(m);
  const edgeDurationS = new Float64Array(m);
  const edgeDistanceM = new Float64Array(m);
  const edgeName = new Uint32Array(m);
  const edgeNewId = new Int32Array(tail.length).fill(-1);
  for (const e of keptEdges) {
    const slot = fill[newId[tail[e]]]++;
    edgeNewId[e] = slot;
    edgeHead[slot] = newId[head[e]];
    edgeDurationS[slot] = dur[e];
    edgeDistanceM[slot] = dist[e];
    edgeName[slot] = nameOf[e];
  }

  const segA: number[] = [];
  const segB: number[] = [];
  const segForward: number[] = [];
  const segBackward: number[] = [];
  for (let i = 0; i < seg.length; i += 4) {
    const f = seg[i + 2] >= 0 ? edgeNewId[seg[i + 2]] : -1;
    const b = seg[i + 3] >= 0 ? edgeNewId[seg[i + 3]] : -1;
    if (f < 0 && b < 0) continue;
    segA.push(newId[seg[i]]);
    segB.push(newId[seg[i + 1]]);
    segForward.push(f);
    segBackward.push(b);
  }

  const latOut = new Float64Array(nodeCount);
  const lonOut = new Float64Array(nodeCount);
  for (let v = 0; v < n; v++) {
    if (newId[v] >= 0) {
      latOut[newId[v]] = lat[v];
      lonOut[newId[v]] = lon[v];
    }
  }
  return {
    nodeCount,
    lat: latOut,
    lon: lonOut,
    firstEdge,
    edgeHead,
    edgeDurationS,
    edgeDistanceM,
    edgeName,
    names,
    segA: Uint32Array.from(segA),
    segB: Uint32Array.from(segB),
    segForward: Int32Array.from(segForward),
    segBackward: Int32Array.from(segBackward),
  };
}
