import { ChildProcess, spawn } from 'node:child_process';

export interface SupervisedApp {
  name: string;
  /** Arguments to `node`: flags, then the app's entry point. */
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface SupervisorOptions {
  /** First restart delay; doubles with each crash in a row, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** An app that ran this long is healthy again: its next crash restarts after `backoffMs`. */
  stableAfterMs?: number;
  log?: (line: string) => void;
  /** Where the apps' output goes, each line prefixed with the app's name. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/**
 * Runs apps as child processes and restarts one that exits on its own, with exponential backoff,
 * while the others keep running (under `npm start` one crashed app used to stop all three).
 */
export class AppSupervisor {
  private readonly running = new Map<string, ChildProcess>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly crashes = new Map<string, number>();
  private stopping = false;
  /** Restarts so far, by app. */
  readonly restarts = new Map<string, number>();

  constructor(
    private readonly apps: readonly SupervisedApp[],
    private readonly opts: SupervisorOptions = {},
  ) {}

  start(): void {
    for (const app of this.apps) this.launch(app);
  }

  /** The app's current process (a new one after each restart). */
  child(name: string): ChildProcess | undefined {
    return this.running.get(name);
  }

  private launch(app: SupervisedApp): void {
    const startedAt = Date.now();
    const child = spawn(process.execPath, app.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: app.env ?? process.env,
    });
    const prefix = `[${app.name}] `;
    const out = this.opts.stdout ?? process.stdout;
    const err = this.opts.stderr ?? process.stderr;
    child.stdout?.on('data', (d: Buffer) => out.write(d.toString().replace(/^(?=.)/gm, prefix)));
    child.stderr?.on('data', (d: Buffer) => err.write(d.toString().replace(/^(?=.)/gm, prefix)));
    this.running.set(app.name, child);
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      const stable = Date.now() - startedAt >= (this.opts.stableAfterMs ?? 60_000);
      const crashes = stable ? 1 : (this.crashes.get(app.name) ?? 0) + 1;
      this.crashes.set(app.name, crashes);
      const base = this.opts.backoffMs ?? 1000;
      const delay = Math.min(base * 2 ** (crashes - 1), this.opts.maxBackoffMs ?? 30_000);
      this.log(`${app.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.stopping) return;
        this.restarts.set(app.name, (this.restarts.get(app.name) ?? 0) + 1);
        this.launch(app);
      }, delay);
      this.timers.add(timer);
    });
  }

  /** Stops every app (SIGTERM, then SIGKILL after `graceMs`) and restarts none. */
  async stop(graceMs = 3000): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearTimeout(t);
    const children = [...this.running.values()].filter(
      (c) => c.exitCode === null && c.signalCode === null,
    );
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            const kill = setTimeout(() => c.kill('SIGKILL'), graceMs);
            c.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
  }

  private log(line: string): void {
    (this.opts.log ?? ((l: string) => console.error(l)))(line);
  }
}
