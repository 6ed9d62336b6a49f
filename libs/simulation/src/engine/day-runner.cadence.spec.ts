import { loadMunicipalities, loadRailStations } from '@app/kusel-data';
import { planningCadence } from '@app/dispatch';
import { generateDay } from '../generator/day-generator';
import { distanceM, kuselPlaces } from '../generator/places';
import { DEFAULT_SIM_RULES } from '../model/sim.types';
import { runDay } from './day-runner';
import { kuselFleet } from './fleet';
import type { TravelMatrix } from './travel-matrix';

// Roads 1.3 x the straight line at 50 km/h: enough for the replay's logic, no router needed.
const places = kuselPlaces(loadMunicipalities(), loadRailStations());
const roadM = places.map((a) => places.map((b) => Math.round(1.3 * distanceM(a, b))));
const matrix: TravelMatrix = {
  codes: places.map((p) => p.code),
  index: new Map(places.map((p, i) => [p.code, i])),
  distanceM: roadM,
  durationS: roadM.map((row) => row.map((m) => Math.round(m / (50 / 3.6)))),
};
const day = generateDay(places, { seed: 3, requests: 120 });
const fleet = kuselFleet(4);
const iterations = { periodic: 60, evening: 300, makeRoom: 100 };

describe('day replay on the planning cadence', () => {
  const insertionOnly = runDay(day, fleet, matrix, {
    rules: DEFAULT_SIM_RULES,
    cadence: null,
    iterations: { periodic: 0, evening: 0, makeRoom: 0 },
  }).figures;
  const withCadence = runDay(day, fleet, matrix, {
    rules: DEFAULT_SIM_RULES,
    cadence: planningCadence(15),
    iterations,
  }).figures;

  it('keeps every promise through the improvement runs and the re-planning', () => {
    expect(withCadence.promisesGiven).toBeGreaterThan(0);
    expect(withCadence.promisesKept).toBe(withCadence.promisesGiven);
  });

  it('serves at least as many riders as insertion alone, driving less per rider km', () => {
    expect(withCadence.served).toBeGreaterThanOrEqual(insertionOnly.served);
    expect(withCadence.kmRatio).toBeLessThan(insertionOnly.kmRatio);
  });

  it('decides the same day the same way every time', () => {
    const again = runDay(day, fleet, matrix, {
      rules: DEFAULT_SIM_RULES,
      cadence: planningCadence(15),
      iterations,
    }).figures;
    expect(again).toEqual(withCadence);
  });
});
