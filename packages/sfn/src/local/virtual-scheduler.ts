import type { VirtualClock } from './virtual-clock.js';

interface Sleeper {
  wakeAt: number;
  order: number;
  wake: () => void;
}

/**
 * Lets several local executions (a Distributed Map's child executions) wait on one virtual
 * clock as if they ran at the same time: a wait parks its execution until every execution that
 * is running is parked too, then the clock jumps to the earliest wake-up and that execution
 * goes on (ties in the order they began waiting). With one execution running and nobody
 * parked, a wait just moves the clock on, as before.
 *
 * @example
 * ```ts
 * const scheduler = new VirtualScheduler(clock);
 * scheduler.started(); // a child execution begins
 * await scheduler.sleep(30); // resumes when the others are parked too, 30 s later
 * scheduler.ended();
 * ```
 */
export class VirtualScheduler {
  /** Executions (or workers) that are doing something other than waiting; the root counts. */
  private running = 1;
  private sleepers: Sleeper[] = [];
  private order = 0;

  constructor(private readonly clock: VirtualClock) {}

  /** Waits `seconds` of virtual time. */
  sleep(seconds: number): Promise<void> {
    if (this.running <= 1 && this.sleepers.length === 0) {
      this.clock.advance(seconds);
      return Promise.resolve();
    }
    return new Promise<void>((wake) => {
      this.sleepers.push({ wakeAt: this.clock.elapsedSeconds() + seconds, order: this.order++, wake });
      this.running -= 1;
      this.dispatch();
    });
  }

  /** One more execution runs (call before the one starting it is suspended). */
  started(): void {
    this.running += 1;
  }

  /** An execution ended, or suspended itself until others end. */
  ended(): void {
    this.running -= 1;
    this.dispatch();
  }

  private dispatch(): void {
    if (this.running > 0 || this.sleepers.length === 0) return;
    this.sleepers.sort((a, b) => a.wakeAt - b.wakeAt || a.order - b.order);
    const next = this.sleepers.shift() as Sleeper;
    this.clock.setElapsedSeconds(next.wakeAt);
    this.running += 1;
    next.wake();
  }
}
