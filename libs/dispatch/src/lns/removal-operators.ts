import { costOf, timeOf, type CompiledInstance } from '../core/compiled-instance';
import type { RouteSet } from '../core/route-set';
import type { Rng } from '../model/seeded-rng';

/** A destroy operator removes `q` assigned requests from `rs` and returns them. */
export type RemovalOperator = (rs: RouteSet, q: number, rng: Rng) => number[];

function assignedRequests(rs: RouteSet): number[] {
  const out: number[] = [];
  for (let r = 0; r < rs.vehicleOf.length; r++) if (rs.vehicleOf[r] >= 0) out.push(r);
  return out;
}

/** Random removal (Ropke & Pisinger 2006): diversifies. */
export function randomRemoval(rs: RouteSet, q: number, rng: Rng): number[] {
  const pool = assignedRequests(rs);
  const out: number[] = [];
  while (out.length < q && pool.length > 0) {
    const k = rng.int(pool.length);
    out.push(pool[k]);
    pool[k] = pool[pool.length - 1];
    pool.pop();
  }
  for (const r of out) rs.remove(r);
  return out;
}

/**
 * Worst removal (Ropke & Pisinger 2006): removes requests whose stops cost most where they are,
 * picked with the randomised rank y^p so the choice is not always the same.
 */
export function worstRemoval(ci: CompiledInstance, p = 3): RemovalOperator {
  const saving = new Float64Array(ci.nReq);
  return (rs, q, rng) => {
    const { nReq } = ci;
    for (let v = 0; v < rs.routes.length; v++) {
      const route = rs.routes[v];
      for (let k = 1; k < route.length - 1; k++) {
        const node = route[k];
        const s = costOf(ci, route[k - 1], node) + costOf(ci, node, route[k + 1]);
        const r = node < nReq ? node : node - nReq;
        const gain = s - costOf(ci, route[k - 1], route[k + 1]);
        if (node < nReq) saving[r] = gain;
        else saving[r] = (ci.onBoard[r] ? 0 : saving[r]) + gain;
      }
    }
    const pool = assignedRequests(rs).sort((a, b) => saving[b] - saving[a]);
    const out: number[] = [];
    while (out.length < q && pool.length > 0) {
      const k = Math.floor(Math.pow(rng.next(), p) * pool.length);
      out.push(pool[k]);
      pool.splice(k, 1);
    }
    for (const r of out) rs.remove(r);
    return out;
  };
}

/**
 * Shaw (related) removal (Shaw 1998; Ropke & Pisinger 2006): removes requests close in space and
 * time to a random seed request, so the reinsertion can exchange their positions.
 */
export function shawRemoval(
  ci: CompiledInstance,
  p = 6,
  byRelated: readonly Int32Array[] = relatedLists(ci),
): RemovalOperator {
  const nReq = ci.nReq;
  const inPool = new Uint8Array(nReq);
  return (rs, q, rng) => {
    const pool = assignedRequests(rs);
    if (pool.length === 0) return [];
    for (const r of pool) inPool[r] = 1;
    let left = pool.length;
    const out: number[] = [];
    const first = pool[rng.int(pool.length)];
    out.push(first);
    inPool[first] = 0;
    left--;
    while (out.length < q && left > 0) {
      const ref = out[rng.int(out.length)];
      // The k-th most related request still in the pool, k drawn with the randomised rank y^p.
      let k = Math.floor(Math.pow(rng.next(), p) * left);
      const list = byRelated[ref];
      let pick = -1;
      for (let x = 0; x < list.length; x++) {
        if (!inPool[list[x]]) continue;
        if (k-- === 0) {
          pick = list[x];
          break;
        }
      }
      out.push(pick);
      inPool[pick] = 0;
      left--;
    }
    for (const r of pool) inPool[r] = 0;
    for (const r of out) rs.remove(r);
    return out;
  };
}

/**
 * Every request's others, most related first: close in space and time (the relatedness of Shaw
 * removal). Sorted once, so a removal walks a list instead of sorting the pool again.
 */
