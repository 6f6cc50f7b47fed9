import { describe, expect, it } from 'vitest';
import { PollCountdown, VirtualClock } from './virtual-clock.js';

describe('Class: VirtualClock', () => {
  it('starts at the start, moves one secondsPerPoll per poll and forward only', () => {
    // Prepare
    const clock = new VirtualClock(Date.parse('2026-01-05T09:00:00Z'), 60);

    // Act
    clock.poll();
    clock.advance(30);
    clock.advance(-3600);

    // Assess
    expect(clock.now().toISOString()).toBe('2026-01-05T09:01:30.000Z');
    expect(clock.nowMs()).toBe(Date.parse('2026-01-05T09:01:30Z'));
  });
});

describe('Class: PollCountdown', () => {
  it('ends at its last poll, says so once, and stays done', () => {
    // Prepare
    const countdown = new PollCountdown(2);

    // Act
    const answers = [countdown.poll(), countdown.poll(), countdown.poll()];

    // Assess
    expect(answers).toEqual([false, true, false]);
    expect(countdown.done).toBe(true);
  });
});
