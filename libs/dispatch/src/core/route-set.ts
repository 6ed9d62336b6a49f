import { endNode, startNode, tripsOfRoute, type CompiledInstance } from './compiled-instance';

/**
 * Mutable solution for the search: one node sequence per vehicle (start node, stops, end node)
 * and the vehicle of every request (-1 while unassigned).
 */
export class RouteSet {
  readonly routes: number[][];
  readonly routeCost: Float64Array;
  readonly vehicleOf: Int32Array;
  /** Bumped whenever a route changes, so cached insertion data can be invalidated. */
  readonly version: Int32Array;

  constructor(readonly ci: CompiledInstance) {
    this.routes = [];
    for (let v = 0; v < ci.nVeh; v++) this.routes.push([startNode(ci, v), endNode(ci, v)]);
    this.routeCost = new Float64Array(ci.nVeh);
    this.vehicleOf = new Int32Array(ci.nReq).fill(-1);
    this.version = new Int32Array(ci.nVeh);
    for (let v = 0; v < ci.nVeh; v++) this.routeCost[v] = this.costOf(this.routes[v]);
  }

  /**
   * Objective cost of a route: its arcs, plus the trip cost for each vehicle trip in it. A
   * vehicle without stops still drives from where it is to its end location (nothing when it
   * waits at its depot): counting that drive only for busy vehicles made emptying a bus away
   * from its depot look like a saving, and the improvement search planned more real driving.
   */
  costOf(route: readonly number[]): number {
    const { locCost, loc, nLoc, tripCost } = this.ci;
    let c = 0;
    for (let i = 1; i < route.length; i++) c += locCost[loc[route[i - 1]] * nLoc + loc[route[i]]];
    if (tripCost) c += tripCost * tripsOfRoute(this.ci, route, route.length);
    return c;
  }

  totalCost(): number {
    let c = 0;
    for (let v = 0; v < this.routeCost.length; v++) c += this.routeCost[v];
    return c;
  }

  unassignedCount(): number {
    let n = 0;
    for (let r = 0; r < this.vehicleOf.length; r++) if (this.isOpen(r)) n++;
    return n;
  }

  /** Unassigned and still needing a place (requests on board always have one). */
  isOpen(r: number): boolean {
    return this.vehicleOf[r] < 0;
  }

  /** Inserts request r on vehicle v: pickup after position i, drop-off after position j >= i. */
  insert(r: number, v: number, i: number, j: number): void {
    const route = this.routes[v];
    const ci = this.ci;
    if (ci.onBoard[r]) {
      route.splice(j + 1, 0, ci.nReq + r);
    } else {
      route.splice(j + 1, 0, ci.nReq + r);
      route.splice(i + 1, 0, r);
    }
    this.vehicleOf[r] = v;
    this.touch(v);
  }

  remove(r: number): void {
    const v = this.vehicleOf[r];
    if (v < 0) return;
    const route = this.routes[v];
    const d = this.ci.nReq + r;
    let w = 0;
    for (let k = 0; k < route.length; k++) {
      const n = route[k];
      if (n !== r && n !== d) route[w++] = n;
    }
    route.length = w;
    this.vehicleOf[r] = -1;
    this.touch(v);
  }

  touch(v: number): void {
    this.routeCost[v] = this.costOf(this.routes[v]);
    this.version[v]++;
  }

  copyFrom(o: RouteSet): void {
    for (let v = 0; v < this.routes.length; v++) {
      const a = this.routes[v];
      const b = o.routes[v];
      if (a.length !== b.length || a.some((n, k) => n !== b[k])) {
        a.length = b.length;
        for (let k = 0; k < b.length; k++) a[k] = b[k];
        this.version[v]++;
      }
      this.routeCost[v] = o.routeCost[v];
    }
    this.vehicleOf.set(o.vehicleOf);
  }
}
