/** Settings from the environment, validated once. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { topKSchema } from './answering/ask.ts';
import { DEFAULT_EMBEDDING_MODEL, EMBEDDING_MODEL_NAMES, type EmbeddingModelName } from './embedding/models.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const environment = z.object({
  RAG_CORPUS_DIR: z.string().min(1).default(resolve(PROJECT_ROOT, 'data/reports')),
  RAG_INDEX_DIR: z.string().min(1).default(resolve(PROJECT_ROOT, 'embeddings')),
  RAG_TOP_K: topKSchema.default(5),
  RAG_MODEL_DIR: z.string().min(1).optional(),
  RAG_EMBED_MODEL: z.enum(EMBEDDING_MODEL_NAMES).default(DEFAULT_EMBEDDING_MODEL),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Questions one client may ask a minute, over HTTP and WebSocket together. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  corpusDir: string;
  indexDir: string;
  topK: number;
  /** A folder of embedding models in transformers.js layout; else `../shared/models`, else the hub. */
  modelDir: string | undefined;
  embedModel: EmbeddingModelName;
  server: ServerConfig;
}

export interface ServerConfig {
  port: number;
  host: string;
  rateLimitPerMinute: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  const { RAG_CORPUS_DIR, RAG_INDEX_DIR, RAG_TOP_K, RAG_MODEL_DIR, RAG_EMBED_MODEL, PORT, HOST, RATE_LIMIT_PER_MINUTE, LOG_LEVEL } = parsed.data;
  return {
    corpusDir: resolve(RAG_CORPUS_DIR),
    indexDir: resolve(RAG_INDEX_DIR),
    topK: RAG_TOP_K,
    modelDir: RAG_MODEL_DIR ? resolve(RAG_MODEL_DIR) : undefined,
    embedModel: RAG_EMBED_MODEL,
    server: { port: PORT, host: HOST, rateLimitPerMinute: RATE_LIMIT_PER_MINUTE, logLevel: LOG_LEVEL },
  };
}
