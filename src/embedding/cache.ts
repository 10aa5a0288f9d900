/**
 * Vectors already computed, kept beside the index builds and keyed by model and by a hash of the exact text
 * embedded, so that a rebuild embeds only texts it has not seen. One file per model, replaced atomically.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { EmbedderIdentity } from './embedder.ts';
import { decodeVectors, encodeVectors } from './vector-file.ts';

export function textKey(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Changes with the model's name, files, pooling, prefixes or batch size: any of them changes the vectors. */
function identityHash(identity: EmbedderIdentity): string {
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

export class EmbeddingCache {
  private constructor(
    private readonly file: string,
    private readonly identity: string,
    readonly dimension: number,
    private readonly vectors: Map<string, Float32Array>,
  ) {}

  /** The cache of this model in `dir`; empty when there is none yet or it cannot be read. */
  static open(dir: string, identity: EmbedderIdentity): EmbeddingCache {
    const hash = identityHash(identity);
    const file = join(dir, `${identity.model.replace(/[^\w.-]+/g, '_')}.bin`);
    let vectors = new Map<string, Float32Array>();
    try {
      const stored = decodeVectors(readFileSync(file));
      if (stored.header.identity === hash && stored.dimension === identity.dimension) vectors = stored.vectors;
    } catch {
      // No cache yet, or a damaged one: everything is embedded afresh.
    }
    return new EmbeddingCache(file, hash, identity.dimension, vectors);
  }

  get(key: string): Float32Array | undefined {
    return this.vectors.get(key);
  }

  set(key: string, vector: readonly number[]): void {
    this.vectors.set(key, Float32Array.from(vector));
  }

  /** Writes the vectors of these keys only, so the cache holds what the current corpus needs. */
  save(keep: ReadonlySet<string>): void {
    const kept = new Map([...keep].flatMap((key) => {
      const vector = this.vectors.get(key);
      return vector ? [[key, vector] as const] : [];
    }));
    mkdirSync(join(this.file, '..'), { recursive: true });
    writeFileAtomic.sync(this.file, encodeVectors(kept, this.dimension, { identity: this.identity }));
  }
}
