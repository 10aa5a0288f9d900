/**
 * The LLM answer mode: the extractive core retrieves (and composes its own answer, kept for falling back), a chat
 * model writes a fluent answer from the numbered passages, streamed as it comes, and only what verifies against the
 * passages is kept. A model that fails, times out or writes nothing verifiable leaves the extractive answer in place,
 * with a visible note and the reason in `verification`.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { StringOutputParser } from '@langchain/core/output_parsers';
import type { LLMResult } from '@langchain/core/outputs';
import type { Answer, FollowUp, Verification } from '../../domain.ts';
import { isEnglish } from '../../question/everyday.ts';
import type { Assistant } from '../ask.ts';
import { askOptionsSchema, MAX_QUESTION_LENGTH, parseWith, type AskOptions } from '../../intake/request.ts';
import { answerPieces, type AnswerEvent } from '../stream.ts';
import { formatConversation, formatPassages } from './passages.ts';
import type { Prompts } from './prompts.ts';
import { Verifier } from './verify.ts';

export interface LlmAnswering {
  model: BaseChatModel;
  modelName: string;
  prompts: Prompts;
  timeoutMs: number;
}

type Usage = Verification['usage'];

function usageOf(output: LLMResult): Usage {
  const message = (output.generations[0]?.[0] as { message?: { usage_metadata?: { input_tokens: number; output_tokens: number } } } | undefined)?.message;
  const usage = message?.usage_metadata;
  return usage ? { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens } : undefined;
}

/** Why the model gave no answer, in a few words: a timeout, the API's status, or its message. */
function failureOf(error: unknown, timeoutMs: number): string {
  const { name, status, message } = error as { name?: string; status?: number; message?: string };
  if (name === 'TimeoutError' || name === 'AbortError' || /abort|timed? ?out/i.test(message ?? '')) return `no answer within ${timeoutMs / 1000} s`;
  if (status === 429) return 'the model API is rate limited (HTTP 429)';
  if (status) return `the model API failed (HTTP ${status})`;
  return `the model API failed (${(message ?? String(error)).split('\n')[0]})`;
}

function isConnectionError(error: unknown): boolean {
  const { name, status, message } = error as { name?: string; status?: number; message?: string };
  return status === undefined && (name === 'APIConnectionError' || /^Connection error/.test(message ?? ''));
}

/** Why the extractive answer stands in: the model failed, wrote nothing verifiable, or found no answer. */
type FallbackKind = 'failed' | 'unverified' | 'unanswered';

const NOTES: Record<FallbackKind, { zh: string; en: string }> = {
  failed: { zh: '（大模型未能作答，以下为报告原文摘录。）', en: '(The language model did not answer; quoted from the reports instead.) ' },
  unverified: { zh: '（大模型的回答未能通过核对，以下为报告原文摘录。）', en: "(The language model's answer could not be verified; quoted from the reports instead.) " },
  unanswered: { zh: '（大模型未在段落中找到答案，以下为报告原文摘录。）', en: '(The language model found no answer in the passages; quoted from the reports instead.) ' },
};

function noteFor(question: string, kind: FallbackKind): string {
  return NOTES[kind][isEnglish(question) ? 'en' : 'zh'];
}

/**
 * The extractive answer standing in. A model that failed part-way may have had verified sentences shown already:
 * the stand-in follows them as the answer that counts, and the `done` result says so.
 */
function* fallBackEvents(result: Answer): Generator<AnswerEvent> {
  for (const text of answerPieces(result.answer)) yield { type: 'delta', text };
  yield { type: 'done', result };
}

