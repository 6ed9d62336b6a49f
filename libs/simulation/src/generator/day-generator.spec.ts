import { loadMunicipalities, loadRailStations } from '@app/kusel-data';
import { generateDay } from './day-generator';
import { HUB_CODE, kuselPlaces } from './places';

const places = kuselPlaces(loadMunicipalities(), loadRailStations());
const villages = places.filter((p) => p.kind === 'village');
const stationCodes = new Set(places.filter((p) => p.kind !== 'village').map((p) => p.code));
const HOUR = 3600;

describe('generateDay', () => {
  const day = generateDay(places, { seed: 42, requests: 4000 });

  it('gives the same day for the same seed, and another day for another seed', () => {
    expect(generateDay(places, { seed: 42, requests: 4000 })).toEqual(day);
    expect(generateDay(places, { seed: 43, requests: 4000 })).not.toEqual(day);
  });

  it('names the fix when the villages have no population (an installation upgraded without a new import)', () => {
    const unknown = places.map((p) => ({ ...p, population: 0 }));
    expect(() => generateDay(unknown, { seed: 1 })).toThrow(/seed or county:add/);
  });

  it('derives the number of rides from the population (0.5 % a day by default)', () => {
    const population = villages.reduce((s, v) => s + v.population, 0);
    expect(generateDay(places, { seed: 1 })).toHaveLength(Math.round(population * 0.005));
  });

  it('starts rides in big villages more often, in proportion to their inhabitants', () => {
    const homes = day.map((r) => (r.purpose === 'from_rail' ? r.toCode : r.fromCode));
    const count = (code: string) => homes.filter((h) => h === code).length;
    const big = [...villages].sort((a, b) => b.population - a.population)[0];
    const small = [...villages].sort((a, b) => a.population - b.population)[0];
    expect(count(big.code)).toBeGreaterThan(10 * Math.max(1, count(small.code)));
    const population = villages.reduce((s, v) => s + v.population, 0);
    expect(count(big.code) / day.length).toBeCloseTo(big.population / population, 1);
  });

  it('sends most morning rides to a rail station and brings them back in the afternoon', () => {
    const morning = day.filter((r) => r.timeS < 9.5 * HOUR && r.timeS >= 5.5 * HOUR);
    const toRail = morning.filter((r) => stationCodes.has(r.toCode));
    expect(toRail.length / morning.length).toBeGreaterThan(0.6);
    const afternoon = day.filter((r) => r.timeS >= 13 * HOUR);
    expect(
      afternoon.filter((r) => stationCodes.has(r.fromCode)).length / afternoon.length,
    ).toBeGreaterThan(0.5);
    const rail = day.filter((r) => r.purpose === 'to_rail');
    expect(rail.filter((r) => r.toCode === HUB_CODE).length / rail.length).toBeGreaterThan(0.5);
    expect(rail.every((r) => r.timeKind === 'arrive_by')).toBe(true);
  });

  it('has a share of wheelchair users, day-ahead bookings, cancellations and no-shows', () => {
    const share = (f: (r: (typeof day)[number]) => boolean) => day.filter(f).length / day.length;
    expect(share((r) => r.wheelchairPlaces === 1)).toBeCloseTo(0.05, 1);
    expect(share((r) => r.bookedAtS < 0)).toBeCloseTo(0.3, 1);
    expect(share((r) => r.cancelAtS !== null)).toBeGreaterThan(0.03);
    expect(share((r) => r.noShow)).toBeGreaterThan(0.01);
    expect(day.some((r) => r.noShow && r.cancelAtS !== null)).toBe(false);
  });

  it('books every ride at least the minimum notice ahead, and cancels before the ride', () => {
    for (const r of day) {
      expect(r.timeS - r.bookedAtS).toBeGreaterThanOrEqual(30 * 60);
      if (r.cancelAtS !== null) {
        expect(r.cancelAtS).toBeGreaterThan(r.bookedAtS);
        expect(r.cancelAtS).toBeLessThan(r.timeS);
      }
      expect(r.fromCode).not.toBe(r.toCode);
    }
  });
});
