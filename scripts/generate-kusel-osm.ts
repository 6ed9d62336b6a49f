/**
 * Writes data/osm/kusel-synthetic.osm: a SYNTHETIC road network joining the 98 municipalities and
 * the railway stations of Landkreis Kusel (see libs/routing/src/synthetic/kusel-network.ts).
 * Deterministic: the same CSVs give a byte-identical file.
 *
 *   npm run generate:kusel-osm
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  KUSEL_SYNTHETIC_HEADER,
  generateKuselNetwork,
  readKuselPlaces,
  writeOsmXml,
} from '@app/routing';

const root = join(__dirname, '..');
const places = readKuselPlaces(
  join(root, 'data/kusel/municipalities.csv'),
  join(root, 'data/kusel/rail_stations.csv'),
);
const { nodes, ways } = generateKuselNetwork(places);

const out = join(root, 'data/osm/kusel-synthetic.osm');
writeFileSync(out, writeOsmXml(nodes, ways, KUSEL_SYNTHETIC_HEADER));
console.log(`wrote ${out}: ${places.length} places, ${nodes.length} nodes, ${ways.length} ways`);