export function withLlm(core: Assistant, llm: LlmAnswering): Assistant {
  const answerChain = llm.prompts.answer.pipe(llm.model).pipe(new StringOutputParser());
  const rewriteChain = llm.prompts.rewrite.pipe(llm.model).pipe(new StringOutputParser());

  /** The follow-up rewritten by the model; undefined when the model fails, and the rules carry over instead. */
  async function rewrite(question: string, conversation: NonNullable<AskOptions['conversation']>): Promise<FollowUp | undefined> {
    try {
      const text = await rewriteChain.invoke({ conversation: formatConversation(conversation), question }, { signal: AbortSignal.timeout(llm.timeoutMs) });
      const standalone = text.trim().split('\n')[0]?.trim().slice(0, MAX_QUESTION_LENGTH) ?? '';
      return standalone ? { standalone, carriedOver: {}, rewrittenBy: llm.modelName } : undefined;
    } catch {
      return undefined;
    }
  }

  const assistant: Assistant = {
    ...core,
    async ask(question, options) {
      let result: Answer | undefined;
      for await (const event of assistant.stream(question, options)) if (event.type === 'done') result = event.result;
      if (!result) throw new Error('the answer stream ended without a result');
      return result;
    },
    async *stream(question, options = {}): AsyncGenerator<AnswerEvent> {
      const { conversation, askedOn } = parseWith(askOptionsSchema, options);
      const followUp = conversation?.length ? await rewrite(question, conversation) : undefined;
      const asked = followUp?.standalone ?? question;
      const extractive = await core.ask(asked, followUp ? { ...options, conversation: [] } : options);
      const base = followUp ? { ...extractive, question, followUp } : extractive;
      yield { type: 'passages', passages: base.passages };
      // With no report in scope there is nothing to write from: the core's refusal says why.
      if (base.passages.length === 0) {
        yield { type: 'done', result: base };
        return;
      }
      const started = performance.now();
      let usage: Usage;
      const timed = (): Pick<Answer, 'timingsMs'> & Pick<Verification, 'latencyMs'> => {
        const latencyMs = Math.round(performance.now() - started);
        const { timingsMs } = base;
        return { latencyMs, timingsMs: { ...timingsMs, compose: timingsMs.compose + latencyMs, total: timingsMs.total + latencyMs } };
      };
      // A refusal needs no note when the model, too, found nothing to say; a failure of the model always does.
      const fallBack = (reason: string, kind: FallbackKind, { kept, dropped }: Pick<Verification, 'kept' | 'dropped'>): Answer => {
        const { latencyMs, timingsMs } = timed();
        const checked = { kept, dropped };
        return {
          ...base,
          answer: kind === 'failed' || !base.refused ? `${noteFor(question, kind)}${base.answer}` : base.answer,
          verification: { model: llm.modelName, ...checked, fallback: reason, latencyMs, ...(usage ? { usage } : {}) },
          timingsMs,
        };
      };
      const recordUsage = (output: LLMResult): void => {
        usage = usageOf(output) ?? usage;
      };
      const verifier = new Verifier(base.passages);
      const signal = AbortSignal.timeout(llm.timeoutMs);
      const input = { today: askedOn ?? new Date().toISOString().slice(0, 10), passages: formatPassages(base.passages), question: asked };
      for (let attempt = 1; ; attempt++) {
        let streamed = false;
        try {
          const pieces = await answerChain.stream(input, { signal, callbacks: [{ handleLLMEnd: recordUsage }] });
          for await (const text of pieces) {
            streamed = true;
            const shown = verifier.push(text);
            if (shown) yield { type: 'delta', text: shown };
          }
          break;
        } catch (error) {
          // A kept-alive connection the server has closed meanwhile fails at once: one more try on a fresh one.
          if (!streamed && attempt === 1 && isConnectionError(error)) continue;
          yield* fallBackEvents(fallBack(failureOf(error, llm.timeoutMs), 'failed', verifier.result()));
          return;
        }
      }
      const rest = verifier.end();
      if (rest) yield { type: 'delta', text: rest };
      const verified = verifier.result();
      const checked = { kept: verified.kept, dropped: verified.dropped };
      if (verified.citations.length === 0) {
        const unverified = verified.dropped.length > 0;
        const reason = unverified ? 'no sentence of the answer could be verified' : 'the model found no answer in the passages';
        yield* fallBackEvents(fallBack(reason, unverified ? 'unverified' : 'unanswered', checked));
        return;
      }
      const { latencyMs, timingsMs } = timed();
      const verification: Verification = { model: llm.modelName, ...checked, latencyMs, ...(usage ? { usage } : {}) };
      yield { type: 'done', result: { ...base, answer: verified.answer, refused: false, citations: verified.citations, verification, timingsMs } };
    },
  };
  return assistant;
}
