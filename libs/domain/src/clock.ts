/** Where domain and application code get "now"; tests and simulations inject their own. */
export abstract class Clock {
  abstract now(): Date;

  /**
   * Real milliseconds that pass while this clock advances `clockMs`: what a timer or a repeating
   * job waits so that it fires after `clockMs` of this clock's time.
   */
  realMsFor(clockMs: number): number {
    return clockMs;
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }
  now(): Date {
    return new Date(this.instant);
  }
  set(instant: Date): void {
    this.instant = instant;
  }
}

/** Where a simulated clock stands: at real instant `realMs` it read `clockMs`. */
export interface ClockAnchor {
  realMs: number;
  clockMs: number;
  /** How many times as fast as real time it runs. */
  speed: number;
}

/**
 * A clock that runs `speed` times as fast as real time from an anchor, so a demo started in the
 * evening still plays the morning. Processes that share the anchor read the same time.
 */
export class SimulatedClock extends Clock {
  constructor(
    readonly anchor: ClockAnchor,
    private readonly realNowMs: () => number = Date.now,
  ) {
    super();
  }
  now(): Date {
    return new Date(
      this.anchor.clockMs + (this.realNowMs() - this.anchor.realMs) * this.anchor.speed,
    );
  }
  override realMsFor(clockMs: number): number {
    return clockMs / this.anchor.speed;
  }
}
