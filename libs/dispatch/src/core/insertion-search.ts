import { TRIP_TALLY_SIZE, TripTally } from '@app/domain';
import {
  detoursNeverShorten,
  foldNode,
  KINDS as KINDS_EXPORT,
  type CompiledInstance,
} from './compiled-instance';
import { RouteEvaluator, TIME_EPS as TIME_EPS_EXPORT } from './route-evaluator';
import { RouteSlack } from './route-slack';
import { freshArrays, type ArraySource } from './scratch-arena';

// Module-local copies: an imported binding can compile to a getter call per read (esbuild's
// CommonJS output), which cost about a third of the search's time in its innermost loops.
const KINDS = KINDS_EXPORT;
const TIME_EPS = TIME_EPS_EXPORT;
/** Candidates tried by picking the least before the rest are sorted. */
const SELECT_TRIES = 4;

/** Best feasible insertion of one request into one route. */
export interface InsertionResult {
  delta: number;
  /** Pickup goes after position i, drop-off after position j (j >= i, both in the old route). */
  i: number;
  j: number;
}

/**
 * Best insertion of a request into one route. An O(n) pass per route computes the earliest
 * (forward) and latest (backward) service starts and the loads, so each pickup/drop-off position
 * pair is screened in O(1) for windows, capacity of every kind and a ride-time lower bound
 * (forward time slack, Savelsbergh 1992). The same pass keeps, per leg, the least ride-time slack
 * (limit minus travel and service, waiting left out) of the riders on board across it and the
 * route's duration slack: a detour longer than that breaks a limit whatever the schedule, so the
 * screen drops it too (on the pr-set about nine in ten of the candidates the exact test used to
 * reject). Survivors are confirmed cheapest first, by a sufficient O(j - i) test on the route's
 * least schedule where it can ({@link RouteSlack.surelyFits}), else by the exact test
 * ({@link RouteEvaluator.hasSchedule}); the first that passes is the route's best. The screens
 * only drop candidates the exact test would reject and the sufficient test only accepts ones it
 * would accept, so the answer is the one the exact test alone would give.
 */
export class InsertionSearch {
  readonly evaluator: RouteEvaluator;
  private readonly earliest: Float64Array;
  private readonly latest: Float64Array;
  private readonly loadAfter: Int32Array;
  /**
   * Trips of the prepared route ({@link TripTally}), only with a pooling incentive: the tally's
   * state after each position, riders on and off per position, per position the riders on and
   * off from it to the end of its visit and the trips of the visits after that one, and in all.
   * A candidate's trips are then the state before its pickup, its stops folded in, the rest of
   * the visit its drop-off is put into, and the trips after it: exact in O(1) per candidate.
   */
  private readonly tallyAt: Float64Array;
  private readonly boardAt: Int32Array;
  private readonly alightAt: Int32Array;
  private readonly restBoard: Int32Array;
  private readonly restAlight: Int32Array;
  private readonly tripsAfter: Int32Array;
  private routeTrips = 0;
  private readonly tallyP = new TripTally();
  private readonly tallyM = new TripTally();
  private readonly tallyT = new TripTally();
  /** Per position of the prepared route: compact location, and time and cost of the leg in. */
  private readonly routeLoc: Int32Array;
  /** Per position of the prepared route: earliest start and service time of its node. */
  private readonly routeE: Float64Array;
  private readonly routeSvc: Float64Array;
  private readonly legTime: Float64Array;
  private readonly legCost: Float64Array;
  /** Slack figures of the prepared route. */
  private readonly slack: RouteSlack;
  private candDelta = new Float64Array(0);
  private candI = new Int32Array(0);
  private candJ = new Int32Array(0);
  /** {@link detoursNeverShorten} of the instance, once asked. */
  private metric: boolean | undefined;
  /** Whether the prepared route keeps within the vehicle's places. */
  private loadsOk = true;
  /** Positions of the last insertion {@link bestPreparedDelta} found. */
  foundI = -1;
  foundJ = -1;
  private order = new Int32Array(0);
  private readonly trial: Int32Array;

