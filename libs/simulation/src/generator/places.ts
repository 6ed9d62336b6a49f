import type { Municipality, RailStation } from '@app/kusel-data';
import type { SimPlace } from '../model/sim.types';

/** Bahnhof Kusel, the county's main hub (same code as the seed). */
export const HUB_CODE = 'eva-8003481';

/** Villages and in-county rail stations under the seed's stop codes. */
export function kuselPlaces(municipalities: Municipality[], stations: RailStation[]): SimPlace[] {
  const villages: SimPlace[] = municipalities.map((m) => ({
    code: `ags-${m.ags}`,
    name: m.name,
    lat: m.lat,
    lon: m.lon,
    kind: 'village',
    population: m.population,
  }));
  const rail: SimPlace[] = stations
    .filter((s) => s.inCounty)
    .map((s) => ({
      code: `eva-${s.evaId}`,
      name: `${s.name}, Bahnhof`,
      lat: s.lat,
      lon: s.lon,
      kind: `eva-${s.evaId}` === HUB_CODE ? 'hub' : 'rail_station',
      population: 0,
    }));
  return [...villages, ...rail];
}

/** Great-circle distance in metres (haversine), for choosing nearby places only. */
export function distanceM(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
