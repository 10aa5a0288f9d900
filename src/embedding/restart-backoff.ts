/**
 * How long to wait before starting the model's process again after it died: doubling with each death in a row,
 * so a model that cannot run does not take the machine's time starting over and over, and back to the shortest
 * once a process has stayed up long enough to count as healthy.
 */

export interface RestartPolicy {
  firstMs: number;
  longestMs: number;
  /** Up this long, a process resets the wait to `firstMs`. */
  healthyMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { firstMs: 500, longestMs: 30_000, healthyMs: 60_000 };

export class RestartBackoff {
  private deathsInARow = 0;
  private upSince: number | undefined;

  constructor(
    private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A process has loaded the model. */
  up(): void {
    this.upSince = this.now();
  }

  /** A process died or failed to load: how long to wait before the next start. */
  down(): number {
    if (this.upSince !== undefined && this.now() - this.upSince >= this.policy.healthyMs) this.deathsInARow = 0;
    this.upSince = undefined;
    const wait = Math.min(this.policy.longestMs, this.policy.firstMs * 2 ** this.deathsInARow);
    this.deathsInARow++;
    return wait;
  }
}
