import type { Logger } from '@nestjs/common';

/**
 * Registers a worker's recurring jobs now (`ensure(true)`: a changed setting replaces the stored
 * scheduler) and looks for them again every `everyMs` (`ensure(false)`), since BullMQ's job
 * schedulers live in Redis only and a Redis restart without persistence wipes them. Failures are
 * logged as warnings naming `what`; the next look tries again. Clear the returned timer at
 * shutdown.
 */
export async function keepRegistered(
  log: Logger,
  what: string,
  everyMs: number,
  ensure: (force: boolean) => Promise<unknown>,
): Promise<NodeJS.Timeout> {
  await ensure(true).catch((e: Error) => log.warn(`${what} not scheduled: ${e.message}`));
  const timer = setInterval(() => {
    ensure(false).catch((e: Error) => log.warn(`${what} not checked: ${e.message}`));
  }, everyMs);
  timer.unref();
  return timer;
}
