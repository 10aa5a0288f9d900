/** Opening the index as a command needs it: with the embedding model when the command uses or builds vectors. */
import type { Config } from '../config.ts';
import { PROJECT_ROOT } from '../config.ts';
import { loadEmbedder } from '../embedding/embedder.ts';
import type { CorpusIndex, Log } from '../indexing/corpus-index.ts';
import { openIndex } from '../indexing/open.ts';
import { storeFor } from '../indexing/stores.ts';
import { embeddingProgress } from './progress.ts';

export interface OpenCommand {
  /** Rebuild even when the stored index is current. */
  rebuild?: boolean;
  /** Load the model, and embed what the index lacks; lexical answering needs neither. */
  vectors: boolean;
}

export async function openCorpusIndex(config: Config, corpusDir: string, log: Log, command: OpenCommand): Promise<CorpusIndex> {
  const embedder = command.vectors
    ? await loadEmbedder({ model: config.embedModel, modelDir: config.modelDir, projectRoot: PROJECT_ROOT, building: command.rebuild ?? false }, log)
    : undefined;
  const progress = embeddingProgress();
  try {
    return await openIndex({
      corpusDir,
      uploadDir: config.uploadDir,
      indexDir: config.indexDir,
      store: await storeFor(config),
      log,
      rebuild: command.rebuild ?? false,
      fileLimits: config.fileLimits,
      ...(embedder ? { embedder } : {}),
      onEmbedProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }
}
