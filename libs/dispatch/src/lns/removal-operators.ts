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
export function shawRemoval(ci: CompiledInstance, p = 6): RemovalOperator {
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
  // Every request's others sorted by relatedness, once: a removal then walks a list instead of
  // sorting the pool again for every request it takes.
  const byRelated: Int32Array[] = [];
  for (let a = 0; a < nReq; a++) {
    const order = Array.from({ length: nReq }, (_, b) => b).filter((b) => b !== a);
    order.sort((x, y) => related[a * nReq + x] - related[a * nReq + y]);
    byRelated.push(Int32Array.from(order));
  }
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