export function relatedLists(ci: CompiledInstance): Int32Array[] {
  const { nReq, locTime, e, l } = ci;
  let maxT = 1e-9;
  for (let k = 0; k < locTime.length; k++) if (locTime[k] > maxT) maxT = locTime[k];
  let horizon = 1e-9;
  for (let k = 0; k < 2 * nReq; k++) {
    if (Number.isFinite(e[k]) && Number.isFinite(l[k])) horizon = Math.max(horizon, l[k]);
  }
  const mid = (n: number): number => (Number.isFinite(e[n]) ? e[n] : 0);
  const related = new Float64Array(nReq * nReq);
  for (let a = 0; a < nReq; a++) {
    for (let b = 0; b < nReq; b++) {
      const dist = timeOf(ci, a, b) + timeOf(ci, nReq + a, nReq + b);
      const dt = Math.abs(mid(a) - mid(b)) + Math.abs(mid(nReq + a) - mid(nReq + b));
      related[a * nReq + b] = (9 * dist) / maxT + (3 * dt) / horizon;
    }
  }
  const byRelated: Int32Array[] = [];
  for (let a = 0; a < nReq; a++) {
    const order = Array.from({ length: nReq }, (_, b) => b).filter((b) => b !== a);
    order.sort((x, y) => related[a * nReq + x] - related[a * nReq + y]);
    byRelated.push(Int32Array.from(order));
  }
  return byRelated;
}

/**
 * String removal (after the slack-induced string removal of Christiaens & Vanden Berghe 2020):
 * cuts a run of consecutive stops out of each of a few routes that serve requests related to a
 * random seed request, and removes every request with a stop in a cut run. Runs free whole
 * stretches of a route at once, which single related requests rarely do when ride times and
 * windows chain their neighbours. One to three routes, runs of up to 2 q / routes stops.
 */
export function stringRemoval(
  ci: CompiledInstance,
  byRelated: readonly Int32Array[] = relatedLists(ci),
): RemovalOperator {
  const nReq = ci.nReq;
  const cut = new Uint8Array(ci.nVeh);
  const taken = new Uint8Array(nReq);
  return (rs, q, rng) => {
    const pool = assignedRequests(rs);
    if (pool.length === 0) return [];
    const seed = pool[rng.int(pool.length)];
    let used = 0;
    for (let v = 0; v < rs.routes.length; v++) if (rs.routes[v].length > 2) used++;
    const maxRoutes = 1 + rng.int(Math.max(1, Math.min(used, 3)));
    const perRoute = Math.max(2, Math.ceil((2 * q) / maxRoutes));
    const out: number[] = [];
    const take = (r: number): void => {
      if (taken[r] || out.length >= q) return;
      taken[r] = 1;
      out.push(r);
    };
    const list = byRelated[seed];
    for (let x = -1; x < list.length && out.length < q; x++) {
      const r = x < 0 ? seed : list[x];
      const v = rs.vehicleOf[r];
      if (v < 0 || cut[v]) continue;
      cut[v] = 1;
      const route = rs.routes[v];
      const stops = route.length - 2;
      const len = Math.min(stops, 1 + rng.int(perRoute));
      // A run of `len` stops that contains the related request's pickup (or drop-off).
      let at = route.indexOf(r);
      if (at < 0) at = route.indexOf(nReq + r);
      const lo = Math.max(1, at - len + 1);
      const hi = Math.min(at, stops - len + 1);
      const from = lo + rng.int(Math.max(1, hi - lo + 1));
      for (let k = from; k < from + len && k <= stops; k++) {
        const node = route[k];
        take(node < nReq ? node : node - nReq);
      }
      let routes = 0;
      for (let w = 0; w < cut.length; w++) routes += cut[w];
      if (routes >= maxRoutes) break;
    }
    cut.fill(0);
    for (const r of out) taken[r] = 0;
    for (const r of out) rs.remove(r);
    return out;
  };
}
