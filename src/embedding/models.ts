/** The embedding models the project knows how to use: how each pools its output and what it puts before a text. */

export interface EmbeddingModelSpec {
  /** Hugging Face name, also the sub-path of a local model folder. */
  name: string;
  dimension: number;
  pooling: 'mean' | 'cls';
  /** Put before a question. */
  queryPrefix: string;
  /** Put before a passage. */
  passagePrefix: string;
}

export const EMBEDDING_MODELS = {
  'Xenova/multilingual-e5-small': {
    name: 'Xenova/multilingual-e5-small',
    dimension: 384,
    pooling: 'mean',
    queryPrefix: 'query: ',
    passagePrefix: 'passage: ',
  },
  'Xenova/bge-small-zh-v1.5': {
    name: 'Xenova/bge-small-zh-v1.5',
    dimension: 512,
    pooling: 'cls',
    queryPrefix: '为这个句子生成表示以用于检索相关文章：',
    passagePrefix: '',
  },
} as const satisfies Record<string, EmbeddingModelSpec>;

export type EmbeddingModelName = keyof typeof EMBEDDING_MODELS;

export const DEFAULT_EMBEDDING_MODEL: EmbeddingModelName = 'Xenova/multilingual-e5-small';

export const EMBEDDING_MODEL_NAMES = Object.keys(EMBEDDING_MODELS) as [EmbeddingModelName, ...EmbeddingModelName[]];

/**
 * Passages per forward pass: one. The quantized model scales its int8 activations over the whole batch, so a
 * text embedded with others got a vector that depended on them, and two builds of the same corpus (one from an
 * empty cache, one reusing it) answered eight gold questions differently. Alone, a text has the same vector
 * in every build. On 2 cores, paragraphs embed as fast one at a time as in batches of 4 (12.9–15.0 against
 * 12.8–15.3 a second), sentence pieces at 68–69 against 79–86 a second.
 */
export const DEFAULT_BATCH_SIZE = 1;
