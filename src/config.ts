/** Settings from the environment, validated once. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { topKSchema } from './answering/ask.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const environment = z.object({
  RAG_CORPUS_DIR: z.string().min(1).default(resolve(PROJECT_ROOT, 'data/reports')),
  RAG_INDEX_DIR: z.string().min(1).default(resolve(PROJECT_ROOT, 'embeddings')),
  RAG_TOP_K: topKSchema.default(5),
});

export interface Config {
  corpusDir: string;
  indexDir: string;
  topK: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  const { RAG_CORPUS_DIR, RAG_INDEX_DIR, RAG_TOP_K } = parsed.data;
  return { corpusDir: resolve(RAG_CORPUS_DIR), indexDir: resolve(RAG_INDEX_DIR), topK: RAG_TOP_K };
}
