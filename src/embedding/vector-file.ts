/** The binary form of a set of vectors keyed by text hash: a 4-byte header length, a JSON header, then float32s. */
import { z } from 'zod';

const headerSchema = z.object({ dimension: z.number().int().positive(), keys: z.array(z.string()) }).passthrough();

export function encodeVectors(vectors: ReadonlyMap<string, Float32Array>, dimension: number, extra: Record<string, unknown> = {}): Buffer {
  const keys = [...vectors.keys()];
  const header = Buffer.from(JSON.stringify({ ...extra, dimension, keys }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  const body = new Float32Array(keys.length * dimension);
  keys.forEach((key, i) => body.set(vectors.get(key) ?? [], i * dimension));
  return Buffer.concat([length, header, Buffer.from(body.buffer)]);
}

/** The vectors and the header's other fields; throws on a malformed file. */
export function decodeVectors(bytes: Buffer): { vectors: Map<string, Float32Array>; header: Record<string, unknown>; dimension: number } {
  const headerLength = bytes.readUInt32LE(0);
  const header = headerSchema.parse(JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')));
  const body = bytes.subarray(4 + headerLength);
  if (body.byteLength !== header.keys.length * header.dimension * 4) throw new Error('the vector file is cut short');
  const floats = new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  const vectors = new Map<string, Float32Array>();
  header.keys.forEach((key, i) => vectors.set(key, floats.subarray(i * header.dimension, (i + 1) * header.dimension)));
  return { vectors, header, dimension: header.dimension };
}
