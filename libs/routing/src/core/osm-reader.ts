import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { carWayProfile, type OsmTags, type WayProfile } from './car-profile';
import { readPbfEntities } from './pbf-worker';

/** A car-usable way: OSM node ids in order, and how a car may use it. */
export interface RawWay {
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
}

/** Collects OSM entities as they stream past, keeping only car-usable ways. */
export class RawOsmCollector {
  readonly result: RawOsm = { nodeIndex: new Map(), lat: [], lon: [], ways: [] };

  addNode(id: number, lat: number, lon: number): void {
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
    this.result.nodeIndex.set(id, this.result.lat.length);
    this.result.lat.push(lat);
    this.result.lon.push(lon);
  }

  addWay(refs: number[], tags: OsmTags): void {
    if (refs.length < 2) return;
    const profile = carWayProfile(tags);
    if (profile) this.result.ways.push({ refs, profile });
  }
}

/** Feeds OSM XML text to a collector; returns a function that takes the next chunk. */
function xmlSink(collector: RawOsmCollector): { write(chunk: string): void; close(): void } {
  const parser = new SaxesParser();
  let wayRefs: number[] | null = null;
  let wayTags: Record<string, string> = {};
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    switch (tag.name) {
      case 'node':
        collector.addNode(Number(a['id']), Number(a['lat']), Number(a['lon']));
        break;
      case 'way':
        wayRefs = [];
        wayTags = {};
        break;
      case 'nd':
        wayRefs?.push(Number(a['ref']));
        break;
      case 'tag':
        if (wayRefs && a['k'] !== undefined) wayTags[a['k']] = a['v'] ?? '';
        break;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'way' && wayRefs) {
      collector.addWay(wayRefs, wayTags);
      wayRefs = null;
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
