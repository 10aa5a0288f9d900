/**
 * Prints passage embedding throughput by batch size, through the embedder as the embedding worker runs it, and
 * with the same ONNX model run raw.
 */
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@xenova/transformers';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { chunkReports } from '../src/chunking/chunk.ts';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { locateModel } from '../src/embedding/locate.ts';
import { DEFAULT_BATCH_SIZE, EMBEDDING_MODELS } from '../src/embedding/models.ts';
import { ONNX_FILE } from '../src/embedding/model-file.ts';
import { OnnxEmbeddings, poolAndNormalize } from '../src/embedding/onnx-embeddings.ts';
import { openSession } from '../src/embedding/onnx-session.ts';
import { DEFAULT_PASSAGE_CONTEXT, passageText } from '../src/indexing/passage-text.ts';
import { parseCorpus, readCorpusFiles } from '../src/parsing/corpus.ts';

const BATCH_SIZES = [1, 4, 8, 16, 32, 64];
const SAMPLE_SIZE = 128;

const config = loadConfig();
const spec = EMBEDDING_MODELS[config.embedModel];
const source = locateModel(spec.name, PROJECT_ROOT, config.modelDir);
if (source.kind !== 'local') throw new Error(`${spec.name} is not in a local model folder`);

// Every chunk's text as the index embeds it (src/indexing/corpus-index.ts), then SAMPLE_SIZE at evenly spaced ranks of length.
const { reports } = parseCorpus(await readCorpusFiles(config.corpusDir));
const titles = new Map(reports.map((r) => [r.id, r.title]));
const all = chunkReports(reports)
  .map((chunk) => passageText(chunk, titles.get(chunk.reportId) ?? '', DEFAULT_PASSAGE_CONTEXT))
  .sort((a, b) => a.length - b.length || a.localeCompare(b));
const count = Math.min(SAMPLE_SIZE, all.length);
const texts = Array.from({ length: count }, (_, i) => all[Math.floor(((i + 0.5) * all.length) / count)] ?? '');

env.localModelPath = `${source.dir}/`;
env.allowRemoteModels = false;
const tokenizer: PreTrainedTokenizer = await AutoTokenizer.from_pretrained(spec.name);
// The session starts its intra-op thread pool: its worker threads, besides the calling one.
const threads = () => readdirSync('/proc/self/task').length;
const threadsBefore = threads();
const session = await openSession(join(source.dir, spec.name, ONNX_FILE), undefined);
const workers = threads() - threadsBefore;

interface Batch {
  feeds: Record<string, ort.Tensor>;
  mask: ort.Tensor;
  tokens: number;
  padded: number;
}

/** The sample in the batches `embedDocuments` forms (the texts are sorted by length already), tokenized as it does. */
function batchesOf(batchSize: number): Batch[] {
  const batches: Batch[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const encoded = tokenizer(texts.slice(start, start + batchSize).map((t) => `${spec.passagePrefix}${t}`), { padding: true, truncation: true });
    const tensor = (data: BigInt64Array) => new ort.Tensor('int64', data, encoded.input_ids.dims);
    const ids: BigInt64Array = encoded.input_ids.data;
    const mask: BigInt64Array = encoded.attention_mask.data;
    const attention = tensor(mask);
    const feeds: Record<string, ort.Tensor> = { input_ids: tensor(ids), attention_mask: attention };
    if (session.inputNames.includes('token_type_ids')) feeds.token_type_ids = tensor(new BigInt64Array(ids.length));
    batches.push({ feeds, mask: attention, tokens: mask.reduce((sum, m) => sum + Number(m), 0), padded: ids.length });
  }
  return batches;
}

interface Speed {
  seconds: number;
  /** CPU time over wall time: how many cores the run kept busy. */
  cores: number;
}

async function timed(run: () => Promise<unknown>): Promise<Speed> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  return { seconds, cores: (user + system) / 1e6 / seconds };
}

const chars = texts.map((t) => t.length);
console.log(`${texts.length} of ${all.length} chunk texts (${Math.min(...chars)}–${Math.max(...chars)} characters), ${spec.name}, ` +
  `${availableParallelism()} cores. embedder: embedDocuments, as ingest embeds; raw: onnxruntime-node session.run on the same token batches`);
console.log('batch  embedder chunks/s tokens/s cores   raw chunks/s tokens/s cores   embedder/raw  padding  tokenizing/embedder  pooling/embedder');
const results: { batchSize: number; chunksPerSecond: number }[] = [];
for (const batchSize of BATCH_SIZES) {
  const embeddings = await OnnxEmbeddings.load(spec, source, { batchSize });
  const tokenizing = performance.now();
  const batches = batchesOf(batchSize);
  const tokenizeSeconds = (performance.now() - tokenizing) / 1000;
  const tokens = batches.reduce((sum, b) => sum + b.tokens, 0);
  const padding = 1 - tokens / batches.reduce((sum, b) => sum + b.padded, 0);
  // One pass over the longest texts first, so that no run pays for growing its buffers while timed.
  await embeddings.embedDocuments(texts.slice(-batchSize));
  await session.run(batches.at(-1)?.feeds ?? {});
  // Each side over the whole sample on its own: alternating two sessions batch by batch slows both.
  const embedder = await timed(() => embeddings.embedDocuments(texts));
  const outputs: { hidden: ort.Tensor; mask: ort.Tensor }[] = [];
  const model = await timed(async () => {
    for (const { feeds, mask } of batches) {
      const { last_hidden_state: hidden } = await session.run(feeds);
      if (hidden) outputs.push({ hidden, mask });
    }
  });
  // The rest of what the embedder adds to the model, besides tokenizing: pooling and normalizing.
  const pooling = await timed(async () => {
    for (const { hidden, mask } of outputs) {
      const [batch = 0, tokens = 0, dim = 0] = hidden.dims;
      poolAndNormalize(hidden.data as Float32Array, mask.data as BigInt64Array, { batch, tokens, dim }, spec.pooling);
    }
  });
  const speed = (s: Speed) => `${(texts.length / s.seconds).toFixed(1).padStart(8)} ${(tokens / s.seconds).toFixed(0).padStart(8)} ${s.cores.toFixed(2).padStart(5)}`;
  console.log(`${String(batchSize).padStart(5)}  ${speed(embedder)}      ${speed(model)}   ` +
    `${(model.seconds / embedder.seconds).toFixed(3).padStart(12)}  ${(padding * 100).toFixed(1).padStart(6)}%  ${(tokenizeSeconds / embedder.seconds).toFixed(3).padStart(19)}  ${(pooling.seconds / embedder.seconds).toFixed(3).padStart(16)}`);
  results.push({ batchSize, chunksPerSecond: texts.length / embedder.seconds });
}
console.log(`The embedder's session options on both sides (ONNX Runtime's defaults but memory patterns): sequential execution, ` +
  `an intra-op pool of ${workers + 1} threads (${workers} started by the session, and the calling one)`);
const best = results.reduce((a, b) => (b.chunksPerSecond > a.chunksPerSecond ? b : a));
console.log(`best batch size through the embedder: ${best.batchSize} (${best.chunksPerSecond.toFixed(1)} chunks/s); the embedder uses ${DEFAULT_BATCH_SIZE}`);