  constructor(
    private readonly ci: CompiledInstance,
    arrays: ArraySource = freshArrays,
  ) {
    const m = 2 * ci.nReq + 4;
    this.evaluator = new RouteEvaluator(ci, arrays);
    this.earliest = arrays.float64(m);
    this.latest = arrays.float64(m);
    this.loadAfter = arrays.int32(m * KINDS);
    this.tallyAt = arrays.float64(m * TRIP_TALLY_SIZE);
    this.boardAt = arrays.int32(m);
    this.alightAt = arrays.int32(m);
    this.restBoard = arrays.int32(m);
    this.restAlight = arrays.int32(m);
    this.tripsAfter = arrays.int32(m);
    this.routeLoc = arrays.int32(m);
    this.routeE = arrays.float64(m);
    this.routeSvc = arrays.float64(m);
    this.legTime = arrays.float64(m);
    this.legCost = arrays.float64(m);
    this.slack = new RouteSlack(ci, arrays);
    this.trial = arrays.int32(m);
  }

  /**
   * Cheapest feasible insertion of request r into `route` of vehicle v with added cost below
   * `bound`, or null. Requests already on board only need their drop-off placed.
   */
  best(r: number, v: number, route: readonly number[], bound = Infinity): InsertionResult | null {
    const ci = this.ci;
    if (ci.fixedVehicle[r] >= 0 && ci.fixedVehicle[r] !== v) return null;
    const cap0 = ci.cap[v * KINDS];
    const cap1 = ci.cap[v * KINDS + 1];
    const p = r;
    const q0 = ci.load[p * KINDS];
    const q1 = ci.load[p * KINDS + 1];
    if (!ci.onBoard[r] && (q0 > cap0 || q1 > cap1)) return null;
    this.prepare(route);
    // One request per route: the sufficient test's figures would cost about what they save.
    const delta = this.searchPrepared(r, v, route, bound, false);
    return delta === Infinity ? null : { delta, i: this.foundI, j: this.foundJ };
  }

  /**
   * {@link best} for the route last given to {@link prepare}, for the repair loop, which
   * prepares a changed route once and then asks for every pending request: the added cost, or
   * Infinity when the request fits nowhere; the positions are left in {@link foundI} and
   * {@link foundJ} (no object per answer).
   */
  bestPreparedDelta(r: number, v: number, route: readonly number[], bound = Infinity): number {
    return this.searchPrepared(r, v, route, bound, true);
  }

  /** With `sufficient`, candidates go to {@link RouteSlack.surelyFits} before the exact test. */
  private searchPrepared(
    r: number,
    v: number,
    route: readonly number[],
    bound: number,
    sufficient: boolean,
  ): number {
    const ci = this.ci;
    if (ci.fixedVehicle[r] >= 0 && ci.fixedVehicle[r] !== v) return Infinity;
    const cap0 = ci.cap[v * KINDS];
    const cap1 = ci.cap[v * KINDS + 1];
    const q0 = ci.load[r * KINDS];
    const q1 = ci.load[r * KINDS + 1];
    if (!ci.onBoard[r] && (q0 > cap0 || q1 > cap1)) return Infinity;
    // The screen checks the added load only; a route over capacity takes no new rider. (A rider
    // on board whose drop-off is missing overloads the route until it is placed: the exact test
    // checks those loads.)
    if (!this.loadsOk && !ci.onBoard[r]) return Infinity;
    const n = ci.onBoard[r]
      ? this.screenDropOnly(r, route, bound)
      : this.screen(r, route, bound, cap0, cap1);
    if (n === 0) return Infinity;
    // Cheapest first, ties in screening order (what a stable sort gives). The first or second
    // candidate nearly always passes, so picking the least one at a time beats sorting them all;
    // after a few misses the rest are sorted.
    const delta = this.candDelta;
    for (let tries = 0; tries < SELECT_TRIES; tries++) {
      let c = -1;
      let least = Infinity;
      for (let k = 0; k < n; k++) {
        if (delta[k] < least) {
          least = delta[k];
          c = k;
        }
      }
      if (c < 0) return Infinity;
      delta[c] = Infinity; // tried
      if (this.fits(r, v, route, c, sufficient)) return least;
    }
    const order = this.order;
    let left = 0;
    for (let k = 0; k < n; k++) if (delta[k] < Infinity) order[left++] = k;
    const rest = order.subarray(0, left);
    rest.sort((a, b) => delta[a] - delta[b] || a - b);
    for (let k = 0; k < left; k++) {
      const c = rest[k];
      if (this.fits(r, v, route, c, sufficient)) return delta[c];
    }
    return Infinity;
  }

