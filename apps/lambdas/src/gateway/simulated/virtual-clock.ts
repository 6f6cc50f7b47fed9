/**
 * The simulated cluster's clock. It starts at the scenario's `startTime` and moves only when
 * something waits: an explicit poll of a resource in transition (one `secondsPerPoll` each, the
 * wait a workflow makes between two polls) or `advance()` (a driver's Wait state, or a test
 * leaving the 7-day rollback window). Reads never move it, so what a phase observes does not
 * depend on how many incidental reads it happens to make.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock(Date.parse('2026-01-05T09:00:00Z'), 60);
 * clock.poll();
 * clock.now().toISOString(); // '2026-01-05T09:01:00.000Z'
 * ```
 */
export class VirtualClock {
  private currentMs: number;
  private readonly secondsPerPoll: number;

  constructor(startMs: number, secondsPerPoll: number) {
    this.currentMs = startMs;
    this.secondsPerPoll = secondsPerPoll;
  }

  now(): Date {
    return new Date(this.currentMs);
  }

  nowMs(): number {
    return this.currentMs;
  }

  /** Moves the clock forward by `seconds` (never back). */
  advance(seconds: number): void {
    if (seconds > 0) this.currentMs += seconds * 1000;
  }

  /** One explicit poll: the time a workflow waits between two polls passes. */
  poll(): void {
    this.advance(this.secondsPerPoll);
  }
}

/**
 * Something in transition that ends after a number of explicit polls of it (an EKS update, a
 * cluster, node group or add-on being created or deleted, a Route 53 change). Each resource
 * counts only the polls of itself, so polling one never moves another on.
 *
 * @example
 * ```ts
 * const creation = new PollCountdown(3);
 * creation.poll(); creation.poll(); creation.poll();
 * creation.done; // true
 * ```
 */
export class PollCountdown {
  private left: number;

  constructor(polls: number) {
    this.left = polls;
  }

  get done(): boolean {
    return this.left <= 0;
  }

  /** Counts one poll; true when this poll ended the transition. */
  poll(): boolean {
    if (this.done) return false;
    this.left -= 1;
    return this.done;
  }
}
