/**
 * Command line: `start` (the chat server), `chat` (a terminal prompt), `ingest`, `ask`, `eval`. Each command
 * imports the modules only it uses, so that an ingest does not carry the server's in its memory.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createAssistant, decisionModelFor, type Assistant } from './answering/ask.ts';
import { questionSchema, topKTextSchema } from './intake/request.ts';
import { readDecisionModels } from './answering/decision/model.ts';
import type { CorpusIndex } from './indexing/corpus-index.ts';
import type { Retriever } from './retrieval/retrieve.ts';
import { ANSWER_MODES, assistantFor, defaultAnswerMode, type AnswerMode } from './answering/modes.ts';
import { answerBatch } from './cli/batch.ts';
import { formatAnswer, formatIngest, ingestSummary } from './cli/format.ts';
import { loadConfig, PROJECT_ROOT, type Config } from './config.ts';
import { readGold } from './evaluation/gold.ts';
import { openCorpusIndex } from './cli/open.ts';
import { DEFAULT_RETRIEVAL_MODE, RETRIEVAL_MODES, retrieversFor, type RetrievalMode } from './retrieval/modes.ts';

const USAGE = `Usage:
  npm start [-- --corpus DIR]                        build the index if needed, then serve the chat page and API
  npm run chat [-- --corpus DIR]                     ask questions at a terminal prompt (or piped, one a line)
  npm run ingest [-- --corpus DIR] [--json]          rebuild the index and list the reports
  npm run ingest -- --add FILE… | --remove REPORT_ID  add report files to the corpus folder (or remove a report's
                                                     file), then rebuild, embedding only new texts; a running
                                                     server moves to the new build
  npm run ask -- [--json] [--k N] "问题"              answer one question
  npm run ask -- --json --questions FILE.jsonl       answer {"id","question"} lines, one JSON result a line
  npm run eval -- [--gold FILE] [--k 10] [--out DIR] [--limit N] [--retrievers lexical|hybrid|dense] [--mode extractive|llm] [--sweep]
                                                     score answers against a gold file (default eval/gold.jsonl,
                                                     results in eval/results); --limit N takes a fixed sample
                                                     of N items spread over the kinds; --sweep adds the
                                                     risk–coverage curve over every threshold
  npm run fit -- [--gold FILE]                       fit the answer decision on a gold file (default eval/gold.jsonl)
                                                     and write its model and cross-validated scores
  npm run feedback -- --export FILE [--from FILE]    write the answers readers judged wrong as candidate gold lines
                                                     (from feedback.jsonl beside the index, or the database with
                                                     DATABASE_URL) for a person to complete`;

/** Whether answering in the default mode needs the embedding model. */
const DEFAULT_USES_VECTORS = DEFAULT_RETRIEVAL_MODE !== 'lexical';

/** Deep enough for Recall@10; answers are drawn from the top passages whatever k is. */
const EVAL_K = 10;

class UsageError extends Error {}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        corpus: { type: 'string' },
        add: { type: 'string', multiple: true },
        remove: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        k: { type: 'string' },
        questions: { type: 'string' },
        gold: { type: 'string' },
        out: { type: 'string' },
        limit: { type: 'string' },
        retrievers: { type: 'string' },
        mode: { type: 'string' },
        sweep: { type: 'boolean', default: false },
        export: { type: 'string' },
        from: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function topK(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const k = topKTextSchema.safeParse(value);
  if (!k.success) throw new UsageError(`--k must be a whole number from 1 to 50, not "${value}"`);
  return k.data;
}

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

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parse(rest);
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  const corpusDir = values.corpus ?? config.corpusDir;
  const k = topK(values.k, config.topK);
  switch (command) {
    case 'ingest': {
      if (values.add || values.remove) {
        const changes = await import('./cli/ingest-changes.ts');
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
      const { runEvaluation, summary, CHART_FILE, REPORT_FILE, RESULTS_FILE } = await import('./evaluation/run.ts');
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
      const { writeFit } = await import('./evaluation/fit/write.ts');
      const written = await writeFit(index, gold, log);
      log(`Wrote ${written.join(', ')}`);
      return;
    }
    case 'feedback': {
      if (!values.export) throw new UsageError('feedback needs --export FILE');
      const { exportFeedback, feedbackSource } = await import('./cli/feedback-export.ts');
      const source = await feedbackSource(config, values.from);
      const { candidates, unreadable } = await exportFeedback(source.log, resolve(values.export));
      if (unreadable.length > 0) log(`Feedback in ${source.name} that could not be read was left out: ${unreadable.join(', ')}`);
      log(`Wrote ${candidates.length} candidate gold lines to ${resolve(values.export)}`);
      return;
    }
    case 'start': {
      const [{ startServer }, { serving }, { watchBuilds }] = await Promise.all([import('./serving/server.ts'), import('./cli/serve.ts'), import('./cli/watch-builds.ts')]);
      const answering = serving(config, corpusDir, log, defaultAnswerMode(config), DEFAULT_USES_VECTORS);
      // With a database, the question budgets and Slack events are shared with the other servers on it.
      const shared = config.databaseUrl ? await (await import('./serving/shared-state.ts')).sharedState(config.databaseUrl, config.server.rateLimitPerMinute) : undefined;
      const server = await startServer({ config: config.server, webDir: resolve(PROJECT_ROOT, 'web'), dataDir: config.indexDir, topK: k, corpus: { dir: corpusDir, fileLimits: config.fileLimits }, loadAssistant: (stages) => answering.load(stages), ...(shared ? { shared } : {}) });
      log(`政报问答 is at ${server.url} (loading the index…)`);
      // Kept listening after the first signal: a group signal reaches the server twice (directly and forwarded by
      // npm), and a listener removed by the first would let the second kill it before it has drained.
      let draining = false;
      const shutDown = (): void => {
        if (draining) return;
        draining = true;
        log('Shutting down: finishing the answers under way…');
        void server.close().then(() => answering.stop()).then(() => process.exit(0));
      };
      process.on('SIGTERM', shutDown);
      process.on('SIGINT', shutDown);
      // Builds another process makes current in the index folder (an ingest --add) are picked up; a database's are
      // picked up on SIGHUP.
      if (!config.databaseUrl) watchBuilds(config.indexDir, () => answering.build(), () => server.reload(), log);
      process.on('SIGHUP', () => {
        log('Reloading the index: answering with the current one until the new one is whole…');
        void server.reload().then(() => log('Reloaded.'));
      });
      await server.ready;
      log(`Ready: open ${server.url} in a browser.`);
      return;
    }
    case 'chat': {
      const assistant = await assistantFor(await openCorpusIndex(config, corpusDir, log, { vectors: DEFAULT_USES_VECTORS }), config, defaultAnswerMode(config));
      const { chat } = await import('./serving/terminal.ts');
      await chat(assistant, k, process.stdin, process.stdout);
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) log(`${error.message}\n\n${USAGE}`);
  else log(error instanceof Error ? error.message : String(error));
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
