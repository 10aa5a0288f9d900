/** Writes a fit where the code and the evaluation read it: the model beside the decision, the report under eval/. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { MODEL_FILE } from '../../answering/decision/model.ts';
import { PROJECT_ROOT } from '../../config.ts';
import type { CorpusIndex } from '../../indexing/corpus-index.ts';
import type { GoldSet } from '../gold.ts';
import { fitChart, fitDecision, fitReport } from './fit.ts';

export const FIT_DIR = join(PROJECT_ROOT, 'eval/decision');
const REPORT = 'fit.md';
const CHART = 'risk-coverage.svg';

export async function writeFit(index: CorpusIndex, gold: GoldSet, log: (line: string) => void): Promise<string[]> {
  const fittedOn = relative(PROJECT_ROOT, gold.file);
  const fit = await fitDecision(index, gold, fittedOn, log);
  mkdirSync(FIT_DIR, { recursive: true });
  const modelFile = fileURLToPath(MODEL_FILE);
  await writeFileAtomic(modelFile, `${JSON.stringify(fit.models, null, 2)}\n`);
  await writeFileAtomic(join(FIT_DIR, REPORT), fitReport(fit, CHART));
  await writeFileAtomic(join(FIT_DIR, CHART), fitChart(fit));
  return [modelFile, join(FIT_DIR, REPORT), join(FIT_DIR, CHART)];
}
