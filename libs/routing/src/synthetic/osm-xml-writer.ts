/** A node and way list in OSM terms, written as OSM XML 0.6 that osmium and osrm-extract read. */
export interface OsmNodeOut {
  id: number;
  lat: number;
  lon: number;
}

export interface OsmWayOut {
  id: number;
  nodeIds: number[];
  tags: Record<string, string>;
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The `generator` of every road file this project invents: the mark by which a road map tells
 * invented roads from OpenStreetMap's ({@link roadFileSource}).
 */
export const SYNTHETIC_OSM_GENERATOR = 'kusel-ridepool scripts/generate-kusel-osm.ts';

export function writeOsmXml(
  nodes: readonly OsmNodeOut[],
  ways: readonly OsmWayOut[],
  comment: string,
): string {
  const lats = nodes.map((n) => n.lat);
  const lons = nodes.map((n) => n.lon);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!--\n${escapeXml(comment)}\n-->`,
    `<osm version="0.6" generator="${SYNTHETIC_OSM_GENERATOR}" upload="never">`,
    `  <bounds minlat="${Math.min(...lats).toFixed(7)}" minlon="${Math.min(...lons).toFixed(7)}" ` +
      `maxlat="${Math.max(...lats).toFixed(7)}" maxlon="${Math.max(...lons).toFixed(7)}"/>`,
  ];
  // version/timestamp are required by some OSM tools (osmium's strict mode); fixed values keep the
  // file byte-identical between runs.
  const meta = 'version="1" timestamp="2024-01-01T00:00:00Z"';
  for (const n of nodes) {
    out.push(`  <node id="${n.id}" ${meta} lat="${n.lat.toFixed(7)}" lon="${n.lon.toFixed(7)}"/>`);
  }
  for (const w of ways) {
    out.push(`  <way id="${w.id}" ${meta}>`);
    for (const id of w.nodeIds) out.push(`    <nd ref="${id}"/>`);
    for (const [k, v] of Object.entries(w.tags))
      out.push(`    <tag k="${escapeXml(k)}" v="${escapeXml(v)}"/>`);
    out.push('  </way>');
  }
  out.push('</osm>', '');
  return out.join('\n');
}