  /**
   * Whether candidate c has a schedule: the sufficient test where it answers, else the exact
   * one (capacity needs no second look for a new rider: the screen checked it). Keeps the
   * positions on success.
   */
  private fits(
    r: number,
    v: number,
    route: readonly number[],
    c: number,
    sufficient: boolean,
  ): boolean {
    const i = this.candI[c];
    const j = this.candJ[c];
    this.foundI = i;
    this.foundJ = j;
    if (sufficient && this.slack.surelyFits(r, i, j)) return true;
    const len = this.buildTrial(r, route, i, j);
    return this.ci.onBoard[r]
      ? this.evaluator.hasSchedule(this.trial, len, v)
      : this.evaluator.hasScheduleWithinCapacity(this.trial, len, v);
  }

  /** Writes the route with the request inserted into `trial`; returns its length. */
  buildTrial(r: number, route: readonly number[], i: number, j: number): number {
    const t = this.trial;
    const ci = this.ci;
    let w = 0;
    const m = route.length;
    for (let k = 0; k < m; k++) {
      if (k === i + 1 && !ci.onBoard[r]) t[w++] = r;
      if (k === j + 1) t[w++] = ci.nReq + r;
      t[w++] = route[k];
    }
    return w;
  }

  get trialRoute(): Int32Array {
    return this.trial;
  }

  /**
   * Earliest and latest service starts, leg times, loads, and ride-time and duration slacks of
   * `route`, for the screens.
   */
  prepare(route: readonly number[], many = false): void {
    const { e, l, svc, load, loc, locTime, locCost, nLoc } = this.ci;
    const m = route.length;
    const E = this.earliest;
    const L = this.latest;
    const RL = this.routeLoc;
    const LT = this.legTime;
    const LC = this.legCost;
    const RE = this.routeE;
    const RS = this.routeSvc;
    RL[0] = loc[route[0]];
    E[0] = e[route[0]];
    RE[0] = e[route[0]];
    RS[0] = svc[route[0]];
    for (let k = 1; k < m; k++) {
      RL[k] = loc[route[k]];
      RE[k] = e[route[k]];
      RS[k] = svc[route[k]];
      const arc = RL[k - 1] * nLoc + RL[k];
      LT[k] = locTime[arc];
      LC[k] = locCost[arc];
      const a = E[k - 1] + svc[route[k - 1]] + LT[k];
      E[k] = a < e[route[k]] ? e[route[k]] : a;
    }
    L[m - 1] = l[route[m - 1]];
    for (let k = m - 2; k >= 0; k--) {
      const b = L[k + 1] - svc[route[k]] - LT[k + 1];
      L[k] = b < l[route[k]] ? b : l[route[k]];
    }
    const v = (route[0] - 2 * this.ci.nReq) >> 1;
    const c0 = this.ci.cap[v * KINDS];
    const c1 = this.ci.cap[v * KINDS + 1];
    let a0 = 0;
    let a1 = 0;
    let loadsOk = true;
    for (let k = 0; k < m; k++) {
      a0 += load[route[k] * KINDS];
      a1 += load[route[k] * KINDS + 1];
      if (a0 > c0 || a1 > c1) loadsOk = false;
      this.loadAfter[k * KINDS] = a0;
      this.loadAfter[k * KINDS + 1] = a1;
    }
    this.loadsOk = loadsOk;
    if (this.ci.tripCost) this.prepareTrips(route);
    this.slack.prepare(route, v, LT, this.evaluator);
    if (many && this.leastBoundsInsertions() && this.slack.ensureLeast()) {
      // Riders' ride limits lift the route's least schedule above its earliest one; where no
      // insertion shortens a leg, it bounds every schedule with an insertion from below too, so
      // the screen starts from it.
      const S = this.slack.least;
      for (let k = 0; k < m; k++) {
        E[k] = S[k];
        RE[k] = S[k];
      }
    }
  }

