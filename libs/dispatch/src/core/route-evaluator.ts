import { KINDS as KINDS_EXPORT, type CompiledInstance } from './compiled-instance';
import { freshArrays, type ArraySource } from './scratch-arena';

/** Module-local copy: an imported binding can compile to a getter call per read. */
const KINDS = KINDS_EXPORT;

/** Tolerance on every time comparison; Euclidean costs make tight constraints land at ±1e-13. */
export const TIME_EPS = 1e-6;

/**
 * Exact schedule test for one fixed stop sequence: the eight-step scheduling procedure of
 * Cordeau & Laporte (2003), as restated in Cordeau (2006, section 3). It starts from the
 * earliest schedule, delays the departure from the start by the forward time slack
 * (Savelsbergh 1992) to shorten the route, then delays each pickup by its forward slack to
 * shorten ride times without breaking a window. When it answers "feasible", the times left in
 * `B` are a schedule that meets every window, ride-time limit, duration limit and capacity.
 *
 * Scratch arrays are owned by the evaluator, so one evaluation allocates nothing.
 */
export class RouteEvaluator {
  /** Start of service per position of the last evaluated route. */
  B: Float64Array;
  /** Waiting before service per position of the last evaluated route. */
  W: Float64Array;
  /** Travel time into each position of the last evaluated route (from the one before). */
  private readonly legT: Float64Array;
  private readonly pos: Int32Array;
  private readonly stamp: Int32Array;
  private evalId = 0;
  /** Count of full evaluations, for the benchmark's statistics. */
  evaluations = 0;
  /** Count of sequences the eight-step procedure rejected and the exact fallback re-examined. */
  fallbacks = 0;

  constructor(
    private readonly ci: CompiledInstance,
    arrays: ArraySource = freshArrays,
  ) {
    const cap = 2 * ci.nReq + 4;
    this.B = arrays.float64(cap);
    this.W = arrays.float64(cap);
    this.legT = arrays.float64(cap);
    this.pos = arrays.int32(ci.nNodes);
    this.stamp = arrays.int32(ci.nNodes);
  }

  /**
   * True when the sequence `route[0..m)` (start node, stops, end node) of vehicle `v` has a
   * feasible schedule; the schedule is then in {@link B}.
   */
  feasible(route: ArrayLike<number>, m: number, v: number): boolean {
    const ci = this.ci;
    this.evaluations++;
    if (!this.capacityOk(route, m, v)) return false;
    const { e, l, svc, loc, locTime, nLoc } = ci;
    const B = this.B;
    const W = this.W;
    const T = this.legT;
    const id = ++this.evalId;
    const nReq = ci.nReq;
    // Steps 1-2: earliest schedule; a window broken here cannot be repaired by waiting. The leg
    // times are kept for the later passes, which then skip the location lookups.
    let prev = route[0];
    let prevRow = loc[prev] * nLoc;
    B[0] = e[prev];
    W[0] = 0;
    for (let i = 1; i < m; i++) {
      const node = route[i];
      const ln = loc[node];
      const t = locTime[prevRow + ln];
      T[i] = t;
      prevRow = ln * nLoc;
      const a = B[i - 1] + svc[prev] + t;
      const b = a < e[node] ? e[node] : a;
      if (b > l[node] + TIME_EPS) return false;
      W[i] = b - a;
      B[i] = b;
      if (node < nReq) {
        this.pos[node] = i;
        this.stamp[node] = id;
      }
      prev = node;
    }
    // Steps 3-5: delay the departure by min(F_0, total waiting) to minimise route duration.
    let slack = l[route[0]] - B[0];
    let sumW = 0;
    for (let i = 1; i < m; i++) {
      sumW += W[i];
      const s = sumW + l[route[i]] - B[i];
      if (s < slack) slack = s;
    }
    const shift = slack < sumW ? slack : sumW;
    if (shift > 0) {
      B[0] += shift;
      this.propagate(route, m, 1);
    }
    if (this.durationAndRidesOk(route, m, v, id)) return true;
    // Steps 6-7: delay each pickup by its forward slack to cut the ride times of later users.
    for (let j = 1; j < m - 1; j++) {
      if (route[j] >= nReq) continue;
      let f = Infinity;
      let w = 0;
      for (let k = j; k < m; k++) {
        if (k > j) w += W[k];
        const node = route[k];
        let s = l[node] - B[k];
        if (node >= nReq && node < 2 * nReq) {
          const p = node - nReq;
          if (this.stamp[p] === id && this.pos[p] < j) {
            const ride = B[k] - B[this.pos[p]] - svc[p];
            const rs = ci.maxRide[p] - ride;
            if (rs < s) s = rs;
          }
        }
        const val = w + (s > 0 ? s : 0);
        if (val < f) f = val;
      }
      const delay = f < w ? f : w;
      if (delay > 0) {
        B[j] += delay;
        W[j] += delay;
        this.propagate(route, m, j + 1);
      }
    }
    // Step 8: the delays kept every window; ride times and duration decide.
    if (this.durationAndRidesOk(route, m, v, id)) return true;
    this.fallbacks++;
    return this.earliestFeasible(route, m, v, id);
  }

