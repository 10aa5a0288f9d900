/** The page's two ways to the server: JSON for the reports, one WebSocket for the questions. */
import type { AnswerResult, AskRequest, Passage, ReportOutline, ReportSummary, ServerMessage } from './types.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long to wait before asking again while the server loads its index, or cannot be reached. */
const RETRY_MS = 3000;

/** The reports, once the server has loaded them; `onWaiting` is told each time it is still loading. */
export async function fetchReports(onWaiting: () => void): Promise<ReportSummary[]> {
  for (;;) {
    try {
      const response = await fetch('/api/reports');
      if (response.ok) return (await response.json()) as ReportSummary[];
      if (response.status !== 503) throw new Error(`GET /api/reports: ${response.status}`);
      const retryAfter = Number(response.headers.get('Retry-After'));
      onWaiting();
      await sleep(retryAfter > 0 ? retryAfter * 1000 : RETRY_MS);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // a network failure: the server may be restarting
      onWaiting();
      await sleep(RETRY_MS);
    }
  }
}

const outlines = new Map<string, Promise<ReportOutline>>();

/** One report with its sections; fetched once per page, as several citations often point into the same report. */
export function fetchReport(id: string): Promise<ReportOutline> {
  let outline = outlines.get(id);
  if (!outline) {
    outline = fetch(`/api/reports/${encodeURIComponent(id)}`).then(async (response) => {
      if (!response.ok) throw new Error(`GET /api/reports/${id}: ${response.status}`);
      return (await response.json()) as ReportOutline;
    });
    outline.catch(() => outlines.delete(id)); // a failure is not remembered: the next click tries again
    outlines.set(id, outline);
  }
  return outline;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export type AskFailure = { kind: 'connection' } | { kind: 'server'; message: string };

export interface AnswerHandlers {
  passages(passages: Passage[]): void;
  delta(text: string): void;
  done(result: AnswerResult): void;
  failed(failure: AskFailure): void;
}

interface Pending {
  message: AskRequest & { type: 'ask'; id: string };
  handlers: AnswerHandlers;
  sent: boolean;
}

/** Waits between reconnection attempts, growing while the server stays away. */
const RECONNECT_MS = [500, 1000, 2000, 4000, 8000];

/**
 * Questions over one WebSocket, several at a time, their answers matched by id. A question asked while the
 * socket is down waits for it; one under way when the socket drops fails, for the server has forgotten it.
 */
export class AskClient {
  private socket: WebSocket | undefined;
  private readonly pending = new Map<string, Pending>();
  private attempts = 0;
  private counter = 0;

  constructor(
    private readonly url: string,
    private readonly onState: (state: ConnectionState) => void,
  ) {
    this.connect();
    // Coming back online is worth trying at once rather than at the end of a long wait.
    window.addEventListener('online', () => {
      if (!this.socket) this.connect();
    });
  }

  /** Asks; returns a function that stops listening for the answer. */
  ask(request: AskRequest, handlers: AnswerHandlers): () => void {
    const id = `q${++this.counter}-${Date.now().toString(36)}`;
    const pending: Pending = { message: { type: 'ask', id, ...request }, handlers, sent: false };
    this.pending.set(id, pending);
    this.send(pending);
    return () => this.pending.delete(id);
  }

  private send(pending: Pending): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify(pending.message));
    pending.sent = true;
  }

  private connect(): void {
    this.onState(this.attempts === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempts = 0;
      this.onState('open');
      for (const pending of this.pending.values()) if (!pending.sent) this.send(pending);
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => {
      this.socket = undefined;
      for (const [id, pending] of this.pending) {
        if (!pending.sent) continue;
        this.pending.delete(id);
        pending.handlers.failed({ kind: 'connection' });
      }
      const wait = RECONNECT_MS[Math.min(this.attempts, RECONNECT_MS.length - 1)];
      this.attempts++;
      this.onState('reconnecting');
      setTimeout(() => {
        if (!this.socket) this.connect();
      }, wait);
    });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    const message = JSON.parse(data) as ServerMessage;
    const { id } = message;
    // An error without an id answers no question of ours; an answer nobody waits for belongs to a cleared conversation.
    const pending = id === null ? undefined : this.pending.get(id);
    if (id === null || !pending) return;
    const { handlers } = pending;
    switch (message.type) {
      case 'passages':
        handlers.passages(message.passages);
        break;
      case 'delta':
        handlers.delta(message.text);
        break;
      case 'done':
        this.pending.delete(id);
        handlers.done(message.result);
        break;
      case 'error':
        this.pending.delete(id);
        handlers.failed({ kind: 'server', message: message.message });
        break;
    }
  }
}