  /** The trip figures of `route` (see {@link tallyAt}). */
  private prepareTrips(route: readonly number[]): void {
    const { load } = this.ci;
    const m = route.length;
    const t = this.tallyT;
    const RL = this.routeLoc;
    t.reset();
    for (let k = 0; k < m; k++) {
      const change = load[route[k] * KINDS] + load[route[k] * KINDS + 1];
      this.boardAt[k] = change > 0 ? change : 0;
      this.alightAt[k] = change < 0 ? -change : 0;
      t.stop(RL[k], this.boardAt[k], this.alightAt[k]);
      t.save(this.tallyAt, k * TRIP_TALLY_SIZE);
      // Trips up to the end of k's visit, if it ends here; filled in backwards below.
      this.tripsAfter[k] = t.trips;
    }
    const total = t.trips;
    this.routeTrips = total;
    let board = 0;
    let alight = 0;
    let after = 0;
    for (let k = m - 1; k >= 0; k--) {
      if (k === m - 1 || RL[k + 1] !== RL[k]) {
        board = 0;
        alight = 0;
        after = total - this.tripsAfter[k];
      }
      board += this.boardAt[k];
      alight += this.alightAt[k];
      this.restBoard[k] = board;
      this.restAlight[k] = alight;
      this.tripsAfter[k] = after;
    }
  }

  /**
   * Change in trips when the drop-off of a rider of `q` places at `locD` goes before position k,
   * `from` holding the tally of the new route up to there.
   */
  private tripsWithDropBefore(from: TripTally, locD: number, q: number, k: number): number {
    const t = this.tallyT;
    t.copyFrom(from);
    t.stop(locD, 0, q);
    t.stop(this.routeLoc[k], this.restBoard[k], this.restAlight[k]);
    return t.trips + this.tripsAfter[k] - this.routeTrips;
  }

  /**
   * Change in trips when drop-off node d of a rider on board goes after position j: the rest of
   * the route rides with fewer aboard than prepared, so it is folded in again, O(m - j) (only a
   * rider on board whose drop-off was taken out has it placed this way).
   */
  private tripsWithLateDrop(d: number, j: number, m: number): number {
    const t = this.tallyT;
    t.restore(this.tallyAt, j * TRIP_TALLY_SIZE);
    foldNode(this.ci, t, d);
    for (let k = j + 1; k < m; k++) t.stop(this.routeLoc[k], this.boardAt[k], this.alightAt[k]);
    return t.trips - this.routeTrips;
  }

  private leastBoundsInsertions(): boolean {
    this.metric ??= detoursNeverShorten(this.ci);
    return this.metric;
  }

