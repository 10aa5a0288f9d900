/**
 * The disk the file store gives to what readers leave: shared conversations and feedback together stay within
 * `KEPT_MAX_MB`, so that writes anyone may send cannot fill the disk the index lives on. Each write reserves its
 * bytes before it starts, so that writes under way together cannot pass the cap between them.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../errors.ts';
import { FEEDBACK_FILE } from '../feedback.ts';

export const SHARES_DIR = 'shares';

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** The bytes kept in `dataDir` now: every shared conversation's file and the feedback file. */
async function bytesKept(dataDir: string): Promise<number> {
  let names: string[] = [];
  try {
    names = (await readdir(join(dataDir, SHARES_DIR))).filter((name) => name.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const sizes = await Promise.all([...names.map((name) => sizeOf(join(dataDir, SHARES_DIR, name))), sizeOf(join(dataDir, FEEDBACK_FILE))]);
  return sizes.reduce((sum, size) => sum + size, 0);
}

export class DiskBudget {
  #used: Promise<number> | undefined;
  #reserved = 0;

  constructor(
    private readonly dataDir: string,
    readonly maxBytes: number,
  ) {}

  /**
   * Takes `bytes` of the budget for a write: refused with `storage-full` (507) when the cap would be passed. Returns
   * the release to call should the write fail, so that what it took is given back.
   */
  async reserve(bytes: number): Promise<() => void> {
    // Counted on disk once, at the first write: what earlier runs kept counts too.
    this.#used ??= bytesKept(this.dataDir);
    const used = (await this.#used) + this.#reserved;
    if (used + bytes > this.maxBytes) {
      throw new AppError('storage-full', `the server keeps at most ${this.maxBytes} bytes of shared conversations and feedback, and it is full`);
    }
    this.#reserved += bytes;
    return () => {
      this.#reserved -= bytes;
    };
  }
}