  /**
   * Exact yes/no answer for the sequence `route[0..m)` of vehicle `v`, cheaper than
   * {@link feasible} in the common case; used where only the decision matters (the insertion
   * search). Every constraint of a fixed sequence is a difference constraint `B_x >= B_y + c`
   * (travel and service, ride-time limits, the route-duration limit) plus the windows, so the
   * sequence is feasible exactly when the least solution of this simple temporal network (Dechter,
   * Meiri & Pearl 1991) stays within every latest start. The least solution is found by
   * label-correcting rounds: the earliest schedule first, then each violated ride or duration
   * limit lifts the earlier end and the change is pushed forward until nothing moves. Most
   * sequences settle after the first pass, where the eight-step procedure needs four passes and,
   * for about a third of the candidates, a quadratic one. Afterwards {@link B} holds the earliest
   * feasible schedule (not the ride-time-minimising one; use {@link feasible} for that).
   */
  hasSchedule(route: ArrayLike<number>, m: number, v: number): boolean {
    return this.capacityOk(route, m, v) && this.hasScheduleWithinCapacity(route, m, v);
  }

  /** {@link hasSchedule} for a sequence whose loads the caller has already checked. */
  hasScheduleWithinCapacity(route: ArrayLike<number>, m: number, v: number): boolean {
    const ci = this.ci;
    this.evaluations++;
    const { e, l, svc, loc, locTime, nLoc, nReq, maxRide } = ci;
    const B = this.B;
    const T = this.legT;
    const pos = this.pos;
    const stamp = this.stamp;
    const id = ++this.evalId;
    let prev = route[0];
    let prevRow = loc[prev] * nLoc;
    B[0] = e[prev];
    for (let i = 1; i < m; i++) {
      const node = route[i];
      const ln = loc[node];
      const t = locTime[prevRow + ln];
      T[i] = t;
      prevRow = ln * nLoc;
      const a = B[i - 1] + svc[prev] + t;
      const b = a < e[node] ? e[node] : a;
      if (b > l[node] + TIME_EPS) return false;
      B[i] = b;
      if (node < nReq) {
        pos[node] = i;
        stamp[node] = id;
      }
      prev = node;
    }
    const maxDur = ci.maxDur[v];
    for (let round = 0; round <= m + 1; round++) {
      // Lift the start of every ride whose limit is broken, remembering the first lifted place.
      let from = m;
      const need0 = B[m - 1] - maxDur;
      if (need0 > B[0] + 1e-9) {
        if (need0 > l[route[0]] + TIME_EPS) return false;
        B[0] = need0;
        from = 1;
      }
      for (let k = 2; k < m - 1; k++) {
        const node = route[k];
        if (node < nReq || node >= 2 * nReq) continue;
        const p = node - nReq;
        if (stamp[p] !== id) continue;
        const pp = pos[p];
        const need = B[k] - maxRide[p] - svc[p];
        if (need > B[pp] + 1e-9) {
          if (need > l[p] + TIME_EPS) return false;
          B[pp] = need;
          if (pp + 1 < from) from = pp + 1;
        }
      }
      if (from === m) return true;
      // Push the lifted starts forward; a place that does not move stops the chain there, but a
      // later lifted place may start a new one, so the whole tail is walked.
      for (let i = from; i < m; i++) {
        const a = B[i - 1] + svc[route[i - 1]] + T[i];
        if (a <= B[i]) continue;
        if (a > l[route[i]] + TIME_EPS) return false;
        B[i] = a;
      }
    }
    return false;
  }

