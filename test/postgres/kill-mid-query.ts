/**
 * Preloaded into a child process (`node --import tsx --import <this file>`): when the process sends PostgreSQL a
 * query whose text matches the pattern in `ZBWD_KILL_QUERY`, it SIGKILLs itself first, as a crash in the middle of
 * writing a build would.
 */
import pg from 'pg';

const pattern = process.env.ZBWD_KILL_QUERY;
if (pattern) {
  const target = new RegExp(pattern);
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function dying(this: pg.Client, ...args: unknown[]) {
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
    // A SIGKILL sent to oneself is acted on before the call returns: the query is never sent.
    if (text && target.test(text)) process.kill(process.pid, 'SIGKILL');
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
}
