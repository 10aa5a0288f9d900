/** The previous run's results, read back so a new run can show what moved. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Evaluation } from './evaluate.ts';
import { delta, markdownTable, rate } from './tables.ts';

const rateOrNull = z.number().nullable().optional();

const groupSchema = z.looseObject({
  answerAccuracy: rateOrNull,
  recallAt5: rateOrNull,
});

const previousSchema = z.object({
  run: z.looseObject({ gold: z.string(), goldHash: z.string(), k: z.number(), startedAt: z.string() }),
  metrics: z.looseObject({ byKind: z.record(z.string(), groupSchema) }),
  items: z.array(z.looseObject({ id: z.string(), pass: z.boolean() })),
});

export type PreviousResults = z.infer<typeof previousSchema>;

/** The results file at `path`, or undefined when there is none or it is not a results file. */
export function readPrevious(path: string): PreviousResults | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = previousSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const COMPARED = [
  'recallAt1',
  'recallAt5',
  'recallAt10',
  'mrr',
  'answerAccuracy',
  'conciseAccuracy',
  'citationAccuracy',
  'citationSectionAccuracy',
  'refusalAccuracy',
  'falseRefusalRate',
  'answeredPrecision',
  'coverage',
] as const;

function numberAt(record: Record<string, unknown>, key: string): number | null {
  const value = record[key];
  return typeof value === 'number' ? value : null;
}

export function comparison(now: Evaluation, before: PreviousResults): string {
  const lines: string[] = [`Against the run of ${before.run.startedAt} (k=${before.run.k}).`];
  if (before.run.goldHash !== now.run.goldHash) lines.push('', '**The gold file differs from that run\'s**, so the numbers are not like for like.');
  if (before.run.k !== now.run.k) lines.push('', `**k differs** (${before.run.k} then, ${now.run.k} now).`);
  lines.push(
    '',
    markdownTable(
      ['metric', 'before', 'now', 'Δ'],
      COMPARED.map((key) => {
        const [was, is] = [numberAt(before.metrics, key), now.metrics[key]];
        return [key, rate(was), rate(is), delta(is, was)];
      }),
    ),
    '',
    markdownTable(
      ['kind', 'answer before', 'answer now', 'Δ answer', 'R@5 before', 'R@5 now', 'Δ R@5'],
      Object.entries(now.metrics.byKind).map(([kind, m]) => {
        const was = before.metrics.byKind[kind];
        return [
          kind,
          rate(was?.answerAccuracy),
          rate(m.answerAccuracy),
          delta(m.answerAccuracy, was?.answerAccuracy),
          rate(was?.recallAt5),
          rate(m.recallAt5),
          delta(m.recallAt5, was?.recallAt5),
        ];
      }),
    ),
  );
  const passedBefore = new Map(before.items.map((item) => [item.id, item.pass]));
  const flipped = (from: boolean) => now.items.filter((item) => passedBefore.get(item.id) === from && item.pass !== from);
  const listed = (items: readonly { id: string; result: { question: string } }[]) =>
    items.length === 0 ? 'none' : items.map((item) => `${item.id} (${item.result.question})`).join('; ');
  lines.push('', `Newly failing: ${listed(flipped(true))}`, '', `Newly passing: ${listed(flipped(false))}`);
  return lines.join('\n');
}
