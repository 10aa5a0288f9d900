/** Asks every gold question through the assistant's `ask()` and scores the answers. */
import type { Assistant } from '../answering/ask.ts';
import type { Answer } from '../domain.ts';
import type { GoldItem, GoldKind } from './gold.ts';
import { metricsOf, type Metrics } from './metrics.ts';
import { scoreItem, type ItemScore } from './score.ts';

export interface RunInfo {
  gold: string;
  goldHash: string;
  k: number;
  items: number;
  startedAt: string;
  durationMs: number;
  retrievers: string[];
  reports: number;
  chunks: number;
  /** Set when a language model wrote the answers: how often the extractive answer had to stand in. */
  llm?: LlmRun;
}

export interface LlmRun {
  model: string;
  answers: number;
  fallbacks: number;
  fallbackRate: number;
  /** Sentences the verification dropped from answers it kept. */
  droppedSentences: number;
}

function llmRun(answers: readonly Answer[]): LlmRun | undefined {
  const written = answers.flatMap((a) => (a.verification ? [a.verification] : []));
  const first = written[0];
  if (!first) return undefined;
  const fallbacks = written.filter((v) => v.fallback !== undefined).length;
  return {
    model: first.model,
    answers: written.length,
    fallbacks,
    fallbackRate: fallbacks / written.length,
    droppedSentences: written.filter((v) => v.fallback === undefined).reduce((n, v) => n + v.dropped.length, 0),
  };
}

export interface EvaluatedItem {
  id: string;
  kind: GoldKind;
  pass: boolean;
  reason: string;
  expected: string;
  score: ItemScore;
  /** The answer exactly as `ask --json` prints it. */
  result: Answer & { id: string };
}

export interface Evaluation {
  run: RunInfo;
  metrics: Metrics;
  items: EvaluatedItem[];
}

export interface EvaluateOptions {
  k: number;
  gold: { file: string; hash: string };
  onProgress?: (done: number, total: number, item: EvaluatedItem) => void;
}

export async function evaluate(assistant: Assistant, items: readonly GoldItem[], options: EvaluateOptions): Promise<Evaluation> {
  const startedAt = new Date();
  const evaluated: EvaluatedItem[] = [];
  const pairs: { item: GoldItem; score: ItemScore }[] = [];
  for (const item of items) {
    const started = performance.now();
    const answer = await assistant.ask(item.question, {
      k: options.k,
      ...(item.asked_on ? { askedOn: item.asked_on } : {}),
      ...(item.conversation ? { conversation: item.conversation } : {}),
    });
    const score = scoreItem(item, answer, options.k, Math.round((performance.now() - started) * 100) / 100);
    pairs.push({ item, score });
    const done: EvaluatedItem = {
      id: item.id,
      kind: item.kind,
      pass: score.pass,
      reason: score.reason,
      expected: item.answer,
      score,
      result: { id: item.id, ...answer },
    };
    evaluated.push(done);
    options.onProgress?.(evaluated.length, items.length, done);
  }
  const llm = llmRun(evaluated.map((e) => e.result));
  return {
    run: {
      gold: options.gold.file,
      goldHash: options.gold.hash,
      k: options.k,
      items: items.length,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(Date.now() - startedAt.getTime()),
      retrievers: [...assistant.retrievers],
      reports: assistant.index.reports.size,
      chunks: assistant.index.chunkCount,
      ...(llm ? { llm } : {}),
    },
    metrics: metricsOf(pairs),
    items: evaluated,
  };
}
