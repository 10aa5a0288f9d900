/**
 * Persisting a built index. Each build is written to a fresh folder and only then made current by
 * atomically replacing the `CURRENT` pointer file, so a crash mid-build leaves the previous index intact.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const POINTER = 'CURRENT';
const BUILD_PREFIX = 'build-';

export const manifestSchema = z.object({
  formatVersion: z.number().int(),
  corpusDir: z.string(),
  corpusHash: z.string(),
  reportCount: z.number().int(),
  chunkCount: z.number().int(),
  build: z.record(z.string(), z.unknown()),
  /** The embedding model and vector settings of the build; null when it has no vectors. */
  dense: z.unknown(),
  builtAt: z.string(),
  /** sha256 of every payload file, checked on load. */
  files: z.record(z.string(), z.string()),
});
export type Manifest = z.infer<typeof manifestSchema>;

export class IndexUnreadableError extends Error {}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function writeDurably(path: string, data: string | Uint8Array): void {
  writeFileSync(path, data);
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes the payload files and the manifest as a new build, then points `CURRENT` at it. */
export function saveIndex(
  indexDir: string,
  manifest: Omit<Manifest, 'files'>,
  payload: Readonly<Record<string, string | Uint8Array>>,
): string {
  mkdirSync(indexDir, { recursive: true });
  const name = `${BUILD_PREFIX}${Date.now()}-${randomBytes(4).toString('hex')}`;
  // The writer's pid in the name tells a later start whether the build is under way or was interrupted.
  const staging = join(indexDir, `.${name}.${process.pid}.tmp`);
  mkdirSync(staging);
  const files: Record<string, string> = {};
  for (const [file, data] of Object.entries(payload)) {
    writeDurably(join(staging, file), data);
    files[file] = sha256(data);
  }
  writeDurably(join(staging, 'manifest.json'), JSON.stringify({ ...manifest, files }, null, 2));
  renameSync(staging, join(indexDir, name));
  const pointerTmp = join(indexDir, `.${POINTER}.${name}.${process.pid}.tmp`);
  writeDurably(pointerTmp, `${name}\n`);
  renameSync(pointerTmp, join(indexDir, POINTER));
  removeStaleBuilds(indexDir, name);
  return name;
}

/** Earlier builds and leftovers of interrupted ones. */
function removeStaleBuilds(indexDir: string, keep: string): void {
  for (const entry of readdirSync(indexDir)) {
    const stale = entry !== keep && (entry.startsWith(BUILD_PREFIX) || (entry.startsWith('.') && entry.endsWith('.tmp')));
    if (stale) rmSync(join(indexDir, entry), { recursive: true, force: true });
  }
}

const WRITER_PID = /\.(\d+)\.tmp$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, but is another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Leftovers of builds whose writer is gone (killed, crashed); builds under way in another process are left alone. */
export function removeInterruptedBuilds(indexDir: string): string[] {
  if (!existsSync(indexDir)) return [];
  const removed: string[] = [];
  for (const entry of readdirSync(indexDir)) {
    if (!entry.startsWith('.') || !entry.endsWith('.tmp')) continue;
    const writer = Number(WRITER_PID.exec(entry)?.[1] ?? Number.NaN);
    if (Number.isInteger(writer) && alive(writer)) continue;
    rmSync(join(indexDir, entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

export interface StoredIndex {
  /** The build's name, `build-…`. */
  name: string;
  manifest: Manifest;
  /** The build's folder, for files a library reads by path. */
  dir: string;
  payload: Record<string, Buffer>;
}

function currentName(indexDir: string): string {
  try {
    return readFileSync(join(indexDir, POINTER), 'utf8').trim();
  } catch {
    throw new IndexUnreadableError(`no index in ${indexDir}`);
  }
}

/** The build `CURRENT` names, or undefined when there is none. */
export function currentBuildName(indexDir: string): string | undefined {
  try {
    return currentName(indexDir) || undefined;
  } catch {
    return undefined;
  }
}

function unreadable(buildDir: string, error: unknown): IndexUnreadableError {
  const reason = error instanceof Error ? error.message : String(error);
  return new IndexUnreadableError(`index ${buildDir} is unreadable: ${reason}`);
}

/** The current build's manifest alone. */
export function loadManifest(indexDir: string): Manifest {
  const buildDir = join(indexDir, currentName(indexDir));
  try {
    return manifestSchema.parse(JSON.parse(readFileSync(join(buildDir, 'manifest.json'), 'utf8')));
  } catch (error) {
    throw unreadable(buildDir, error);
  }
}

/** Reads the current build, verifying every file against the manifest. */
export function loadIndex(indexDir: string): StoredIndex {
  const name = currentName(indexDir);
  const buildDir = join(indexDir, name);
  try {
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(buildDir, 'manifest.json'), 'utf8')));
    const payload: Record<string, Buffer> = {};
    for (const [file, hash] of Object.entries(manifest.files)) {
      const data = readFileSync(join(buildDir, file));
      if (sha256(data) !== hash) throw new Error(`${file} does not match its checksum`);
      payload[file] = data;
    }
    return { name, manifest, dir: buildDir, payload };
  } catch (error) {
    throw unreadable(buildDir, error);
  }
}
