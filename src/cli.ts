/**
 * Command line: `start` (the chat server), `chat` (a terminal prompt), `ingest`, `ask`, `eval`, `fit`, `feedback`.
 * Each command imports the modules only it uses, so that an ingest does not carry the server's in its memory, and
 * a start reaches the model's process before it loads anything else.
 */
import { loadConfig } from './config.ts';
import { log, parse, topK, UsageError } from './cli/usage.ts';

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

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const args = parse(rest);
  if (args.values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  const corpusDir = args.values.corpus ?? config.corpusDir;
  const k = topK(args.values.k, config.topK);
  if (command === 'start') await (await import('./cli/start.ts')).start(config, corpusDir, k);
  else await (await import('./cli/commands.ts')).runCommand(command, args, config, corpusDir, k);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) log(`${error.message}\n\n${USAGE}`);
  else log(error instanceof Error ? error.message : String(error));
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
