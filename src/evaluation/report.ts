/** The Markdown report of one run: tables, failure causes, the worst failures with their passages, deltas. */
import { comparison, type PreviousResults } from './compare.ts';
import type { Evaluation, EvaluatedItem } from './evaluate.ts';
import { evidencesOf, type GoldItem } from './gold.ts';
import { containsSquashed } from './match.ts';
import { FAILURE_CAUSES, severity, type FailureCause } from './score.ts';
import { markdownTable, metricsTable, refusalsTable } from './tables.ts';

const WORST_SHOWN = 20;
const PASSAGE_CHARS = 200;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function causes(items: readonly EvaluatedItem[]): string {
  const byCause = new Map<FailureCause, EvaluatedItem[]>();
  for (const item of items) {
    if (item.score.cause) byCause.set(item.score.cause, [...(byCause.get(item.score.cause) ?? []), item]);
  }
  if (byCause.size === 0) return 'No failures.';
  const rows = [...byCause.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([cause, failed]) => [FAILURE_CAUSES[cause], String(failed.length), failed.slice(0, 5).map((i) => i.id).join(', ')]);
  return markdownTable(['cause', 'items', 'e.g.'], rows);
}

function failure(item: EvaluatedItem, gold: GoldItem | undefined): string {
  const evidences = gold ? evidencesOf(gold) : [];
  const lines = [
    `### ${item.id} · ${item.kind}${item.score.cause ? ` · ${item.score.cause}` : ''}`,
    '',
    `- Question: ${item.result.question}`,
    `- Expected: ${item.expected}${gold && gold.must_contain.length > 0 ? ` (must contain ${gold.must_contain.map((m) => `\`${m}\``).join(', ')})` : ''}`,
    `- Answer: ${clip(item.result.answer, 300)}`,
    `- Why it fails: ${item.reason}`,
    ...evidences.map((e) => `- Gold evidence: ${e.report} · ${e.section || '(no section)'}: “${e.evidence}”`),
    '',
    'Retrieved passages (✓ holds gold evidence):',
    '',
    ...item.result.passages.map((p, i) => {
      const hit = evidences.some((e) => containsSquashed(p.text, e.evidence)) ? '✓ ' : '';
      return `${i + 1}. ${hit}${p.report} · ${p.section || '(front matter)'}: ${clip(p.text, PASSAGE_CHARS)}`;
    }),
  ];
  if (item.result.passages.length === 0) lines.push('(none)');
  return lines.join('\n');
}

/** The risk–coverage curve of a sweep, as a table and a chart. */
export interface SweepSection {
  table: string;
  chartFile: string;
}

export function markdownReport(evaluation: Evaluation, gold: readonly GoldItem[], previous: PreviousResults | undefined, chartFile: string, sweep?: SweepSection): string {
  const { run, metrics, items } = evaluation;
  const byId = new Map(gold.map((item) => [item.id, item]));
  const worst = items
    .filter((item) => !item.pass)
    .sort((a, b) => severity(b.score) - severity(a.score) || a.id.localeCompare(b.id))
    .slice(0, WORST_SHOWN);
  const passed = items.filter((item) => item.pass).length;
  return [
    '# Evaluation report',
    '',
    `${run.startedAt} · gold \`${run.gold}\` (${run.items} items) · k=${run.k} · retrievers: ${run.retrievers.join(' + ')} · ` +
      `${run.reports} reports, ${run.chunks} chunks · ${(run.durationMs / 1000).toFixed(1)} s`,
    '',
    `${passed} of ${items.length} items pass (answer right and gold report cited; unanswerable items refused).`,
    '',
    '## Overall',
    '',
    metricsTable('', [['all', metrics]]),
    '',
    'Retrieval and answer rates count answerable items; a passage is relevant when it holds the evidence string ' +
      '(whitespace removed, full-width folded). Items with several pieces of evidence score the share found; ' +
      'MRR averages 1/rank over them. `refusal` counts unanswerable items refused.',
    '',
    '## Per kind',
    '',
    `![per-kind scores](${chartFile})`,
    '',
    metricsTable('kind', Object.entries(metrics.byKind)),
    '',
    '## Refusals by code',
    '',
    refusalsTable('kind', [['all', metrics], ...Object.entries(metrics.byKind)]),
    '',
    ...(sweep
      ? [
          '## Risk–coverage',
          '',
          'Every question asked again and answered whatever its confidence; a question is answered at a threshold when its confidence reaches it. Refused questions whose candidates no rule allowed are refused at every threshold.',
          '',
          `![risk–coverage](${sweep.chartFile})`,
          '',
          sweep.table,
          '',
        ]
      : []),
    '## Per report',
    '',
    'Items are filed under their first gold report.',
    '',
    metricsTable('report', Object.entries(metrics.byReport)),
    '',
    '## Failures by cause',
    '',
    causes(items),
    '',
    '## Compared with the previous run',
    '',
    previous ? comparison(evaluation, previous) : 'No previous results in this folder.',
    '',
    `## The ${WORST_SHOWN} worst failures`,
    '',
    'Worst first: wrong or refused answers, those whose evidence was retrieved least and lowest leading; then answered ' +
      'unanswerable questions; then right answers citing the wrong report.',
    '',
    worst.length === 0 ? 'None.' : worst.map((item) => failure(item, byId.get(item.id))).join('\n\n'),
    '',
  ].join('\n');
}
