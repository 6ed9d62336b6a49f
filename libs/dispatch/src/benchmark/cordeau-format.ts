import type { DarpInstance, RideRequest, RoutePlan, Vehicle } from '../model/dispatch.types';

/** A Cordeau-format DARP instance mapped onto the engine's model. */
export interface CordeauInstance {
  name: string;
  vehicles: number;
  requests: number;
  capacity: number;
  maxRide: number;
  maxDuration: number;
  instance: DarpInstance;
}

/**
 * Parses the Cordeau text format (see bench/darp/instances/FORMAT.md). Location index = node id
 * (0 start depot, 1..n pickups, n+i drop-offs, 2n+1 end depot); travel time = cost = unrounded
 * Euclidean distance. pr files give X = 2n and omit the end depot, which is copied from node 0.
 */
export function parseCordeau(name: string, text: string): CordeauInstance {
  const lines = text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const [K, X, T, Q, L] = lines[0].split(/\s+/).map(Number);
  const rows = lines.slice(1).map((s) => s.split(/\s+/).map(Number));
  // a/b: 2n+2 node lines and X = n; pr: 2n+1 node lines and X = 2n.
  const n = rows.length === 2 * X + 2 ? X : X / 2;
  if (rows.length === 2 * n + 1) rows.push([2 * n + 1, ...rows[0].slice(1)]);
  if (rows.length !== 2 * n + 2) throw new Error(`${name}: unexpected node count ${rows.length}`);
  const xs = rows.map((r) => r[1]);
  const ys = rows.map((r) => r[2]);
  const size = rows.length;
  const dist = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      dist[i * size + j] = Math.hypot(xs[i] - xs[j], ys[i] - ys[j]);
    }
  }
  const travel = { durationS: (a: number, b: number): number => dist[a * size + b] };
  const requests: RideRequest[] = [];
  for (let i = 1; i <= n; i++) {
    const p = rows[i];
    const d = rows[n + i];
    requests.push({
      id: String(i),
      pickupLocation: i,
      dropoffLocation: n + i,
      load: { seats: p[4], wheelchairs: 0 },
      pickupWindow: { earliestS: p[5], latestS: p[6] },
      dropoffWindow: { earliestS: d[5], latestS: d[6] },
      pickupServiceS: p[3],
      dropoffServiceS: d[3],
      maxRideS: L,
    });
  }
  const depot = rows[0];
  const vehicles: Vehicle[] = [];
  for (let k = 0; k < K; k++) {
    vehicles.push({
      id: String(k),
      capacity: { seats: Q, wheelchairs: 0 },
      shift: { earliestS: depot[5], latestS: depot[6] },
      startLocation: 0,
      endLocation: 2 * n + 1,
      maxRouteDurationS: T,
    });
  }
  return {
    name,
    vehicles: K,
    requests: n,
    capacity: Q,
    maxRide: L,
    maxDuration: T,
    instance: { requests, vehicles, travel },
  };
}

/** Routes as node ids without depots (the solutions/*.json convention) to route plans. */
export function routesFromNodeIds(ci: CordeauInstance, routes: readonly number[][]): RoutePlan[] {
  const n = ci.requests;
  return routes.map((nodes, k) => ({
    vehicleId: String(k),
    stops: nodes.map((id) =>
      id <= n
        ? { requestId: String(id), type: 'pickup' as const }
        : { requestId: String(id - n), type: 'dropoff' as const },
    ),
  }));
}

/** Inverse of {@link routesFromNodeIds}; empty routes are left out. */
export function routesToNodeIds(ci: CordeauInstance, plans: readonly RoutePlan[]): number[][] {
  const n = ci.requests;
  return plans
    .filter((p) => p.stops.length > 0)
    .map((p) => p.stops.map((s) => Number(s.requestId) + (s.type === 'dropoff' ? n : 0)));
}
