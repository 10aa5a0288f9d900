/**
 * Prints the time and peak RSS of one full-corpus ingest into a fresh index folder: `lexical` only, or with the
 * model's `vectors`, embedded as `npm run ingest` does (a model process per core), with each process's peak RSS.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { ChildEmbeddings } from '../src/embedding/child-embeddings.ts';
import { loadEmbedder } from '../src/embedding/embedder.ts';
import { PooledEmbeddings } from '../src/embedding/pooled-embeddings.ts';
import { openIndex } from '../src/indexing/open.ts';

const mode = process.argv[2];
if (mode !== 'lexical' && mode !== 'vectors') throw new Error('usage: ingest.ts lexical|vectors');

const config = loadConfig();
const loadStarted = performance.now();
const embedder = mode === 'vectors' ? await loadEmbedder({ model: config.embedModel, modelDir: config.modelDir, projectRoot: PROJECT_ROOT, building: true }, (line) => console.error(line)) : undefined;
if (mode === 'vectors' && !embedder) throw new Error('no embedding model: nothing to measure');
const loadSeconds = (performance.now() - loadStarted) / 1000;

/** The highest RSS seen of each model process, in MB: sampled, as a build ends them once it has embedded. */
function sampleModels(): { stop(): number[] } {
  const embeddings = embedder?.embeddings;
  const members = embeddings instanceof PooledEmbeddings ? embeddings.members : embeddings instanceof ChildEmbeddings ? [embeddings] : [];
  const peaks = members.map(() => 0);
  const sample = (): void => {
    members.forEach((member, i) => {
      try {
        const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${member.pid ?? 0}/status`, 'utf8'))?.[1] ?? 0);
        peaks[i] = Math.max(peaks[i] ?? 0, Math.round(rss / 1024));
      } catch {
        // Ended: its peak is what was seen.
      }
    });
  };
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      return peaks;
    },
  };
}

// A fresh folder holds no embedding cache, so every text is embedded.
const indexDir = mkdtempSync(join(tmpdir(), 'zbwd-bench-ingest-'));
try {
  const sampling = sampleModels();
  const started = performance.now();
  const index = await openIndex({ corpusDir: config.corpusDir, indexDir, log: () => {}, ...(embedder ? { embedder } : {}) });
  const seconds = (performance.now() - started) / 1000;
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  const embedded = index.built?.embedded ?? 0;
  const what = embedder ? `with ${embedder.identity.model} (batch ${embedder.identity.batchSize}, loaded in ${loadSeconds.toFixed(1)} s before)` : 'lexical only';
  const texts = embedder ? `, ${embedded} distinct texts embedded (${(embedded / seconds).toFixed(1)}/s)` : '';
  const models = sampling.stop();
  const ofModels = models.length > 0 ? `; model processes (${models.length}) peak ${models.join(' + ')} MB` : '';
  console.log(`ingest ${what}: ${index.reports.size} reports, ${index.chunkCount} chunks in ${seconds.toFixed(1)} s${texts}, peak RSS ${peak} MB${ofModels}`);
  await embedder?.release();
} finally {
  rmSync(indexDir, { recursive: true, force: true });
}
