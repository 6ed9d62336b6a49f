import type { CompiledInstance } from './compiled-instance';
import { RouteEvaluator, TIME_EPS as TIME_EPS_EXPORT } from './route-evaluator';
import type { ArraySource } from './scratch-arena';

/** Module-local copy: an imported binding can compile to a getter call per read. */
const TIME_EPS = TIME_EPS_EXPORT;
/** Margin of the sufficient test against rounding; far below the exact test's tolerances. */
const MARGIN = 1e-7;

/**
 * Slack figures of one route for the insertion screens, computed once per route version and
 * read for every request screened against it. Two kinds:
 *
 * - Necessary (travel and service only, waiting left out): per leg, the least ride-time slack
 *   of the riders on board across it, and the route's duration slack. A detour longer than that
 *   breaks a limit whatever the schedule.
 * - Sufficient (from the route's least feasible schedule S, the one
 *   {@link RouteEvaluator.hasSchedule} leaves): per position, how much a delay starting there
 *   can grow before a window, a ride-time limit of a rider picked up earlier, or the route
 *   duration breaks, the waiting of S absorbing it on the way (forward time slack, Savelsbergh
 *   1992, with ride times as in Cordeau & Laporte 2003). An insertion whose pushes stay within
 *   it has a schedule (S with the pushes), so the exact test need not run for it.
 *
 * Positions index the route (start node 0, end node m - 1); leg k joins positions k and k + 1.
 */
export class RouteSlack {
  /** Travel and service from the start to each position, waiting left out. */
  readonly chainAt: Float64Array;
  /** Per leg: least travel-only ride slack of the riders on board across it (or Infinity). */
  readonly rideSlack: Float64Array;
  /** Per leg: pickup and drop-off positions of the rider that sets {@link rideSlack}. */
  readonly slackFrom: Int32Array;
  readonly slackTo: Int32Array;
  /** Duration limit minus the route's travel and service. */
  durationSlack = Infinity;

  /**
   * 1 when the route has a schedule and the sufficient figures below are valid, 0 when it has
   * none, -1 until the first {@link surelyFits} after {@link prepare} computes them: a caller
   * that confirms one candidate per route (the online insertion) should not pay for them.
   */
  private hasLeast = -1;
  /** Least feasible schedule S per position. */
  readonly least: Float64Array;
  /** Waiting of S summed over positions 1..k. */
  readonly waitSum: Float64Array;
  /** Per position x: window room of S at x plus waitSum[x]. */
  readonly windowTerm: Float64Array;
  /**
   * Per position x that is a drop-off whose pickup is on the route: the pickup's position and
   * the rider's ride room in S plus waitSum[x]; other positions hold m and Infinity.
   */
  readonly pickupAt: Int32Array;
  readonly rideTerm: Float64Array;
  /** Per position k: the largest delay at k that S can absorb (see the class comment). */
  readonly delayRoom: Float64Array;

  /** Position of each pickup on the route, valid where `stamp` is current. */
  private readonly pos: Int32Array;
  private readonly stamp: Int32Array;
  private id = 0;
  private route: readonly number[] = [];
  private vehicle = 0;
  private legTime: Float64Array;
  private ev: RouteEvaluator | null = null;

  constructor(
    private readonly ci: CompiledInstance,
    arrays: ArraySource,
  ) {
    const m = 2 * ci.nReq + 4;
    this.chainAt = arrays.float64(m);
    this.rideSlack = arrays.float64(m);
    this.slackFrom = arrays.int32(m);
    this.slackTo = arrays.int32(m);
    this.least = arrays.float64(m);
    this.waitSum = arrays.float64(m);
    this.windowTerm = arrays.float64(m);
    this.pickupAt = arrays.int32(m);
    this.rideTerm = arrays.float64(m);
    this.delayRoom = arrays.float64(m);
    this.pos = arrays.int32(ci.nReq);
    this.stamp = arrays.int32(ci.nReq);
    this.legTime = this.chainAt;
  }

