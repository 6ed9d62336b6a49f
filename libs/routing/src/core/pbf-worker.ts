import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { NODE_KEYS } from './node-profile';
import type { RawOsmCollector } from './osm-reader';
import type { RelationMember } from './turn-restrictions';

/*
 * osm-pbf-parser-node is ESM-only. Node 20 can load it, but jest's CommonJS module registry
 * cannot, so it runs in a worker thread (a plain Node context) that streams batches back. This
 * also keeps protobuf decoding off the main thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { createOSMStream } = await import(workerData.moduleUrl);
  const nodeKeys = new Set(workerData.nodeKeys);
  let ids = [], lats = [], lons = [], nodeTags = [], ways = [], relations = [];
  const flush = () => {
    parentPort.postMessage({ ids: Float64Array.from(ids), lats: Float64Array.from(lats),
      lons: Float64Array.from(lons), nodeTags, ways, relations });
    ids = []; lats = []; lons = []; nodeTags = []; ways = []; relations = [];
  };
  const opts = { withTags: { node: true, way: true, relation: true }, withInfo: false };
  for await (const item of createOSMStream(workerData.file, opts)) {
    if (item.type === 'node') {
      if (item.tags) {
        let kept = null;
        for (const k in item.tags) if (nodeKeys.has(k)) (kept = kept || {})[k] = item.tags[k];
        if (kept) nodeTags.push({ i: ids.length, tags: kept });
      }
      ids.push(item.id); lats.push(item.lat); lons.push(item.lon);
    }
    else if (item.type === 'way' && item.tags && (item.tags.highway || item.tags.route)) ways.push({ id: item.id, refs: item.refs, tags: item.tags });
    else if (item.type === 'relation' && item.tags && item.tags.type && item.tags.type.startsWith('restriction')) relations.push({ members: item.members, tags: item.tags });
    if (ids.length + ways.length >= 65536) flush();
  }
  flush();
  parentPort.postMessage({ done: true });
})().catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));
`;

interface PbfBatch {
  ids?: Float64Array;
  lats?: Float64Array;
  lons?: Float64Array;
  nodeTags?: { i: number; tags: Record<string, string> }[];
  ways?: { id: number; refs: number[]; tags: Record<string, string> }[];
  relations?: { members: RelationMember[]; tags: Record<string, string> }[];
  done?: boolean;
  error?: string;
}

/** Streams nodes (with their car-relevant tags), highway ways and turn restrictions of a `.osm.pbf` file into `collector`. */
export function readPbfEntities(file: string, collector: RawOsmCollector): Promise<void> {
  const moduleUrl = pathToFileURL(require.resolve('osm-pbf-parser-node')).href;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, moduleUrl, nodeKeys: [...NODE_KEYS] },
    });
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (err) reject(err);
      else resolve();
    };
    worker.on('message', (batch: PbfBatch) => {
      if (batch.error) return finish(new Error(`PBF read failed for ${file}: ${batch.error}`));
      if (batch.done) return finish();
      const { ids, lats, lons } = batch;
      if (ids && lats && lons) {
        const tagged = new Map((batch.nodeTags ?? []).map((t) => [t.i, t.tags]));
        for (let i = 0; i < ids.length; i++) {
          collector.addNode(ids[i], lats[i], lons[i], tagged.get(i));
        }
      }
      for (const w of batch.ways ?? []) collector.addWay(w.refs, w.tags, w.id);
      for (const r of batch.relations ?? []) collector.addRelation(r.members, r.tags);
    });
    worker.on('error', (err) => finish(err));
    worker.on('exit', (code) =>
      finish(code === 0 ? undefined : new Error(`PBF worker exit ${code}`)),
    );
  });
}
