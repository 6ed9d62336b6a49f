import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { RawOsmCollector } from './osm-reader';

/*
 * osm-pbf-parser-node is ESM-only. Node 20 can load it, but jest's CommonJS module registry
 * cannot, so it runs in a worker thread (a plain Node context) that streams batches back. This
 * also keeps protobuf decoding off the main thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { createOSMStream } = await import(workerData.moduleUrl);
  let ids = [], lats = [], lons = [], ways = [];
  const flush = () => {
    parentPort.postMessage({ ids: Float64Array.from(ids), lats: Float64Array.from(lats),
      lons: Float64Array.from(lons), ways });
    ids = []; lats = []; lons = []; ways = [];
  };
  const opts = { withTags: { node: false, way: true, relation: false }, withInfo: false };
  for await (const item of createOSMStream(workerData.file, opts)) {
    if (item.type === 'node') { ids.push(item.id); lats.push(item.lat); lons.push(item.lon); }
    else if (item.type === 'way' && item.tags && item.tags.highway) ways.push({ refs: item.refs, tags: item.tags });
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
  ways?: { refs: number[]; tags: Record<string, string> }[];
  done?: boolean;
  error?: string;
}

/** Streams nodes and highway ways of a `.osm.pbf` file into `collector`. */
export function readPbfEntities(file: string, collector: RawOsmCollector): Promise<void> {
  const moduleUrl = pathToFileURL(require.resolve('osm-pbf-parser-node')).href;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, moduleUrl } });
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
        for (let i = 0; i < ids.length; i++) collector.addNode(ids[i], lats[i], lons[i]);
      }
      for (const w of batch.ways ?? []) collector.addWay(w.refs, w.tags);
    });
    worker.on('error', (err) => finish(err));
    worker.on('exit', (code) =>
      finish(code === 0 ? undefined : new Error(`PBF worker exit ${code}`)),
    );
  });
}
