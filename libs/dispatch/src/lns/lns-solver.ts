import { detoursNeverShorten, maxArcCost, type CompiledInstance } from '../core/compiled-instance';
import { RouteEvaluator } from '../core/route-evaluator';
import { RouteSet } from '../core/route-set';
import { createRng, type Rng } from '../model/seeded-rng';
import {
  randomRemoval,
  relatedLists,
  shawRemoval,
  stringRemoval,
  worstRemoval,
  type RemovalOperator,
} from './removal-operators';
import { Repairer } from './repair-operators';
import { TwoOptStar } from './two-opt-star';
import { RoutePool } from '../pool/route-pool';
import type { SetPartitioner } from '../pool/set-partitioning.port';

/** Budget and seed of one search. At least one of `maxIterations` and `timeLimitMs` is needed. */
export interface LnsOptions {
  seed: number;
  maxIterations?: number;
  /** Wall-clock budget; requires `now`. */
  timeLimitMs?: number;
  /** Injected clock in milliseconds (e.g. `performance.now` in the benchmark). */
  now?: () => number;
  /** Requests removed per iteration, as fractions of the request count (defaults 0.05..0.3). */
  removeFraction?: [number, number];
  /** Start temperature: a solution this much worse (relative) is accepted with p = 0.5. */
  startWorse?: number;
  /**
   * Mixed-integer solver for the route pool; without one the pool is not kept. The routes of
   * accepted solutions are pooled and recombined once, at 93 % of the budget: earlier
   * recombinations restart the annealing from a deep local optimum and ended worse on the pr-set.
   */
  setPartitioner?: SetPartitioner;
  /** Budget of the recombination, seconds (default 5 % of the time limit, at most 3 s). */
  recombineTimeS?: number;
  /**
   * Iterations without a new best solution after which the search goes back to the best one
   * (default 0.3 n² for n requests, at least 1,500; 0 = never).
   */
  restartAfter?: number;
}

export interface LnsStats {
  iterations: number;
  improvements: number;
  /** Recombinations of the route pool that found a cheaper solution, of those run. */
  recombinations: { run: number; improved: number; poolSize: number };
  bestCost: number;
  unassigned: number;
  evaluations: number;
}

interface RepairVariant {
  k: number;
  noise: number;
}

const SEGMENT = 100;
const REACTION = 0.1;
const SCORE_BEST = 33;
const SCORE_BETTER = 9;
const SCORE_ACCEPTED = 13;
/**
 * Idle iterations before a restart from the best: 0.3 n² for n requests, at least 1,500. On the
 * hardest 60-70 request Cordeau instances (7 instances x 6 seeds, 15,000 iterations) the mean gap
 * fell from 0.98 % to 0.79 % with restarts after 1,500 (0.82 % after 700); on pr05/10/15/20
 * (120-144 requests, 60 s) restarts after 1,500 ended worse than none (2.91 % against 2.54 %),
 * after 6,000 better (2.63 % against 3.06 %, another run of the same: the noise is that large).
 */
function restartAfterDefault(nReq: number): number {
  return Math.max(1500, Math.round(0.3 * nReq * nReq));
}

/**
 * Adaptive large-neighbourhood search (Ropke & Pisinger 2006) with simulated-annealing
 * acceptance whose temperature falls geometrically with the spent share of the budget, and a
 * restart from the best solution after a run of iterations without a new best (the restarts of
 * Braekers et al. 2014's deterministic annealing): the annealing drifts into poorer regions of
 * the space and rarely comes back on its own within a short budget. Removal: random, worst,
 * Shaw, string (runs of consecutive stops); reinsertion: greedy and regret-2/3, each with and
 * without noise; then 2-opt* between routes ({@link TwoOptStar}) on every repaired solution. The result is never worse than `start`; no request assigned in `start` and
 * marked confirmed (or on board) is ever left out, because every candidate missing one is
 * rejected.
 */
