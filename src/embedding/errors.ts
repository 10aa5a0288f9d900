/** The embedding model's errors, each with a code that says to whoever asked what went wrong. */

/**
 * The model cannot answer now: its process ended (a crash, a kill, too little memory) or could not load it, and
 * it is being restarted. Asking again once the embedder's status is `ready` succeeds.
 */
export class ModelUnavailableError extends Error {
  readonly code = 'model-unavailable';

  /** Why, in a few words: `its process was killed by SIGKILL`, or the model's own load error. */
  constructor(readonly reason: string) {
    super(`the embedding model is not available: ${reason}`);
    this.name = 'ModelUnavailableError';
  }
}

/** The model is running but could not embed these texts. */
export class EmbeddingFailedError extends Error {
  readonly code = 'embedding-failed';

  constructor(reason: string) {
    super(`embedding failed: ${reason}`);
    this.name = 'EmbeddingFailedError';
  }
}
