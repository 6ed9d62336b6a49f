/**
 * Builds small OSM XML documents for specs: nodes by id and coordinates, ways by node ids and
 * tags. Kept out of the specs so several of them can describe networks the same way.
 */
export interface FixtureWay {
  nodes: number[];
  tags: Record<string, string>;
}

export function osmXml(
  nodes: Record<number, [lat: number, lon: number]>,
  ways: FixtureWay[],
): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6">'];
  for (const [id, [lat, lon]] of Object.entries(nodes)) {
    lines.push(`<node id="${id}" lat="${lat}" lon="${lon}"/>`);
  }
  ways.forEach((w, i) => {
    lines.push(`<way id="${i + 1}">`);
    for (const n of w.nodes) lines.push(`<nd ref="${n}"/>`);
    for (const [k, v] of Object.entries(w.tags)) lines.push(`<tag k="${k}" v="${v}"/>`);
    lines.push('</way>');
  });
  lines.push('</osm>');
  return lines.join('\n');
}
