/**
 * Virtual time for local runs: Wait states, retry intervals and simulated work move this clock
 * instead of sleeping, so an hour-long upgrade rehearses in milliseconds.
 *
 * @example
 * ```ts
 * // in a local Lambda handler: pretend the call took 90 seconds
 * lambdaHandlers: { 'eks-upgrade-agent-execution': (payload, { clock }) => { clock.advance(90); return result; } }
 * ```
 */
export class VirtualClock {
  private elapsed = 0;

  constructor(readonly startTime: Date = new Date()) {}

  /** Seconds since the run started. */
  elapsedSeconds(): number {
    return this.elapsed;
  }

  /** The current virtual time. */
  now(): Date {
    return new Date(this.startTime.getTime() + this.elapsed * 1000);
  }

  /** Moves the clock forward (simulated work, waits, retry intervals). */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError(`The clock only moves forward by a finite number of seconds (got ${seconds})`);
    }
    this.elapsed += seconds;
  }

  /** Sets the elapsed time (used to stop exactly at a timeout). */
  setElapsedSeconds(seconds: number): void {
    this.elapsed = Math.max(this.elapsed, seconds);
  }
}
