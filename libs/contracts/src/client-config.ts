/** The server's clock as `GET /v1/client-config` reads it when answering. */
export interface ServerClockReading {
  /** The server's current time (ISO 8601): simulated in a development demo, else real. */
  now: string;
  /** How many times as fast as real time it runs (1 on real time). */
  speed: number;
  simulated: boolean;
}

/** `GET /v1/client-config`: what the browser apps and the simulator need to know. */
export interface ClientConfig {
  /** The realtime gateway as browsers reach it; null: this host on `realtimePort`. */
  realtimeUrl: string | null;
  realtimePort: number;
  devTokens: boolean;
  clock: ServerClockReading;
}

/**
 * The server's "now" in a browser app or the simulator: the client config's reading carried
 * forward at its speed, so times the apps suggest (a ride in an hour, today's roster) and stamp
 * (positions) follow a simulated demo clock. Real time when the server runs on real time.
 */
export function serverClock(
  reading: ServerClockReading | undefined,
  localNowMs: () => number = Date.now,
): () => Date {
  if (!reading?.simulated) return () => new Date(localNowMs());
  const readAt = localNowMs();
  const at = Date.parse(reading.now);
  return () => new Date(at + (localNowMs() - readAt) * reading.speed);
}
