import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { loadEmbedder } from '../../src/embedding/embedder.ts';
import { locateModel } from '../../src/embedding/locate.ts';
import { ONNX_FILE } from '../../src/embedding/model-file.ts';
import { tempDir } from '../corpus.ts';

const MODEL = 'Xenova/multilingual-e5-small';

describe('a damaged model file', () => {
  it('leaves the product on lexical retrieval, said in one log line when the model loads', async () => {
    const source = locateModel(MODEL, PROJECT_ROOT, process.env.RAG_MODEL_DIR);
    if (source.kind !== 'local') throw new Error('the tests need the embedding model in ../shared/models or RAG_MODEL_DIR');
    const modelDir = tempDir('zbwd-damaged-model-');
    // The tokenizer is intact; the weights were cut off, as by an interrupted copy.
    cpSync(join(source.dir, MODEL), join(modelDir, MODEL), { recursive: true });
    writeFileSync(join(modelDir, MODEL, ONNX_FILE), Buffer.from('not an ONNX model'));
    const lines: string[] = [];
    const embedder = await loadEmbedder({ model: MODEL, modelDir, projectRoot: PROJECT_ROOT }, (line) => lines.push(line));
    expect(embedder).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^No embedding model: Xenova\/multilingual-e5-small could not be loaded from .*; answering with lexical retrieval only\.$/);
  });
});
