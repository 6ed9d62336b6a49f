import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { carWayProfile, type OsmTags, type WayProfile } from './car-profile';
import { carNodeProfile, type NodeProfile } from './node-profile';
import { readPbfEntities } from './pbf-worker';
import { parseRestriction, type RawRestriction, type RelationMember } from './turn-restrictions';

/** A car-usable way: its OSM id, node ids in order, and how a car may use it. */
export interface RawWay {
  id: number;
  refs: number[];
  profile: WayProfile;
}

/** What the graph builder needs from an OSM file. Coordinates are WGS84 degrees. */
export interface RawOsm {
  /** OSM node id -> index into `lat`/`lon`. */
  nodeIndex: Map<number, number>;
  lat: number[];
  lon: number[];
  ways: RawWay[];
  /** OSM node id -> what the node means for cars (barriers, signals, ...), only where it matters. */
  nodeProfiles: Map<number, NodeProfile>;
  restrictions: RawRestriction[];
}

/** Collects OSM entities as they stream past, keeping only car-usable ways. */
export class RawOsmCollector {
  readonly result: RawOsm = {
    nodeIndex: new Map(),
    lat: [],
    lon: [],
    ways: [],
    nodeProfiles: new Map(),
    restrictions: [],
  };

  addNode(id: number, lat: number, lon: number, tags?: OsmTags): void {
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
    this.result.nodeIndex.set(id, this.result.lat.length);
    this.result.lat.push(lat);
    this.result.lon.push(lon);
    if (tags) {
      const profile = carNodeProfile(tags);
      if (profile) this.result.nodeProfiles.set(id, profile);
    }
  }

  addWay(refs: number[], tags: OsmTags, id = this.result.ways.length + 1): void {
    if (refs.length < 2) return;
    const profile = carWayProfile(tags);
    if (profile) this.result.ways.push({ id, refs, profile });
  }

  addRelation(members: RelationMember[], tags: OsmTags): void {
    const restriction = parseRestriction(members, tags);
    if (restriction) this.result.restrictions.push(restriction);
  }
}

/** Feeds OSM XML text to a collector; returns a function that takes the next chunk. */
function xmlSink(collector: RawOsmCollector): { write(chunk: string): void; close(): void } {
  const parser = new SaxesParser();
  let node: { id: number; lat: number; lon: number } | null = null;
  let wayId = 0;
  let wayRefs: number[] | null = null;
  let members: RelationMember[] | null = null;
  let tags: Record<string, string> = {};
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    switch (tag.name) {
      case 'node':
        node = { id: Number(a['id']), lat: Number(a['lat']), lon: Number(a['lon']) };
        tags = {};
        break;
      case 'way':
        wayId = Number(a['id']);
        wayRefs = [];
        tags = {};
        break;
      case 'relation':
        members = [];
        tags = {};
        break;
      case 'nd':
        wayRefs?.push(Number(a['ref']));
        break;
      case 'member':
        members?.push({ type: a['type'] ?? '', ref: Number(a['ref']), role: a['role'] ?? '' });
        break;
      case 'tag':
        if (a['k'] !== undefined) tags[a['k']] = a['v'] ?? '';
        break;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'node' && node) {
      collector.addNode(node.id, node.lat, node.lon, tags);
      node = null;
    } else if (tag.name === 'way' && wayRefs) {
      collector.addWay(wayRefs, tags, wayId);
      wayRefs = null;
    } else if (tag.name === 'relation' && members) {
      collector.addRelation(members, tags);
      members = null;
    }
  });
  return { write: (chunk) => void parser.write(chunk), close: () => void parser.close() };
}

/** Parses OSM XML held in memory (test fixtures, small files). */
export function parseOsmXml(xml: string): RawOsm {
  const collector = new RawOsmCollector();
  const sink = xmlSink(collector);
  sink.write(xml);
  sink.close();
  return collector.result;
}

async function readOsmXmlStream(file: string, gzipped: boolean): Promise<RawOsm> {
  const collector = new RawOsmCollector();
  const sink = xmlSink(collector);
  const raw = createReadStream(file);
  const stream = gzipped ? raw.pipe(createGunzip()) : raw;
  stream.setEncoding('utf8');
  for await (const chunk of stream) sink.write(chunk as string);
  sink.close();
  return collector.result;
}

/**
 * Reads `.osm`, `.osm.gz` (streamed through saxes, so large files never sit in memory as text)
 * or `.osm.pbf` files.
 */
export async function readOsmFile(file: string): Promise<RawOsm> {
  if (file.endsWith('.pbf')) {
    const collector = new RawOsmCollector();
    await readPbfEntities(file, collector);
    return collector.result;
  }
  return readOsmXmlStream(file, file.endsWith('.gz'));
}
