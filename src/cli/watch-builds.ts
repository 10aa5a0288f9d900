/**
 * A running server moves to a build another process (`npm run ingest -- --add`, `--remove`) made current in the
 * index folder: the `CURRENT` pointer is watched, and a change to a build the server does not answer from reloads
 * it, answering with the build before until the new one is loaded.
 */
import { mkdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../indexing/corpus-index.ts';

const POINTER = 'CURRENT';
/** A pointer is replaced by a rename; the events of one replacement come within milliseconds. */
const SETTLE_MS = 200;

function pointedBuild(indexDir: string): string | undefined {
  try {
    return readFileSync(join(indexDir, POINTER), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface BuildWatch {
  close(): void;
}

export function watchBuilds(indexDir: string, answeringFrom: () => string | undefined, reload: () => Promise<void>, log: Log): BuildWatch {
  mkdirSync(indexDir, { recursive: true });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  // A build that could not be loaded is not tried again until another is made current.
  let tried: string | undefined;
  const check = (): void => {
    timer = undefined;
    if (running) return;
    const build = pointedBuild(indexDir);
    if (!build || build === answeringFrom() || build === tried) return;
    tried = build;
    log(`A new build of the index is current (${build}): loading it, answering with the one before meanwhile…`);
    running = reload().finally(() => {
      running = undefined;
      // Another build may have been made current while this one loaded.
      timer ??= setTimeout(check, SETTLE_MS);
    });
  };
  const watcher = watch(indexDir, (_event, name) => {
    if (name !== POINTER) return;
    clearTimeout(timer);
    timer = setTimeout(check, SETTLE_MS);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
