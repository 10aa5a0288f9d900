/**
 * The chat model of the LLM answer mode, from configuration: any OpenAI-compatible endpoint (OpenAI, DeepSeek,
 * Qwen/DashScope, vLLM, llama.cpp) through `ChatOpenAI`, or a local Ollama through `ChatOllama`.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';

export interface LlmSettings {
  model: string;
  /** An OpenAI-compatible API; OpenAI's own when unset. */
  baseUrl?: string;
  apiKey?: string;
  /** An Ollama server; takes the place of the OpenAI-compatible API when set. */
  ollamaBaseUrl?: string;
  timeoutMs: number;
}

export function chatModel(settings: LlmSettings): BaseChatModel {
  if (settings.ollamaBaseUrl) {
    return new ChatOllama({ baseUrl: settings.ollamaBaseUrl, model: settings.model, temperature: 0 });
  }
  return new ChatOpenAI({
    model: settings.model,
    temperature: 0,
    // A failed call falls back to the extractive answer at once; retrying would keep the user waiting.
    maxRetries: 0,
    timeout: settings.timeoutMs,
    streamUsage: true,
    // Local servers (vLLM, llama.cpp) accept any key; the client insists on one.
    apiKey: settings.apiKey ?? 'not-needed',
    ...(settings.baseUrl ? { configuration: { baseURL: settings.baseUrl } } : {}),
  });
}
