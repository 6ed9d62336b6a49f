import { isInsideArea, validateAreaGeometry } from '@app/domain';
import { bufferedHull } from './county-area';
import { loadMunicipalities, loadRailStations } from './kusel-data';

describe('Kusel reference data', () => {
  const municipalities = loadMunicipalities();
  const stations = loadRailStations();

  it('has all 98 municipalities of Landkreis Kusel with Zensus 2022 population', () => {
    expect(municipalities).toHaveLength(98);
    expect(new Set(municipalities.map((m) => m.ags)).size).toBe(98);
    expect(municipalities.every((m) => m.ags.startsWith('07336'))).toBe(true);
    expect(municipalities.reduce((s, m) => s + m.population, 0)).toBe(69_530);
    expect(municipalities.find((m) => m.name === 'Kusel')?.type).toBe('Stadt');
  });

  // SOURCES.md speaks of 13 stations, but its 17 rows minus the three hubs outside the county
  // (Landstuhl, Kaiserslautern Hbf, Homburg) leave 14, all flagged in_landkreis_kusel=yes.
  it('has the 14 rail stations the data flags inside the county, Kusel among them', () => {
    const inCounty = stations.filter((s) => s.inCounty);
    expect(inCounty).toHaveLength(14);
    expect(stations).toHaveLength(17);
    expect(inCounty.find((s) => s.evaId === '8003481')).toMatchObject({
      name: 'Kusel',
      lat: 49.538282,
      lon: 7.410329,
    });
  });

  it('builds a service area that contains every village and station of the county', () => {
    const inCounty = stations.filter((s) => s.inCounty);
    const area = bufferedHull([...municipalities, ...inCounty]);
    expect(validateAreaGeometry(area)).toEqual([]);
    for (const p of [...municipalities, ...inCounty]) expect(isInsideArea(p, area)).toBe(true);
    // Kaiserslautern Hbf lies outside the county and outside the area.
    expect(isInsideArea({ lat: 49.436137, lon: 7.768716 }, area)).toBe(false);
  });
});
