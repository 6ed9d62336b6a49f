import type { RoutingPort } from '@app/routing';
import { StopMatrixCache } from '@app/routing';
import type { SimPlace } from '../model/sim.types';

/** Drive times and distances between the simulated places, by index. */
export interface TravelMatrix {
  codes: string[];
  index: Map<string, number>;
  durationS: number[][];
  distanceM: number[][];
}

/** Seconds and metres used where the router finds no road (never on a connected network). */
const UNREACHABLE = 1e7;

/** One table over all places through the routing port (OSRM or the embedded router). */
export async function buildTravelMatrix(
  places: readonly SimPlace[],
  routing: RoutingPort | StopMatrixCache,
): Promise<TravelMatrix> {
  const cache = routing instanceof StopMatrixCache ? routing : new StopMatrixCache(routing);
  const stops = places.map((p) => ({ id: p.code, lat: p.lat, lon: p.lon }));
  const m = await cache.matrix(stops);
  return {
    codes: places.map((p) => p.code),
    index: new Map(places.map((p, i) => [p.code, i])),
    durationS: m.durationsS.map((row) => row.map((x) => x ?? UNREACHABLE)),
    distanceM: m.distancesM.map((row) => row.map((x) => x ?? UNREACHABLE)),
  };
}
