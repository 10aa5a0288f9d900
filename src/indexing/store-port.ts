/**
 * Where builds of the index are kept: the index folder (the default) or PostgreSQL. A store writes a build whole
 * and makes it current at once, so that readers never see half of one, and opens the current build for answering.
 * Nothing above this port knows which store it has.
 */
import type { Embedder } from '../embedding/embedder.ts';
import type { BuiltIndex, DenseSettings } from './build.ts';
import type { CorpusIndex, Log } from './corpus-index.ts';
import type { Manifest } from './store.ts';

export interface OpenOptions {
  /** The embedding model; without one the build is opened on words alone. */
  embedder?: Embedder;
  dense: DenseSettings;
}

/** As `OpenOptions`, with the model possibly still loading: a store reads what it can meanwhile. */
export interface OpenBuildOptions {
  embedder: Promise<Embedder | undefined>;
  dense: DenseSettings;
}

export interface Store {
  readonly kind: 'file' | 'postgres';
  /** Removes what builds whose writer is gone (killed, crashed) left behind; builds under way are left alone. */
  removeInterrupted(log: Log): Promise<void>;
  /** The current build's manifest, or why there is none to read. */
  current(): Promise<Manifest | string>;
  /** The current build's name (the file store's folder, the database's build id), or undefined when there is none. */
  currentBuild(): Promise<string | undefined>;
  /** The current build, opened for answering; throws `IndexUnreadableError` when it cannot be read. */
  open(options: OpenBuildOptions): Promise<CorpusIndex>;
  /**
   * Runs `work` (a check for a current build, then a build) alone: another process building into the same store
   * waits, then finds the build this one made.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Writes a build, makes it current and drops the builds before it; the one before serves until then. */
  write(build: BuiltIndex, options: OpenOptions): Promise<CorpusIndex>;
  close(): Promise<void>;
}
