/** Settings from the environment, validated once. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { topKTextSchema } from './intake/request.ts';
import type { LlmSettings } from './answering/llm/chat-model.ts';
import { DEFAULT_EMBEDDING_MODEL, EMBEDDING_MODEL_NAMES, type EmbeddingModelName } from './embedding/models.ts';
import { DEFAULT_FILE_LIMITS, type FileLimits } from './parsing/formats/limits.ts';

/**
 * The nearest folder above this module that holds a `package.json`: the project, whether the code runs from `src/`,
 * from `dist/` or from a build elsewhere inside it.
 */
function projectRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(start, '..');
  }
}

export const PROJECT_ROOT = projectRoot();

/** Room for about two thousand of the longest shares, or a hundred thousand ordinary ones with their feedback. */
export const DEFAULT_KEPT_MAX_BYTES = 1024 * 1024 * 1024;

const environment = z.object({
  RAG_CORPUS_DIR: z.string().min(1).default(resolve(PROJECT_ROOT, 'data/reports')),
  RAG_INDEX_DIR: z.string().min(1).default(resolve(PROJECT_ROOT, 'embeddings')),
  /** Where report files added by upload or `ingest --add` are kept, read with the corpus folder; that folder unless set. */
  RAG_UPLOAD_DIR: z.string().min(1).optional(),
  RAG_TOP_K: topKTextSchema.default(5),
  RAG_MODEL_DIR: z.string().min(1).optional(),
  RAG_EMBED_MODEL: z.enum(EMBEDDING_MODEL_NAMES).default(DEFAULT_EMBEDDING_MODEL),
  /** The largest report file read, in MB. */
  RAG_MAX_FILE_MB: z.coerce.number().positive().max(1024).default(DEFAULT_FILE_LIMITS.maxBytes / (1024 * 1024)),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The disk, in MB, that shared conversations and feedback may take together beside the index. */
  KEPT_MAX_MB: z.coerce.number().positive().default(DEFAULT_KEPT_MAX_BYTES / (1024 * 1024)),
  /** Questions one client may ask a minute, over HTTP and WebSocket together. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** How long the chat page waits for a word from the server on a question before it offers a retry. */
  ASK_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_BASE_URL: z.url().optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  OLLAMA_BASE_URL: z.url().optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Bearer tokens the OpenAI-compatible endpoint accepts, comma-separated; open to all when unset. */
  API_KEYS: z.string().optional(),
  /** The bearer token that may add and remove reports over HTTP; adding and removing are off when unset. */
  ADMIN_TOKEN: z.string().trim().min(16, 'at least 16 characters').optional(),
  /** Origins whose pages may open the WebSocket, comma-separated (`https://chat.example.org`); the server's own by default. */
  ALLOWED_ORIGINS: z.string().optional(),
  /** PostgreSQL with pgvector: the index and what servers share are kept there instead of in the index folder. */
  DATABASE_URL: z.string().regex(/^postgres(?:ql)?:\/\//, 'a postgres:// or postgresql:// URL').optional(),
});

export interface Config {
  corpusDir: string;
  /** Where added report files are written and read from beside the corpus folder; the corpus folder when not set. */
  uploadDir: string | undefined;
  indexDir: string;
  /** Where the index and the servers' shared state are kept when not in the index folder and in memory. */
  databaseUrl: string | undefined;
  topK: number;
  /** A folder of embedding models in transformers.js layout; else `../shared/models`, else the hub. */
  modelDir: string | undefined;
  embedModel: EmbeddingModelName;
  /** How much of a report file is read before it is refused (its size from `RAG_MAX_FILE_MB`). */
  fileLimits: FileLimits;
  server: ServerConfig;
  /** The chat model that writes answers; undefined for the extractive answers alone. */
  llm: LlmSettings | undefined;
}

export interface ServerConfig {
  port: number;
  host: string;
  rateLimitPerMinute: number;
  /** The bytes shared conversations and feedback may take together in the file store (`KEPT_MAX_MB`). */
  keptMaxBytes?: number | undefined;
  /** How long the chat page waits for a word on a question; the page's own default (30 s) when not set. */
  askTimeoutMs?: number | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Bearer tokens the OpenAI-compatible endpoint accepts; empty when it is open to all. */
  apiKeys: string[];
  /** Origins whose pages may open the WebSocket besides the server's own. */
  allowedOrigins: string[];
  /** The bearer token of `POST /api/reports` and `DELETE /api/reports/:id`; both are off without it. */
  adminToken?: string | undefined;
  /** The Slack bot, when its settings are given. */
  slack?: SlackConfig | undefined;
}

export interface SlackConfig {
  botToken: string;
  /** The Web API base URL: Slack's, or a Slack-compatible server's. */
  apiUrl: string;
  /** The slash command, e.g. `/zhengbao`. */
  command: string;
  /** Events over HTTP, verified with the signing secret, or over Socket Mode with an app-level token. */
  transport: { kind: 'http'; signingSecret: string } | { kind: 'socket'; appToken: string };
}

const slackEnvironment = z.object({
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).default('https://slack.com/api/'),
  SLACK_COMMAND: z.string().regex(/^\/[^\s/]{1,31}$/, 'a slash and a name without spaces, e.g. /zhengbao').default('/zhengbao'),
});

