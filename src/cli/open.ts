/** Loading the embedding model and opening the index, as every command does before answering. */
import type { Config } from '../config.ts';
import { PROJECT_ROOT } from '../config.ts';
import { loadEmbedder } from '../embedding/embedder.ts';
import { openIndex, type CorpusIndex, type Log } from '../indexing/corpus-index.ts';
import { embeddingProgress } from './progress.ts';

export async function openCorpusIndex(config: Config, corpusDir: string, log: Log, rebuild = false): Promise<CorpusIndex> {
  const embedder = await loadEmbedder({ model: config.embedModel, modelDir: config.modelDir, projectRoot: PROJECT_ROOT }, log);
  const progress = embeddingProgress();
  try {
    return await openIndex({
      corpusDir,
      indexDir: config.indexDir,
      log,
      rebuild,
      ...(embedder ? { embedder } : {}),
      onEmbedProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }
}
