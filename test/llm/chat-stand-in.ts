/**
 * A local stand-in for an OpenAI-compatible chat API: a real HTTP server that speaks the chat-completions protocol
 * (JSON, and server-sent events when `stream` is set, with a usage chunk when asked for) and answers from a script.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

export interface Scripted {
  content?: string;
  /** Answer with this HTTP status and an error object instead. */
  status?: number;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type Script = (request: ChatRequest) => Scripted;

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The text of passage `n` as the prompt gives it. */
export function passageText(request: ChatRequest, n: number): string {
  const prompt = request.messages.map((m) => m.content).join('\n');
  return new RegExp(`<passage n="${n}">\\n[^\\n]*\\n([\\s\\S]*?)\\n</passage>`).exec(prompt)?.[1] ?? '';
}

export function isRewrite(request: ChatRequest): boolean {
  return request.messages.some((m) => m.content.includes("Rewrite the user's last message"));
}

export async function startChatStandIn(script: Script) {
  const requests: ChatRequest[] = [];
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
      return;
    }
    const request = JSON.parse(await bodyOf(req)) as ChatRequest;
    requests.push(request);
    const scripted = script(request);
    if (scripted.delayMs) await sleep(scripted.delayMs);
    if (res.destroyed) return;
    if (scripted.status) {
      const type = scripted.status === 429 ? 'rate_limit_error' : 'api_error';
      res.writeHead(scripted.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `scripted ${scripted.status}`, type, code: null } }));
      return;
    }
    const content = scripted.content ?? '';
    const base = { id: 'chatcmpl-stand-in', created: Math.floor(Date.now() / 1000), model: request.model };
    const usage = { prompt_tokens: 321, completion_tokens: 12, total_tokens: 333 };
    if (!request.stream) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (data: object) => res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', ...data })}\n\n`);
    send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (let i = 0; i < content.length; i += 6) send({ choices: [{ index: 0, delta: { content: content.slice(i, i + 6) }, finish_reason: null }] });
    send({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    if (request.stream_options?.include_usage) send({ choices: [], usage });
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
