/**
 * The WebSocket face at `/ws`: a client sends `{type: "ask", id, question, …}` and receives the answer's events
 * (`passages`, `delta` pieces, `done`) or an `error`, each carrying the question's id, so that several questions
 * may be under way on one socket.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { UnknownFilterError } from '../answering/ask.ts';
import type { ServerState } from './http.ts';
import { llmLogFields } from './request-info.ts';
import type { InFlight } from './in-flight.ts';
import type { RateLimit } from './rate-limit.ts';
import { firstIssue, MAX_MESSAGE_BYTES, wsAskSchema } from './requests.ts';

export interface WsDeps {
  state: ServerState;
  limit: RateLimit;
  inFlight: InFlight;
  logger: Logger;
  topK: number;
  /** How often idle sockets are pinged; one that has not answered the last ping is dropped. */
  pingMs: number;
}

/** Questions one socket may have under way at once. */
const MAX_IN_FLIGHT_PER_SOCKET = 8;
/** A client that lets this much of our output pile up unread is too slow to keep: it is dropped. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

type QuestionId = string | number | null;

interface Connection {
  socket: WebSocket;
  client: string;
  alive: boolean;
  asking: number;
}

function idOf(message: unknown): QuestionId {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

export function attachWebSocket(server: Server, deps: WsDeps): WebSocketServer {
  const { state, limit, inFlight, logger, topK } = deps;
  const wss = new WebSocketServer({ server, path: '/ws', maxPayload: MAX_MESSAGE_BYTES });
  const connections = new Set<Connection>();

  /** Sends unless the socket is gone; drops a client whose unread output has piled up. */
  function send(connection: Connection, message: object): boolean {
    const { socket } = connection;
    if (socket.readyState !== WebSocket.OPEN) return false;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      logger.warn({ client: connection.client, buffered: socket.bufferedAmount }, 'dropping a client too slow to read its answers');
      socket.terminate();
      return false;
    }
    socket.send(JSON.stringify(message));
    return true;
  }

  function fail(connection: Connection, id: QuestionId, message: string): void {
    send(connection, { type: 'error', id, message });
  }

  async function answer(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return fail(connection, null, 'expected a JSON text message');
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return fail(connection, null, 'the message is not valid JSON');
    }
    const id = idOf(message);
    const parsed = wsAskSchema.safeParse(message);
    if (!parsed.success) return fail(connection, id, firstIssue(parsed.error));
    const { assistant } = state;
    if (!assistant) return fail(connection, id, 'the index is still loading; try again shortly');
    if (connection.asking >= MAX_IN_FLIGHT_PER_SOCKET) return fail(connection, id, `at most ${MAX_IN_FLIGHT_PER_SOCKET} questions may be under way at once`);
    const wait = await limit.take(connection.client);
    if (wait !== undefined) return fail(connection, id, `too many questions; try again in ${wait} s`);
    const { question, k, type: _type, id: _id, ...options } = parsed.data;
    const started = performance.now();
    connection.asking++;
    let status = 'done';
    let llm: object | undefined;
    try {
      await inFlight.track(
        (async () => {
          for await (const event of assistant.stream(question, { ...options, k: k ?? topK })) {
            if (event.type === 'done') llm = llmLogFields(event.result);
            if (!send(connection, { ...event, id })) {
              status = 'dropped';
              return;
            }
          }
        })(),
      );
    } catch (error) {
      status = 'error';
      if (error instanceof UnknownFilterError) fail(connection, id, error.message);
      else {
        logger.error({ err: error }, 'answering over WebSocket failed');
        fail(connection, id, 'internal error');
      }
    } finally {
      connection.asking--;
      const responseTime = Math.round(performance.now() - started);
      logger.info({ ws: 'ask', id, status, responseTime, ...(llm ? { llm } : {}) }, 'ws question');
      logger.debug({ id, question }, 'ws question text');
    }
  }

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const connection: Connection = { socket, client: request.socket.remoteAddress ?? 'unknown', alive: true, asking: 0 };
    connections.add(connection);
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('message', (data, isBinary) => {
      void answer(connection, data, isBinary);
    });
    // An oversized message or a broken frame closes the socket (ws answers 1009 or 1002); nothing else to do.
    socket.on('error', (error) => logger.warn({ client: connection.client, err: error.message }, 'websocket error'));
    socket.on('close', () => connections.delete(connection));
  });

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }, deps.pingMs);
  heartbeat.unref();
  wss.on('close', () => clearInterval(heartbeat));
  return wss;
}