  private screen(
    r: number,
    route: readonly number[],
    bound: number,
    c0: number,
    c1: number,
  ): number {
    const ci = this.ci;
    const { e, l, svc, loc, locTime: time, locCost: cost, nLoc } = ci;
    const E = this.earliest;
    const L = this.latest;
    const LA = this.loadAfter;
    const RL = this.routeLoc;
    const RE = this.routeE;
    const RS = this.routeSvc;
    const LT = this.legTime;
    const LC = this.legCost;
    const p = r;
    const d = ci.nReq + r;
    const q0 = ci.load[p * KINDS];
    const q1 = ci.load[p * KINDS + 1];
    const maxRide = ci.maxRide[r];
    // Known only where the repair loop asked (the check costs O(nLoc³)); unknown counts as no.
    const monotoneRides = this.metric === true;
    const m = route.length;
    const ep = e[p];
    const lp = l[p];
    const ed = e[d];
    const ld = l[d];
    const sp = svc[p];
    const sd = svc[d];
    const locP = loc[p];
    const locD = loc[d];
    const rowP = locP * nLoc;
    const rowD = locD * nLoc;
    const tpd = time[rowP + locD];
    const cpd = cost[rowP + locD];
    // Pooling incentive: the change in trips, exact (see tallyAt).
    const tripCost = ci.tripCost;
    const q = q0 + q1;
    const TP = this.tallyP;
    const TM = this.tallyM;
    const G = this.slack.rideSlack;
    const GA = this.slack.slackFrom;
    const GB = this.slack.slackTo;
    const durSlack = this.slack.durationSlack + TIME_EPS;
    let n = 0;
    for (let i = this.firstReachable(ep, m); i < m - 1; i++) {
      if (E[i] > lp + TIME_EPS) break; // later positions are reached even later
      if (LA[i * KINDS] + q0 > c0 || LA[i * KINDS + 1] + q1 > c1) continue;
      const rowA = RL[i] * nLoc;
      const locB = RL[i + 1];
      let bp = E[i] + RS[i] + time[rowA + locP];
      if (bp < ep) bp = ep;
      if (bp > lp + TIME_EPS) continue;
      const dCostP = cost[rowA + locP] - LC[i + 1];
      if (tripCost) {
        TP.restore(this.tallyAt, i * TRIP_TALLY_SIZE);
        TP.stop(locP, q, 0);
      }
      const tap = time[rowA + locP];
      const slackI = G[i] + TIME_EPS;
      // Drop-off right after the pickup.
      {
        let bd = bp + sp + tpd;
        if (bd < ed) bd = ed;
        let delta = dCostP + cpd + cost[rowD + locB];
        if (tripCost) delta += tripCost * this.tripsWithDropBefore(TP, locD, q, i + 1);
        const detour = tap + sp + tpd + sd + time[rowD + locB] - LT[i + 1];
        if (bd <= ld + TIME_EPS && delta < bound && detour <= slackI && detour <= durSlack) {
          let bb = bd + sd + time[rowD + locB];
          if (bb < RE[i + 1]) bb = RE[i + 1];
          if (bb <= L[i + 1] + TIME_EPS) n = this.push(n, delta, i, i);
        }
      }
      // Drop-off later: walk the pushed earliest times forward.
      // Each leg's tightest rider: one on board across both detours gets both (a detour can be
      // negative where travel times break the triangle inequality), the others one of them.
      // When leg i's rider cannot take the pickup's detour, only drop-offs before its own can
      // still help it (by a negative detour).
      const detourP = tap + sp + time[rowP + locB] - LT[i + 1];
      const slackIto = GB[i];
      const jEnd = detourP > slackI ? slackIto : m - 1;
      let prevB = bp;
      let prevSvc = sp; // service before the leg into j
      let chainSvc = 0; // the same, counted in the ride (the pickup's own is not)
      let tt = time[rowP + locB]; // the leg into j: from the new pickup first, then the route's
      let chain = 0; // ride-time lower bound up to j: travel and service, no waiting
      const dCostP2 = dCostP + cost[rowP + locB];
      if (tripCost) TM.copyFrom(TP);
      for (let j = i + 1; j < jEnd; j++) {
        if (tripCost) TM.stop(RL[j], this.boardAt[j], this.alightAt[j]);
        let bj = prevB + prevSvc + tt;
        chain += chainSvc + tt;
        if (bj < RE[j]) bj = RE[j];
        if (bj > L[j] + TIME_EPS) break;
        if (LA[j * KINDS] + q0 > c0 || LA[j * KINDS + 1] + q1 > c1) break;
        if (bj > ld + TIME_EPS) break;
        const svcJ = RS[j];
        const rowJ = RL[j] * nLoc;
        const tjd = time[rowJ + locD];
        // The ride's lower bound only grows along the route when no stop shortens a leg; where
        // one can, a later drop-off may still be within the limit.
        const rideTooLong = chain + svcJ + tjd > maxRide + TIME_EPS;
        if (rideTooLong && monotoneRides) break;
        let bd = bj + svcJ + tjd;
        if (bd < ed) bd = ed;
        const tdn = time[rowD + RL[j + 1]];
        const detourD = tjd + sd + tdn - LT[j + 1];
        const both = detourP + detourD;
        if (
          !rideTooLong &&
          bd <= ld + TIME_EPS &&
          (GA[j] > i ? detourD : both) <= G[j] + TIME_EPS &&
          both <= durSlack &&
          (slackIto <= j || both <= slackI)
        ) {
          let delta = dCostP2 + cost[rowJ + locD] + cost[rowD + RL[j + 1]] - LC[j + 1];
          if (tripCost) delta += tripCost * this.tripsWithDropBefore(TM, locD, q, j + 1);
          if (delta < bound) {
            let bb = bd + sd + tdn;
            if (bb < RE[j + 1]) bb = RE[j + 1];
            if (bb <= L[j + 1] + TIME_EPS) n = this.push(n, delta, i, j);
          }
        }
        prevB = bj;
        prevSvc = svcJ;
        chainSvc = svcJ;
        tt = LT[j + 1];
      }
    }
    return n;
  }