export function runLns(
  ci: CompiledInstance,
  start: RouteSet,
  options: LnsOptions,
): { best: RouteSet; stats: LnsStats } {
  const rng: Rng = createRng(options.seed);
  const repairer = new Repairer(ci);
  const evaluator = new RouteEvaluator(ci);
  const related = relatedLists(ci);
  const removals: RemovalOperator[] = [
    randomRemoval,
    worstRemoval(ci),
    shawRemoval(ci, 6, related),
    stringRemoval(ci, related),
  ];
  const repairs: RepairVariant[] = [
    { k: 1, noise: 0 },
    { k: 2, noise: 0 },
    { k: 3, noise: 0 },
    { k: 1, noise: 0.025 },
    { k: 2, noise: 0.025 },
  ];
  const twoOpt = new TwoOptStar(ci, evaluator);
  const penalty = unassignedPenalty(ci);
  const objective = (rs: RouteSet): number => {
    let obj = rs.totalCost();
    for (let r = 0; r < ci.nReq; r++) {
      if (rs.vehicleOf[r] < 0) obj += ci.confirmed[r] || ci.onBoard[r] ? penalty * 1e3 : penalty;
    }
    return obj;
  };
  const mustKeep = (rs: RouteSet): number => {
    let n = 0;
    for (let r = 0; r < ci.nReq; r++) {
      if (rs.vehicleOf[r] < 0 && (ci.confirmed[r] || ci.onBoard[r])) n++;
    }
    return n;
  };

  const cur = cloneRouteSet(start);
  twoOpt.descend(cur);
  const best = cloneRouteSet(cur);
  const work = cloneRouteSet(start);
  let curObj = objective(cur);
  let bestObj = curObj;
  const startMissing = mustKeep(start);

  const now = options.now;
  const t0 = now ? now() : 0;
  const maxIt = options.maxIterations ?? Infinity;
  const limit = options.timeLimitMs ?? Infinity;
  if (maxIt === Infinity && (limit === Infinity || !now)) {
    throw new Error('runLns needs maxIterations or timeLimitMs with a clock');
  }
  const [fLo, fHi] = options.removeFraction ?? [0.05, 0.3];
  const n = ci.nReq;
  const qMin = Math.max(1, Math.min(n, Math.round(fLo * n)));
  const qMax = Math.max(qMin, Math.min(n, Math.round(fHi * n), 40));
  const temp0 = ((options.startWorse ?? 0.05) * Math.max(cur.totalCost(), 1)) / Math.LN2;
  const tempEnd = temp0 * 1e-3;

  const wRem = new Float64Array(removals.length).fill(1);
  const wRep = new Float64Array(repairs.length).fill(1);
  const sRem = new Float64Array(removals.length);
  const sRep = new Float64Array(repairs.length);
  const uRem = new Float64Array(removals.length);
  const uRep = new Float64Array(repairs.length);
  const versions = new Int32Array(ci.nVeh);
  // Without the triangle inequality a removal can leave a route late (see reducedRoutesFeasible).
  const metric = detoursNeverShorten(ci);
  let it = 0;
  let improvements = 0;
  const restartAfter = options.restartAfter ?? restartAfterDefault(ci.nReq);
  let lastBestIt = 0;
  let frac = 0;
  const partitioner = options.setPartitioner;
  const pool = partitioner ? new RoutePool(ci) : null;
  pool?.addChanged(best);
  const checkpoints = [0.93];
  let nextCheckpoint = 0;
  const recombineS =
    options.recombineTimeS ?? (limit === Infinity ? 2 : Math.min(3, (0.05 * limit) / 1000));
  const recombinations = { run: 0, improved: 0, poolSize: 0 };
  while (it < maxIt) {
    if (limit !== Infinity && now) {
      const spent = now() - t0;
      if (spent >= limit) break;
      frac = Math.max(it / maxIt, spent / limit);
    } else frac = it / maxIt;
    if (pool && partitioner && nextCheckpoint < checkpoints.length) {
      if (frac >= checkpoints[nextCheckpoint]) {
        nextCheckpoint++;
        recombinations.run++;
        if (mustKeep(best) <= startMissing && pool.recombine(best, partitioner, recombineS)) {
          recombinations.improved++;
          bestObj = objective(best);
          cur.copyFrom(best);
          curObj = bestObj;
          lastBestIt = it;
          improvements++;
        }
        continue;
      }
    }
    it++;
    if (restartAfter > 0 && it - lastBestIt > restartAfter) {
      cur.copyFrom(best);
      curObj = bestObj;
      lastBestIt = it;
    }
    const temp = temp0 * Math.pow(tempEnd / temp0, frac);
    const d = roulette(wRem, rng);
    const h = roulette(wRep, rng);
    work.copyFrom(cur);
    const q = qMin + rng.int(qMax - qMin + 1);
    versions.set(work.version);
    removals[d](work, q, rng);
    const reducedOk = metric || reducedRoutesFeasible(work, versions, evaluator);
    const pending: number[] = [];
    for (let r = 0; r < n; r++) if (work.vehicleOf[r] < 0) pending.push(r);
    if (reducedOk) {
      repairer.insert(work, pending, repairs[h].k, repairs[h].noise, rng);
      twoOpt.descend(work);
    }
    const obj = objective(work);
    let score = 0;
    if (reducedOk && mustKeep(work) <= startMissing) {
      if (obj < bestObj - 1e-9) {
        best.copyFrom(work);
        bestObj = obj;
        lastBestIt = it;
        improvements++;
        score = SCORE_BEST;
      } else if (obj < curObj - 1e-9) score = SCORE_BETTER;
      else if (obj > curObj + 1e-9 && rng.next() < Math.exp((curObj - obj) / temp)) {
        score = SCORE_ACCEPTED;
      }
      if (score > 0) {
        cur.copyFrom(work);
        curObj = obj;
        pool?.addChanged(work);
      }
    }
    sRem[d] += score;
    sRep[h] += score;
    uRem[d]++;
    uRep[h]++;
    if (it % SEGMENT === 0) {
      updateWeights(wRem, sRem, uRem);
      updateWeights(wRep, sRep, uRep);
    }
  }
  return {
    best,
    stats: {
      iterations: it,
      improvements,
      recombinations: { ...recombinations, poolSize: pool?.size ?? 0 },
      bestCost: best.totalCost(),
      unassigned: best.unassignedCount(),
      evaluations: repairer.search.evaluator.evaluations,
    },
  };
}

