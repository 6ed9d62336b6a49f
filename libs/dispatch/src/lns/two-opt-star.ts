import { KINDS as KINDS_EXPORT, type CompiledInstance } from '../core/compiled-instance';
import { TIME_EPS, type RouteEvaluator } from '../core/route-evaluator';
import type { RouteSet } from '../core/route-set';

/** Module-local copy: an imported binding can compile to a getter call per read. */
const KINDS = KINDS_EXPORT;
const EPS = 1e-9;

/**
 * 2-opt* between routes (Potvin & Rousseau 1995) for the DARP: two routes swap their tails.
 * A route is cut only where its vehicle is empty, so every request keeps its pickup and drop-off
 * on one vehicle; a swap is searched by a few arc costs and a bound by the windows alone, and
 * only a saving one gets the exact schedule test of both new routes and their whole cost (trip
 * cost included). First-improvement descent until no swap saves anything.
 */
export class TwoOptStar {
  /** Zero-load cut positions per route (after position k the vehicle is empty). */
  private readonly cuts: number[][] = [];
  /** Arc cost from the route start to each position, per route. */
  private readonly prefix: Float64Array[] = [];
  /** Earliest start of service per position by the windows alone, per route. */
  private readonly earliest: Float64Array[] = [];
  /** Latest start per position from which the rest of the stops meet their windows, per route. */
  private readonly latest: Float64Array[] = [];
  /** Route versions of each pair x < y last searched without a saving swap (index x * nVeh + y). */
  private readonly checkedX: Int32Array;
  private readonly checkedY: Int32Array;
  /** Version each route's cut data was computed for. */
  private readonly scanned: Int32Array;
  private owner: RouteSet | null = null;
  private readonly a: number[] = [];
  private readonly b: number[] = [];

  constructor(
    private readonly ci: CompiledInstance,
    private readonly evaluator: RouteEvaluator,
  ) {
    this.checkedX = new Int32Array(ci.nVeh * ci.nVeh);
    this.checkedY = new Int32Array(ci.nVeh * ci.nVeh);
    this.scanned = new Int32Array(ci.nVeh);
    for (let v = 0; v < ci.nVeh; v++) {
      this.cuts.push([]);
      this.prefix.push(new Float64Array(2 * ci.nReq + 2));
      this.earliest.push(new Float64Array(2 * ci.nReq + 2));
      this.latest.push(new Float64Array(2 * ci.nReq + 2));
    }
  }

  /**
   * Applies saving tail swaps to `rs` until none is left; returns the total saving. Route
   * versions only grow, so a pair of routes found without a saving swap is not searched again
   * while both keep their versions (also across calls on the same route set).
   */
  descend(rs: RouteSet): number {
    const nVeh = this.ci.nVeh;
    if (this.owner !== rs) {
      this.owner = rs;
      this.checkedX.fill(-1);
    }
    const ver = rs.version;
    for (let v = 0; v < nVeh; v++) this.scanned[v] = -1;
    let saved = 0;
    let progress = true;
    while (progress) {
      progress = false;
      for (let x = 0; x < nVeh; x++) {
        for (let y = x + 1; y < nVeh; y++) {
          const key = x * nVeh + y;
          if (this.checkedX[key] === ver[x] && this.checkedY[key] === ver[y]) continue;
          if (this.scanned[x] !== ver[x]) this.scan(rs, x);
          if (this.scanned[y] !== ver[y]) this.scan(rs, y);
          const s = this.improvePair(rs, x, y);
          if (s > 0) {
            saved += s;
            progress = true;
          } else {
            this.checkedX[key] = ver[x];
            this.checkedY[key] = ver[y];
          }
        }
      }
    }
    return saved;
  }

  private scan(rs: RouteSet, v: number): void {
    const { load, loc, nLoc, locCost, locTime, e, l, svc } = this.ci;
    const route = rs.routes[v];
    const cuts = this.cuts[v];
    const P = this.prefix[v];
    const E = this.earliest[v];
    const L = this.latest[v];
    this.scanned[v] = rs.version[v];
    cuts.length = 0;
    let q = 0;
    P[0] = 0;
    E[0] = e[route[0]];
    for (let k = 0; k < route.length - 1; k++) {
      const n = route[k] * KINDS;
      q += load[n] + load[n + 1];
      if (q === 0) cuts.push(k);
      const arc = loc[route[k]] * nLoc + loc[route[k + 1]];
      P[k + 1] = P[k] + locCost[arc];
      const a = E[k] + svc[route[k]] + locTime[arc];
      E[k + 1] = a > e[route[k + 1]] ? a : e[route[k + 1]];
    }
    // The stops only: the tail may end at another vehicle's end.
    const last = route.length - 2;
    L[last] = l[route[last]];
    for (let k = last - 1; k >= 0; k--) {
      const node = route[k];
      const t = L[k + 1] - svc[node] - locTime[loc[node] * nLoc + loc[route[k + 1]]];
      L[k] = t < l[node] ? t : l[node];
    }
  }

