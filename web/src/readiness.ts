/**
 * What the server answers on, as `/readyz` says: watched while answers come on words alone (the meaning index of a
 * first start still being built, or the model restarting), so that the page says why and how far along it is.
 */

export interface Readiness {
  ready: boolean;
  status: 'loading' | 'ready' | 'degraded';
  stage: 'loading' | 'building-vectors' | 'serving';
  vectors?: { done: number; total: number; unit: 'texts' };
}

/** How often to look again while the server is not at its best. */
const POLL_MS = 3000;

export class ReadinessWatch {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onChange: (readiness: Readiness) => void) {}

  /** Looks now, and again every few seconds until the server answers at its best. */
  watch(): void {
    if (this.timer !== undefined) return;
    void this.look();
  }

  private async look(): Promise<void> {
    this.timer = undefined;
    let readiness: Readiness | undefined;
    try {
      const response = await fetch('/readyz');
      readiness = (await response.json()) as Readiness;
    } catch {
      // Unreachable or not JSON: the socket's state already tells the reader.
    }
    if (readiness) this.onChange(readiness);
    if (readiness?.status !== 'ready') this.timer = setTimeout(() => void this.look(), POLL_MS);
  }
}
