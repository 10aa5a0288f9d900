/**
 * A LangChain `Embeddings` over a model's quantized ONNX file, tokenized by transformers.js and run by ONNX
 * Runtime, with the pooling and prefixes its model table entry gives. Retrieval sees only the LangChain
 * interface, so any other LangChain embedding integration can stand in its place.
 */
import { Embeddings } from '@langchain/core/embeddings';
import { existsSync } from 'node:fs';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@xenova/transformers';
import { DEFAULT_BATCH_SIZE, type EmbeddingModelSpec } from './models.ts';
import type { ModelSource } from './locate.ts';
import { onnxFile } from './model-file.ts';
import { lastHiddenState, openSession, type Session } from './onnx-session.ts';

export class OnnxEmbeddings extends Embeddings {
  private constructor(
    readonly spec: EmbeddingModelSpec,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly session: Session,
    readonly batchSize: number,
  ) {
    super({});
  }

  /**
   * Loads the tokenizer and opens the model on `threads` threads (ONNX Runtime's default: one per core); throws
   * when its files cannot be had or read. Opened before an ingest parses the corpus, the model's load peak
   * does not stack on the parse's memory: a full ingest peaked at 668 MB against 707 MB opening it at the
   * first text.
   */
  static async load(spec: EmbeddingModelSpec, source: ModelSource, { threads, batchSize = DEFAULT_BATCH_SIZE }: { threads?: number | undefined; batchSize?: number } = {}): Promise<OnnxEmbeddings> {
    if (source.kind === 'local') {
      env.localModelPath = source.dir.endsWith('/') ? source.dir : `${source.dir}/`;
      env.allowLocalModels = true;
      env.allowRemoteModels = false;
    } else {
      env.allowRemoteModels = true;
    }
    const file = await onnxFile(spec.name, source);
    if (!existsSync(file)) throw new Error(`no model file at ${file}`);
    const tokenizer = await AutoTokenizer.from_pretrained(spec.name);
    return new OnnxEmbeddings(spec, tokenizer, await openSession(file, threads), batchSize);
  }

  /**
   * The model's last hidden states for a batch, pooled and normalised here: transformers.js' own mean pooling
   * runs on generic tensors and took 15–31 % of its pipeline's time (`npm run bench`).
   */
  private async forward(texts: readonly string[]): Promise<number[][]> {
    const inputs = this.tokenizer([...texts], { padding: true, truncation: true });
    const mask = inputs.attention_mask.data as BigInt64Array;
    const hidden = await lastHiddenState(this.session, inputs.input_ids.data as BigInt64Array, mask, inputs.input_ids.dims as number[]);
    const [batch = 0, tokens = 0, dim = 0] = hidden.dims;
    return poolAndNormalize(hidden.data as Float32Array, mask, { batch, tokens, dim }, this.spec.pooling);
  }

  /** Passages, in batches of similar length so that little of each batch is padding. */
  async embedDocuments(documents: string[]): Promise<number[][]> {
    const texts = documents.map((d) => `${this.spec.passagePrefix}${d}`);
    const order = texts.map((_, i) => i).sort((a, b) => (texts[a]?.length ?? 0) - (texts[b]?.length ?? 0));
    const vectors: number[][] = new Array(texts.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const batch = order.slice(start, start + this.batchSize);
      const out = await this.forward(batch.map((i) => texts[i] ?? ''));
      batch.forEach((i, j) => {
        vectors[i] = out[j] ?? [];
      });
    }
    return vectors;
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.forward([`${this.spec.queryPrefix}${document}`]);
    return vector ?? [];
  }
}

/** One unit vector per text: the mean of its tokens' states (padding left out) or its first token's state. */
export function poolAndNormalize(
  hidden: Float32Array,
  mask: BigInt64Array,
  { batch, tokens, dim }: { batch: number; tokens: number; dim: number },
  pooling: EmbeddingModelSpec['pooling'],
): number[][] {
  const vectors: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const sum = new Float64Array(dim);
    const counted = pooling === 'cls' ? 1 : tokens;
    let used = 0;
    for (let t = 0; t < counted; t++) {
      if (mask[b * tokens + t] === 0n) continue;
      used++;
      const offset = (b * tokens + t) * dim;
      for (let d = 0; d < dim; d++) sum[d] = (sum[d] ?? 0) + (hidden[offset + d] ?? 0);
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += ((sum[d] ?? 0) / Math.max(1, used)) ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) / Math.max(1, used) : 0;
    vectors.push(Array.from(sum, (x) => x * scale));
  }
  return vectors;
}
