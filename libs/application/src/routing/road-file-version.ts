import { stat } from 'node:fs/promises';

/**
 * A road file as it is now on disk: its path, size and modification time (cheap, unlike hashing
 * a large extract; the graph cache keys on the same). A file replaced under the same path, or
 * another path, is another version; null when the file is not there.
 */
export async function roadFileVersion(file: string): Promise<string | null> {
  try {
    const s = await stat(file);
    return `${file}|${s.size}|${s.mtimeMs}`;
  } catch {
    return null;
  }
}