  /** Applies the first saving swap between routes x and y that has schedules; returns its saving or 0. */
  private improvePair(rs: RouteSet, x: number, y: number): number {
    const { loc, nLoc, locCost, locTime, svc } = this.ci;
    const X = rs.routes[x];
    const Y = rs.routes[y];
    const lastX = X.length - 2;
    const lastY = Y.length - 2;
    const PX = this.prefix[x];
    const PY = this.prefix[y];
    const EX = this.earliest[x];
    const EY = this.earliest[y];
    const LX = this.latest[x];
    const LY = this.latest[y];
    const endX = loc[X[lastX + 1]];
    const endY = loc[Y[lastY + 1]];
    const old = PX[lastX + 1] + PY[lastY + 1];
    // A tail keeps its inner arcs; it ends at the other vehicle's end.
    const xLastToEndY = locCost[loc[X[lastX]] * nLoc + endY];
    const yLastToEndX = locCost[loc[Y[lastY]] * nLoc + endX];
    const cx = this.cuts[x];
    const cy = this.cuts[y];
    // Earliest ends of service only grow along a route, latest starts too: the cuts of y whose
    // tail x's head reaches too late form a prefix (growing with i), and those whose head comes
    // too late for x's tail a suffix.
    let first = 0;
    for (let a = 0; a < cx.length; a++) {
      const i = cx[a];
      const rowI = loc[X[i]] * nLoc;
      const xTail = i < lastX;
      const xNext = xTail ? loc[X[i + 1]] : endY;
      const xTailCost = xTail ? PX[lastX] - PX[i + 1] + xLastToEndY : 0;
      const xDone = EX[i] + svc[X[i]];
      const xLatest = xTail ? LX[i + 1] + TIME_EPS : Infinity;
      while (cy[first] < lastY && xDone > LY[cy[first] + 1] + TIME_EPS) first++;
      for (let b = first; b < cy.length; b++) {
        const j = cy[b];
        if (EY[j] + svc[Y[j]] > xLatest) break;
        const yTail = j < lastY;
        if (!xTail && !yTail) continue;
        const rowJ = loc[Y[j]] * nLoc;
        const yNext = yTail ? loc[Y[j + 1]] : endX;
        const newX =
          PX[i] + locCost[rowI + yNext] + (yTail ? PY[lastY] - PY[j + 1] + yLastToEndX : 0);
        const newY = PY[j] + locCost[rowJ + xNext] + xTailCost;
        const saving = old - newX - newY;
        if (saving <= EPS) continue;
        // Necessary by the windows alone: each head reaches the other tail in time for all of it.
        if (yTail && xDone + locTime[rowI + yNext] > LY[j + 1] + TIME_EPS) continue;
        if (xTail && EY[j] + svc[Y[j]] + locTime[rowJ + xNext] > LX[i + 1] + TIME_EPS) continue;
        const na = this.build(this.a, X, i, Y, j);
        if (!this.evaluator.hasSchedule(na, na.length, x)) continue;
        const nb = this.build(this.b, Y, j, X, i);
        if (!this.evaluator.hasSchedule(nb, nb.length, y)) continue;
        // The trip cost counts visits by place, which a cut between two stops at one place can
        // split or join: the whole cost decides.
        const real = rs.routeCost[x] + rs.routeCost[y] - rs.costOf(na) - rs.costOf(nb);
        if (real <= EPS) continue;
        this.apply(rs, x, na);
        this.apply(rs, y, nb);
        return real;
      }
    }
    return 0;
  }

  private build(out: number[], X: readonly number[], i: number, Y: readonly number[], j: number) {
    out.length = 0;
    for (let k = 0; k <= i; k++) out.push(X[k]);
    for (let k = j + 1; k < Y.length - 1; k++) out.push(Y[k]);
    out.push(X[X.length - 1]);
    return out;
  }

  private apply(rs: RouteSet, v: number, seq: readonly number[]): void {
    const route = rs.routes[v];
    const nReq = this.ci.nReq;
    route.length = seq.length;
    for (let k = 0; k < seq.length; k++) {
      route[k] = seq[k];
      if (seq[k] < nReq) rs.vehicleOf[seq[k]] = v;
    }
    rs.touch(v);
  }
}
