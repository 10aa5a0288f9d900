/** The HTTP face: the JSON API over `ask()`, health and readiness, and the chat page. */
import express, { type ErrorRequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Assistant } from '../answering/ask.ts';
import { AppError } from '../errors.ts';
import { admit, type Intake } from '../intake/admit.ts';
import type { RateLimit } from '../intake/rate-limit.ts';
import { askRequestSchema, parseWith } from '../intake/request.ts';
import { apiErrors } from './error-responses.ts';
import { feedbackRoutes, type FeedbackLog } from './feedback.ts';
import { indicatorList, sendIndicator } from './indicators.ts';
import { jsonBody } from './json-body.ts';
import type { InFlight } from './in-flight.ts';
import { openAiRoutes } from './openai.ts';
import { originalRoutes } from './originals.ts';
import { clientOf, llmLogFields } from './request-info.ts';
import { readiness, type ServerState } from './readiness.ts';
import { reportAdminRoutes, type ReportAdmin } from './report-admin.ts';
import { listedReports } from './report-list.ts';
import { shareRoutes, type ShareStore } from './share.ts';

/** What the server holds: the assistant once the index and model are loaded. */

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
  /** What readers leave: shared conversations and feedback, and their budget of writes. */
  kept: Kept;
  /** Adding and removing reports, when an admin token is set. */
  reportAdmin?: ReportAdmin | undefined;
  /** The folders report files are read from, when this server has them: each report's original is offered. */
  reportFolders?: readonly string[] | undefined;
}

export interface Kept {
  shares: ShareStore;
  feedback: FeedbackLog;
  /** Writes per client per minute, a budget of its own beside the questions'. */
  limit: RateLimit;
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

/** The assistant, or the AppError saying the index is not loaded yet. */
function loaded(state: ServerState): Assistant {
  const assistant = state.assistant;
  if (!assistant) throw new AppError('index-loading', 'the index is still loading; try again shortly', { retryAfter: 5 });
  return assistant;
}

function api(deps: AppDeps): Router {
  const { state, limit, inFlight, topK } = deps;
  const intake: Intake = { assistant: () => state.assistant, limit };
  const router = express.Router();
  router.use(shareRoutes(deps.kept.shares, deps.kept.limit));
  // Before the index is loaded too: a change waits for the first load before its rebuild.
  if (deps.reportAdmin) router.use(reportAdminRoutes(deps.reportAdmin));
  // Loaded first, before a body is read: every other request of the API needs the index.
  router.use((_req, _res, next) => {
    loaded(state);
    next();
  });
  router.post('/ask', ...jsonBody(), async (req, res) => {
    const { assistant, request } = await admit(intake, clientOf(req), () => parseWith(askRequestSchema, req.body));
    const { question, k, ...options } = request;
    req.log.debug({ question }, 'question');
    const answer = await inFlight.track(assistant.ask(question, { ...options, k: k ?? topK }));
    res.locals.llm = llmLogFields(answer);
    res.json(answer);
  });
  router.use(feedbackRoutes(deps.kept.feedback, deps.kept.limit, () => loaded(state).index.manifest));
  router.get('/reports', (_req, res) => {
    res.json(listedReports(loaded(state).reports()));
  });
  if (deps.reportFolders) router.use(originalRoutes(deps.reportFolders, (id) => loaded(state).index.reports.get(id)));
  router.get('/reports/:id', async (req, res) => {
    const report = await loaded(state).report(req.params.id);
    if (!report) throw new AppError('unknown-report', `no report with id "${req.params.id}"`);
    res.json(report);
  });
  router.get('/indicators', (_req, res) => {
    res.json(indicatorList(loaded(state).index));
  });
  router.get('/indicators/:id', (req, res) => {
    sendIndicator(res, loaded(state).index, req.params.id, req.query);
  });
  router.use((req) => {
    throw new AppError('not-found', `no such endpoint: ${req.method} /api${req.path}`);
  });
  router.use(apiErrors);
  return router;
}

/** Anything that reached no surface's own handler: a bug, answered without its details. */
const lastResort: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  req.log.error({ err: error }, 'request failed');
  if (res.headersSent) res.end();
  else res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
};

/** Health checks come every few seconds from a load balancer: worth a line only when debugging. */
const HEALTH_PATHS = new Set(['/healthz', '/readyz']);

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
      customLogLevel: (req, res, error) => {
        if (HEALTH_PATHS.has(req.url ?? '')) return 'debug';
        // A 503 while the index loads or the model restarts is expected, and said as such; a 507 is the cap on what
        // readers leave doing its job, for an operator to see.
        if (res.statusCode === 503 || res.statusCode === 507) return 'warn';
        return error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      },
    }),
  );
  app.use(helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const body = readiness(deps.state);
    res.status(body.ready ? 200 : 503).json(body);
  });
  app.use('/api', api(deps));
  app.use('/v1', openAiRoutes(deps));
  // Before any body parser: Bolt verifies the signature over the raw body.
  if (deps.slack) app.use(deps.slack);
  app.use(deps.page);
  app.use(lastResort);
  return app;
}
