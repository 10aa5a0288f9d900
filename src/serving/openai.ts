/**
 * An OpenAI-compatible face: `GET /v1/models` and `POST /v1/chat/completions` (JSON or server-sent events), so that
 * Open WebUI, LibreChat or the `openai` SDKs can use the assistant as a model. The answer's content ends with a
 * Markdown table of the rows an answer across reports rests on, and a numbered list of its sources; the structured
 * citations ride along in an extra `citations` field.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Assistant } from '../answering/ask.ts';
import { AppError } from '../errors.ts';
import { admit, type Intake } from '../intake/admit.ts';
import type { RateLimit } from '../intake/rate-limit.ts';
import { conversationSchema, parseWith, questionSchema } from '../intake/request.ts';
import { bearerMatches } from './bearer.ts';
import { openAiErrors } from './error-responses.ts';
import { jsonBody } from './json-body.ts';
import type { Answer } from '../domain.ts';
import { markdownTable } from './answer-table.ts';
import { sourcesList } from './plain-text.ts';
import type { ServerState } from './readiness.ts';
import { clientOf, llmLogFields } from './request-info.ts';
import type { InFlight } from './in-flight.ts';

export const MODEL_ID = 'zhengbao-wenda';
const CREATED = Math.floor(Date.parse('2025-01-01T00:00:00Z') / 1000);

export interface OpenAiDeps {
  state: ServerState;
  limit: RateLimit;
  inFlight: InFlight;
  topK: number;
  /** Bearer tokens accepted; empty when the endpoint is open. */
  apiKeys: readonly string[];
}

const contentSchema = z.union([
  z.string(),
  z.array(z.object({ type: z.string(), text: z.string().optional() })).transform((parts) => parts.map((p) => p.text ?? '').join('')),
  z.null().transform(() => ''),
]);

const requestSchema = z.object({
  model: z.string().optional(),
  messages: z
    .array(z.object({ role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']), content: contentSchema.optional() }))
    .min(1, 'messages must hold at least one message')
    .max(100),
  stream: z.boolean().optional(),
});

/**
 * What this endpoint appends to an answer (the table of its rows; its sources; the passages beside a refusal; the
 * choices of a question asked back), taken off again when the answer comes back as history.
 */
const SOURCES = /\n\n(?:\| |(?:来源|Sources|相关内容|Related|可选|Choices)[^\n]*\n)[\s\S]*$/;

/** What follows the answer's text: the table of its rows, then its sources. */
function appended(answer: Answer): string {
  return `${markdownTable(answer)}${sourcesList(answer)}`;
}


/** Open to all when no key is set. */
function authorised(req: Request, keys: readonly string[]): boolean {
  return keys.length === 0 || bearerMatches(req, keys);
}

/** The question is the last user message; the user and assistant messages before it are the conversation. */
function conversationOf(messages: z.infer<typeof requestSchema>['messages']) {
  const turns: { question: string; answer?: string }[] = [];
  for (const message of messages.slice(0, -1)) {
    const content = (message.content ?? '').trim();
    if (message.role === 'user' && content) turns.push({ question: content });
    const last = turns.at(-1);
    if (message.role === 'assistant' && last && last.answer === undefined) last.answer = content.replace(SOURCES, '');
  }
  return turns.slice(-20);
}

function citationsOf(answer: Answer) {
  return answer.citations.map(({ n, reportId, report, region, year, section, chunkId, text }) => ({ n, reportId, report, region, year, section, chunkId, text }));
}

/** The conversation as every surface takes it, so that one `ask()` would refuse is refused before a stream starts. */
const conversationRequest = z.object({ conversation: conversationSchema });

/** A chat completion request as what is asked: the last user message, and the conversation before it. */
function askedIn(body: unknown): { question: string; conversation: ReturnType<typeof conversationOf>; stream: boolean } {
  const { messages, stream, model } = parseWith(requestSchema, body);
  if (model !== undefined && model !== MODEL_ID) throw new AppError('unknown-model', `The model '${model}' does not exist; use '${MODEL_ID}'.`);
  const last = messages.at(-1);
  if (last?.role !== 'user') throw new AppError('invalid-request', 'The last message must be a user message.');
  const question = parseWith(questionSchema, last.content ?? '', 'invalid-question');
  const { conversation } = parseWith(conversationRequest, { conversation: conversationOf(messages) });
  return { question, conversation, stream: stream ?? false };
}

export function openAiRoutes(deps: OpenAiDeps): Router {
  const { state, limit, inFlight, topK, apiKeys } = deps;
  const intake: Intake = { assistant: () => state.assistant, limit };
  const router = express.Router();
  router.use((req, _res, next) => {
    if (!authorised(req, apiKeys)) throw new AppError('unauthorized', 'Incorrect or missing API key.');
    if (!state.assistant) throw new AppError('index-loading', 'The index is still loading; try again shortly.', { retryAfter: 5 });
    next();
  });
  router.get('/models', (_req, res) => {
    res.json({ object: 'list', data: [{ id: MODEL_ID, object: 'model', created: CREATED, owned_by: 'zhengbao-wenda' }] });
  });
  router.post('/chat/completions', ...jsonBody(), async (req, res) => {
    const { assistant, request } = await admit(intake, clientOf(req), () => askedIn(req.body));
    const { question, conversation, stream } = request;
    const options = { conversation, k: topK };
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    req.log.debug({ question }, 'question');
    if (!stream) {
      const answer = await inFlight.track(assistant.ask(question, options));
      res.locals.llm = llmLogFields(answer);
      res.json({
        id,
        object: 'chat.completion',
        created,
        model: MODEL_ID,
        choices: [{ index: 0, message: { role: 'assistant', content: `${answer.answer}${appended(answer)}` }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
        citations: citationsOf(answer),
      });
      return;
    }
    await inFlight.track(streamCompletion(res, assistant, question, options, { id, created }));
  });
  router.use((req) => {
    throw new AppError('not-found', `Unknown endpoint: ${req.method} /v1${req.path}`);
  });
  router.use(openAiErrors);
  return router;
}

/** The answer as server-sent events in the chat-completion-chunk format, ending with `data: [DONE]`. */
async function streamCompletion(
  res: Response,
  assistant: Assistant,
  question: string,
  options: Parameters<Assistant['stream']>[1],
  ids: { id: string; created: number },
): Promise<void> {
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.flushHeaders();
  const chunk = (delta: object, finish: string | null, extra: object = {}) =>
    res.write(`data: ${JSON.stringify({ id: ids.id, object: 'chat.completion.chunk', created: ids.created, model: MODEL_ID, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);
  chunk({ role: 'assistant', content: '' }, null);
  for await (const event of assistant.stream(question, options)) {
    if (res.destroyed) return;
    if (event.type === 'delta') chunk({ content: event.text }, null);
    if (event.type === 'done') {
      res.locals.llm = llmLogFields(event.result);
      const after = appended(event.result);
      if (after) chunk({ content: after }, null);
      chunk({}, 'stop', { citations: citationsOf(event.result) });
    }
  }
  res.end('data: [DONE]\n\n');
}
