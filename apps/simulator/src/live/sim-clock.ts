/**
 * The simulated clock of a live run: seconds of the simulated day, advancing `speed` times as
 * fast as real time from `startS` (the Kusel wall-clock time of day when the run began).
 */
export class SimClock {
  private readonly realStartMs: number;

  constructor(
    readonly startS: number,
    readonly speed: number,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.realStartMs = nowMs();
  }

  nowS(): number {
    return this.startS + ((this.nowMs() - this.realStartMs) / 1000) * this.speed;
  }

  /**
   * The real instant a rider asks for, for a ride at simulated `timeS`: the simulated lead time
   * shrunk by the speed factor, but never less than the area's minimum notice (plus a margin),
   * because the server checks notice against its own real clock.
   */
  requestedInstant(timeS: number, minNoticeMin: number): Date {
    const leadS = Math.max((minNoticeMin + 2) * 60, (timeS - this.nowS()) / this.speed);
    return new Date(this.nowMs() + leadS * 1000);
  }
}
