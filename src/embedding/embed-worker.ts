/** The worker thread that runs the embedding model, so that the main thread keeps answering meanwhile. */
import { parentPort, workerData } from 'node:worker_threads';
import { OnnxEmbeddings } from './onnx-embeddings.ts';
import type { WorkerReply, WorkerRequest, WorkerSetup, WorkerStart } from './worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('the embedding worker runs in a worker thread');
const { spec, source, threads } = workerData as WorkerSetup;

async function embed(embeddings: OnnxEmbeddings, kind: 'query' | 'documents', texts: string[]): Promise<number[][]> {
  return kind === 'query' ? [await embeddings.embedQuery(texts[0] ?? '')] : embeddings.embedDocuments(texts);
}

try {
  const embeddings = await OnnxEmbeddings.load(spec, source, { threads });
  port.on('message', async (request: WorkerRequest) => {
    const { id, kind, texts } = request;
    try {
      const vectors = (await embed(embeddings, kind, texts)).map((v) => Float32Array.from(v));
      port.postMessage({ id, vectors } satisfies WorkerReply, vectors.map((v) => v.buffer));
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
    }
  });
  port.postMessage({ ready: true } satisfies WorkerStart);
} catch (error) {
  port.postMessage({ failed: error instanceof Error ? error.message : String(error) } satisfies WorkerStart);
}
