import { join } from 'node:path';
import { roadFileSource } from './road-file-source';

const OSM = join(__dirname, '../../../../data/osm');

describe('roadFileSource: whose roads a map draws', () => {
  it('knows the network this project invented', async () => {
    expect(await roadFileSource(join(OSM, 'kusel-synthetic.osm'))).toBe('synthetic');
  });

  it("takes any other file for OpenStreetMap's, which the map must credit", async () => {
    expect(await roadFileSource(join(OSM, 'zweibruecken-roads.osm'))).toBe('openstreetmap');
    expect(await roadFileSource(join(OSM, 'kaiserslautern.osm.gz'))).toBe('openstreetmap');
    expect(await roadFileSource(join(OSM, 'monaco.osm.pbf'))).toBe('openstreetmap');
  });
});
