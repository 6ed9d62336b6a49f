import type { ServerClockReading } from '@app/contracts';
import { toLocalTime } from '@app/domain';

/**
 * The simulated clock of a live run: seconds of the simulated day, advancing `speed` times as
 * fast as real time from `startS`, the server's time of day (Kusel wall clock) when the run began.
 * When the server itself runs on a simulated clock (`npm run demo`), the run follows it: its
 * speed, its day, and ride times on that day.
 */
export class SimClock {
  readonly startS: number;
  readonly speed: number;
  private readonly realStartMs: number;
  /** The server's instant at the start of the run, less `startS`: local midnight of its day. */
  private readonly dayStartMs: number;
  private readonly serverSimulated: boolean;

  constructor(
    server: ServerClockReading,
    speed: number,
    private readonly nowMs: () => number = Date.now,
    timeZone = 'Europe/Berlin',
  ) {
    this.realStartMs = nowMs();
    const serverMs = Date.parse(server.now);
    this.startS = toLocalTime(new Date(serverMs), timeZone).minuteOfDay * 60;
    this.dayStartMs = serverMs - this.startS * 1000;
    this.speed = server.simulated ? server.speed : speed;
    this.serverSimulated = server.simulated;
  }

  nowS(): number {
    return this.startS + ((this.nowMs() - this.realStartMs) / 1000) * this.speed;
  }

  /** The server's current instant. */
  serverNow(): Date {
    return this.serverSimulated
      ? new Date(this.dayStartMs + this.nowS() * 1000)
      : new Date(this.nowMs());
  }

  /**
   * The instant a rider asks for, for a ride at simulated `timeS`, never less than the area's
   * minimum notice (plus a margin) ahead of the server's clock. On a simulated server clock it is
   * that time of its day; on real time the simulated lead shrinks by the speed factor, because
   * the server checks notice against its own real clock.
   */
  requestedInstant(timeS: number, minNoticeMin: number): Date {
    const noticeS = (minNoticeMin + 2) * 60;
    if (this.serverSimulated) {
      return new Date(this.dayStartMs + Math.max(timeS, this.nowS() + noticeS) * 1000);
    }
    const leadS = Math.max(noticeS, (timeS - this.nowS()) / this.speed);
    return new Date(this.nowMs() + leadS * 1000);
  }
}
