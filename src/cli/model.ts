/** The embedding model as the server runs it: in its own process, leaving a core to answering. */
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { PROJECT_ROOT } from '../config.ts';
import { loadEmbedder, type Embedder } from '../embedding/embedder.ts';
import type { Log } from '../indexing/corpus-index.ts';

/** Beside the builds in the index folder. */
const MODEL_HASHES_FILE = 'model-hashes.json';

/** The model loading, or undefined at once when answers do not use it. */
export function startModel(config: Config, log: Log, withVectors: boolean): Promise<Embedder | undefined> {
  return withVectors ? loadEmbedder({ model: config.embedModel, modelDir: config.modelDir, projectRoot: PROJECT_ROOT, sharingCores: true, hashCacheFile: join(config.indexDir, MODEL_HASHES_FILE) }, log) : Promise.resolve(undefined);
}
