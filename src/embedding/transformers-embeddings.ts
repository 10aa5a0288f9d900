/**
 * A LangChain `Embeddings` over a local transformers.js feature-extraction pipeline (quantized ONNX), with the
 * pooling and prefixes its model table entry gives. Retrieval sees only the LangChain interface, so any other
 * LangChain embedding integration can stand in its place.
 */
import { Embeddings } from '@langchain/core/embeddings';
import { env, pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { join } from 'node:path';
import type { EmbeddingModelSpec } from './models.ts';
import { modelFileHashes, type ModelSource } from './locate.ts';

/** Passages per forward pass: the batch at which `../shared/models/README.md` measured throughput; not tuned here. */
export const DEFAULT_BATCH_SIZE = 16;

export class TransformersEmbeddings extends Embeddings {
  private constructor(
    readonly spec: EmbeddingModelSpec,
    private readonly extractor: FeatureExtractionPipeline,
    readonly batchSize: number,
  ) {
    super({});
  }

  /** Loads the model from its source; throws when its files cannot be had. */
  static async load(spec: EmbeddingModelSpec, source: ModelSource, batchSize = DEFAULT_BATCH_SIZE): Promise<TransformersEmbeddings> {
    if (source.kind === 'local') {
      env.localModelPath = source.dir.endsWith('/') ? source.dir : `${source.dir}/`;
      env.allowLocalModels = true;
      env.allowRemoteModels = false;
    } else {
      env.allowRemoteModels = true;
    }
    const extractor = await pipeline('feature-extraction', spec.name, { quantized: true });
    return new TransformersEmbeddings(spec, extractor, batchSize);
  }

  /** Where the loaded files are: the local folder, or transformers.js' download cache. */
  static filesOf(spec: EmbeddingModelSpec, source: ModelSource): Promise<Record<string, string>> {
    const root = source.kind === 'local' ? source.dir : env.cacheDir;
    return modelFileHashes(join(root, spec.name));
  }

  private async forward(texts: readonly string[]): Promise<number[][]> {
    const output = await this.extractor([...texts], { pooling: this.spec.pooling, normalize: true });
    const data = output.data as Float32Array;
    const dim = this.spec.dimension;
    return texts.map((_, i) => Array.from(data.subarray(i * dim, (i + 1) * dim)));
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
