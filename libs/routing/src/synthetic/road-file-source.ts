import { open } from 'node:fs/promises';
import { SYNTHETIC_OSM_GENERATOR } from './osm-xml-writer';

/**
 * Where a road file's roads come from: `synthetic` for a network this project generated (its
 * `<osm generator>`), `openstreetmap` for any other file (a Geofabrik or BBBike extract, PBF or
 * XML). Maps drawing OpenStreetMap's roads must credit "© OpenStreetMap contributors" (ODbL 1.0);
 * invented roads must not pass for real ones.
 */
export type RoadFileSource = 'openstreetmap' | 'synthetic';

/** Reads the head of an uncompressed OSM XML file only; PBF and gzip are extracts, not ours. */
export async function roadFileSource(file: string): Promise<RoadFileSource> {
  if (file.endsWith('.pbf') || file.endsWith('.gz')) return 'openstreetmap';
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead).toString('utf8');
    return text.includes(`generator="${SYNTHETIC_OSM_GENERATOR}"`) ? 'synthetic' : 'openstreetmap';
  } finally {
    await handle.close();
  }
}
