import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openIndex } from '../../src/indexing/open.ts';
import { CORPUS_DIR, tempDir } from '../corpus.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const KILLER = pathToFileURL(resolve(import.meta.dirname, 'kill-mid-write.ts')).href;
const REPORTS = ['001_3f56b829cd352b44.txt', '002_c7cf16f2bd42e313.txt'];

function corpusCopy(): string {
  const dir = tempDir('zbwd-corpus-');
  for (const file of REPORTS) copyFileSync(join(CORPUS_DIR, file), join(dir, file));
  return dir;
}

async function open(corpusDir: string, indexDir: string) {
  const lines: string[] = [];
  const index = await openIndex({ corpusDir, indexDir, log: (line) => lines.push(line) });
  return { index, lines };
}

const current = (indexDir: string): string => readFileSync(join(indexDir, 'CURRENT'), 'utf8').trim();

/** The real `ingest` command, killed halfway through writing the file `killWriting` matches. */
function ingestKilled(corpusDir: string, indexDir: string, killWriting: string) {
  // A model folder without the model: ingest then builds a lexical-only index, as it does with no model.
  const env = { ...process.env, RAG_CORPUS_DIR: corpusDir, RAG_INDEX_DIR: indexDir, RAG_MODEL_DIR: tempDir('zbwd-no-model-'), ZBWD_KILL_WRITING: killWriting };
  return spawnSync(process.execPath, ['--import', 'tsx', '--import', KILLER, 'src/cli.ts', 'ingest'], { cwd: ROOT, env, encoding: 'utf8' });
}

describe('an ingest killed mid-write', () => {
  it.each([
    // The staging folder, with reports.json whole and chunks.json cut short.
    { during: 'a payload file', killWriting: '^chunks\\.json$', leftovers: [/^\.build-.+\.tmp$/] },
    // The whole new build, renamed into place, and half of the pointer that would have made it current.
    { during: 'the CURRENT pointer', killWriting: 'CURRENT', leftovers: [/^\.CURRENT\.build-.+\.tmp$/, /^build-/] },
  ])('while writing $during leaves the previous build current and in use', async ({ killWriting, leftovers }) => {
    const before = corpusCopy();
    const indexDir = tempDir('zbwd-index-');
    const old = (await open(before, indexDir)).index;
    const oldBuild = current(indexDir);
    const after = corpusCopy();
    appendFileSync(join(after, REPORTS[1] ?? ''), '\n新增一段关于城市书房建设的文字。\n');

    const child = ingestKilled(after, indexDir, killWriting);
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(current(indexDir)).toBe(oldBuild);
    const left = readdirSync(indexDir).filter((entry) => entry !== 'CURRENT' && entry !== oldBuild);
    expect(left.sort()).toEqual(leftovers.map((name) => expect.stringMatching(name)));

    // The old build loads as it is: no rebuild, and every file matched its checksum; the staging files of the
    // killed writer are removed at once.
    const reopened = await open(before, indexDir);
    expect(reopened.lines).toEqual([expect.stringContaining('Removed what interrupted builds left')]);
    expect(readdirSync(indexDir).filter((entry) => entry.endsWith('.tmp'))).toEqual([]);
    expect(reopened.index.built).toBeUndefined();
    expect(reopened.index.manifest.corpusHash).toBe(old.manifest.corpusHash);
    expect(reopened.index.chunkCount).toBe(old.chunkCount);

    // The next build of the changed corpus becomes current and clears what the killed one left.
    const rebuilt = await open(after, indexDir);
    expect(rebuilt.lines).toEqual([expect.stringContaining('the corpus changed')]);
    expect(rebuilt.index.built).toBeDefined();
    expect(await rebuilt.index.lexical.search('城市书房建设', 1)).toHaveLength(1);
    expect(current(indexDir)).not.toBe(oldBuild);
    expect(readdirSync(indexDir).sort()).toEqual(['CURRENT', current(indexDir)]);
  });
});
