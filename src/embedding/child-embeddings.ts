/**
 * A LangChain `Embeddings` whose model runs in a child process, supervised. Embedding a question takes about as
 * long as the rest of answering it, so with the model in a process of its own a server answers other questions
 * meanwhile; ending that process frees all of the model's memory at once; and a crash of ONNX Runtime ends it
 * alone: requests fail with `ModelUnavailableError` while it is started again, after a wait that grows while it
 * keeps dying.
 */
import { Embeddings } from '@langchain/core/embeddings';
import type { ChildRequest, ChildSetup } from './child-protocol.ts';
import { ModelUnavailableError } from './errors.ts';
import { Listeners } from './listeners.ts';
import type { ModelSource } from './locate.ts';
import { ModelChild, type ChildExit } from './model-child.ts';
import type { EmbeddingModelSpec } from './models.ts';
import { RestartBackoff } from './restart-backoff.ts';
import type { EmbedderStatus, StatusListener } from './status.ts';

/** An ended model process; `asked` when this side ended it (a release, a change of threads) rather than it dying. */
export interface ModelExit extends ChildExit {
  asked: boolean;
}

type State =
  | { kind: 'released' }
  | { kind: 'starting' | 'ready'; child: ModelChild }
  | { kind: 'restarting'; reason: string; child: ModelChild | undefined; timer: NodeJS.Timeout | undefined };

export class ChildEmbeddings extends Embeddings {
  private state: State = { kind: 'released' };
  private readonly backoff = new RestartBackoff();
  private readonly statusListeners = new Listeners<EmbedderStatus>();
  private readonly exitListeners = new Listeners<ModelExit>();

  private constructor(private readonly setup: ChildSetup) {
    super({});
  }

  /** Starts the model's process and waits until the model is loaded; throws `ModelUnavailableError` when it cannot be. */
  static async start(spec: EmbeddingModelSpec, source: ModelSource, threads?: number): Promise<ChildEmbeddings> {
    const embeddings = new ChildEmbeddings({ spec, source, ...(threads === undefined ? {} : { threads }) });
    try {
      await embeddings.launch().ready;
    } catch (error) {
      // A model that never loaded is not restarted.
      await embeddings.release();
      throw error;
    }
    return embeddings;
  }

  status(): EmbedderStatus {
    return this.state.kind;
  }

  /** Calls `listener` at every change of status from now on; the function returned stops that. */
  onStatus(listener: StatusListener): () => void {
    return this.statusListeners.add(listener);
  }

  /** Calls `listener` whenever a model process ends, asked to or not; the function returned stops that. */
  onExit(listener: (exit: ModelExit) => void): () => void {
    return this.exitListeners.add(listener);
  }

  /** The current model process's id, while there is one. */
  get pid(): number | undefined {
    return this.current()?.pid;
  }

  /** Ends the model's process once its requests in flight are answered, freeing its memory until the next request. */
  async release(): Promise<void> {
    const state = this.state;
    if (state.kind === 'released') return;
    if (state.kind === 'restarting') clearTimeout(state.timer);
    this.enter({ kind: 'released' });
    await state.child?.end();
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return (await this.request('documents', documents)).map((v) => Array.from(v));
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.request('query', [document]);
    return vector ? Array.from(vector) : [];
  }

  private async request(kind: ChildRequest['kind'], texts: string[]): Promise<Float32Array[]> {
    return (await this.readyChild()).embed(kind, texts);
  }

  /** The process to ask: the running one, the one loading, or one started now; none while restarting. */
  private async readyChild(): Promise<ModelChild> {
    const state = this.state;
    if (state.kind === 'restarting') throw new ModelUnavailableError(state.reason);
    const child = state.kind === 'released' ? this.launch() : state.child;
    await child.ready;
    return child;
  }

  private current(): ModelChild | undefined {
    return this.state.kind === 'released' ? undefined : this.state.child;
  }

  private enter(state: State): void {
    const before = this.state.kind;
    this.state = state;
    if (state.kind !== before) this.statusListeners.tell(state.kind);
  }

  /** A start someone waits for. */
  private launch(): ModelChild {
    const child = this.spawn({ held: true });
    this.enter({ kind: 'starting', child });
    return child;
  }

  private spawn({ held }: { held: boolean }): ModelChild {
    const child = new ModelChild(this.setup, { held });
    child.ready.then(() => this.loaded(child), () => {});
    void child.exited.then((exit) => this.ended(child, exit));
    return child;
  }

  private loaded(child: ModelChild): void {
    if (this.current() !== child) return;
    this.backoff.up();
    this.enter({ kind: 'ready', child });
  }

  /** A process ended: asked to, or the model is unavailable until another one has loaded it. */
  private ended(child: ModelChild, exit: ChildExit): void {
    const died = this.current() === child;
    if (died) this.restartLater(exit.reason);
    this.exitListeners.tell({ ...exit, asked: !died });
  }

  private restartLater(reason: string): void {
    const timer = setTimeout(() => this.enter({ kind: 'restarting', reason, child: this.spawn({ held: false }), timer: undefined }), this.backoff.down());
    // A restart nobody waits for keeps no process alive.
    timer.unref();
    this.enter({ kind: 'restarting', reason, child: undefined, timer });
  }
}
