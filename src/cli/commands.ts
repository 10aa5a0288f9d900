/** The commands other than `start`: ingest, ask, eval, fit, feedback and chat. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { createAssistant, decisionModelFor, type Assistant } from '../answering/ask.ts';
import { questionSchema } from '../intake/request.ts';
import { readDecisionModels } from '../answering/decision/model.ts';
import type { CorpusIndex } from '../indexing/corpus-index.ts';
import type { Retriever } from '../retrieval/retrieve.ts';
import { ANSWER_MODES, assistantFor, defaultAnswerMode, type AnswerMode } from '../answering/modes.ts';
import { answerBatch } from './batch.ts';
import { formatAnswer, formatIngest, ingestSummary } from './format.ts';
import { PROJECT_ROOT, type Config } from '../config.ts';
import { readGold } from '../evaluation/gold.ts';
import { openCorpusIndex } from './open.ts';
import { DEFAULT_RETRIEVAL_MODE, RETRIEVAL_MODES, retrieversFor, type RetrievalMode } from '../retrieval/modes.ts';
import { log, topK, UsageError, type CommandArgs } from './usage.ts';

/** Whether answering in the default mode needs the embedding model. */
const DEFAULT_USES_VECTORS = DEFAULT_RETRIEVAL_MODE !== 'lexical';

const EVAL_K = 10;

function sampleSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = z.coerce.number().int().min(1).safeParse(value);
  if (!limit.success) throw new UsageError(`--limit must be a positive whole number, not "${value}"`);
  return limit.data;
}

function answeringMode(value: string | undefined, config: Config): AnswerMode {
  if (value === undefined) return defaultAnswerMode(config);
  const mode = z.enum(ANSWER_MODES).safeParse(value);
  if (!mode.success) throw new UsageError(`--mode must be one of ${ANSWER_MODES.join(', ')}, not "${value}"`);
  if (mode.data === 'llm' && !config.llm) throw new UsageError('--mode llm needs LLM_MODEL (with LLM_BASE_URL and LLM_API_KEY, or OLLAMA_BASE_URL) set');
  return mode.data;
}

/** The assistant of a sweep: the same, answering whatever a sentence is allowed to, with its confidence. */
function sweepAssistant(index: CorpusIndex, mode: AnswerMode, retrievers: readonly Retriever[]) {
  if (mode !== 'extractive') throw new UsageError('--sweep measures the extractive answers; leave out --mode llm');
  const models = readDecisionModels();
  const assistant = createAssistant(index, retrievers, { models, threshold: 0 });
  return { assistant, threshold: decisionModelFor(models, index, retrievers).threshold, targetPrecision: models.targetPrecision };
}

function retrievalMode(value: string | undefined): RetrievalMode {
  if (value === undefined) return DEFAULT_RETRIEVAL_MODE;
  const mode = z.enum(RETRIEVAL_MODES).safeParse(value);
  if (!mode.success) throw new UsageError(`--retrievers must be one of ${RETRIEVAL_MODES.join(', ')}, not "${value}"`);
  return mode.data;
}

async function askBatch(assistant: Assistant, file: string, k: number): Promise<void> {
  for await (const result of answerBatch(assistant, readFileSync(file, 'utf8'), k)) process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function askOne(assistant: Assistant, text: string, k: number, json: boolean): Promise<void> {
  const question = questionSchema.safeParse(text);
  if (!question.success) throw new UsageError(question.error.issues[0]?.message ?? 'invalid question');
  const answer = await assistant.ask(question.data, { k });
  process.stdout.write(`${json ? JSON.stringify(answer) : formatAnswer(answer)}\n`);
}

export async function runCommand(command: string, { values, positionals }: CommandArgs, config: Config, corpusDir: string, k: number): Promise<void> {
  switch (command) {
  case 'ingest': {
    if (values.add || values.remove) {
      const changes = await import('./ingest-changes.ts');
      // `--add a.pdf b.pdf`: the files after the first are positionals.
      const done = await changes.changeCorpus(config, corpusDir, log, { add: values.add ? [...values.add, ...positionals] : [], remove: values.remove ?? [] });
      process.stdout.write(`${values.json ? JSON.stringify(changes.changesJson(done)) : changes.formatChanges(done)}\n`);
      if (changes.anyRefused(done)) process.exitCode = 1;
      return;
    }
    const index = await openCorpusIndex(config, corpusDir, log, { rebuild: true, vectors: true });
    process.stdout.write(`${values.json ? JSON.stringify(ingestSummary(index)) : formatIngest(index)}\n`);
    return;
  }
  case 'ask': {
    if (!values.questions && positionals.length === 0) throw new UsageError('ask needs a question or --questions FILE');
    const assistant = await assistantFor(await openCorpusIndex(config, corpusDir, log, { vectors: DEFAULT_USES_VECTORS }), config, defaultAnswerMode(config));
    if (values.questions) await askBatch(assistant, values.questions, k);
    else await askOne(assistant, positionals.join(' '), k, values.json);
    return;
  }
  case 'eval': {
    // A bad gold file or flag stops the run before the index is opened.
    const gold = readGold(resolve(values.gold ?? resolve(PROJECT_ROOT, 'eval/gold.jsonl')));
    const evalK = topK(values.k, EVAL_K);
    const limit = sampleSize(values.limit);
    const outDir = resolve(values.out ?? resolve(PROJECT_ROOT, 'eval/results'));
    const mode = retrievalMode(values.retrievers);
    const answerMode = answeringMode(values.mode, config);
    const index = await openCorpusIndex(config, corpusDir, log, { vectors: mode !== 'lexical' });
    const assistant = await assistantFor(index, config, answerMode, retrieversFor(index, mode));
    const { runEvaluation, summary, CHART_FILE, REPORT_FILE, RESULTS_FILE } = await import('../evaluation/run.ts');
    const sweep = values.sweep ? sweepAssistant(index, answerMode, retrieversFor(index, mode)) : undefined;
    const evaluation = await runEvaluation(assistant, {
      gold,
      k: evalK,
      outDir,
      ...(limit === undefined ? {} : { limit }),
      ...(sweep ? { sweep } : {}),
    });
    process.stdout.write(`${summary(evaluation)}\n`);
    log(`Wrote ${[RESULTS_FILE, REPORT_FILE, CHART_FILE].map((f) => resolve(outDir, f)).join(', ')}`);
    return;
  }
  case 'fit': {
    const gold = readGold(resolve(values.gold ?? resolve(PROJECT_ROOT, 'eval/gold.jsonl')));
    const index = await openCorpusIndex(config, corpusDir, log, { vectors: true });
    const { writeFit } = await import('../evaluation/fit/write.ts');
    const written = await writeFit(index, gold, log);
    log(`Wrote ${written.join(', ')}`);
    return;
  }
  case 'feedback': {
    if (!values.export) throw new UsageError('feedback needs --export FILE');
    const { exportFeedback, feedbackSource } = await import('./feedback-export.ts');
    const source = await feedbackSource(config, values.from);
    const { candidates, unreadable } = await exportFeedback(source.log, resolve(values.export));
    if (unreadable.length > 0) log(`Feedback in ${source.name} that could not be read was left out: ${unreadable.join(', ')}`);
    log(`Wrote ${candidates.length} candidate gold lines to ${resolve(values.export)}`);
    return;
  }
  case 'chat': {
    const assistant = await assistantFor(await openCorpusIndex(config, corpusDir, log, { vectors: DEFAULT_USES_VECTORS }), config, defaultAnswerMode(config));
    const { chat } = await import('../serving/terminal.ts');
    await chat(assistant, k, process.stdin, process.stdout);
    return;
  }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}
