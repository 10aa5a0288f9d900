/**
 * The WebSocket face at `/ws`: a client sends `{type: "ask", id, question, …}` and receives the answer's events
 * (`passages`, `delta` pieces, `done`) or an `error`, each carrying the question's id, so that several questions
 * may be under way on one socket.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { admit, type Intake } from '../intake/admit.ts';
import type { RateLimit } from '../intake/rate-limit.ts';
import { MAX_MESSAGE_BYTES, parseJson, parseWith, wsAskSchema } from '../intake/request.ts';
import { wsErrorFrame } from './error-responses.ts';
import type { ServerState } from './readiness.ts';
import { llmLogFields } from './request-info.ts';
import type { InFlight } from './in-flight.ts';

export interface WsDeps {
  state: ServerState;
  limit: RateLimit;
  inFlight: InFlight;
  logger: Logger;
  topK: number;
  /** How often idle sockets are pinged; one that has not answered the last ping is dropped. */
  pingMs: number;
  /** Origins whose pages may open a socket besides the server's own. */
  allowedOrigins: readonly string[];
}

/** Questions one socket may have under way at once. */
const MAX_IN_FLIGHT_PER_SOCKET = 8;
/** A client that lets this much of our output pile up unread is too slow to keep: it is dropped. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

type QuestionId = string | number | null;
type WsAsk = z.infer<typeof wsAskSchema>;

interface Connection {
  socket: WebSocket;
  client: string;
  alive: boolean;
  asking: number;
}

/** The id a frame gives its question, so that even an error about the frame says which question it is about. */
function idOf(data: RawData, isBinary: boolean): QuestionId {
  if (isBinary) return null;
  const id = idSchema.safeParse(safeJson(data.toString()));
  return id.success ? id.data.id : null;
}

const idSchema = z.object({ id: z.union([z.string(), z.number()]) });

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Whether a page of this origin may open a socket: the server's own, or one allowed. Only browsers send an origin,
 * and a page of another site is what it guards against; a program that sends none speaks for itself.
 */
function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  return URL.canParse(origin) && new URL(origin).host === host;
}

export function attachWebSocket(server: Server, deps: WsDeps): WebSocketServer {
  const { state, limit, inFlight, logger, topK } = deps;
  const intake: Intake = { assistant: () => state.assistant, limit };
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: MAX_MESSAGE_BYTES,
    verifyClient: ({ origin, req }, done) => {
      if (originAllowed(origin, req.headers.host, deps.allowedOrigins)) return done(true);
      logger.warn({ origin }, 'a WebSocket from another origin was refused');
      done(false, 403, 'Forbidden: origin not allowed');
    },
  });
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

  function fail(connection: Connection, id: QuestionId, error: unknown): void {
    send(connection, wsErrorFrame(error, id, logger));
  }

  /** A frame read as a question: JSON, and of the question's shape. */
  function askedIn(data: RawData, isBinary: boolean): WsAsk {
    if (isBinary) throw new AppError('invalid-request', 'expected a JSON text message');
    return parseWith(wsAskSchema, parseJson(data.toString()));
  }

  async function answer(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    const id = idOf(data, isBinary);
    const started = performance.now();
    let status = 'done';
    let llm: object | undefined;
    let asking = false;
    try {
      const { assistant, request } = await admit(intake, connection.client, () => {
        const asked = askedIn(data, isBinary);
        if (connection.asking >= MAX_IN_FLIGHT_PER_SOCKET) throw new AppError('too-many-in-flight', `at most ${MAX_IN_FLIGHT_PER_SOCKET} questions may be under way at once`);
        return asked;
      });
      const { question, k, type: _type, id: _id, ...options } = request;
      connection.asking++;
      asking = true;
      logger.debug({ id, question }, 'ws question text');
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
      fail(connection, id, error);
    } finally {
      if (asking) connection.asking--;
      const responseTime = Math.round(performance.now() - started);
      logger.info({ ws: 'ask', id, status, responseTime, ...(llm ? { llm } : {}) }, 'ws question');
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
