/**
 * Answering on words alone while meaning cannot be had: while the embedding model restarts after its process died,
 * or while the vectors of a first start are still being built. Such answers say so (`degraded`) and name the one
 * retriever they used, so that nobody mistakes them for the product at its best; no question fails for it.
 */
import type { Answer } from '../domain.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import { retrieversFor } from '../retrieval/modes.ts';
import { lexicalRetriever, type Retriever } from '../retrieval/retrieve.ts';
import { ModelUnavailableError } from '../embedding/errors.ts';
import type { Assistant } from './ask.ts';
import type { AnswerEvent } from './stream.ts';

/** The index with its vectors left out: nothing answered over it calls the model. */
export function withoutVectors(index: CorpusIndex): CorpusIndex {
  const { dense: _dense, ...lexical } = index;
  return lexical;
}

/** Builds the assistant that answers over an index with the given retrievers (the same mode and models as the primary). */
export type AssistantOver = (index: CorpusIndex, retrievers: readonly Retriever[]) => Promise<Assistant>;

/** The lexical assistant over the same reports: the index without its vectors, the lexical retriever alone. */
export async function lexicalAssistant(index: CorpusIndex, over: AssistantOver): Promise<Assistant> {
  const lexical = withoutVectors(index);
  return over(lexical, [lexicalRetriever(lexical)]);
}

/** The note of an answer given on words while the model restarts. */
export function modelDown(reason: string): string {
  return `answered on word matches alone: the embedding model is restarting (${reason})`;
}

function noted(answer: Answer, degraded: string): Answer {
  return { ...answer, degraded };
}

async function* notedEvents(events: AsyncGenerator<AnswerEvent>, degraded: string): AsyncGenerator<AnswerEvent> {
  for await (const event of events) yield event.type === 'done' ? { type: 'done', result: noted(event.result, degraded) } : event;
}

/** An assistant that always answers on words and says why: `reason()` is read at each question, as it may change. */
export function degradedAssistant(lexical: Assistant, reason: () => string): Assistant {
  return {
    index: lexical.index,
    get retrievers() {
      return lexical.retrievers;
    },
    embeddingModel: lexical.embeddingModel,
    reports: () => lexical.reports(),
    report: (id) => lexical.report(id),
    degraded: reason,
    async ask(question, options) {
      return noted(await lexical.ask(question, options), reason());
    },
    stream(question, options) {
      return notedEvents(lexical.stream(question, options), reason());
    },
  };
}

/**
 * `primary` while the model answers; `lexical` with a `degraded` note while it is down (`down()` gives the note), and
 * for a question whose model call failed under way: it is asked again on words rather than failing.
 */
export function withLexicalFallback(primary: Assistant, lexical: Assistant, down: () => string | undefined): Assistant {
  const fallback = degradedAssistant(lexical, () => down() ?? modelDown('it is not available'));
  async function* stream(question: string, options: Parameters<Assistant['stream']>[1]): AsyncGenerator<AnswerEvent> {
    if (down() !== undefined) return yield* fallback.stream(question, options);
    let started = false;
    try {
      for await (const event of primary.stream(question, options)) {
        started = true;
        yield event;
      }
    } catch (error) {
      // Once events went out the answer cannot be taken back; before, the question is asked again on words.
      if (started || !(error instanceof ModelUnavailableError)) throw error;
      yield* notedEvents(lexical.stream(question, options), modelDown(error.reason));
    }
  }
  return {
    index: primary.index,
    get retrievers() {
      return down() === undefined ? primary.retrievers : lexical.retrievers;
    },
    embeddingModel: primary.embeddingModel,
    reports: () => primary.reports(),
    report: (id) => primary.report(id),
    degraded: down,
    async ask(question, options) {
      if (down() !== undefined) return fallback.ask(question, options);
      try {
        return await primary.ask(question, options);
      } catch (error) {
        if (!(error instanceof ModelUnavailableError)) throw error;
        return noted(await lexical.ask(question, options), modelDown(error.reason));
      }
    },
    stream,
  };
}

/**
 * The assistant a server answers with over `index`: on meaning and words, and on words alone while the model that
 * embeds the questions is down.
 */
export async function servingAssistant(index: CorpusIndex, embedder: Pick<Embedder, 'status'> | undefined, over: AssistantOver): Promise<Assistant> {
  const primary = await over(index, retrieversFor(index));
  if (!index.dense || !embedder) return primary;
  const lexical = await lexicalAssistant(index, over);
  return withLexicalFallback(primary, lexical, () => (embedder.status() === 'restarting' ? modelDown('its process stopped') : undefined));
}
