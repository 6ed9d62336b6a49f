import { createRng, type Rng } from '@app/dispatch';
import type { SimPlace, SimRequest, TripPurpose } from '../model/sim.types';
import { distanceM } from './places';

/** Shares of a simulated weekday; every share is a probability in [0, 1]. */
export interface DayProfile {
  /** Rides per inhabitant and day (0.005: one ride a day per 200 people). */
  ridesPerInhabitant: number;
  /** Split of the rides by purpose; the rest of 1 - toRail - fromRail is between villages. */
  toRailShare: number;
  fromRailShare: number;
  /** Rail rides that go to Bahnhof Kusel rather than the station nearest the village. */
  mainHubShare: number;
  wheelchairShare: number;
  dayAheadShare: number;
  cancellationShare: number;
  noShowShare: number;
  /** Earliest time a rider may ask for after booking (the area's minimum notice), minutes. */
  minNoticeMin: number;
}

export const WEEKDAY_PROFILE: DayProfile = {
  ridesPerInhabitant: 0.005,
  toRailShare: 0.4,
  fromRailShare: 0.35,
  mainHubShare: 0.6,
  wheelchairShare: 0.05,
  dayAheadShare: 0.3,
  cancellationShare: 0.05,
  noShowShare: 0.03,
  minNoticeMin: 30,
};

export interface GenerateDayOptions {
  seed: number;
  profile?: Partial<DayProfile>;
  /** Overrides the count derived from population (tests, quick demos). */
  requests?: number;
}

const MIN = 60;
const HOUR = 3600;

/**
 * A weekday of ride requests in Landkreis Kusel. Origins are drawn in proportion to village
 * population (Zensus 2022); mornings lean towards the rail stations (arrive by a train, 05:30 to
 * 09:30), afternoons back home (13:00 to 19:30), and the rest go between villages (08:00 to 18:00)
 * with a gravity choice (population over distance). The same seed gives the same day.
 */
export function generateDay(places: readonly SimPlace[], opts: GenerateDayOptions): SimRequest[] {
  const p = { ...WEEKDAY_PROFILE, ...opts.profile };
  const rng = createRng(opts.seed);
  const villages = places.filter((x) => x.kind === 'village' && x.population > 0);
  const stations = places.filter((x) => x.kind !== 'village');
  const hub = stations.find((s) => s.kind === 'hub') ?? stations[0];
  if (!villages.length || !hub)
    throw new Error(
      'a generated day needs villages with their population and a rail station: ' +
        "import the county's reference data again (seed or county:add, both idempotent)",
    );
  const population = villages.reduce((s, v) => s + v.population, 0);
  const count = opts.requests ?? Math.round(population * p.ridesPerInhabitant);
  const byPopulation = weightedPicker(villages.map((v) => v.population));

  const out: SimRequest[] = [];
  for (let i = 0; i < count; i++) {
    const home = villages[byPopulation(rng)];
    const u = rng.next();
    const purpose: TripPurpose =
      u < p.toRailShare ? 'to_rail' : u < p.toRailShare + p.fromRailShare ? 'from_rail' : 'village';
    const station = rng.next() < p.mainHubShare ? hub : nearest(home, stations);
    let fromCode: string;
    let toCode: string;
    let timeS: number;
    if (purpose === 'to_rail') {
      [fromCode, toCode] = [home.code, station.code];
      timeS = between(rng, 5.5 * HOUR, 9.5 * HOUR);
    } else if (purpose === 'from_rail') {
      [fromCode, toCode] = [station.code, home.code];
      timeS = between(rng, 13 * HOUR, 19.5 * HOUR);
    } else {
      const others = villages.filter((v) => v.code !== home.code);
      const gravity = others.map((v) => v.population / (1 + distanceM(home, v) / 1000) ** 2);
      [fromCode, toCode] = [home.code, others[weightedPicker(gravity)(rng)].code];
      timeS = between(rng, 8 * HOUR, 18 * HOUR);
    }
    timeS = Math.round(timeS / (5 * MIN)) * 5 * MIN;
    const dayAhead = rng.next() < p.dayAheadShare;
    const notice = p.minNoticeMin * MIN;
    const bookedAtS = dayAhead
      ? Math.round(between(rng, 9 * HOUR, 20 * HOUR)) - 24 * HOUR
      : Math.max(0, timeS - notice - Math.round(between(rng, 5 * MIN, 3 * HOUR)));
    const wheelchair = rng.next() < p.wheelchairShare ? 1 : 0;
    const r = rng.next();
    const passengers = wheelchair ? 1 : r < 0.85 ? 1 : r < 0.97 ? 2 : 3;
    const cancels = rng.next() < p.cancellationShare;
    const latestCancel = timeS - 15 * MIN;
    const cancelAtS =
      cancels && latestCancel > bookedAtS
        ? Math.round(between(rng, bookedAtS + MIN, latestCancel))
        : null;
    out.push({
      id: `r${String(i + 1).padStart(4, '0')}`,
      fromCode,
      toCode,
      purpose,
      timeKind: purpose === 'to_rail' ? 'arrive_by' : 'depart_at',
      timeS,
      bookedAtS,
      passengers,
      wheelchairPlaces: wheelchair,
      cancelAtS,
      noShow: cancelAtS === null && rng.next() < p.noShowShare,
    });
  }
  return out.sort((a, b) => a.bookedAtS - b.bookedAtS || a.id.localeCompare(b.id));
}

function between(rng: Rng, a: number, b: number): number {
  return a + (b - a) * rng.next();
}

/** Index drawn in proportion to `weights` (binary search over the running sums). */
export function weightedPicker(weights: readonly number[]): (rng: Rng) => number {
  const cum: number[] = [];
  let s = 0;
  for (const w of weights) cum.push((s += Math.max(0, w)));
  return (rng) => {
    const x = rng.next() * s;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

function nearest(from: SimPlace, candidates: readonly SimPlace[]): SimPlace {
  let best = candidates[0];
  for (const c of candidates) if (distanceM(from, c) < distanceM(from, best)) best = c;
  return best;
}
