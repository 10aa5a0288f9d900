/** What the command line's entry and its commands share: the flags, usage errors and the log. */
import { parseArgs } from 'node:util';
import { topKTextSchema } from '../intake/request.ts';

export class UsageError extends Error {}

export const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function parse(argv: string[]) {
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

export type CommandArgs = ReturnType<typeof parse>;

export function topK(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const k = topKTextSchema.safeParse(value);
  if (!k.success) throw new UsageError(`--k must be a whole number from 1 to 50, not "${value}"`);
  return k.data;
}
