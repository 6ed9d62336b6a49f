import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** Runs in a worker thread: one PostgreSQL connection answering queries sent over `port`. */
const WORKER = `
const { workerData } = require('node:worker_threads');
const { Client } = require('pg');
const { port, signal, url } = workerData;
const flag = new Int32Array(signal);
const client = new Client({ connectionString: url });
const ready = client.connect();
port.on('message', async ({ sql, params }) => {
  try {
    await ready;
    port.postMessage({ rows: (await client.query(sql, params)).rows });
  } catch (e) {
    port.postMessage({ error: String(e && e.message) });
  }
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

/**
 * SQL that blocks the calling thread until PostgreSQL answers, over its own connection in a
 * worker thread. For tests that must look at the database from inside synchronous code (such as
 * the improvement search, which holds the event loop while it runs).
 */
export class SyncSql {
  private readonly worker: Worker;
  private readonly port: MessageChannel['port1'];
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));

  constructor(url: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { port: port2, signal: this.flag.buffer, url },
      transferList: [port2],
    });
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): T[] {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ sql, params });
    if (Atomics.wait(this.flag, 0, 0, 30_000) === 'timed-out') {
      throw new Error(`no answer to ${sql}`);
    }
    const msg = receiveMessageOnPort(this.port)?.message as
      { rows: T[] } | { error: string } | undefined;
    if (!msg) throw new Error(`no answer to ${sql}`);
    if ('error' in msg) throw new Error(msg.error);
    return msg.rows;
  }

  async close(): Promise<void> {
    this.port.close();
    await this.worker.terminate();
  }
}
