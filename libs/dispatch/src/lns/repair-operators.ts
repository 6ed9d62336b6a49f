import { maxArcCost, type CompiledInstance } from '../core/compiled-instance';
import { InsertionSearch } from '../core/insertion-search';
import type { RouteSet } from '../core/route-set';
import type { Rng } from '../model/seeded-rng';

/**
 * Greedy and regret-k reinsertion (Ropke & Pisinger 2006, section 3.2). The best insertion of
 * every pending request into every route is cached with the route's version, so after each
 * insertion only the route that changed is searched again.
 */
export class Repairer {
  readonly search: InsertionSearch;
  private readonly delta: Float64Array;
  private readonly posI: Int32Array;
  private readonly posJ: Int32Array;
  /** Route version the cached entry belongs to; -1 = never computed. */
  private readonly cachedVersion: Int32Array;
  private readonly cachedRoutes: Int32Array;
  private readonly nVeh: number;
  private readonly maxArc: number;

  constructor(ci: CompiledInstance) {
    this.search = new InsertionSearch(ci);
    this.nVeh = ci.nVeh;
    const size = ci.nReq * ci.nVeh;
    this.delta = new Float64Array(size);
    this.posI = new Int32Array(size);
    this.posJ = new Int32Array(size);
    this.cachedVersion = new Int32Array(size).fill(-1);
    this.cachedRoutes = new Int32Array(size).fill(-1);
    this.maxArc = maxArcCost(ci);
  }

  /** Forgets the cache; needed when the caller swaps in another route set. */
  invalidate(): void {
    this.cachedVersion.fill(-1);
  }

  /**
   * Re-searches every stale (request, route) pair route by route, so each changed route is
   * prepared once for all pending requests instead of once per request. With `only` >= 0 only
   * that route can be stale (the one the last insertion changed).
   */
  private refresh(rs: RouteSet, left: readonly number[], setId: number, only = -1): void {
    const nVeh = this.nVeh;
    const first = only >= 0 ? only : 0;
    const last = only >= 0 ? only + 1 : nVeh;
    for (let v = first; v < last; v++) {
      const ver = rs.version[v];
      let prepared = false;
      for (let idx = 0; idx < left.length; idx++) {
        const k = left[idx] * nVeh + v;
        if (this.cachedVersion[k] === ver && this.cachedRoutes[k] === setId) continue;
        if (!prepared) {
          this.search.prepare(rs.routes[v], true);
          prepared = true;
        }
        const delta = this.search.bestPreparedDelta(left[idx], v, rs.routes[v]);
        this.cachedVersion[k] = ver;
        this.cachedRoutes[k] = setId;
        this.delta[k] = delta;
        if (delta < Infinity) {
          this.posI[k] = this.search.foundI;
          this.posJ[k] = this.search.foundJ;
        }
      }
    }
  }

  /**
   * Inserts the pending requests into `rs`; k = 1 is greedy, k >= 2 regret-k. With `noise` > 0
   * each compared cost is perturbed by up to noise * longest arc. Requests that fit nowhere stay
   * in `pending` (returned).
   */
  insert(rs: RouteSet, pending: number[], k: number, noise: number, rng: Rng, setId = 0): number[] {
    const nVeh = this.nVeh;
    const amp = noise * this.maxArc;
    const delta = this.delta;
    const left = pending.slice();
    let changed = -1; // after the first round only the route last inserted into is stale
    while (left.length > 0) {
      this.refresh(rs, left, setId, changed);
      let pickIdx = -1;
      let pickV = -1;
      let pickKey = -Infinity;
      let pickCost = Infinity;
      for (let idx = 0; idx < left.length; idx++) {
        const r = left[idx];
        // k best (noisy) costs over the vehicles, kept sorted in a tiny insertion list.
        let b1 = Infinity;
        let b2 = Infinity;
        let b3 = Infinity;
        let v1 = -1;
        let feasibleCount = 0;
        const row = r * nVeh;
        for (let v = 0; v < nVeh; v++) {
          let d = delta[row + v]; // fresh: refresh() just searched every stale pair
          if (d === Infinity) continue;
          feasibleCount++;
          if (amp > 0) d += amp * (2 * rng.next() - 1);
          if (d < b1) {
            b3 = b2;
            b2 = b1;
            b1 = d;
            v1 = v;
          } else if (d < b2) {
            b3 = b2;
            b2 = d;
          } else if (d < b3) b3 = d;
        }
        if (v1 < 0) continue;
        let key: number;
        if (k <= 1) key = -b1;
        else {
          // Requests with fewer than k feasible routes first (Ropke & Pisinger's tie rule).
          const missing = Math.max(0, k - feasibleCount);
          const regret =
            (k >= 2 && b2 < Infinity ? b2 - b1 : 0) + (k >= 3 && b3 < Infinity ? b3 - b1 : 0);
          key = missing * 1e12 + regret;
        }
        if (key > pickKey || (key === pickKey && b1 < pickCost)) {
          pickKey = key;
          pickCost = b1;
          pickIdx = idx;
          pickV = v1;
        }
      }
      if (pickIdx < 0) break;
      const r = left[pickIdx];
      const c = r * nVeh + pickV;
      rs.insert(r, pickV, this.posI[c], this.posJ[c]);
      changed = pickV;
      left[pickIdx] = left[left.length - 1];
      left.pop();
    }
    return left;
  }
}
