import { KINDS, type CompiledInstance } from '../core/compiled-instance';
import type { RouteSet } from '../core/route-set';
import { RouteEvaluator } from '../core/route-evaluator';
import type { SetPartitioner } from './set-partitioning.port';

interface PooledRoute {
  cls: number;
  /** Stops between the start and the end node. */
  stops: Int32Array;
  requests: Int32Array;
  cost: number;
}

/**
 * The good routes the search has met, recombined by set partitioning (the pool-and-recombine
 * step of Parragh & Schmid 2013 and of Gschwind & Drexl 2019's adaptive LNS): a route found in
 * one solution may pair with routes from another into a better whole. Routes are kept per vehicle
 * class (vehicles with the same start, end, shift, capacity and duration limit and nobody on
 * board can swap routes), one cheapest stop sequence per class and set of requests.
 */
export class RoutePool {
  private readonly byKey = new Map<string, PooledRoute>();
  /** Vehicle class per vehicle, and the vehicles of each class. */
  private readonly classOf: Int32Array;
  private readonly members: number[][] = [];
  private readonly seen: Int32Array;
  private readonly evaluator: RouteEvaluator;

  constructor(
    private readonly ci: CompiledInstance,
    private readonly maxRoutes = 25000,
    private readonly maxColumns = 3000,
  ) {
    this.classOf = new Int32Array(ci.nVeh);
    const keys = new Map<string, number>();
    for (let v = 0; v < ci.nVeh; v++) {
      const s = 2 * ci.nReq + 2 * v;
      let onBoard = false;
      for (let r = 0; r < ci.nReq; r++) if (ci.fixedVehicle[r] === v) onBoard = true;
      const key = onBoard
        ? `v${v}`
        : [ci.loc[s], ci.loc[s + 1], ci.e[s], ci.l[s], ci.e[s + 1], ci.l[s + 1]]
            .concat([ci.cap[v * KINDS], ci.cap[v * KINDS + 1], ci.maxDur[v]])
            .join(',');
      let c = keys.get(key);
      if (c === undefined) {
        c = this.members.length;
        keys.set(key, c);
        this.members.push([]);
      }
      this.classOf[v] = c;
      this.members[c].push(v);
    }
    this.seen = new Int32Array(ci.nVeh).fill(-1);
    this.evaluator = new RouteEvaluator(ci);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Adds the routes of `rs` that changed since this set was last offered. */
  addChanged(rs: RouteSet): void {
    for (let v = 0; v < rs.routes.length; v++) {
      if (this.seen[v] === rs.version[v]) continue;
      this.seen[v] = rs.version[v];
      this.add(v, rs.routes[v], rs.routeCost[v]);
    }
  }

  /** Pools one route; returns its key, or null for an empty route. */
  private add(v: number, route: readonly number[], cost: number): string | null {
    if (route.length <= 2) return null;
    const nReq = this.ci.nReq;
    const stops = Int32Array.from(route.slice(1, -1));
    const reqs: number[] = [];
    for (const n of stops) if (n < nReq) reqs.push(n);
    for (const n of stops) if (n >= nReq && !reqs.includes(n - nReq)) reqs.push(n - nReq);
    reqs.sort((a, b) => a - b);
    const cls = this.classOf[v];
    const key = `${cls}:${reqs.join(',')}`;
    const old = this.byKey.get(key);
    if (old ? old.cost <= cost + 1e-9 : this.byKey.size >= this.maxRoutes) return key;
    this.byKey.set(key, { cls, stops, requests: Int32Array.from(reqs), cost });
    return key;
  }

  /**
   * Solves the set-partitioning model over the pool for the requests `rs` serves and writes the
   * result into `rs` when it is cheaper; true then. Requests `rs` leaves out stay out. Every
   * chosen route is re-checked on the vehicle it lands on before anything is changed.
   */
  recombine(rs: RouteSet, solver: SetPartitioner, timeLimitS: number): boolean {
    const ci = this.ci;
    const row = new Int32Array(ci.nReq).fill(-1);
    let rows = 0;
    for (let r = 0; r < ci.nReq; r++) if (rs.vehicleOf[r] >= 0) row[r] = rows++;
    // The incumbent's own routes are columns too, and its solution is the solver's start.
    const startKeys = new Set<string>();
    for (let v = 0; v < rs.routes.length; v++) {
      const key = this.add(v, rs.routes[v], rs.routeCost[v]);
      if (key) startKeys.add(key);
    }
    // The incumbent's routes, then the routes of least cost per request up to the column cap:
    // a model of the whole pool (tens of thousands of routes after a minute) took HiGHS in
    // WebAssembly far past its time limit just to read and presolve.
    const usable: [string, PooledRoute][] = [];
    for (const e of this.byKey) if (e[1].requests.every((r) => row[r] >= 0)) usable.push(e);
    const perRequest = (p: PooledRoute): number => p.cost / p.requests.length;
    usable.sort((x, y) => {
      const sx = startKeys.has(x[0]) ? 0 : 1;
      const sy = startKeys.has(y[0]) ? 0 : 1;
      return sx - sy || perRequest(x[1]) - perRequest(y[1]);
    });
    const cols: PooledRoute[] = [];
    const start: number[] = [];
    for (const [key, p] of usable.slice(0, this.maxColumns)) {
      if (startKeys.has(key)) start.push(cols.length);
      cols.push(p);
    }
    if (cols.length === 0) return false;
    const chosen = solver.solve({
      start,
      rows,
      cost: Float64Array.from(cols, (p) => p.cost),
      cover: cols.map((p) => p.requests.map((r) => row[r])),
      group: Int32Array.from(cols, (p) => p.cls),
      groupLimit: Int32Array.from(this.members, (m) => m.length),
      timeLimitS,
    });
    if (!chosen) return false;
    let total = 0;
    for (const c of chosen) total += cols[c].cost;
    if (total >= rs.totalCost() - 1e-7) return false;
    // Place the routes on the vehicles of their class, then check before touching `rs`.
    const next = rs.routes.map((route) => [route[0], route[route.length - 1]]);
    const free = this.members.map((m) => m.slice());
    const covered = new Uint8Array(ci.nReq);
    for (const c of chosen) {
      const p = cols[c];
      const v = free[p.cls].shift();
      if (v === undefined) return false;
      const route = [next[v][0], ...p.stops, next[v][1]];
      if (!this.evaluator.hasSchedule(route, route.length, v)) return false;
      for (const r of p.requests) {
        if (covered[r]) return false;
        covered[r] = 1;
      }
      next[v] = route;
    }
    for (let r = 0; r < ci.nReq; r++) if (row[r] >= 0 && !covered[r]) return false;
    for (let v = 0; v < next.length; v++) {
      const route = rs.routes[v];
      route.length = 0;
      for (const n of next[v]) route.push(n);
      for (let k = 1; k < route.length - 1; k++) {
        const n = route[k];
        if (n < ci.nReq) rs.vehicleOf[n] = v;
        else if (n < 2 * ci.nReq && ci.onBoard[n - ci.nReq]) rs.vehicleOf[n - ci.nReq] = v;
      }
      rs.touch(v);
    }
    return true;
  }
}
