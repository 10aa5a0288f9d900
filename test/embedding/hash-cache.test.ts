import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFileHashes } from '../../src/embedding/locate.ts';
import { tempDir } from '../corpus.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe("the model files' hashes remembered between starts", () => {
  it('are the files\' own, taken from the cache while a file keeps its size and time, and hashed again when either changes', async () => {
    const folder = tempDir('zbwd-model-');
    mkdirSync(join(folder, 'onnx'));
    writeFileSync(join(folder, 'config.json'), '{"a":1}');
    writeFileSync(join(folder, 'onnx/model.onnx'), 'weights');
    const cache = join(tempDir('zbwd-index-'), 'model-hashes.json');
    const fresh = await modelFileHashes(folder);
    expect(fresh).toEqual({ 'config.json': sha256('{"a":1}'), 'onnx/model.onnx': sha256('weights') });
    expect(await modelFileHashes(folder, cache)).toEqual(fresh);
    // A cache that says otherwise for an unchanged file is believed: that is what it is for.
    const remembered = JSON.parse(readFileSync(cache, 'utf8')) as Record<string, { sha256: string }>;
    const onnx = join(folder, 'onnx/model.onnx');
    writeFileSync(cache, JSON.stringify({ ...remembered, [onnx]: { ...remembered[onnx], sha256: 'remembered' } }));
    expect((await modelFileHashes(folder, cache))['onnx/model.onnx']).toBe('remembered');
    // Same size, another time: hashed again.
    writeFileSync(onnx, 'WEIGHTS');
    utimesSync(onnx, new Date(), new Date(Date.now() + 5_000));
    expect((await modelFileHashes(folder, cache))['onnx/model.onnx']).toBe(sha256('WEIGHTS'));
    writeFileSync(cache, 'not json');
    expect(await modelFileHashes(folder, cache)).toEqual({ 'config.json': sha256('{"a":1}'), 'onnx/model.onnx': sha256('WEIGHTS') });
  });
});
