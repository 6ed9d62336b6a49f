export const REALTIME_OPTIONS = Symbol('REALTIME_OPTIONS');

export interface RealtimeOptions {
  redisUrl: string;
  redisPrefix: string;
  /** Keep one track point per vehicle per this many seconds in PostgreSQL. */
  trackIntervalS: number;
  /** Write the buffered track points this often. */
  trackFlushS: number;
  /** Recompute a vehicle's ETAs at most this often as its positions arrive. */
  etaIntervalS: number;
  /** A rider hears their vehicle from this long before the pickup window opens, minutes. */
  trackingLeadMin: number;
  /** How long a socket whose token expired may re-authenticate before it is closed, seconds. */
  reauthGraceS: number;
}

export const DEFAULT_REALTIME_OPTIONS = {
  trackIntervalS: 15,
  trackFlushS: 5,
  etaIntervalS: 10,
  trackingLeadMin: 15,
  reauthGraceS: 30,
} as const;
