/** One process running the embedding model: forked, asked to embed, ended; its requests in flight fail if it dies. */
import { fork, type ChildProcess } from 'node:child_process';
import { childEntry } from './child-entry.ts';
import { childMessageSchema, type ChildRequest, type ChildSetup } from './child-protocol.ts';
import { EmbeddingFailedError, ModelUnavailableError } from './errors.ts';

/** How a model process ended, and why that leaves the model unavailable, in the words of `ModelUnavailableError`. */
export interface ChildExit {
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  reason: string;
}

/** Asked to end, a process still there after this long is killed: a hung model must not hold up a release. */
const GRACE_MS = 10_000;

interface Waiting {
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `its process was killed by ${signal}` : `its process exited with code ${code}`;
}

export class ModelChild {
  /** Fulfilled once the model is loaded; rejected with `ModelUnavailableError` if the process ends first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<ChildExit>;
  private readonly process: ChildProcess;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  /** Who waits for the process: while anyone does, it keeps the parent's event loop alive, to answer or to be seen dying. */
  private holds = 0;
  private ending = false;
  private gone = false;
  /** Why the model is unavailable when the process said so or broke the protocol before it ended. */
  private failure: string | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private settleReady!: { resolve: () => void; reject: (error: Error) => void };
  private settleExited!: (exit: ChildExit) => void;

  /** Forks the process; with `held`, the parent stays alive until the model is loaded, for someone awaits it. */
  constructor(setup: ChildSetup, { held }: { held: boolean }) {
    this.ready = new Promise((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    // A start nobody awaits must not reject unhandled; those who await it still see the rejection.
    this.ready.catch(() => {});
    this.exited = new Promise((resolve) => {
      this.settleExited = resolve;
    });
    const { modulePath, execArgv } = childEntry();
    this.process = fork(modulePath, [JSON.stringify(setup)], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.process.on('message', (message) => this.receive(message));
    this.process.on('exit', (code, signal) => this.exit(code, signal));
    this.process.on('error', (error) => {
      // Raised when the process could not be forked, and then no exit follows; or when a message could not be
      // sent because the channel closed, and then the exit that follows fails the requests.
      if (this.process.pid === undefined) {
        this.failure = `its process could not be started (${error.message})`;
        this.exit(null, null);
      }
    });
    // An idle model keeps nothing alive.
    this.process.unref();
    this.process.channel?.unref();
    if (held) {
      this.hold();
      const letGo = () => this.letGo();
      this.ready.then(letGo, letGo);
    }
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  embed(kind: ChildRequest['kind'], texts: string[]): Promise<Float32Array[]> {
    if (this.gone || this.ending) return Promise.reject(new ModelUnavailableError(this.failure ?? 'its process is ending'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.hold();
      this.process.send({ id, kind, texts } satisfies ChildRequest);
    });
  }

  /** Ends the process once its requests in flight are answered, refusing new ones meanwhile. */
  end(): Promise<ChildExit> {
    this.ending = true;
    if (this.waiting.size === 0) this.leave();
    return this.exited;
  }

  private leave(): void {
    if (this.gone || this.graceTimer) return;
    // Whoever ends it waits for it to be gone.
    this.process.ref();
    // The process leaves when its channel closes.
    if (this.process.connected) this.process.disconnect();
    this.graceTimer = setTimeout(() => this.process.kill('SIGKILL'), GRACE_MS);
  }

  private receive(message: unknown): void {
    const parsed = childMessageSchema.safeParse(message);
    if (!parsed.success) {
      this.failure = 'its process broke the protocol';
      this.process.kill('SIGKILL');
      return;
    }
    const reply = parsed.data;
    if ('ready' in reply) {
      this.settleReady.resolve();
    } else if ('failed' in reply) {
      this.failure = reply.failed;
      this.end();
    } else {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      this.letGo();
      if ('error' in reply) waiting.reject(new EmbeddingFailedError(reply.error));
      else waiting.resolve(reply.vectors);
      if (this.ending && this.waiting.size === 0) this.leave();
    }
  }

  private exit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.graceTimer);
    const reason = this.failure ?? describeExit(code, signal);
    const error = new ModelUnavailableError(reason);
    this.settleReady.reject(error);
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
    this.settleExited({ pid: this.process.pid, code, signal, reason });
  }

  private hold(): void {
    if (this.holds++ > 0) return;
    this.process.ref();
    this.process.channel?.ref();
  }

  private letGo(): void {
    if (--this.holds > 0 || this.graceTimer) return;
    this.process.unref();
    this.process.channel?.unref();
  }
}
