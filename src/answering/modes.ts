/**
 * How answers are written: quoted from the reports (extractive, the default and the fallback), or by a language
 * model from the retrieved passages and verified against them (llm, when one is configured).
 */
import { resolve } from 'node:path';
import { PROJECT_ROOT, type Config } from '../config.ts';
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import type { Retriever } from '../retrieval/retrieve.ts';
import { createAssistant, type Assistant } from './ask.ts';

export const ANSWER_MODES = ['extractive', 'llm'] as const;
export type AnswerMode = (typeof ANSWER_MODES)[number];

export const PROMPTS_DIR = resolve(PROJECT_ROOT, 'prompts');

/** The model writes the answers whenever one is configured. */
export function defaultAnswerMode(config: Pick<Config, 'llm'>): AnswerMode {
  return config.llm ? 'llm' : 'extractive';
}

/**
 * The language model's modules are imported only when it writes the answers: LangChain's prompts, output
 * parsers and chat integrations took the command line's RSS from 186 MB to 216 MB before it did anything.
 */
export async function assistantFor(index: CorpusIndex, config: Pick<Config, 'llm'>, mode: AnswerMode, retrievers?: readonly Retriever[]): Promise<Assistant> {
  const core = createAssistant(index, retrievers);
  if (mode === 'extractive') return core;
  if (!config.llm) throw new Error('answers by a language model need LLM_MODEL (with LLM_BASE_URL and LLM_API_KEY, or OLLAMA_BASE_URL) set');
  const { llm } = config;
  const [{ chatModel }, { withLlm }, { loadPrompts }] = await Promise.all([
    import('./llm/chat-model.ts'),
    import('./llm/llm-assistant.ts'),
    import('./llm/prompts.ts'),
  ]);
  return withLlm(core, { model: chatModel(llm), modelName: llm.model, prompts: loadPrompts(PROMPTS_DIR), timeoutMs: llm.timeoutMs });
}
