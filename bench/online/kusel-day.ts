/**
 * A seeded weekday of ride requests in Landkreis Kusel for the online benchmark: stops, fleet and
 * bookings in the engine's terms (locations = indices into {@link KuselStops.stops}, times =
 * seconds since local midnight of the service day; bookings made the day before are negative).
 */
import { createRng, type Rng } from '@app/dispatch';
import { loadMunicipalities, loadRailStations } from '@app/kusel-data';
import type { MatrixStop } from '@app/routing';

export const HUB_EVA = '8003481';

export interface BenchStop extends MatrixStop {
  name: string;
  kind: 'village' | 'station';
  /** Zensus 2022 inhabitants; 0 for stations. */
  population: number;
}

export interface KuselStops {
  stops: BenchStop[];
  villages: number[];
  stations: number[];
  hub: number;
}

/** 98 village centres, then the 14 rail stations in the county (ids as in the seed). */
export function kuselStops(): KuselStops {
  const stops: BenchStop[] = [];
  for (const m of loadMunicipalities()) {
    stops.push({
      id: `ags-${m.ags}`,
      name: m.name,
      kind: 'village',
      lat: m.lat,
      lon: m.lon,
      population: m.population,
    });
  }
  for (const s of loadRailStations().filter((r) => r.inCounty)) {
    stops.push({
      id: `eva-${s.evaId}`,
      name: `Bahnhof ${s.name}`,
      kind: 'station',
      lat: s.lat,
      lon: s.lon,
      population: 0,
    });
  }
  const idx = (kind: BenchStop['kind']): number[] =>
    stops.flatMap((s, i) => (s.kind === kind ? [i] : []));
  const hub = stops.findIndex((s) => s.id === `eva-${HUB_EVA}`);
  if (hub < 0) throw new Error('Bahnhof Kusel missing from rail_stations.csv');
  return { stops, villages: idx('village'), stations: idx('station'), hub };
}

export interface BenchBooking {
  id: string;
  from: number;
  to: number;
  /** Requested departure (depart_at), seconds since midnight. */
  timeS: number;
  /** When the rider booked, seconds since midnight (negative = the day before). */
  bookedS: number;
  passengers: number;
  wheelchairPlaces: number;
  kind: 'to_rail' | 'from_rail' | 'village';
}

export interface BenchVehicle {
  id: string;
  depot: number;
  seats: number;
  wheelchairs: number;
  shiftStartS: number;
  shiftEndS: number;
}

const H = 3600;
/** Depots as in the seed (stop ids) and how many of the twelve buses start there. */
const DEPOTS: Array<{ stopId: string; buses: number; wheelchairBuses: number }> = [
  { stopId: `eva-${HUB_EVA}`, buses: 3, wheelchairBuses: 1 }, // Kusel
  { stopId: 'eva-8000547', buses: 2, wheelchairBuses: 1 }, // Lauterecken-Grumbach
  { stopId: 'eva-8006555', buses: 2, wheelchairBuses: 0 }, // Wolfstein
  { stopId: 'ags-07336092', buses: 2, wheelchairBuses: 1 }, // Schönenberg-Kübelberg
  { stopId: 'eva-8000491', buses: 2, wheelchairBuses: 1 }, // Altenglan
  { stopId: 'eva-8002286', buses: 1, wheelchairBuses: 0 }, // Glan-Münchweiler
];

/** Twelve eight-seat buses (four with a wheelchair place), shift 05:00-23:00. */
export function kuselFleet(ks: KuselStops): BenchVehicle[] {
  const out: BenchVehicle[] = [];
  for (const d of DEPOTS) {
    const depot = ks.stops.findIndex((s) => s.id === d.stopId);
    if (depot < 0) throw new Error(`depot ${d.stopId} is not a stop`);
    for (let k = 0; k < d.buses; k++) {
      out.push({
        id: `KUS-${String(out.length + 1).padStart(2, '0')}`,
        depot,
        seats: 8,
        wheelchairs: k < d.wheelchairBuses ? 1 : 0,
        shiftStartS: 5 * H,
        shiftEndS: 23 * H,
      });
    }
  }
  return out;
}

function weighted(rng: Rng, items: readonly number[], weight: (i: number) => number): number {
  let sum = 0;
  for (const i of items) sum += weight(i);
  let x = rng.next() * sum;
  for (const i of items) {
    x -= weight(i);
    if (x <= 0) return i;
  }
  return items[items.length - 1];
}

const km = (a: BenchStop, b: BenchStop): number => {
  const dy = (a.lat - b.lat) * 111.2;
  const dx = (a.lon - b.lon) * 111.2 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
};

/**
 * Demand of one weekday: origins weighted by population; 55 % in the morning (06:00-09:30)
 * from a village to Bahnhof Kusel (60 %) or the village's nearest station, 30 % back in the
 * afternoon (13:00-18:30), 15 % between villages (08:00-18:00, destination weighted by
 * population and closeness). 5 % with a wheelchair, 1-2 passengers, booked between one day and
 * 20 minutes ahead.
 */
export function kuselDay(ks: KuselStops, count: number, seed: number): BenchBooking[] {
  const rng = createRng(seed);
  const { stops, villages, stations, hub } = ks;
  const pop = (i: number): number => stops[i].population;
  const nearestStation = (v: number): number =>
    stations.reduce((best, s) => (km(stops[v], stops[s]) < km(stops[v], stops[best]) ? s : best));
  const uniform = (fromH: number, toH: number): number =>
    Math.round((fromH + rng.next() * (toH - fromH)) * H);
  const railFor = (v: number): number => (rng.next() < 0.6 ? hub : nearestStation(v));
  const out: BenchBooking[] = [];
  for (let k = 0; k < count; k++) {
    const x = rng.next();
    const village = weighted(rng, villages, pop);
    let from: number;
    let to: number;
    let timeS: number;
    let kind: BenchBooking['kind'];
    if (x < 0.55) {
      kind = 'to_rail';
      from = village;
      to = railFor(village);
      timeS = uniform(6, 9.5);
    } else if (x < 0.85) {
      kind = 'from_rail';
      from = railFor(village);
      to = village;
      timeS = uniform(13, 18.5);
    } else {
      kind = 'village';
      from = village;
      to = weighted(rng, villages, (i) =>
        i === village ? 0 : pop(i) * Math.exp(-km(stops[village], stops[i]) / 8),
      );
      timeS = uniform(8, 18);
    }
    // Booked between 24 h and 20 min ahead of the (whole-minute) requested time.
    const leadS = 20 * 60 + Math.floor(rng.next() * (24 * H - 20 * 60));
    const wheelchair = rng.next() < 0.05;
    const passengers = rng.next() < 0.75 ? 1 : 2;
    out.push({
      id: `b${String(k + 1).padStart(4, '0')}`,
      from,
      to,
      timeS: Math.round(timeS / 60) * 60,
      bookedS: Math.round(timeS / 60) * 60 - leadS,
      passengers,
      wheelchairPlaces: wheelchair ? 1 : 0,
      kind,
    });
  }
  return out.sort((a, b) => a.bookedS - b.bookedS || a.id.localeCompare(b.id));
}
