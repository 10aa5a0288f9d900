/**
 * The server behind `npm start`: it listens at once (so `/healthz` answers while the index loads), loads the
 * assistant, then serves the API, the WebSocket and the chat page; on close it stops accepting, lets the answers
 * under way finish and closes the sockets.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import type { Assistant } from '../answering/ask.ts';
import { DEFAULT_KEPT_MAX_BYTES, type ServerConfig } from '../config.ts';
import { corpusFolders } from '../corpus-folder/changes.ts';
import { corpusEditor } from '../corpus-folder/editor.ts';
import type { FileLimits } from '../parsing/formats/limits.ts';
import { createApp, type Kept } from './http.ts';
import type { ServerState } from './readiness.ts';
import { InFlight } from './in-flight.ts';
import { FEEDBACK_FILE } from './feedback.ts';
import { DiskBudget } from './kept/disk-budget.ts';
import { FileFeedbackLog, FileShareStore } from './kept/files.ts';
import { pageRoutes } from './page.ts';
import { PendingUploads } from './pending-uploads.ts';
import type { ReportAdmin } from './report-admin.ts';
import { UploadProgress } from './upload-progress.ts';
import { rateLimit } from '../intake/rate-limit.ts';
import type { SharedState } from './shared-state.ts';
import { attachWebSocket } from './ws.ts';

/** What a loader tells the server before it settles. */
export interface LoadingStages {
  /** Answer with this from now on, until loading settles with the assistant that replaces it. */
  serve(assistant: Assistant): void;
  /** Texts embedded so far of those the replacing assistant's vectors need. */
  progress(done: number, total: number): void;
}

export interface ServerOptions {
  config: ServerConfig;
  webDir: string;
  /**
   * Where shared conversations and feedback are kept without a database: beside the index. A fresh temporary folder
   * when not given.
   */
  dataDir?: string;
  topK: number;
  /** Settles with the assistant to answer with; may serve a first one meanwhile (words alone, while vectors are built). */
  loadAssistant: (stages: LoadingStages) => Promise<Assistant>;
  logger?: Logger;
  pingMs?: number;
  /** How long a shutdown waits for the answers under way. */
  drainMs?: number;
  /** The budgets, Slack events, shares and feedback every server shares; this server's own when not given. */
  shared?: SharedState;
  /**
   * The corpus folder the assistant is loaded from, and the folder uploads are written to and read from beside it
   * (the corpus folder when not given): reports are added and removed over HTTP with `adminToken`.
   */
  corpus?: { dir: string; uploadDir?: string | undefined; fileLimits: FileLimits };
}

