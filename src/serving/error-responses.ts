/**
 * One error mapper per protocol: whatever went wrong, as the AppError it is, in the words of the surface that was
 * asked — JSON `{error: {code, message}}` on `/api`, OpenAI's error object on `/v1`, an `error` frame on the
 * WebSocket, a message to show in Slack. Only an internal error is logged as one; its details stay in the log.
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { asAppError, type AppError, type AppErrorCode } from '../errors.ts';
import { MAX_QUESTION_LENGTH } from '../intake/request.ts';

function logged(error: unknown, logger: Logger, what: string): AppError {
  const app = asAppError(error);
  if (app.internal) logger.error({ err: error }, what);
  return app;
}

function withRetryAfter(res: Response, error: AppError): Response {
  return error.retryAfter === undefined ? res : res.set('Retry-After', String(error.retryAfter));
}

/** `/api`: the status, and `{error: {code, message}}`. */
export const apiErrors: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  const app = logged(error, req.log, 'request failed');
  withRetryAfter(res, app).status(app.status).json({ error: { code: app.code, message: app.message } });
};

type OpenAiErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'rate_limit_error' | 'api_error';

function openAiType(error: AppError): OpenAiErrorType {
  if (error.status === 401) return 'authentication_error';
  if (error.status === 403) return 'permission_error';
  if (error.status === 404) return 'not_found_error';
  if (error.status === 429) return 'rate_limit_error';
  return error.status >= 500 ? 'api_error' : 'invalid_request_error';
}

/** What OpenAI's clients read in `code`, where theirs has a name for it. */
const OPENAI_CODES: Partial<Record<AppErrorCode, string>> = {
  unauthorized: 'invalid_api_key',
  'unknown-model': 'model_not_found',
  'not-found': 'unknown_url',
  'rate-limited': 'rate_limit_exceeded',
};

/** Which request field an error is about, for OpenAI's `param`. */
const OPENAI_PARAMS: Partial<Record<AppErrorCode, string>> = { 'invalid-question': 'messages', 'unknown-model': 'model' };

/** `/v1`: OpenAI's error object, `{error: {message, type, param, code}}`, for every error including the body's. */
export const openAiErrors: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  const app = logged(error, req.log, 'request failed');
  if (res.headersSent) {
    res.end();
    return;
  }
  withRetryAfter(res, app)
    .status(app.status)
    .json({ error: { message: app.message, type: openAiType(app), param: OPENAI_PARAMS[app.code] ?? null, code: OPENAI_CODES[app.code] ?? app.code } });
};

/** A WebSocket `error` frame, carrying the id of the question it is about. */
export function wsErrorFrame(error: unknown, id: string | number | null, logger: Logger): object {
  const app = logged(error, logger, 'answering over WebSocket failed');
  return { type: 'error', id, code: app.code, message: app.message, ...(app.retryAfter === undefined ? {} : { retryAfter: app.retryAfter }) };
}

/** What the Slack bot says instead of an answer: a line in the asker's thread or seen by the asker alone. */
export function slackText(error: unknown, logger: Logger, how: string): string {
  const app = logged(error, logger, 'a Slack question could not be answered');
  switch (app.code) {
    case 'index-loading':
      return '报告索引还在加载，请稍后再试。';
    case 'rate-limited':
      return `提问太频繁了，请${app.retryAfter ?? 60}秒后再试。`;
    case 'invalid-question':
      return app.message.includes('empty') ? `请在${how}后写下问题，例如：${how} 2024年北京市地区生产总值增长多少？` : `问题太长了，请限制在${MAX_QUESTION_LENGTH}个字以内。`;
    case 'model-unavailable':
      return '模型暂时不可用，请稍后再试。';
    case 'storage-full':
      return '服务器用于保存反馈的空间已满，暂时无法保存。';
    default:
      return '抱歉，回答这个问题时出错了，请稍后再试。';
  }
}
