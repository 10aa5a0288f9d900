/** Functions to call when something happens, each told in turn. */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Calls `listener` at every `tell` from now on; the function returned stops that. */
  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  tell(value: T): void {
    for (const listener of [...this.listeners]) {
      // A listener's failure is its own: it neither keeps the others from being told nor ends the process.
      try {
        listener(value);
      } catch (error) {
        process.emitWarning(`a listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
