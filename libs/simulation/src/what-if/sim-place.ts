import type { StopEntity } from '@app/persistence';
import type { SimPlace } from '../model/sim.types';

/** A stop as a place of the replay: a village with its inhabitants (the demand), a station or the hub. */
export function simPlaceOf(
  s: Pick<StopEntity, 'code' | 'name' | 'lat' | 'lon' | 'kind' | 'population'>,
): SimPlace {
  return {
    code: s.code,
    name: s.name,
    lat: s.lat,
    lon: s.lon,
    kind: s.kind === 'village' ? 'village' : s.kind === 'hub' ? 'hub' : 'rail_station',
    population: s.kind === 'village' ? (s.population ?? 0) : 0,
  };
}
