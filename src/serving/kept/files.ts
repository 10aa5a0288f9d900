/**
 * What readers leave, kept beside the index: each shared conversation in a file of its own, written whole or not at
 * all, and feedback as lines of `feedback.jsonl`, a line that could not be written whole cut off again. Both within
 * one disk budget.
 */
import { Buffer } from 'node:buffer';
import { appendFile, mkdir, readFile, stat, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { feedbackRecordOf, type FeedbackEntries, type FeedbackLog, type FeedbackRecord } from '../feedback.ts';
import type { SharedConversation, ShareStore } from '../share.ts';
import { SHARES_DIR, type DiskBudget } from './disk-budget.ts';

async function readIfThere(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export class FileShareStore implements ShareStore {
  private readonly dir: string;

  constructor(
    dataDir: string,
    private readonly budget: DiskBudget,
  ) {
    this.dir = join(dataDir, SHARES_DIR);
  }

  async put(shared: SharedConversation): Promise<void> {
    const text = JSON.stringify(shared);
    const release = await this.budget.reserve(Buffer.byteLength(text));
    try {
      await mkdir(this.dir, { recursive: true });
      // Written to a temporary file and renamed: a reader, or a crash, never finds it half written.
      await writeFileAtomic(join(this.dir, `${shared.id}.json`), text);
    } catch (error) {
      release();
      throw error;
    }
  }

  async get(id: string): Promise<unknown> {
    const text = await readIfThere(join(this.dir, `${id}.json`));
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  }
}

export class FileFeedbackLog implements FeedbackLog {
  /** Lines are appended one at a time, so that two never interleave and a failed one can be cut off. */
  private tail: Promise<unknown> = Promise.resolve();

  /** `budget` caps the writes; none for a file only read, as the export reads it. */
  constructor(
    readonly file: string,
    private readonly budget?: DiskBudget,
  ) {}

  async append(record: FeedbackRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const release = (await this.budget?.reserve(Buffer.byteLength(line))) ?? (() => undefined);
    const written = this.tail.then(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      const before = await stat(this.file).then((s) => s.size, () => 0);
      try {
        await appendFile(this.file, line);
      } catch (error) {
        // A disk that filled mid-line leaves part of it: cut back to the lines whole before it.
        await truncate(this.file, before).catch(() => undefined);
        throw error;
      }
    });
    this.tail = written.catch(() => {});
    await written.catch((error: unknown) => {
      release();
      throw error;
    });
  }

  async read(): Promise<FeedbackEntries> {
    const entries: FeedbackEntries = { records: [], unreadable: [] };
    ((await readIfThere(this.file)) ?? '').split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const record = feedbackRecordOf(line);
      if (record) entries.records.push(record);
      else entries.unreadable.push(`line ${i + 1}`);
    });
    return entries;
  }
}
