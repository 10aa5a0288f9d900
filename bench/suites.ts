/**
 * `npm run bench` runs the benches of one machine in turn; `npm run bench -- scale [options]` runs the scale bench
 * instead (long: it builds the corpus 10 and 50 times over into each store), passing its options on.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const DEFAULT = [['run.ts'], ['hnsw.ts'], ['embed.ts'], ['ingest.ts', 'lexical'], ['ingest.ts', 'vectors'], ['add-report.ts'], ['query.ts'], ['scoped.ts'], ['load.ts'], ['indicators.ts'], ['aggregate.ts']];
/** Benches run alone by name, with the Node options they need. */
const NAMED: Record<string, { file: string; node: string[] }> = { scale: { file: 'scale.ts', node: ['--expose-gc'] } };

function run(node: readonly string[], file: string, args: readonly string[]): void {
  const { status, signal } = spawnSync(process.execPath, [...node, '--import', 'tsx', resolve(import.meta.dirname, file), ...args], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? (signal ? 1 : 0));
}

const [name, ...args] = process.argv.slice(2);
const named = name === undefined ? undefined : NAMED[name];
if (name !== undefined && !named) {
  console.error(`no bench named ${name}; known: ${Object.keys(NAMED).join(', ')}`);
  process.exit(2);
}
if (named) run(named.node, named.file, args);
else for (const [file, ...rest] of DEFAULT) run([], file ?? '', rest);
