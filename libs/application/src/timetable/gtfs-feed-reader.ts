import { CsvError, parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';

export type GtfsRow = Record<string, string>;

/** A GTFS feed's text files, read row by row (a state feed has millions of stop_times). */
export interface GtfsFeedReader {
  has(file: string): boolean;
  rows(file: string): AsyncIterable<GtfsRow>;
  close(): Promise<void>;
}

/** Thrown for a feed that cannot be read: not a zip or directory, a required file missing. */
export class GtfsFeedError extends Error {}

/**
 * A file's rows; a file that is no CSV (a quote never closed, ...) stops the import with a
 * {@link GtfsFeedError} naming the file and the parser's line.
 */
async function* csvRows(stream: Readable, file: string): AsyncIterable<GtfsRow> {
  const rows: AsyncIterable<GtfsRow> = stream.pipe(
    parse({
      columns: (h: string[]) => h.map((c) => c.trim()),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }),
  );
  try {
    yield* rows;
  } catch (e) {
    if (e instanceof CsvError) throw new GtfsFeedError(`${file}: ${e.message}`);
    throw e;
  }
}

/** Opens a GTFS feed: a `.zip` (entries read in any order, streamed) or a directory of `.txt`. */
export async function openGtfsFeed(path: string): Promise<GtfsFeedReader> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new GtfsFeedError(`${path}: no such file or directory`);
  if (info.isDirectory()) {
    const names = new Set(await readdir(path));
    return {
      has: (f) => names.has(f),
      rows: (f) => csvRows(createReadStream(join(path, f)), f),
      close: async () => undefined,
    };
  }
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, z) =>
      err || !z
        ? reject(new GtfsFeedError(`${path}: not a zip file (${err?.message})`))
        : resolve(z),
    ),
  );
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      // Feeds are flat, but some zip a folder: take the file name.
      const name = e.fileName.split('/').pop() ?? e.fileName;
      if (name.endsWith('.txt') && !entries.has(name)) entries.set(name, e);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return {
    has: (f) => entries.has(f),
    rows: (f) => {
      const entry = entries.get(f);
      if (!entry) throw new GtfsFeedError(`${f} is missing from the feed`);
      return (async function* () {
        const stream = await new Promise<Readable>((resolve, reject) =>
          zip.openReadStream(entry, (err, s) => (err || !s ? reject(err) : resolve(s))),
        );
        yield* csvRows(stream, f);
      })();
    },
    close: async () => zip.close(),
  };
}
