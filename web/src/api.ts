/** The page's two ways to the server: JSON for the reports, one WebSocket for the questions. */
import type { AnswerResult, AskRequest, ListedReport, Passage, ReportOutline, ServerMessage, UploadProgress } from './types.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long to wait before asking again while the server loads its index, or cannot be reached. */
const RETRY_MS = 3000;

/** The reports, once the server has loaded them; `onWaiting` is told each time it is still loading. */
export async function fetchReports(onWaiting: () => void): Promise<ListedReport[]> {
  for (;;) {
    try {
      const response = await fetch('/api/reports');
      if (response.ok) return (await response.json()) as ListedReport[];
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

/** `loading`: the socket is open but the server is not ready to answer (its index loads after a restart). */
export type ConnectionState = 'connecting' | 'open' | 'loading' | 'reconnecting';

/** Why a question got no answer: the connection dropped under it, no word came in time, or the server said why. */
export type AskFailure = { kind: 'connection' } | { kind: 'timeout'; seconds: number } | { kind: 'server'; code: string; message: string; retryAfter?: number };

export interface AnswerHandlers {
  /** The question cannot be sent now (the server is down or loading): it waits, and is sent once the server is ready. */
  waiting(): void;
  /** The question has been sent. */
  sent(): void;
  passages(passages: Passage[]): void;
  delta(text: string): void;
  done(result: AnswerResult): void;
  failed(failure: AskFailure): void;
}

interface Pending {
  message: AskRequest & { type: 'ask'; id: string };
  handlers: AnswerHandlers;
  sent: boolean;
  /** Fails the question when nothing has come from the server for the timeout. */
  timer?: ReturnType<typeof setTimeout>;
  /** Says the question waits, once it has not been sent for a moment. */
  waitNotice?: ReturnType<typeof setTimeout>;
}

/** Waits between reconnection attempts, growing while the server stays away. */
const RECONNECT_MS = [500, 1000, 2000, 4000, 8000];
/** How often `/readyz` is asked while the server loads. */
const READY_POLL_MS = 1000;
/** A question not sent within this long is said to be waiting; shorter waits (the first connection) are not worth a word. */
const WAIT_NOTICE_MS = 800;

export interface AskClientOptions {
  /** How long without a word from the server before a question sent is given up. */
  timeoutMs: number;
}

/**
 * Questions over one WebSocket, several at a time, their answers matched by id. A question is sent only while the
 * socket is open and `/readyz` says the server answers; until then it waits, and the asker is told so. One under way
 * when the socket drops fails, for the server has forgotten it; one the server says it cannot take while loading goes
 * back to waiting.
 */
export class AskClient {
  private socket: WebSocket | undefined;
  private readonly pending = new Map<string, Pending>();
  private attempts = 0;
  private counter = 0;
  /** Whether `/readyz` said ready since the socket last opened. */
  private ready = false;
  private readyCheck: ReturnType<typeof setTimeout> | undefined;
  /** Told of every upload's progress the server sends. */
  onUploadProgress: ((event: UploadProgress) => void) | undefined;

  constructor(
    private readonly url: string,
    private readonly onState: (state: ConnectionState) => void,
    private readonly options: AskClientOptions,
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
    if (!this.send(pending)) this.wait(pending);
    return () => this.forget(id);
  }

  private forget(id: string): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    clearTimeout(pending.waitNotice);
    this.pending.delete(id);
  }

  private get canSend(): boolean {
    return this.ready && this.socket?.readyState === WebSocket.OPEN;
  }

  private wait(pending: Pending): void {
    pending.sent = false;
    clearTimeout(pending.timer);
    clearTimeout(pending.waitNotice);
    pending.waitNotice = setTimeout(() => {
      if (!pending.sent && this.pending.has(pending.message.id)) pending.handlers.waiting();
    }, WAIT_NOTICE_MS);
  }

  private send(pending: Pending): boolean {
    if (!this.canSend) return false;
    this.socket?.send(JSON.stringify(pending.message));
    pending.sent = true;
    clearTimeout(pending.waitNotice);
    pending.handlers.sent();
    this.armTimeout(pending);
    return true;
  }

  private armTimeout(pending: Pending): void {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      this.forget(pending.message.id);
      pending.handlers.failed({ kind: 'timeout', seconds: Math.round(this.options.timeoutMs / 1000) });
    }, this.options.timeoutMs);
  }

  private flush(): void {
    for (const pending of this.pending.values()) if (!pending.sent) this.send(pending);
  }

  /** Asks `/readyz` until the server answers, then sends what waits. */
  private checkReady(socket: WebSocket): void {
    clearTimeout(this.readyCheck);
    void fetch('/readyz', { cache: 'no-store' })
      .then(async (response) => ((await response.json()) as { ready?: unknown }).ready === true)
      .catch(() => false)
      .then((ready) => {
        if (socket !== this.socket || socket.readyState !== WebSocket.OPEN) return;
        if (!ready) {
          this.onState('loading');
          this.readyCheck = setTimeout(() => this.checkReady(socket), READY_POLL_MS);
          return;
        }
        this.ready = true;
        this.onState('open');
        this.flush();
      });
  }

  private connect(): void {
    this.onState(this.attempts === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.ready = false;
    socket.addEventListener('open', () => {
      this.attempts = 0;
      this.checkReady(socket);
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => {
      this.socket = undefined;
      this.ready = false;
      clearTimeout(this.readyCheck);
      for (const [id, pending] of this.pending) {
        if (!pending.sent) {
          this.wait(pending);
          continue;
        }
        this.forget(id);
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
    if (message.type === 'upload-progress') {
      this.onUploadProgress?.(message);
      return;
    }
    const { id } = message;
    // An error without an id answers no question of ours; an answer nobody waits for belongs to a cleared conversation.
    const pending = id === null ? undefined : this.pending.get(id);
    if (id === null || !pending) return;
    const { handlers } = pending;
    if (message.type !== 'done' && message.type !== 'error') this.armTimeout(pending);
    switch (message.type) {
      case 'passages':
        handlers.passages(message.passages);
        break;
      case 'delta':
        handlers.delta(message.text);
        break;
      case 'done':
        this.forget(id);
        handlers.done(message.result);
        break;
      case 'error':
        // The server restarted and is loading again: the question waits for it rather than failing.
        if (message.code === 'index-loading' && this.socket) {
          this.ready = false;
          this.wait(pending);
          this.checkReady(this.socket);
          break;
        }
        this.forget(id);
        handlers.failed({ kind: 'server', code: message.code, message: message.message, ...(message.retryAfter === undefined ? {} : { retryAfter: message.retryAfter }) });
        break;
    }
  }
}
