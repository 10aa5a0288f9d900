/**
 * A LangChain `Embeddings` whose model runs in a worker thread. Embedding a question takes about as long as the
 * rest of answering it, so with the model off the main thread a server answers other questions meanwhile; and
 * ending the worker frees all of the model's memory at once, for as long as it is not needed.
 */
import { Embeddings } from '@langchain/core/embeddings';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModelSource } from './locate.ts';
import type { EmbeddingModelSpec } from './models.ts';
import type { WorkerReply, WorkerRequest, WorkerSetup, WorkerStart } from './worker-protocol.ts';

/** tsx's ESM API, as its package exports it to `import`. */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const entry = exports['./esm/api']?.import.default;
  if (!entry) throw new Error('tsx exports no ESM API');
  return new URL(entry, pathToFileURL(manifest)).href;
}

/**
 * The worker registers tsx itself before loading its TypeScript entry: Node 20 applies neither the main
 * thread's loader hooks nor `--import` to a worker's entry.
 */
const WORKER_BOOT = `(async () => {
  const { register } = await import(${JSON.stringify(tsxEsmApi())});
  register();
  await import(${JSON.stringify(new URL('./embed-worker.ts', import.meta.url).href)});
})();`;

interface Waiting {
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

/** A running worker and its requests in flight. */
interface Running {
  worker: Worker;
  waiting: Map<number, Waiting>;
}

async function startWorker(setup: WorkerSetup): Promise<Worker> {
  const worker = new Worker(WORKER_BOOT, { eval: true, workerData: setup });
  const start = await new Promise<WorkerStart>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if ('failed' in start) {
    await worker.terminate();
    throw new Error(start.failed);
  }
  return worker;
}

export class WorkerEmbeddings extends Embeddings {
  private running: Promise<Running> | undefined;
  private nextId = 0;

  private constructor(private setup: WorkerSetup) {
    super({});
  }

  /** Starts the worker and waits until the model is loaded; throws when it cannot be. */
  static async start(spec: EmbeddingModelSpec, source: ModelSource): Promise<WorkerEmbeddings> {
    const embeddings = new WorkerEmbeddings({ spec, source, threads: undefined });
    await embeddings.run();
    return embeddings;
  }

  /** The running worker, started afresh when there is none. */
  private run(): Promise<Running> {
    if (this.running) return this.running;
    const started: Promise<Running> = startWorker(this.setup).then((worker) => this.attach(worker, started));
    // A worker that failed to start or died is started afresh at the next request.
    started.catch(() => this.forget(started));
    this.running = started;
    return started;
  }

  private forget(running: Promise<Running>): void {
    if (this.running === running) this.running = undefined;
  }

  private attach(worker: Worker, started: Promise<Running>): Running {
    const running: Running = { worker, waiting: new Map() };
    worker.on('message', (reply: WorkerReply) => {
      const waiting = running.waiting.get(reply.id);
      running.waiting.delete(reply.id);
      if (running.waiting.size === 0) worker.unref();
      if ('error' in reply) waiting?.reject(new Error(`embedding failed: ${reply.error}`));
      else waiting?.resolve(reply.vectors);
    });
    worker.on('exit', (code) => {
      this.forget(started);
      for (const waiting of running.waiting.values()) waiting.reject(new Error(`the embedding worker exited (${code})`));
      running.waiting.clear();
    });
    // An idle model keeps no process alive; a pending request does.
    worker.unref();
    return running;
  }

  /**
   * The model runs on this many threads from now on: they are fixed when it opens, so a running worker is
   * ended and one started afresh.
   */
  async useThreads(threads: number): Promise<void> {
    if (threads === this.setup.threads) return;
    this.setup = { ...this.setup, threads };
    if (!this.running) return;
    await this.release();
    await this.run();
  }

  /** Ends the worker, freeing the model's memory until the next request loads it again. */
  async release(): Promise<void> {
    const running = await this.running?.catch(() => undefined);
    if (!running) return;
    if (running.waiting.size > 0) throw new Error('the embedder is busy: it can be released only between requests');
    this.running = undefined;
    await running.worker.terminate();
  }

  private async request(kind: 'query' | 'documents', texts: string[]): Promise<Float32Array[]> {
    const running = await this.run();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      running.waiting.set(id, { resolve, reject });
      running.worker.ref();
      running.worker.postMessage({ id, kind, texts } satisfies WorkerRequest);
    });
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return (await this.request('documents', documents)).map((v) => Array.from(v));
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.request('query', [document]);
    return vector ? Array.from(vector) : [];
  }
}
