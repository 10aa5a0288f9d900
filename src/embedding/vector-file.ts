/** The binary form of a set of vectors keyed by text hash: a 4-byte header length, a JSON header, then float32s. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';

const headerSchema = z.object({ dimension: z.number().int().positive(), keys: z.array(z.string()) }).passthrough();

export function encodeVectors(vectors: ReadonlyMap<string, Float32Array>, dimension: number, extra: Record<string, unknown> = {}): Buffer {
  const keys = [...vectors.keys()];
  const json = JSON.stringify({ ...extra, dimension, keys });
  // Spaces after the JSON put the floats at a multiple of 4 bytes, so that reading can view them in place.
  const header = json.padEnd(json.length + ((4 - ((4 + Buffer.byteLength(json)) % 4)) % 4), ' ');
  const bodyStart = 4 + Buffer.byteLength(header);
  // Written in place: building the body apart and concatenating held the vectors three times over.
  const bytes = Buffer.alloc(bodyStart + keys.length * dimension * 4);
  bytes.writeUInt32LE(bodyStart - 4, 0);
  bytes.write(header, 4, 'utf8');
  keys.forEach((key, i) => {
    const vector = vectors.get(key);
    if (vector) bytes.set(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength), bodyStart + i * dimension * 4);
  });
  return bytes;
}

function parseHeader(bytes: Buffer): z.infer<typeof headerSchema> {
  return headerSchema.parse(JSON.parse(bytes.toString('utf8')));
}

/** The header alone (keys, dimension, other fields) of a vector file, read without its vectors. */
export function readVectorHeader(file: string): z.infer<typeof headerSchema> {
  const fd = openSync(file, 'r');
  try {
    const length = Buffer.alloc(4);
    if (readSync(fd, length, 0, 4, 0) !== 4) throw new Error('the vector file is cut short');
    const headerLength = length.readUInt32LE(0);
    if (4 + headerLength > fstatSync(fd).size) throw new Error('the vector file is cut short');
    const header = Buffer.alloc(headerLength);
    if (readSync(fd, header, 0, header.length, 4) !== header.length) throw new Error('the vector file is cut short');
    return parseHeader(header);
  } finally {
    closeSync(fd);
  }
}

/** The vectors and the header's other fields; throws on a malformed file. */
export function decodeVectors(bytes: Buffer): { vectors: Map<string, Float32Array>; header: Record<string, unknown>; dimension: number } {
  const headerLength = bytes.readUInt32LE(0);
  const header = parseHeader(bytes.subarray(4, 4 + headerLength));
  const body = bytes.subarray(4 + headerLength);
  if (body.byteLength !== header.keys.length * header.dimension * 4) throw new Error('the vector file is cut short');
  // A view when the floats are aligned, as files written now are; older files are copied once.
  const aligned = body.byteOffset % 4 === 0 ? body : new Uint8Array(body);
  const floats = new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
  const vectors = new Map<string, Float32Array>();
  header.keys.forEach((key, i) => vectors.set(key, floats.subarray(i * header.dimension, (i + 1) * header.dimension)));
  return { vectors, header, dimension: header.dimension };
}