  private screenDropOnly(r: number, route: readonly number[], bound: number): number {
    const { e, l, svc, loc, locTime: time, locCost: cost, nLoc } = this.ci;
    const d = this.ci.nReq + r;
    const E = this.earliest;
    const L = this.latest;
    const RL = this.routeLoc;
    const LC = this.legCost;
    const locD = loc[d];
    const rowD = locD * nLoc;
    const G = this.slack.rideSlack;
    const durSlack = this.slack.durationSlack + TIME_EPS;
    const tripCost = this.ci.tripCost;
    let n = 0;
    for (let j = this.firstReachable(e[d], route.length); j < route.length - 1; j++) {
      const a = route[j];
      const b = route[j + 1];
      if (E[j] > l[d] + TIME_EPS) break;
      const rowA = RL[j] * nLoc;
      let bd = E[j] + svc[a] + time[rowA + locD];
      if (bd < e[d]) bd = e[d];
      if (bd > l[d] + TIME_EPS) continue;
      let bb = bd + svc[d] + time[rowD + RL[j + 1]];
      if (bb < e[b]) bb = e[b];
      if (bb > L[j + 1] + TIME_EPS) continue;
      const detour = time[rowA + locD] + svc[d] + time[rowD + RL[j + 1]] - this.legTime[j + 1];
      if (detour > G[j] + TIME_EPS || detour > durSlack) continue;
      let delta = cost[rowA + locD] + cost[rowD + RL[j + 1]] - LC[j + 1];
      if (tripCost) delta += tripCost * this.tripsWithLateDrop(d, j, route.length);
      if (delta < bound) n = this.push(n, delta, j, j);
    }
    return n;
  }

  /**
   * First position i after which a stop served no earlier than `earliest` can go: position i + 1
   * must still be reachable after it, so its latest start must not be earlier. Latest starts rise
   * along the route, so a binary search skips the part of the route (often most of a day's) that
   * ends before the request's window opens.
   */
  private firstReachable(earliest: number, m: number): number {
    const L = this.latest;
    const limit = earliest - TIME_EPS;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (L[mid + 1] < limit) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private push(n: number, delta: number, i: number, j: number): number {
    if (n === this.candDelta.length) this.grow();
    this.candDelta[n] = delta;
    this.candI[n] = i;
    this.candJ[n] = j;
    return n + 1;
  }

  /**
   * Doubles the candidate buffers. Grown on demand rather than sized m² per route: a day's route
   * online holds a hundred stops or more, while the screen passes only a few dozen positions.
   */
  private grow(): void {
    const size = Math.max(64, 2 * this.candDelta.length);
    const delta = new Float64Array(size);
    const ci = new Int32Array(size);
    const cj = new Int32Array(size);
    delta.set(this.candDelta);
    ci.set(this.candI);
    cj.set(this.candJ);
    this.candDelta = delta;
    this.candI = ci;
    this.candJ = cj;
    this.order = new Int32Array(size);
  }
}