  /**
   * Takes `route` of vehicle v, given the travel time into each position (`legTime[k]`, leg
   * k - 1), and computes the necessary figures; the sufficient ones follow on first use, from
   * the least schedule `ev` finds.
   */
  prepare(route: readonly number[], v: number, legTime: Float64Array, ev: RouteEvaluator): void {
    const { svc, nReq, maxRide } = this.ci;
    const m = route.length;
    const P = this.chainAt;
    const G = this.rideSlack;
    const GA = this.slackFrom;
    const GB = this.slackTo;
    const pos = this.pos;
    const stamp = this.stamp;
    const id = ++this.id;
    this.route = route;
    this.vehicle = v;
    this.legTime = legTime;
    this.ev = ev;
    this.hasLeast = -1;
    P[0] = 0;
    G[0] = Infinity;
    for (let k = 1; k < m; k++) {
      P[k] = P[k - 1] + svc[route[k - 1]] + legTime[k];
      G[k] = Infinity;
    }
    this.durationSlack = this.ci.maxDur[v] - P[m - 1];
    for (let b = 1; b < m - 1; b++) {
      const node = route[b];
      if (node < nReq) {
        pos[node] = b;
        stamp[node] = id;
        continue;
      }
      const r = node - nReq;
      if (r >= nReq || stamp[r] !== id) continue;
      const a = pos[r];
      const slack = maxRide[r] - (P[b] - P[a] - svc[r]);
      for (let k = a; k < b; k++) {
        if (slack < G[k]) {
          G[k] = slack;
          GA[k] = a;
          GB[k] = b;
        }
      }
    }
  }

  /**
   * Computes the sufficient figures of the prepared route now (else on first use); false when
   * the route has no schedule.
   */
  ensureLeast(): boolean {
    return this.hasLeast < 0 ? this.prepareLeast() : this.hasLeast === 1;
  }

  private prepareLeast(): boolean {
    const { svc, nReq, maxRide, l } = this.ci;
    const route = this.route;
    const m = route.length;
    const v = this.vehicle;
    const legTime = this.legTime;
    const ev = this.ev as RouteEvaluator;
    this.hasLeast = ev.hasSchedule(route, m, v) ? 1 : 0;
    if (this.hasLeast === 0) return false;
    const S = this.least;
    const Wsum = this.waitSum;
    const WT = this.windowTerm;
    const PA = this.pickupAt;
    const RT = this.rideTerm;
    const FS = this.delayRoom;
    const pos = this.pos; // pickup positions, still current from prepare()
    const stamp = this.stamp;
    const id = this.id;
    S.set(ev.B.subarray(0, m));
    Wsum[0] = 0;
    for (let k = 1; k < m; k++) {
      Wsum[k] = Wsum[k - 1] + (S[k] - (S[k - 1] + svc[route[k - 1]] + legTime[k]));
    }
    for (let k = 0; k < m; k++) {
      // Room up to the latest start as the exact test reads it (TIME_EPS included); never
      // negative for a schedule that test accepted.
      WT[k] = l[route[k]] + TIME_EPS - S[k] + Wsum[k];
      PA[k] = m;
      RT[k] = Infinity;
    }
    for (let b = 1; b < m - 1; b++) {
      const r = route[b] - nReq;
      if (r < 0 || r >= nReq || stamp[r] !== id) continue;
      const a = pos[r];
      // A ride the exact test accepted can be over its limit by its 1e-9 lift tolerance.
      const room = maxRide[r] - (S[b] - S[a] - svc[r]);
      PA[b] = a;
      RT[b] = (room > 0 ? room : 0) + Wsum[b];
    }
    // delayRoom[k]: windows from k on, rides on board across the leg into k, the duration.
    const durRoom = this.ci.maxDur[v] - (S[m - 1] - S[0]);
    let suffix = (durRoom > 0 ? durRoom : 0) + Wsum[m - 1];
    for (let k = m - 1; k >= 0; k--) {
      if (WT[k] < suffix) suffix = WT[k];
      FS[k] = suffix;
    }
    for (let b = 1; b < m - 1; b++) {
      const a = PA[b];
      if (a === m) continue;
      const t = RT[b];
      for (let k = a + 1; k <= b; k++) if (t < FS[k]) FS[k] = t;
    }
    for (let k = 0; k < m; k++) FS[k] -= Wsum[k];
    return true;
  }