  /**
   * Exact fallback. The eight-step procedure is a heuristic for ride times: it can reject a
   * sequence that has a schedule (about one optimal Cordeau route in twenty). This computes the
   * least fixpoint of the lower bounds (earliest schedule) of the route's simple temporal network
   * by Bellman-Ford rounds; it exists exactly when the sequence is feasible.
   */
  private earliestFeasible(route: ArrayLike<number>, m: number, v: number, id: number): boolean {
    const ci = this.ci;
    const { e, l, svc, nReq, maxRide } = ci;
    const B = this.B;
    const T = this.legT;
    B[0] = e[route[0]];
    let from = 1;
    for (let round = 0; round <= m + 1; round++) {
      for (let i = from; i < m; i++) {
        const prev = route[i - 1];
        const node = route[i];
        const a = B[i - 1] + svc[prev] + T[i];
        let b = round === 0 ? e[node] : B[i];
        if (a > b) b = a;
        if (b > l[node] + TIME_EPS) return false;
        B[i] = b;
      }
      from = m;
      const need0 = B[m - 1] - ci.maxDur[v];
      if (need0 > B[0] + 1e-9) {
        if (need0 > l[route[0]] + TIME_EPS) return false;
        B[0] = need0;
        from = 1;
      }
      for (let k = 1; k < m - 1; k++) {
        const node = route[k];
        if (node < nReq || node >= 2 * nReq) continue;
        const p = node - nReq;
        if (this.stamp[p] !== id) continue;
        const pp = this.pos[p];
        const need = B[k] - maxRide[p] - svc[p];
        if (need > B[pp] + 1e-9) {
          if (need > l[p] + TIME_EPS) return false;
          B[pp] = need;
          if (pp + 1 < from) from = pp + 1;
        }
      }
      if (from === m) {
        for (let i = 1; i < m; i++) {
          const prev = route[i - 1];
          this.W[i] = B[i] - (B[i - 1] + svc[prev] + T[i]);
        }
        return true;
      }
    }
    return false;
  }

  private capacityOk(route: ArrayLike<number>, m: number, v: number): boolean {
    const load = this.ci.load;
    const c0 = this.ci.cap[v * KINDS];
    const c1 = this.ci.cap[v * KINDS + 1];
    let q0 = 0;
    let q1 = 0;
    for (let i = 0; i < m; i++) {
      const n = route[i] * KINDS;
      q0 += load[n];
      q1 += load[n + 1];
      if (q0 > c0 || q1 > c1) return false;
    }
    return true;
  }

  /**
   * Re-times positions from `from` on after an earlier service start moved later; the leg times
   * are those the first pass of {@link feasible} stored.
   */
  private propagate(route: ArrayLike<number>, m: number, from: number): void {
    const { e, svc } = this.ci;
    const B = this.B;
    const W = this.W;
    const T = this.legT;
    for (let i = from; i < m; i++) {
      const prev = route[i - 1];
      const node = route[i];
      const a = B[i - 1] + svc[prev] + T[i];
      const b = a < e[node] ? e[node] : a;
      // The wait shrinks even where the start of service stays put; only then can we stop.
      W[i] = b - a;
      if (b === B[i]) break;
      B[i] = b;
    }
  }

  private durationAndRidesOk(route: ArrayLike<number>, m: number, v: number, id: number): boolean {
    const ci = this.ci;
    const B = this.B;
    if (B[m - 1] - B[0] > ci.maxDur[v] + TIME_EPS) return false;
    const nReq = ci.nReq;
    for (let k = 1; k < m - 1; k++) {
      const node = route[k];
      if (node < nReq || node >= 2 * nReq) continue;
      const p = node - nReq;
      if (this.stamp[p] !== id) continue;
      if (B[k] - B[this.pos[p]] - ci.svc[p] > ci.maxRide[p] + TIME_EPS) return false;
    }
    return true;
  }
}
