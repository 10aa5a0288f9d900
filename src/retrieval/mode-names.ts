/** The retrieval modes by name, apart from the retrievers themselves: what a command line checks its flags against. */
export const RETRIEVAL_MODES = ['hybrid', 'lexical', 'dense'] as const;
export type RetrievalMode = (typeof RETRIEVAL_MODES)[number];

/**
 * Hybrid, now that the answer stage weighs meaning where words fail: on the gold questions answer accuracy
 * 0.890 against 0.870 for lexical alone, on the held-out questions 0.768 against 0.696.
 */
export const DEFAULT_RETRIEVAL_MODE: RetrievalMode = 'hybrid';