/** Off when no Slack setting is given; a bot token without a way to receive events (or the reverse) is a mistake. */
function slackConfig(env: NodeJS.ProcessEnv): SlackConfig | undefined {
  const parsed = slackEnvironment.safeParse(env);
  if (!parsed.success) throw new Error(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL, SLACK_COMMAND } = parsed.data;
  if (!SLACK_BOT_TOKEN && !SLACK_SIGNING_SECRET && !SLACK_APP_TOKEN) return undefined;
  if (!SLACK_BOT_TOKEN) throw new Error('invalid environment: SLACK_BOT_TOKEN is needed with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN');
  const base = { botToken: SLACK_BOT_TOKEN, apiUrl: SLACK_API_URL, command: SLACK_COMMAND };
  if (SLACK_APP_TOKEN) return { ...base, transport: { kind: 'socket', appToken: SLACK_APP_TOKEN } };
  if (SLACK_SIGNING_SECRET) return { ...base, transport: { kind: 'http', signingSecret: SLACK_SIGNING_SECRET } };
  throw new Error('invalid environment: SLACK_BOT_TOKEN is set without SLACK_SIGNING_SECRET (events over HTTP) or SLACK_APP_TOKEN (Socket Mode)');
}

function commaList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  const { RAG_CORPUS_DIR, RAG_INDEX_DIR, RAG_TOP_K, RAG_MODEL_DIR, RAG_EMBED_MODEL, PORT, HOST, RATE_LIMIT_PER_MINUTE, LOG_LEVEL } = parsed.data;
  const { LLM_MODEL, LLM_BASE_URL, LLM_API_KEY, OLLAMA_BASE_URL, LLM_TIMEOUT_MS, API_KEYS, ALLOWED_ORIGINS, DATABASE_URL } = parsed.data;
  return {
    corpusDir: resolve(RAG_CORPUS_DIR),
    uploadDir: parsed.data.RAG_UPLOAD_DIR === undefined ? undefined : resolve(parsed.data.RAG_UPLOAD_DIR),
    indexDir: resolve(RAG_INDEX_DIR),
    databaseUrl: DATABASE_URL,
    topK: RAG_TOP_K,
    modelDir: RAG_MODEL_DIR ? resolve(RAG_MODEL_DIR) : undefined,
    embedModel: RAG_EMBED_MODEL,
    fileLimits: { ...DEFAULT_FILE_LIMITS, maxBytes: Math.round(parsed.data.RAG_MAX_FILE_MB * 1024 * 1024) },
    server: {
      port: PORT,
      host: HOST,
      rateLimitPerMinute: RATE_LIMIT_PER_MINUTE,
      keptMaxBytes: Math.round(parsed.data.KEPT_MAX_MB * 1024 * 1024),
      ...(parsed.data.ASK_TIMEOUT_MS === undefined ? {} : { askTimeoutMs: parsed.data.ASK_TIMEOUT_MS }),
      logLevel: LOG_LEVEL,
      apiKeys: commaList(API_KEYS),
      allowedOrigins: commaList(ALLOWED_ORIGINS),
      ...(parsed.data.ADMIN_TOKEN ? { adminToken: parsed.data.ADMIN_TOKEN } : {}),
      slack: slackConfig(env),
    },
    llm: LLM_MODEL
      ? {
          model: LLM_MODEL,
          timeoutMs: LLM_TIMEOUT_MS,
          ...(LLM_BASE_URL ? { baseUrl: LLM_BASE_URL } : {}),
          ...(LLM_API_KEY ? { apiKey: LLM_API_KEY } : {}),
          ...(OLLAMA_BASE_URL ? { ollamaBaseUrl: OLLAMA_BASE_URL } : {}),
        }
      : undefined,
  };
}
