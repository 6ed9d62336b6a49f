import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A free TCP port on 127.0.0.1, held until `release()`: for an in-process server whose address
 * others must know before it starts (the realtime gateway's, in the booking API's settings). A port
 * let go at once was taken meanwhile by a server of a parallel test file (EADDRINUSE); released
 * just before the server listens, nothing else gets it in between.
 */
export function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () =>
      resolve({
        port: (srv.address() as { port: number }).port,
        release: () => new Promise<void>((closed) => srv.close(() => closed())),
      }),
    );
  });
}

export interface OwnRedis {
  url: string;
  /** Stops the server (an outage); idempotent. */
  stop(): Promise<void>;
}

/** A throw-away redis-server on a free port, for tests that take Redis away. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const proc: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  proc.stdout!.resume();
  let stopped: Promise<void> | null = null;
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      })),
  };
}