  /**
   * True when request r, pickup after position i and drop-off after j (drop-off only for a
   * rider on board), surely has a schedule in the prepared route: the least schedule S with the
   * pickup's and the drop-off's pushes is one. The pickup goes at its earliest, later when the
   * rider would otherwise wait too long at the drop-off. False means "not known", not "no".
   * Loads are not looked at: the insertion screen checks them.
   */
  surelyFits(r: number, i: number, j: number): boolean {
    if (this.hasLeast === 0 || (this.hasLeast < 0 && !this.prepareLeast())) return false;
    const { e, l, svc, loc, locTime, nLoc, nReq, maxRide, onBoard } = this.ci;
    const route = this.route;
    const S = this.least;
    const Wsum = this.waitSum;
    const d = nReq + r;
    const rowD = loc[d] * nLoc;
    const nodeJ = route[j];
    const after = route[j + 1];
    const tjd = locTime[loc[nodeJ] * nLoc + loc[d]];
    const tdn = locTime[rowD + loc[after]];
    if (onBoard[r]) {
      let bd = S[j] + svc[nodeJ] + tjd;
      if (bd < e[d]) bd = e[d];
      return bd <= l[d] && bd + svc[d] + tdn - S[j + 1] <= this.delayRoom[j + 1] - MARGIN;
    }
    const p = r;
    const sp = svc[p];
    const nodeI = route[i];
    const rowP = loc[p] * nLoc;
    let bp = S[i] + svc[nodeI] + locTime[loc[nodeI] * nLoc + loc[p]];
    if (bp < e[p]) bp = e[p];
    if (bp > l[p]) return false;
    let bd: number;
    if (i === j) {
      bd = bp + sp + locTime[rowP + loc[d]];
      if (bd < e[d]) bd = e[d];
      if (bd > l[d]) return false;
      // Waiting at the drop-off makes the ride long: pick up later instead.
      const late = bd - bp - sp - (maxRide[r] - MARGIN);
      if (late > 0 && (bp + late > l[p] || bp + late + sp + locTime[rowP + loc[d]] > bd)) {
        return false;
      }
    } else {
      // The pickup's push at i + 1 must fit the room of positions i + 1..j: their windows and
      // the rides of riders picked up before it.
      const WT = this.windowTerm;
      const PA = this.pickupAt;
      const RT = this.rideTerm;
      let room = Infinity;
      for (let x = i + 1; x <= j; x++) {
        if (WT[x] < room) room = WT[x];
        if (PA[x] <= i && RT[x] < room) room = RT[x];
      }
      const wait1 = Wsum[i + 1];
      room -= wait1 + MARGIN;
      const pushP = bp + sp + locTime[rowP + loc[route[i + 1]]] - S[i + 1];
      if (pushP > room) return false;
      const absorbed = Wsum[j] - wait1;
      const left = pushP - absorbed;
      bd = S[j] + (left > 0 ? left : 0) + svc[nodeJ] + tjd;
      if (bd < e[d]) bd = e[d];
      if (bd > l[d]) return false;
      const late = bd - bp - sp - (maxRide[r] - MARGIN);
      if (late > 0) {
        // Later pickup: still within its window and the room, and not moving the drop-off.
        if (bp + late > l[p] || pushP + late > room) return false;
        const leftL = pushP + late - absorbed;
        let bdL = S[j] + (leftL > 0 ? leftL : 0) + svc[nodeJ] + tjd;
        if (bdL < e[d]) bdL = e[d];
        if (bdL > bd) return false;
      }
    }
    return bd + svc[d] + tdn - S[j + 1] <= this.delayRoom[j + 1] - MARGIN;
  }
}
