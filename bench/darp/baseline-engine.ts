import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Extracts `libs/dispatch` as it was at `commit` into a temporary folder, for the speed
 * comparison against today's engine in the same run. The copy lives only for the benchmark;
 * it is never a second engine in the repository.
 */
export function extractBaseline(root: string, commit: string): { dir: string; commit: string } {
  const full = execFileSync('git', ['rev-parse', '--short', commit], { cwd: root }).toString();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'darp-baseline-'));
  const tar = execFileSync('git', ['archive', commit, 'libs/dispatch/src'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  return { dir, commit: full.trim() };
}
