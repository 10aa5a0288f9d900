/**
 * Where an embedding model's files come from: `RAG_MODEL_DIR`, else `../shared/models` beside the project when
 * it holds the model, else the Hugging Face hub.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { cachedHashes } from './hash-cache.ts';

export type ModelSource = { kind: 'local'; dir: string } | { kind: 'hub' };

export function locateModel(name: string, projectRoot: string, modelDir: string | undefined): ModelSource {
  if (modelDir) return { kind: 'local', dir: resolve(modelDir) };
  const shared = resolve(projectRoot, '../shared/models');
  if (existsSync(join(shared, name))) return { kind: 'local', dir: shared };
  return { kind: 'hub' };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

/**
 * sha256 of every file of a model folder, by path inside it, so that an index records exactly which weights
 * made its vectors; with `cacheFile`, those of files unchanged since they were last hashed are taken from it.
 */
export async function modelFileHashes(modelFolder: string, cacheFile?: string): Promise<Record<string, string>> {
  if (!existsSync(modelFolder) || !statSync(modelFolder).isDirectory()) return {};
  const files = listFiles(modelFolder).filter((path) => /\.(onnx|json)$/.test(path)).sort();
  const known = cacheFile ? await cachedHashes(cacheFile, files, sha256File) : undefined;
  const hashes: Record<string, string> = {};
  for (const path of files) hashes[relative(modelFolder, path)] = known?.get(path) ?? (await sha256File(path));
  return hashes;
}
