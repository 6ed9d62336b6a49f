import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type FlatbushClass from 'flatbush';
import { LocalProjection, type LatLon } from '../geo';
import { EDGE_FLAG, type RoadGraph } from './road-graph';

/**
 * flatbush ships ESM only (`"type": "module"`), which jest's CommonJS runtime cannot load, and
 * Node >= 20.19 loads its bundled UMD file as ESM too (exporting nothing). So the UMD source is
 * evaluated with a CommonJS `module` of our own: the same code, loadable everywhere.
 */
function loadFlatbush(): typeof FlatbushClass {
  const file = join(dirname(require.resolve('flatbush')), 'flatbush.js');
  const mod: { exports: unknown } = { exports: {} };
  new Function('module', 'exports', readFileSync(file, 'utf8'))(mod, mod.exports);
  return mod.exports as typeof FlatbushClass;
}
const Flatbush = loadFlatbush();

/** A point snapped onto a road segment: the "phantom node" of OSRM. */
export interface Phantom {
  segment: number;
  /** Position along the segment, 0 at `segA`, 1 at `segB`. */
  t: number;
  location: LatLon;
  /** Metres from the input point. */
  offsetM: number;
  /** Metres from the segment's end points, to treat a snap onto a node as exactly that node. */
  fromAM: number;
  toBM: number;
}

/** Nearest-segment queries over a flatbush R-tree of all segments, in a local metric projection. */
export class Snapper {
  private readonly index: FlatbushClass;
  private readonly proj: LocalProjection;
  private readonly x: Float64Array;
  private readonly y: Float64Array;

  constructor(private readonly graph: RoadGraph) {
    let latSum = 0;
    for (let v = 0; v < graph.nodeCount; v++) latSum += graph.lat[v];
    this.proj = new LocalProjection(graph.nodeCount > 0 ? latSum / graph.nodeCount : 0);
    this.x = graph.lon.map((lon) => this.proj.x(lon));
    this.y = graph.lat.map((lat) => this.proj.y(lat));
    const segments = graph.segA.length;
    this.index = new Flatbush(Math.max(1, segments));
    for (let s = 0; s < segments; s++) {
      const a = graph.segA[s];
      const b = graph.segB[s];
      this.index.add(
        Math.min(this.x[a], this.x[b]),
        Math.min(this.y[a], this.y[b]),
        Math.max(this.x[a], this.x[b]),
        Math.max(this.y[a], this.y[b]),
      );
    }
    if (segments === 0) this.index.add(Infinity, Infinity, Infinity, Infinity);
    this.index.finish();
  }

  /** Whether a segment lies in a tiny component (OSRM's `is_tiny`): no drivable direction outside one. */
  isTiny(segment: number): boolean {
    const g = this.graph;
    for (const e of [g.segForward[segment], g.segBackward[segment]]) {
      if (e >= 0 && (g.edgeFlags[e] & EDGE_FLAG.tiny) === 0) return false;
    }
    return true;
  }

  /** Component id of a segment (of its forward edge when it has one, as OSRM). */
  componentOf(segment: number): number {
    const g = this.graph;
    const e = g.segForward[segment] >= 0 ? g.segForward[segment] : g.segBackward[segment];
    return g.edgeComponent[e];
  }

  /**
   * The nearest snappable segment within `maxDistanceM`, or null; with `bigOnly`, the nearest
   * one outside tiny components (OSRM's alternative "from big component").
   */
  nearest(point: LatLon, maxDistanceM: number, bigOnly = false): Phantom | null {
    if (this.graph.segA.length === 0) return null;
    const px = this.proj.x(point.lon);
    const py = this.proj.y(point.lat);
    const g = this.graph;
    const filter = (s: number): boolean =>
      g.segStartpoint[s] === 1 && (!bigOnly || !this.isTiny(s));
    // neighbors() orders by box distance, a lower bound of the true distance: widen the
    // candidate set until the farthest candidate box is farther than the best exact hit.
    for (let k = 16; ; k *= 4) {
      const ids = this.index.neighbors(px, py, k, maxDistanceM, filter);
      let best: Phantom | null = null;
      for (const s of ids) {
        const hit = this.project(s, px, py);
        if (!best || hit.offsetM < best.offsetM) best = hit;
      }
      if (ids.length < k || !best) return best;
      const last = ids[ids.length - 1];
      if (this.boxDistance(last, px, py) > best.offsetM) return best;
    }
  }

  private boxDistance(s: number, px: number, py: number): number {
    const ax = this.x[this.graph.segA[s]];
    const bx = this.x[this.graph.segB[s]];
    const ay = this.y[this.graph.segA[s]];
    const by = this.y[this.graph.segB[s]];
    const dx = Math.max(Math.min(ax, bx) - px, 0, px - Math.max(ax, bx));
    const dy = Math.max(Math.min(ay, by) - py, 0, py - Math.max(ay, by));
    return Math.hypot(dx, dy);
  }

  private project(s: number, px: number, py: number): Phantom {
    const ax = this.x[this.graph.segA[s]];
    const ay = this.y[this.graph.segA[s]];
    const dx = this.x[this.graph.segB[s]] - ax;
    const dy = this.y[this.graph.segB[s]] - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
    const sx = ax + t * dx;
    const sy = ay + t * dy;
    const len = Math.sqrt(len2);
    return {
      segment: s,
      t,
      location: { lat: this.proj.lat(sy), lon: this.proj.lon(sx) },
      offsetM: Math.hypot(px - sx, py - sy),
      fromAM: t * len,
      toBM: (1 - t) * len,
    };
  }
}
