/**
 * The sha256 of a model's files, remembered by path with the file's size and modification time: hashing the
 * 120 MB of a model took 0.4 s of every start. A file rewritten in place keeping both its size and its time to the
 * millisecond would go unnoticed; a copy, a download or a checkout changes the time.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';

const entriesSchema = z.record(z.string(), z.object({ size: z.number(), mtimeMs: z.number(), sha256: z.string() }));
type Entries = z.infer<typeof entriesSchema>;

function read(file: string): Entries {
  try {
    return entriesSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    // Missing or damaged: every file is hashed again.
    return {};
  }
}

/** Hashes through `hash`, reusing what `file` remembers of an unchanged file, and remembers the new ones. */
export async function cachedHashes(file: string, paths: readonly string[], hash: (path: string) => Promise<string>): Promise<Map<string, string>> {
  const known = read(file);
  const hashes = new Map<string, string>();
  let changed = false;
  for (const path of paths) {
    const { size, mtimeMs } = statSync(path);
    const entry = known[path];
    if (entry && entry.size === size && entry.mtimeMs === mtimeMs) {
      hashes.set(path, entry.sha256);
      continue;
    }
    const sha256 = await hash(path);
    known[path] = { size, mtimeMs, sha256 };
    hashes.set(path, sha256);
    changed = true;
  }
  if (changed) {
    // Written whole under another name and then renamed, so that a reader never sees half of it; named as the
    // index folder's staging files are, so that what an interrupted write leaves is removed at the next start.
    const staging = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
    try {
      writeFileSync(staging, JSON.stringify(known));
      renameSync(staging, file);
    } catch {
      // A folder that cannot be written: hashed again next time.
    }
  }
  return hashes;
}
