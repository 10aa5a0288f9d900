/** `npm run eval`: ask a gold file's questions, write results.json, report.md and a chart, print a summary. */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SingleBar } from 'cli-progress';
import writeFileAtomic from 'write-file-atomic';
import type { Assistant } from '../answering/ask.ts';
import { kindChart } from './chart.ts';
import { readPrevious } from './compare.ts';
import { evaluate, type Evaluation } from './evaluate.ts';
import { sampleGold, type GoldItem, type GoldSet } from './gold.ts';
import { markdownReport } from './report.ts';
import { sweepChart, sweepCurve, sweepTable } from './sweep.ts';
import { metricsTable, refusalsTable } from './tables.ts';

export const RESULTS_FILE = 'results.json';
export const REPORT_FILE = 'report.md';
export const CHART_FILE = 'kinds.svg';
export const SWEEP_FILE = 'risk-coverage.svg';

export interface EvalCommand {
  gold: GoldSet;
  k: number;
  outDir: string;
  /** Evaluate a fixed sample of this many items, spread over the kinds. */
  limit?: number;
  /** Ask the items again with this assistant, which answers at every confidence, for the risk–coverage curve. */
  sweep?: { assistant: Assistant; threshold: number; targetPrecision: number };
}

function progressBar(): SingleBar {
  return new SingleBar({
    format: 'eval [{bar}] {value}/{total} · {passed} passed · {id}',
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    // Logs of non-interactive runs still show progress, every few seconds.
    noTTYOutput: true,
    notTTYSchedule: 5000,
  });
}

export function summary(evaluation: Evaluation): string {
  const { metrics, run } = evaluation;
  const passed = evaluation.items.filter((item) => item.pass).length;
  const llm = run.llm
    ? ` · answers by ${run.llm.model}: ${run.llm.fallbacks}/${run.llm.answers} fell back to the extractive answer (${(run.llm.fallbackRate * 100).toFixed(1)}%), ${run.llm.droppedSentences} unverified sentences dropped`
    : '';
  return [
    metricsTable('kind', [['all', metrics], ...Object.entries(metrics.byKind)]),
    '',
    'Refusals by code:',
    '',
    refusalsTable('kind', [['all', metrics], ...Object.entries(metrics.byKind)]),
    '',
    `${passed}/${run.items} items pass · k=${run.k} · ${run.retrievers.join(' + ')}${llm} · ${(run.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

async function sweepOf(sweep: NonNullable<EvalCommand['sweep']>, items: readonly GoldItem[], k: number, gold: GoldSet, goldName: string) {
  const answered = await evaluate(sweep.assistant, items, { k, gold: { file: goldName, hash: gold.hash } });
  const curve = sweepCurve(answered.items);
  return {
    table: sweepTable(curve, sweep.threshold),
    chart: sweepChart(curve, sweep.threshold, `Risk–coverage · ${goldName}`, sweep.targetPrecision),
  };
}

export async function runEvaluation(assistant: Assistant, command: EvalCommand): Promise<Evaluation> {
  const { gold } = command;
  // An output folder that cannot be made fails the run before any question is asked.
  mkdirSync(command.outDir, { recursive: true });
  const items = command.limit === undefined ? gold.items : sampleGold(gold.items, command.limit);
  const bar = progressBar();
  bar.start(items.length, 0, { passed: 0, id: '' });
  let passed = 0;
  const evaluation = await evaluate(assistant, items, {
    k: command.k,
    gold: { file: relative(process.cwd(), gold.file) || gold.file, hash: gold.hash },
    onProgress: (done, _total, item) => {
      if (item.pass) passed++;
      bar.update(done, { passed, id: item.id });
    },
  });
  bar.stop();

  const resultsPath = join(command.outDir, RESULTS_FILE);
  const previous = readPrevious(resultsPath);
  const sweep = command.sweep ? await sweepOf(command.sweep, items, command.k, gold, evaluation.run.gold) : undefined;
  if (sweep) await writeFileAtomic(join(command.outDir, SWEEP_FILE), sweep.chart);
  await writeFileAtomic(resultsPath, `${JSON.stringify(evaluation, null, 2)}\n`);
  await writeFileAtomic(join(command.outDir, REPORT_FILE), markdownReport(evaluation, gold.items, previous, CHART_FILE, sweep ? { table: sweep.table, chartFile: SWEEP_FILE } : undefined));
  await writeFileAtomic(join(command.outDir, CHART_FILE), kindChart(evaluation.metrics, `Scores per kind · ${evaluation.run.gold} · k=${command.k}`));
  return evaluation;
}