export interface RunningServer {
  url: string;
  server: Server;
  /** Settles once an assistant answers (or none could be loaded). */
  ready: Promise<void>;
  /** Settles once loading is over: the last assistant serves, or it failed while a first one serves on. */
  loaded: Promise<void>;
  /**
   * Loads the assistant again (the corpus read afresh, what it lacks embedded) and switches to it once whole,
   * answering with the current one meanwhile; a reload asked for while one runs is that one.
   */
  reload(): Promise<void>;
  /** A reload that reads the corpus after now: after the one running, if one is. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

const PING_MS = 30_000;
const DRAIN_MS = 10_000;
const KEEP_ALIVE_MS = 65_000;

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Shares and feedback in files beside the index, within the disk given to them. */
function keptBeside(dataDir: string | undefined, config: ServerConfig, logger: Logger): Kept {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'zbwd-kept-'));
  if (!dataDir) logger.info({ dataDir: dir }, 'shared conversations and feedback are kept in a temporary folder');
  const budget = new DiskBudget(dir, config.keptMaxBytes ?? DEFAULT_KEPT_MAX_BYTES);
  return { shares: new FileShareStore(dir, budget), feedback: new FileFeedbackLog(join(dir, FEEDBACK_FILE), budget), limit: rateLimit(config.rateLimitPerMinute) };
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? pino({ level: config.logLevel });
  const state: ServerState = {};
  const inFlight = new InFlight();
  const limit = options.shared?.limit ?? rateLimit(config.rateLimitPerMinute);
  const { adminToken } = config;
  const { corpus } = options;
  const page = await pageRoutes(options.webDir, { askTimeoutMs: config.askTimeoutMs, reportAdmin: Boolean(adminToken && corpus) });
  const kept = options.shared ? { shares: options.shared.shares, feedback: options.shared.feedback, limit: options.shared.writes } : keptBeside(options.dataDir, config, logger);
  // Bolt is loaded only for a server that runs the bot: it is a tenth of the server's modules.
  const slack = config.slack ? (await import('./slack/bot.ts')).createSlackBot(config.slack, { ...(options.shared ? { deliveries: options.shared.deliveries, threads: options.shared.threads } : {}), state, limit, inFlight, logger, topK: options.topK, kept }) : undefined;
  if (!slack) logger.info('Slack bot off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) to turn it on');
  // Told to every socket: an upload's id is all it names, and only its uploader knows which file that is.
  const progress = new UploadProgress((event) => {
    for (const socket of wss.clients) if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ ...event, id: null }));
  });
  const reportAdmin: ReportAdmin | undefined = adminToken && corpus
    ? {
        editor: corpusEditor(corpusFolders(corpus.dir, corpus.uploadDir), corpus.fileLimits, () => void refresh()),
        token: adminToken,
        maxFileBytes: corpus.fileLimits.maxBytes,
        pending: new PendingUploads(4 * corpus.fileLimits.maxBytes),
        progress,
      }
    : undefined;
  const app = createApp({ state, limit, inFlight, logger, page, topK: options.topK, slack: slack?.router, apiKeys: config.apiKeys, kept, reportAdmin, reportFolders: corpus ? [corpus.dir, corpus.uploadDir ?? corpus.dir] : undefined });
  // Idle connections are kept past a build's seconds of indexing in this thread, and a load balancer's minute: closed
  // at Node's 5 s, a socket a client reuses just then is closed under its request (ECONNRESET) once the thread is free.
  const server = createServer(app);
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  const wss = attachWebSocket(server, { state, limit, inFlight, logger, topK: options.topK, pingMs: options.pingMs ?? PING_MS, allowedOrigins: config.allowedOrigins });
  const address = await listen(server, config.port, config.host);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/`;

  let answering: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => {
    answering = resolve;
  });
  const serve = (assistant: Assistant): void => {
    state.assistant = assistant;
    logger.info({ reports: assistant.reports().length, retrievers: assistant.retrievers, ...(state.building ? { building: state.building } : {}) }, 'ready');
    if (answering) {
      answering();
      answering = undefined;
      // Loading the index keeps the event loop busy: a Socket Mode connection made before would miss its pongs.
      void slack?.start();
    }
  };
  /**
   * Loads an assistant and serves it once whole. A first load may serve a first one meanwhile; a reload keeps the
   * one it has until the new one is whole: the same switch, made once.
   */
  function load(): Promise<void> {
    const reloading = state.assistant !== undefined;
    progress.buildStarted();
    const stages: LoadingStages = {
      serve: (assistant) => {
        state.building = { done: 0, total: 0 };
        if (!state.assistant) serve(assistant);
      },
      progress: (done, total) => {
        if (state.building) state.building = { done, total };
        progress.embedded(done, total);
      },
    };
    return options.loadAssistant(stages).then(
      async (assistant) => {
        // The model's first run takes 26–32 ms against about 10 ms after: run it now, not for the first question.
        await assistant.index.dense?.embedder.embeddings.embedQuery('');
        delete state.building;
        serve(assistant);
        progress.served();
      },
      (error: unknown) => {
        delete state.building;
        progress.failed();
        if (state.assistant) {
          logger.error({ err: error }, reloading ? 'the index could not be reloaded: answering with the one loaded before' : 'the vectors could not be built: answering on words alone');
          return;
        }
        logger.fatal({ err: error }, 'the index could not be loaded');
        throw error;
      },
    );
  }
  const loaded = load();
  // Said in the log above; whoever awaits `ready` or `loaded` sees it too.
  loaded.catch(() => {});
  const failedFirst = loaded.then(() => undefined);
  let reloading: Promise<void> | undefined;
  function reload(): Promise<void> {
    reloading ??= loaded.then(load).finally(() => {
      reloading = undefined;
    });
    return reloading;
  }
  let queued: Promise<void> | undefined;
  function refresh(): Promise<void> {
    if (!reloading) return reload();
    // Joined by every change made while the reload running reads the folder; it starts once that one is over.
    queued ??= reloading.then(() => {
      queued = undefined;
      return reload();
    });
    return queued;
  }

  async function close(): Promise<void> {
    wss.close();
    await slack?.stop();
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await inFlight.drain(options.drainMs ?? DRAIN_MS);
    for (const socket of wss.clients) socket.close(1001, 'server shutting down');
    server.closeAllConnections();
    await stopped;
  }

  return { url, server, ready: Promise.race([ready, failedFirst]), loaded, reload, refresh, close };
}
