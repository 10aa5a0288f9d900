/**
 * What `npm start` answers with, in stages: at once on words while a first start embeds the corpus (minutes),
 * then on meaning and words; and on words alone whenever the model's process is down.
 */
import { servingAssistant, degradedAssistant, lexicalAssistant, type AssistantOver } from '../answering/fallback.ts';
import { assistantFor, type AnswerMode } from '../answering/modes.ts';
import type { Assistant } from '../answering/ask.ts';
import type { Config } from '../config.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { ModelUnavailableError } from '../embedding/errors.ts';
import type { CorpusIndex, Log } from '../indexing/corpus-index.ts';
import { openIndexStaged } from '../indexing/open.ts';
import { storeFor } from '../indexing/stores.ts';
import type { LoadingStages } from '../serving/server.ts';
import { startModel } from './model.ts';
import { embeddingProgress } from './progress.ts';

export interface Serving {
  load(stages: LoadingStages): Promise<Assistant>;
  /** Ends the model's process for good: no restart follows. */
  stop(): Promise<void>;
  /** The build of the index last loaded (the file store's folder name, or the database's build id). */
  build(): string | undefined;
  /** The hash of the corpus files the loaded build was made from. */
  corpus(): string | undefined;
}

/** Until the model answers again after its process died, or is released (and then starts at the next request). */
function modelBack(embedder: Embedder): Promise<void> {
  return new Promise((resolve) => {
    const stop = embedder.onStatus((status) => {
      if (status === 'ready' || status === 'released') {
        stop();
        resolve();
      }
    });
  });
}

/** Builds the vectors, again whenever the model died under way: the server answers on words meanwhile. */
async function buildVectors(vectors: () => Promise<CorpusIndex>, embedder: Embedder, log: Log): Promise<CorpusIndex> {
  for (;;) {
    try {
      return await vectors();
    } catch (error) {
      if (!(error instanceof ModelUnavailableError)) throw error;
      log(`Building the vectors stopped (${error.reason}); it starts again once the model is back.`);
      await modelBack(embedder);
    }
  }
}

/** `model`: one already loading (`startModel`); otherwise it is started at the first load. */
export function serving(config: Config, corpusDir: string, log: Log, mode: AnswerMode, withVectors: boolean, model?: Promise<Embedder | undefined>): Serving {
  let embedder: Embedder | undefined;
  // One model for every load: a reload reuses the process the current answers use.
  let loading: Promise<Embedder | undefined> | undefined;
  const useModel = (started: Promise<Embedder | undefined>): Promise<Embedder | undefined> => {
    // Known to `stop()` as soon as it is there, even should the index fail to open.
    void started.then((loaded) => (embedder = loaded));
    return started;
  };
  if (model) loading = useModel(model);
  let loadedBuild: string | undefined;
  let loadedCorpus: string | undefined;
  const over: AssistantOver = (index, retrievers) => {
    loadedBuild = index.source.build;
    loadedCorpus = index.manifest.corpusHash;
    return assistantFor(index, config, mode, retrievers);
  };
  return {
    stop: async () => embedder?.release(),
    build: () => loadedBuild,
    corpus: () => loadedCorpus,
    async load(stages) {
      // The model loads in its own process while this one reads the corpus. It leaves a core to answering from the
      // start, as the vectors may be built while questions come.
      loading ??= useModel(startModel(config, log, withVectors));
      let built = { done: 0, total: 0 };
      const bar = embeddingProgress();
      const staged = await openIndexStaged({
        corpusDir,
        uploadDir: config.uploadDir,
        indexDir: config.indexDir,
        store: await storeFor(config),
        log,
        embedder: loading,
        fileLimits: config.fileLimits,
        onEmbedProgress: (done, total) => {
          built = { done, total };
          bar.onProgress(done, total);
          stages.progress(done, total);
        },
      });
      const model = await loading;
      if (!staged.vectors || !model) return servingAssistant(staged.now, model, over);
      const lexical = await lexicalAssistant(staged.now, over);
      let failure: string | undefined;
      const onWords = degradedAssistant(lexical, () =>
        failure ? `answered on word matches alone: the vectors could not be built (${failure})` : `answered on word matches alone: the vectors are being built (${built.done} of ${built.total} texts embedded)`,
      );
      stages.serve(onWords);
      try {
        return await servingAssistant(await buildVectors(staged.vectors, model, log), model, over);
      } catch (error) {
        // Answers served on words go on, and say why.
        failure = error instanceof Error ? error.message : String(error);
        throw error;
      } finally {
        bar.stop();
      }
    },
  };
}
