/**
 * `npm start`: the chat server. The model's process is started before anything else is loaded: loading the model
 * is the longest part of a start, and the server's own modules and index load meanwhile.
 */
import { resolve } from 'node:path';
import { PROJECT_ROOT, type Config } from '../config.ts';
import { DEFAULT_RETRIEVAL_MODE } from '../retrieval/mode-names.ts';
import { log } from './usage.ts';

export async function start(config: Config, corpusDir: string, k: number): Promise<void> {
  const { startModel } = await import('./model.ts');
  const withVectors = DEFAULT_RETRIEVAL_MODE !== 'lexical';
  const model = startModel(config, log, withVectors);
  const [{ startServer }, { serving }, { pollBuilds, watchBuilds }, { defaultAnswerMode }, { storeFor }] = await Promise.all([import('../serving/server.ts'), import('./serve.ts'), import('./watch-builds.ts'), import('../answering/modes.ts'), import('../indexing/stores.ts')]);
  const answering = serving(config, corpusDir, log, defaultAnswerMode(config), withVectors, model);
  // With a database, the question budgets and Slack events are shared with the other servers on it.
  const shared = config.databaseUrl ? await (await import('../serving/shared-state.ts')).sharedState(config.databaseUrl, config.server.rateLimitPerMinute) : undefined;
  const server = await startServer({ config: config.server, webDir: resolve(PROJECT_ROOT, 'web'), dataDir: config.indexDir, topK: k, corpus: { dir: corpusDir, uploadDir: config.uploadDir, fileLimits: config.fileLimits }, loadAssistant: (stages) => answering.load(stages), ...(shared ? { shared } : {}) });
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
  // Builds another process makes current (an ingest, an --add, another server) are picked up by themselves.
  if (config.databaseUrl) pollBuilds(await storeFor(config), answering, () => server.reload(), log);
  else watchBuilds(config.indexDir, () => answering.build(), () => server.reload(), log);
  process.on('SIGHUP', () => {
    log('Reloading the index: answering with the current one until the new one is whole…');
    void server.reload().then(() => log('Reloaded.'));
  });
  await server.ready;
  log(`Ready: open ${server.url} in a browser.`);
}
