import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedRouter } from '../core/embedded-router';
import { buildRoadGraph } from '../core/graph-builder';
import { parseOsmXml } from '../core/osm-reader';
import { KUSEL_SYNTHETIC_HEADER, generateKuselNetwork, gabrielEdges } from './kusel-network';
import { readKuselPlaces } from './kusel-places';
import { writeOsmXml } from './osm-xml-writer';

const ROOT = join(__dirname, '../../../..');
const places = readKuselPlaces(
  join(ROOT, 'data/kusel/municipalities.csv'),
  join(ROOT, 'data/kusel/rail_stations.csv'),
);
const committed = readFileSync(join(ROOT, 'data/osm/kusel-synthetic.osm'), 'utf8');
const KUSEL_STATION = { lat: 49.538282, lon: 7.410329 };
const LAUTERECKEN_STATION = { lat: 49.653709, lon: 7.59071 };

describe('synthetic Kusel road network', () => {
  const router = new EmbeddedRouter(buildRoadGraph(parseOsmXml(committed)));
  const stops = places.filter((p) => p.inCounty);

  it('is what the generator writes today (regenerate with npm run generate:kusel-osm)', () => {
    const { nodes, ways } = generateKuselNetwork(places);
    expect(writeOsmXml(nodes, ways, KUSEL_SYNTHETIC_HEADER)).toBe(committed);
    expect(committed).toContain('SYNTHETIC');
  });

  it('covers all 98 village centres and every in-county station', () => {
    expect(stops.filter((p) => p.kind === 'village')).toHaveLength(98);
    expect(stops.filter((p) => p.kind === 'station').length).toBeGreaterThanOrEqual(13);
  });

  it('puts every stop within 300 m of a road', () => {
    for (const stop of places) expect(router.nearest(stop).distanceM).toBeLessThan(300);
  });

  it('reaches every stop from Bahnhof Kusel and back', () => {
    const out = router.table([KUSEL_STATION], stops);
    const back = router.table(stops, [KUSEL_STATION]);
    expect(out.durationsS[0].every((d) => d !== null)).toBe(true);
    expect(back.durationsS.every((row) => row[0] !== null)).toBe(true);
    // Nothing in the county is more than an hour's drive from Kusel.
    expect(Math.max(...(out.durationsS[0] as number[]))).toBeLessThan(3600);
  });

  it('takes a plausible 15-45 minutes from Kusel station to Lauterecken-Grumbach station', () => {
    const r = router.route([KUSEL_STATION, LAUTERECKEN_STATION]);
    expect(r.durationS).toBeGreaterThan(15 * 60);
    expect(r.durationS).toBeLessThan(45 * 60);
    expect(r.distanceM).toBeGreaterThan(18_000); // straight line is 15.6 km
    expect(r.distanceM).toBeLessThan(35_000);
  });
});

describe('gabrielEdges', () => {
  it('drops the long side of a triangle with a point inside its circle', () => {
    // (0,0)-(10,0) has (5,1) inside the circle over its diameter.
    expect(gabrielEdges([0, 10, 5], [0, 0, 1])).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });
});
