/**
 * What `/readyz` says: whether the server answers, on what, and how far the vectors of a first start have come.
 * A server that answers on words alone (vectors still being built, the model restarting) is ready but `degraded`:
 * a load balancer keeps sending it questions, and whoever watches it sees why answers are weaker.
 */
import type { Assistant } from '../answering/ask.ts';

/** Texts embedded so far of those a build embeds (chunks, their sentence pieces and the corpus's words). */
export interface TextProgress {
  done: number;
  total: number;
}

export interface ServerState {
  assistant?: Assistant;
  /** Set while the server answers with a first assistant and builds the vectors of the one that replaces it. */
  building?: TextProgress;
}

export type Stage = 'loading' | 'building-vectors' | 'serving';

export interface Readiness {
  ready: boolean;
  status: 'loading' | 'ready' | 'degraded';
  stage: Stage;
  /** Why answers come on words alone, when they do. */
  degraded?: string;
  vectors?: TextProgress & { unit: 'texts' };
  reports?: number;
  /** Where the index is kept (`file`, `postgres`, or `memory` while the vectors of a first start are built) and its build. */
  store?: string;
  build?: string;
  model?: string | null;
  retrievers?: readonly string[];
}

export function readiness(state: ServerState): Readiness {
  const { assistant, building } = state;
  const vectors = building ? { vectors: { ...building, unit: 'texts' as const } } : {};
  if (!assistant) return { ready: false, status: 'loading', stage: 'loading', ...vectors };
  const degraded = assistant.degraded?.();
  return {
    ready: true,
    status: degraded === undefined ? 'ready' : 'degraded',
    stage: building ? 'building-vectors' : 'serving',
    ...(degraded === undefined ? {} : { degraded }),
    ...vectors,
    reports: assistant.reports().length,
    store: assistant.index.source.store,
    build: assistant.index.source.build,
    model: assistant.embeddingModel ?? null,
    retrievers: assistant.retrievers,
  };
}
