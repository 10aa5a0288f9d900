/** Aggregate scores: overall, per kind and per report. Every rate is null when it has no items to count. */
import { GOLD_KINDS, type GoldItem, type GoldKind } from './gold.ts';
import type { ItemScore } from './score.ts';

export interface GroupMetrics {
  items: number;
  answerable: number;
  unanswerable: number;
  recallAt1: number | null;
  recallAt5: number | null;
  recallAt10: number | null;
  mrr: number | null;
  answerAccuracy: number | null;
  /** Correct and at most 300 characters long. */
  conciseAccuracy: number | null;
  /** Cites every gold report. */
  citationAccuracy: number | null;
  /** Cites every gold report at its gold section. */
  citationSectionAccuracy: number | null;
  /** Unanswerable items refused. */
  refusalAccuracy: number | null;
  /** Answerable items refused. */
  falseRefusalRate: number | null;
  /** Right answers among the answers given; an answer to an unanswerable item counts as wrong. */
  answeredPrecision: number | null;
  /** Answerable items given an answer, right or wrong. */
  coverage: number | null;
  /** Refusals by the decision's code. */
  refusals: Record<string, number>;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface Metrics extends GroupMetrics {
  byKind: Record<string, GroupMetrics>;
  byReport: Record<string, GroupMetrics>;
}

const UNANSWERABLE_GROUP = '(not in corpus)';

function mean(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number | null {
  return items.length === 0 ? null : items.filter(test).length / items.length;
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

function countBy(codes: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

function groupMetrics(scores: readonly ItemScore[]): GroupMetrics {
  const answerable = scores.filter((s) => s.answerable);
  const unanswerable = scores.filter((s) => !s.answerable);
  const latencies = scores.map((s) => s.latencyMs);
  return {
    items: scores.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    recallAt1: mean(answerable.map((s) => s.recall.at1)),
    recallAt5: mean(answerable.map((s) => s.recall.at5)),
    recallAt10: mean(answerable.map((s) => s.recall.at10)),
    mrr: mean(answerable.map((s) => s.reciprocalRank)),
    answerAccuracy: share(answerable, (s) => s.correct),
    conciseAccuracy: share(answerable, (s) => s.concise),
    citationAccuracy: share(answerable, (s) => s.citesReports),
    citationSectionAccuracy: share(answerable, (s) => s.citesSections),
    refusalAccuracy: share(unanswerable, (s) => s.refused),
    falseRefusalRate: share(answerable, (s) => s.refused),
    answeredPrecision: share(
      scores.filter((s) => !s.refused),
      (s) => s.correct,
    ),
    coverage: share(answerable, (s) => !s.refused),
    refusals: countBy(scores.flatMap((s) => (s.refusalCode ? [s.refusalCode] : []))),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
  };
}

function grouped(
  pairs: readonly { item: GoldItem; score: ItemScore }[],
  key: (item: GoldItem) => string,
  order: (a: string, b: string) => number,
): Record<string, GroupMetrics> {
  const groups = new Map<string, ItemScore[]>();
  for (const { item, score } of pairs) groups.set(key(item), [...(groups.get(key(item)) ?? []), score]);
  return Object.fromEntries(
    [...groups.entries()].sort((a, b) => order(a[0], b[0])).map(([name, scores]) => [name, groupMetrics(scores)]),
  );
}

const kindOrder = (a: string, b: string) => GOLD_KINDS.indexOf(a as GoldKind) - GOLD_KINDS.indexOf(b as GoldKind);
const reportOrder = (a: string, b: string) => (a === UNANSWERABLE_GROUP ? 1 : b === UNANSWERABLE_GROUP ? -1 : a.localeCompare(b));

export function metricsOf(pairs: readonly { item: GoldItem; score: ItemScore }[]): Metrics {
  return {
    ...groupMetrics(pairs.map((p) => p.score)),
    byKind: grouped(pairs, (item) => item.kind, kindOrder),
    // Items are filed under their first gold report; unanswerable ones have none.
    byReport: grouped(pairs, (item) => (item.kind === 'unanswerable' ? UNANSWERABLE_GROUP : item.report), reportOrder),
  };
}