/**
 * True when every route changed since `before` (by the removal) still has a schedule. The
 * insertion search takes its route as feasible; taking stops out keeps it so when no detour is
 * quicker than the direct way, but road travel times can break the triangle inequality, and then
 * the rest of the route can be late.
 */
function reducedRoutesFeasible(
  rs: RouteSet,
  before: Int32Array,
  evaluator: RouteEvaluator,
): boolean {
  for (let v = 0; v < rs.routes.length; v++) {
    if (rs.version[v] === before[v]) continue;
    const route = rs.routes[v];
    if (!evaluator.hasSchedule(route, route.length, v)) return false;
  }
  return true;
}

/** Larger than the cost of any complete solution, so serving one more request always pays. */
export function unassignedPenalty(ci: CompiledInstance): number {
  return (maxArcCost(ci) + 1 + ci.tripCost) * (2 * ci.nReq + ci.nVeh + 1);
}

export function cloneRouteSet(rs: RouteSet): RouteSet {
  const c = new RouteSet(rs.ci);
  c.copyFrom(rs);
  return c;
}

function roulette(w: Float64Array, rng: Rng): number {
  let sum = 0;
  for (let k = 0; k < w.length; k++) sum += w[k];
  let x = rng.next() * sum;
  for (let k = 0; k < w.length; k++) {
    x -= w[k];
    if (x <= 0) return k;
  }
  return w.length - 1;
}

function updateWeights(w: Float64Array, s: Float64Array, u: Float64Array): void {
  for (let k = 0; k < w.length; k++) {
    if (u[k] > 0) w[k] = w[k] * (1 - REACTION) + (REACTION * s[k]) / u[k];
    if (w[k] < 0.05) w[k] = 0.05;
    s[k] = 0;
    u[k] = 0;
  }
}
