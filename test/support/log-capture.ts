import { Writable } from 'node:stream';

/**
 * A log destination that keeps the lines, for reading what an operator would see. Pass `stream`
 * to setLogDestination before the apps are created; `lines` fills as they log.
 */
export function captureLogs(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}
