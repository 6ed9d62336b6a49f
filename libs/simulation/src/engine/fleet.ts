import type { SimVehicle } from '../model/sim.types';

const EARLY = { startS: 5 * 3600, endS: 14 * 3600 };
const LATE = { startS: 14 * 3600, endS: 23 * 3600 };

/**
 * The seed's weekday demo fleet (libs/kusel-data seed-kusel.ts): ten eight-seat minibuses, three
 * with a wheelchair place, at five depots, each with an early and a late shift. Mirrored here so
 * the replay needs no database; keep the two in step.
 */
const DEPOTS: Array<[string, number, string]> = [
  ['KUS-01', 1, 'eva-8003481'],
  ['KUS-02', 0, 'eva-8003481'],
  ['KUS-03', 0, 'eva-8003481'],
  ['KUS-04', 1, 'eva-8000547'],
  ['KUS-05', 0, 'eva-8000547'],
  ['KUS-06', 0, 'eva-8006555'],
  ['KUS-07', 1, 'ags-07336092'],
  ['KUS-08', 0, 'ags-07336092'],
  ['KUS-09', 0, 'eva-8000491'],
  ['KUS-10', 0, 'eva-8002286'],
];

/** The first `size` vehicles of the demo fleet (more than ten repeat the depots). */
export function kuselFleet(size = DEPOTS.length): SimVehicle[] {
  return Array.from({ length: size }, (_, i) => {
    const [callSign, wheelchairPlaces, depotCode] = DEPOTS[i % DEPOTS.length];
    const n = String(i + 1).padStart(2, '0');
    return {
      id: `v${n}`,
      callSign: i < DEPOTS.length ? callSign : `KUS-${n}`,
      seats: 8,
      wheelchairPlaces,
      depotCode,
      shifts: [EARLY, LATE],
    };
  });
}

/** A vehicle of a county's fleet as the what-if replays it. */
export interface FleetVehicle {
  callSign: string;
  seats: number;
  wheelchairPlaces: number;
  /** Stop code of the home depot; null or not among the places: the hub. */
  depotCode: string | null;
}

/**
 * `size` vehicles from the county's own fleet, each with an early and a late weekday shift (more
 * than the fleet repeats it; an empty fleet gives eight-seat buses at the hub).
 */
export function countyFleet(
  vehicles: FleetVehicle[],
  size: number,
  places: Array<{ code: string; kind: string }>,
): SimVehicle[] {
  const codes = new Set(places.map((p) => p.code));
  const hub = (places.find((p) => p.kind === 'hub') ?? places.find((p) => p.kind !== 'village'))
    ?.code;
  const home = hub ?? places[0]?.code ?? '';
  return Array.from({ length: size }, (_, i) => {
    const v = vehicles.length ? vehicles[i % vehicles.length] : null;
    const n = String(i + 1).padStart(2, '0');
    return {
      id: `v${n}`,
      callSign: v && i < vehicles.length ? v.callSign : `V-${n}`,
      seats: v?.seats ?? 8,
      wheelchairPlaces: v?.wheelchairPlaces ?? 0,
      depotCode: v?.depotCode && codes.has(v.depotCode) ? v.depotCode : home,
      shifts: [EARLY, LATE],
    };
  });
}
