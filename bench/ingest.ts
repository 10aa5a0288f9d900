/** Prints the time and peak RSS of one full-corpus ingest into a fresh index folder: `lexical` only, or with the model's `vectors`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { loadEmbedder } from '../src/embedding/embedder.ts';
import { openIndex } from '../src/indexing/open.ts';

const mode = process.argv[2];
if (mode !== 'lexical' && mode !== 'vectors') throw new Error('usage: ingest.ts lexical|vectors');

const config = loadConfig();
const loadStarted = performance.now();
const embedder = mode === 'vectors' ? await loadEmbedder({ model: config.embedModel, modelDir: config.modelDir, projectRoot: PROJECT_ROOT }, (line) => console.error(line)) : undefined;
if (mode === 'vectors' && !embedder) throw new Error('no embedding model: nothing to measure');
const loadSeconds = (performance.now() - loadStarted) / 1000;

// A fresh folder holds no embedding cache, so every text is embedded.
const indexDir = mkdtempSync(join(tmpdir(), 'zbwd-bench-ingest-'));
try {
  const started = performance.now();
  const index = await openIndex({ corpusDir: config.corpusDir, indexDir, log: () => {}, ...(embedder ? { embedder } : {}) });
  const seconds = (performance.now() - started) / 1000;
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  const embedded = index.built?.embedded ?? 0;
  const what = embedder ? `with ${embedder.identity.model} (batch ${embedder.identity.batchSize}, loaded in ${loadSeconds.toFixed(1)} s before)` : 'lexical only';
  const texts = embedder ? `, ${embedded} distinct texts embedded (${(embedded / seconds).toFixed(1)}/s)` : '';
  console.log(`ingest ${what}: ${index.reports.size} reports, ${index.chunkCount} chunks in ${seconds.toFixed(1)} s${texts}, peak RSS ${peak} MB`);
} finally {
  rmSync(indexDir, { recursive: true, force: true });
}
