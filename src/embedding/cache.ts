/**
 * Vectors already computed, kept beside the index builds and keyed by model and by a hash of the exact text
 * embedded, so that a rebuild embeds only texts it has not seen. One file per model, replaced atomically.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import type { EmbedderIdentity } from './embedder.ts';

const headerSchema = z.object({ identity: z.string(), dimension: z.number().int().positive(), keys: z.array(z.string()) });

export function textKey(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Changes with the model's name, files, pooling or prefixes: any of them changes the vectors. */
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
    const vectors = new Map<string, Float32Array>();
    try {
      const bytes = readFileSync(file);
      const headerLength = bytes.readUInt32LE(0);
      const header = headerSchema.parse(JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')));
      if (header.identity === hash && header.dimension === identity.dimension) {
        const body = bytes.subarray(4 + headerLength);
        const floats = new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
        header.keys.forEach((key, i) => vectors.set(key, floats.slice(i * header.dimension, (i + 1) * header.dimension)));
      }
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
    const keys = [...keep].filter((key) => this.vectors.has(key));
    const header = Buffer.from(JSON.stringify({ identity: this.identity, dimension: this.dimension, keys }), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length, 0);
    const body = new Float32Array(keys.length * this.dimension);
    keys.forEach((key, i) => body.set(this.vectors.get(key) ?? [], i * this.dimension));
    mkdirSync(join(this.file, '..'), { recursive: true });
    writeFileAtomic.sync(this.file, Buffer.concat([length, header, Buffer.from(body.buffer)]));
  }
}
