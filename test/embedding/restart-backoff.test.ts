import { describe, expect, it } from 'vitest';
import { RestartBackoff } from '../../src/embedding/restart-backoff.ts';

describe('the wait before restarting the model', () => {
  const policy = { firstMs: 500, longestMs: 30_000, healthyMs: 60_000 };

  it('doubles with each death in a row, up to the longest', () => {
    const backoff = new RestartBackoff(policy, () => 0);
    expect(Array.from({ length: 9 }, () => backoff.down())).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('goes back to the shortest once a process has stayed up long enough, and not before', () => {
    let now = 0;
    const backoff = new RestartBackoff(policy, () => now);
    backoff.down();
    backoff.down();
    backoff.up();
    now += 59_999;
    expect(backoff.down()).toBe(2000);
    backoff.up();
    now += 60_000;
    expect(backoff.down()).toBe(500);
  });
});
