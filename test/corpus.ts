/** Shared access to the shipped corpus and a full index built once per test file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAssistant, type Assistant } from '../src/answering/ask.ts';
import { openIndex } from '../src/indexing/corpus-index.ts';
import { readCorpus, type ParsedCorpus } from '../src/parsing/corpus.ts';

export const CORPUS_DIR = resolve(import.meta.dirname, '../data/reports');
export const FILE_003 = '003_c4f11fcceae754a7.txt';

let parsed: ParsedCorpus | undefined;
export function corpus(): ParsedCorpus {
  parsed ??= readCorpus(CORPUS_DIR);
  return parsed;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function fullAssistant(): Assistant {
  return createAssistant(openIndex({ corpusDir: CORPUS_DIR, indexDir: tempDir('zbwd-index-'), log: () => {} }));
}
