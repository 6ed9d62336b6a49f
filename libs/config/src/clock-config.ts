import { toLocalTime, zonedToInstant } from '@app/domain';
import type { AppConfig } from './app-config';

export type ClockConfig = Pick<
  AppConfig,
  'CLOCK' | 'CLOCK_START' | 'CLOCK_SPEED' | 'CLOCK_TIME_ZONE' | 'CLOCK_EPOCH'
>;

/**
 * The instant a simulated clock starts at when it is anchored at real instant `realMs`:
 * CLOCK_START as `HH:MM` on that day's date (CLOCK_TIME_ZONE), or the instant it names.
 */
export function clockStartMs(config: ClockConfig, realMs: number): number {
  if (!/^\d{2}:\d{2}$/.test(config.CLOCK_START)) return Date.parse(config.CLOCK_START);
  const today = toLocalTime(new Date(realMs), config.CLOCK_TIME_ZONE).date;
  return zonedToInstant(today, config.CLOCK_START, config.CLOCK_TIME_ZONE).getTime();
}
