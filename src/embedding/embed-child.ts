/**
 * The process that runs the embedding model, forked by `ModelChild`: a crash of ONNX Runtime ends this process
 * and not the product, and ending it gives all of the model's memory back at once. Its setup comes as the first
 * argument, in JSON.
 */
import { childRequestSchema, childSetupSchema, type ChildMessage } from './child-protocol.ts';
import { OnnxEmbeddings } from './onnx-embeddings.ts';

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

// The model serves its parent alone: when the parent goes, or asks it to go, nothing is left running. A signal to
// the whole group (Ctrl-C, `kill -- -PGID`) is for the parent to act on: it finishes the answers under way, which
// may need the model, and then ends it.
process.on('disconnect', () => process.exit(0));
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});

async function embed(embeddings: OnnxEmbeddings, kind: 'query' | 'documents', texts: string[]): Promise<number[][]> {
  return kind === 'query' ? [await embeddings.embedQuery(texts[0] ?? '')] : embeddings.embedDocuments(texts);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function serve(): Promise<void> {
  if (!process.send) throw new Error('embed-child runs as a child process forked with an IPC channel');
  const { spec, source, threads } = childSetupSchema.parse(JSON.parse(process.argv[2] ?? ''));
  const embeddings = await OnnxEmbeddings.load(spec, source, { threads });
  process.on('message', async (message: unknown) => {
    const request = childRequestSchema.safeParse(message);
    // Only the parent writes here; a message that is not a request has no id to answer, so it ends the process.
    if (!request.success) throw new Error(`the embedding process got a message that is not a request: ${request.error.message}`);
    const { id, kind, texts } = request.data;
    try {
      send({ id, vectors: (await embed(embeddings, kind, texts)).map((v) => Float32Array.from(v)) });
    } catch (error) {
      send({ id, error: messageOf(error) });
    }
  });
  send({ ready: true });
}

try {
  await serve();
} catch (error) {
  send({ failed: messageOf(error) });
}
