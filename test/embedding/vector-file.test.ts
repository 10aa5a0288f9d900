import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeVectors, encodeVectors, readVectorHeader } from '../../src/embedding/vector-file.ts';
import { tempDir } from '../corpus.ts';

const vectors = new Map([
  ['a', Float32Array.of(0.5, -1, 2)],
  // A view into a larger buffer, as the embedding cache hands out.
  ['bé', new Float32Array(Float32Array.of(9, 3, 4, 5).buffer, 4, 3)],
]);

/** A file as written before the header was padded: floats right after the JSON, wherever it ends. */
function unpadded(extra: Record<string, unknown>): Buffer {
  const header = Buffer.from(JSON.stringify({ ...extra, dimension: 3, keys: [...vectors.keys()] }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  const body = Buffer.concat([...vectors.values()].map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength)));
  return Buffer.concat([length, header, body]);
}

describe('a vector file', () => {
  it.each(['', 'x', 'xy', 'xyz'])('gives back the vectors and header fields it was written with (header field %j)', (tag) => {
    const bytes = encodeVectors(vectors, 3, { tag });
    expect((4 + bytes.readUInt32LE(0)) % 4).toBe(0);
    const read = decodeVectors(bytes);
    expect(read.header.tag).toBe(tag);
    expect([...read.vectors].map(([key, v]) => [key, [...v]])).toEqual([['a', [0.5, -1, 2]], ['bé', [3, 4, 5]]]);
    // Read in place, with no copy of the floats.
    expect(read.vectors.get('a')?.buffer).toBe(bytes.buffer);
  });

  it('still reads files whose floats are not aligned', () => {
    const bytes = unpadded({ tag: 'xy' });
    expect((4 + bytes.readUInt32LE(0)) % 4).not.toBe(0);
    expect([...decodeVectors(bytes).vectors].map(([key, v]) => [key, [...v]])).toEqual([['a', [0.5, -1, 2]], ['bé', [3, 4, 5]]]);
  });

  it('gives its header alone, and refuses a file cut off inside the header', () => {
    const dir = tempDir('zbwd-vector-file-');
    const bytes = encodeVectors(vectors, 3, { tag: 'x' });
    writeFileSync(join(dir, 'whole.bin'), bytes);
    expect(readVectorHeader(join(dir, 'whole.bin'))).toMatchObject({ tag: 'x', dimension: 3, keys: ['a', 'bé'] });
    writeFileSync(join(dir, 'cut.bin'), bytes.subarray(0, 12));
    expect(() => readVectorHeader(join(dir, 'cut.bin'))).toThrow('cut short');
  });
});
