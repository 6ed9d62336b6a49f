import { PassThrough } from 'node:stream';
import { AppSupervisor } from './app-supervisor';

const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  return check();
};

describe('AppSupervisor (npm start)', () => {
  it('restarts a crashed app with backoff and keeps the others running', async () => {
    const lines: string[] = [];
    const sink = new PassThrough().resume();
    const supervisor = new AppSupervisor(
      [
        { name: 'steady', args: ['-e', 'setInterval(() => {}, 1000)'] },
        { name: 'crashing', args: ['-e', 'process.exit(3)'] },
      ],
      { backoffMs: 10, maxBackoffMs: 40, log: (l) => lines.push(l), stdout: sink, stderr: sink },
    );
    supervisor.start();
    const steady = supervisor.child('steady')!;
    try {
      expect(await until(() => (supervisor.restarts.get('crashing') ?? 0) >= 4)).toBe(true);
      expect(supervisor.child('steady')).toBe(steady);
      expect(steady.exitCode).toBeNull();
      expect(lines[0]).toMatch(/crashing exited \(code 3\); restarting in 10 ms/);
      // The delay doubles with each crash in a row, up to the maximum.
      expect(lines.slice(0, 4).map((l) => /in (\d+) ms/.exec(l)![1])).toEqual([
        '10',
        '20',
        '40',
        '40',
      ]);
    } finally {
      await supervisor.stop();
    }
    expect(steady.signalCode).toBe('SIGTERM');
  });

  it('restarts an app killed by a signal', async () => {
    const sink = new PassThrough().resume();
    const supervisor = new AppSupervisor(
      [{ name: 'worker', args: ['-e', 'setInterval(() => {}, 1000)'] }],
      { backoffMs: 10, log: () => undefined, stdout: sink, stderr: sink },
    );
    supervisor.start();
    const first = supervisor.child('worker')!;
    try {
      await until(() => first.pid !== undefined);
      first.kill('SIGKILL');
      expect(await until(() => supervisor.child('worker') !== first)).toBe(true);
      expect(supervisor.child('worker')!.exitCode).toBeNull();
    } finally {
      await supervisor.stop();
    }
  });
});
