/**
 * Vectors already computed, kept beside the index builds and keyed by model and by a hash of the exact text
 * embedded, so that a rebuild embeds only texts it has not seen. One file per model, replaced atomically.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { EmbedderIdentity } from './embedder.ts';
import { decodeVectors, encodeVectors, readVectorHeader } from './vector-file.ts';

export function textKey(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Changes with the model's name, files, pooling, prefixes or batch size: any of them changes the vectors. */
function identityHash(identity: EmbedderIdentity): string {
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/**
 * The file's keys are read when the cache opens, its vectors only when first asked for: a build reads them
 * after the model is released, so that the two never take memory at once.
 */
export class EmbeddingCache {
  private stored: Map<string, Float32Array> | undefined;
  private readonly added = new Map<string, Float32Array>();

  private constructor(
    private readonly file: string,
    private readonly identity: string,
    readonly dimension: number,
    private readonly storedKeys: ReadonlySet<string>,
  ) {}

  /** The cache of this model in `dir`; empty when there is none yet or it cannot be read. */
  static open(dir: string, identity: EmbedderIdentity): EmbeddingCache {
    const hash = identityHash(identity);
    const file = join(dir, `${identity.model.replace(/[^\w.-]+/g, '_')}.bin`);
    let keys = new Set<string>();
    try {
      const header = readVectorHeader(file);
      if (header.identity === hash && header.dimension === identity.dimension) keys = new Set(header.keys);
    } catch {
      // No cache yet, or a damaged one: everything is embedded afresh.
    }
    return new EmbeddingCache(file, hash, identity.dimension, keys);
  }

  has(key: string): boolean {
    return this.added.has(key) || this.storedKeys.has(key);
  }

  get(key: string): Float32Array | undefined {
    return this.added.get(key) ?? (this.storedKeys.has(key) ? this.storedVectors().get(key) : undefined);
  }

  set(key: string, vector: readonly number[]): void {
    this.added.set(key, Float32Array.from(vector));
  }

  /** The file's vectors, read once; none when it changed or broke since its keys were read. */
  private storedVectors(): Map<string, Float32Array> {
    if (!this.stored) {
      try {
        this.stored = decodeVectors(readFileSync(this.file)).vectors;
      } catch {
        this.stored = new Map();
      }
    }
    return this.stored;
  }

  /** Writes the vectors of these keys only, so the cache holds what the current corpus needs. */
  save(keep: ReadonlySet<string>): void {
    const kept = new Map([...keep].flatMap((key) => {
      const vector = this.get(key);
      return vector ? [[key, vector] as const] : [];
    }));
    mkdirSync(join(this.file, '..'), { recursive: true });
    writeFileAtomic.sync(this.file, encodeVectors(kept, this.dimension, { identity: this.identity }));
  }
}
