/**
 * A running server moves to a build another process (`npm run ingest`, `--add`, `--remove`, a server building on
 * the same database) made current: in the index folder the `CURRENT` pointer is watched; in a database the current
 * build is asked for every few seconds (a read replica gets no notifications). A build the server does not answer
 * from is loaded, the build before answering meanwhile.
 */
import { mkdirSync, watch } from 'node:fs';
import type { Log } from '../indexing/corpus-index.ts';
import type { Store } from '../indexing/store-port.ts';
import { currentBuildName } from '../indexing/store.ts';

const POINTER = 'CURRENT';
/** A pointer is replaced by a rename; the events of one replacement come within milliseconds. */
const SETTLE_MS = 200;
/**
 * How often a server asks the database which build is current: one single-row query, against a delay of this
 * much before a new build is picked up.
 */
export const POLL_MS = 2_000;

export interface BuildWatch {
  close(): void;
}

/**
 * `check()` reads which build is current and loads it unless the server answers from it, one load at a time; a
 * build that could not be loaded is not tried again until another is made current.
 */
function follower(current: () => Promise<string | undefined>, answeringFrom: () => string | undefined, reload: () => Promise<void>, log: Log, serves: (build: string) => Promise<boolean> = async () => true): () => void {
  let running: Promise<void> | undefined;
  let tried: string | undefined;
  const check = (): void => {
    if (running) return;
    running = current()
      .then(async (build) => {
        if (!build || build === answeringFrom() || build === tried) return false;
        tried = build;
        if (!(await serves(build))) return false;
        log(`A new build of the index is current (${build}): loading it, answering with the one before meanwhile…`);
        await reload();
        return true;
      })
      .catch((error: unknown) => {
        log(`Could not tell which build of the index is current: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      })
      .then((loaded) => {
        running = undefined;
        // Another build may have been made current while this one loaded.
        if (loaded) check();
      });
  };
  return check;
}

export function watchBuilds(indexDir: string, answeringFrom: () => string | undefined, reload: () => Promise<void>, log: Log): BuildWatch {
  mkdirSync(indexDir, { recursive: true });
  const check = follower(async () => currentBuildName(indexDir), answeringFrom, reload, log);
  let timer: NodeJS.Timeout | undefined;
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

/**
 * A build made from another corpus than the one this server loaded is not loaded: loading checks the build against
 * the server's own corpus folder, and would build anew from it, which the server with the other corpus would then
 * pick up and build anew from its own, and so on.
 */
export function pollBuilds(store: Pick<Store, 'currentBuild' | 'current'>, answering: { build(): string | undefined; corpus(): string | undefined }, reload: () => Promise<void>, log: Log, everyMs = POLL_MS): BuildWatch {
  const serves = async (build: string): Promise<boolean> => {
    const manifest = await store.current();
    if (typeof manifest === 'string' || manifest.corpusHash === answering.corpus()) return true;
    log(`A new build of the index is current (${build}) but was made from another corpus than this server's: it stays on its build. Give every server the same corpus.`);
    return false;
  };
  const check = follower(() => store.currentBuild(), () => answering.build(), reload, log, serves);
  const timer = setInterval(check, everyMs);
  // Asking keeps nothing alive: a server stopping does not wait for it.
  timer.unref();
  return { close: () => clearInterval(timer) };
}
