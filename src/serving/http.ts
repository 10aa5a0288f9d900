/** The HTTP face: the JSON API over `ask()`, health and readiness, and the chat page. */
import express, { type ErrorRequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { UnknownFilterError, type Assistant } from '../answering/ask.ts';
import type { InFlight } from './in-flight.ts';
import type { RateLimit } from './rate-limit.ts';
import { openAiRoutes } from './openai.ts';
import { clientOf, llmLogFields } from './request-info.ts';
import { askRequestSchema, firstIssue, MAX_MESSAGE_BYTES } from './requests.ts';

/** What the server holds: the assistant once the index and model are loaded. */
export interface ServerState {
  assistant?: Assistant;
}

export interface AppDeps {
  state: ServerState;
  limit: RateLimit;
  inFlight: InFlight;
  logger: Logger;
  page: Router;
  /** Passages retrieved when a request does not say. */
  topK: number;
  /** The Slack bot's routes, when it takes events over HTTP. */
  slack?: Router | undefined;
  /** Bearer tokens the OpenAI-compatible endpoint accepts; empty when it is open. */
  apiKeys: readonly string[];
}


/** The page loads only its own script, styles and images, and talks only to this server. */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

function api(deps: AppDeps): Router {
  const { state, limit, inFlight, topK } = deps;
  const router = express.Router();
  router.use((_req, res, next) => {
    if (state.assistant) return next();
    res.set('Retry-After', '5').status(503).json({ error: 'the index is still loading; try again shortly' });
  });
  router.post('/ask', express.json({ limit: MAX_MESSAGE_BYTES, type: () => true }), async (req, res) => {
    const assistant = state.assistant as Assistant;
    const wait = await limit.take(clientOf(req));
    if (wait !== undefined) {
      res.set('Retry-After', String(wait)).status(429).json({ error: `too many questions; try again in ${wait} s` });
      return;
    }
    const parsed = askRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: firstIssue(parsed.error) });
      return;
    }
    const { question, k, ...options } = parsed.data;
    req.log.debug({ question }, 'question');
    try {
      const answer = await inFlight.track(assistant.ask(question, { ...options, k: k ?? topK }));
      res.locals.llm = llmLogFields(answer);
      res.json(answer);
    } catch (error) {
      if (!(error instanceof UnknownFilterError)) throw error;
      res.status(400).json({ error: error.message });
    }
  });
  router.get('/reports', (_req, res) => {
    res.json((state.assistant as Assistant).reports());
  });
  router.get('/reports/:id', (req, res) => {
    const report = (state.assistant as Assistant).report(req.params.id);
    if (report) res.json(report);
    else res.status(404).json({ error: `no report with id "${req.params.id}"` });
  });
  router.use((req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} /api${req.path}` });
  });
  return router;
}

/** Malformed or oversized JSON is the client's mistake; anything else is ours, and logged. */
const errors: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  const type = (error as { type?: string }).type;
  if (type === 'entity.parse.failed') {
    res.status(400).json({ error: 'the body is not valid JSON' });
  } else if (type === 'entity.too.large') {
    res.status(413).json({ error: `the body is larger than ${MAX_MESSAGE_BYTES} bytes` });
  } else {
    req.log.error({ err: error }, 'request failed');
    res.status(500).json({ error: 'internal error' });
  }
};

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger: deps.logger,
      quietReqLogger: true,
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customProps: (_req, res) => {
        const { llm } = (res as express.Response).locals ?? {};
        return llm ? { llm } : {};
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  app.use(helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const { assistant } = deps.state;
    if (!assistant) {
      res.status(503).json({ ready: false });
      return;
    }
    res.json({ ready: true, reports: assistant.reports().length, model: assistant.embeddingModel ?? null, retrievers: assistant.retrievers });
  });
  app.use('/api', api(deps));
  app.use('/v1', openAiRoutes(deps));
  // Before any body parser: Bolt verifies the signature over the raw body.
  if (deps.slack) app.use(deps.slack);
  app.use(deps.page);
  app.use(errors);
  return app;
}
