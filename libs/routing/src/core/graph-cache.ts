import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { buildRoadGraph, type BuildOptions } from './graph-builder';
import { readOsmFile } from './osm-reader';
import { ROAD_GRAPH_ARRAYS, type RoadGraph, type RoadGraphArrayField } from './road-graph';

/** Bump when the file layout or the car profile changes, so stale caches are rebuilt. */
export const GRAPH_CACHE_FORMAT_VERSION = 3;
const MAGIC = 'KRGRAPH3';

export interface LoadGraphOptions extends BuildOptions {
  /** Directory for `<osm file>.<key>.graph.bin`; default `.cache/routing` under the cwd. */
  cacheDir?: string;
  /** Set false to always build from the OSM file and write no cache. */
  useCache?: boolean;
}

export interface LoadedGraph {
  graph: RoadGraph;
  fromCache: boolean;
  cacheFile?: string;
}

type TypedArray = Float64Array | Uint32Array | Int32Array | Uint8Array;
type ArrayCtor = { new (buffer: ArrayBuffer): TypedArray; BYTES_PER_ELEMENT: number };
const FIELDS = Object.keys(ROAD_GRAPH_ARRAYS) as RoadGraphArrayField[];

/**
 * The cache key covers the input's size and mtime (cheap, unlike hashing a large extract), the
 * cache format and the build options, so any change rebuilds.
 */
async function cacheFileFor(osmFile: string, options: LoadGraphOptions): Promise<string> {
  const stat = await fs.stat(osmFile);
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        GRAPH_CACHE_FORMAT_VERSION,
        stat.size,
        stat.mtimeMs,
        options.smallComponentSize ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 16);
  const dir = options.cacheDir ?? join(process.cwd(), '.cache', 'routing');
  return join(dir, `${basename(osmFile)}.${key}.graph.bin`);
}

/** Layout: magic, u32 header length, JSON header, then each typed array 8-byte aligned. */
export function serializeGraph(graph: RoadGraph): Buffer {
  const header = {
    nodeCount: graph.nodeCount,
    names: graph.names,
    arrays: FIELDS.map((f) => graph[f].length),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const parts: Buffer[] = [Buffer.from(MAGIC, 'latin1'), Buffer.alloc(4), json];
  parts[1].writeUInt32LE(json.length);
  let offset = MAGIC.length + 4 + json.length;
  for (const field of FIELDS) {
    const pad = (8 - (offset % 8)) % 8;
    parts.push(Buffer.alloc(pad));
    const arr = graph[field];
    parts.push(Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength));
    offset += pad + arr.byteLength;
  }
  return Buffer.concat(parts);
}

/** Inverse of {@link serializeGraph}; null when the bytes are not a graph of this format. */
export function deserializeGraph(bytes: Buffer): RoadGraph | null {
  if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    return null;
  }
  const jsonLength = bytes.readUInt32LE(MAGIC.length);
  let offset = MAGIC.length + 4;
  const header = JSON.parse(bytes.toString('utf8', offset, offset + jsonLength)) as {
    nodeCount: number;
    names: string[];
    arrays: number[];
  };
  if (header.arrays.length !== FIELDS.length) return null;
  offset += jsonLength;
  const graph: Partial<RoadGraph> = { nodeCount: header.nodeCount, names: header.names };
  FIELDS.forEach((field, i) => {
    offset += (8 - (offset % 8)) % 8;
    const Ctor: ArrayCtor = ROAD_GRAPH_ARRAYS[field];
    const byteLength = header.arrays[i] * Ctor.BYTES_PER_ELEMENT;
    // Copy: a Buffer's byteOffset inside Node's pool need not be aligned for a typed-array view.
    const copy = new Uint8Array(byteLength);
    copy.set(bytes.subarray(offset, offset + byteLength));
    (graph as Record<string, unknown>)[field] = new Ctor(copy.buffer);
    offset += byteLength;
  });
  return graph as RoadGraph;
}

/**
 * Loads the prepared graph for an OSM file from the binary cache, or builds it (and writes the
 * cache) when there is none for this exact input.
 */
export async function loadRoadGraph(
  osmFile: string,
  options: LoadGraphOptions = {},
): Promise<LoadedGraph> {
  if (options.useCache === false) {
    return { graph: buildRoadGraph(await readOsmFile(osmFile), options), fromCache: false };
  }
  const cacheFile = await cacheFileFor(osmFile, options);
  const cached = await fs.readFile(cacheFile).then(deserializeGraph, () => null);
  if (cached) return { graph: cached, fromCache: true, cacheFile };

  const graph = buildRoadGraph(await readOsmFile(osmFile), options);
  await fs.mkdir(join(cacheFile, '..'), { recursive: true });
  // Write then rename, so a concurrent reader never sees half a file.
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  await fs.writeFile(tmp, serializeGraph(graph));
  await fs.rename(tmp, cacheFile);
  return { graph, fromCache: false, cacheFile };
}
