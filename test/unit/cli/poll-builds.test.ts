import { describe, expect, it } from 'vitest';
import { pollBuilds } from '../../../src/cli/watch-builds.ts';
import type { Manifest } from '../../../src/indexing/store.ts';

/** A database's current build as the store port gives it: its id and its manifest's corpus. */
function database(build: string, corpusHash: string) {
  const state = { build, corpusHash };
  return { state, store: { currentBuild: async () => state.build, current: async () => ({ corpusHash: state.corpusHash }) as Manifest } };
}

describe('a server on a database', () => {
  it('loads each new build made from its corpus once, and none made from another corpus', async () => {
    const { state, store } = database('1', 'ours');
    const answering = { build: () => loaded, corpus: () => 'ours' };
    let loaded = '1';
    const reloads: string[] = [];
    const lines: string[] = [];
    const watch = pollBuilds(store, answering, async () => {
      reloads.push(state.build);
      loaded = state.build;
    }, (line) => lines.push(line), 10);
    try {
      await new Promise((r) => setTimeout(r, 50));
      expect(reloads).toEqual([]);
      state.build = '2';
      await expect.poll(() => reloads, { timeout: 1_000 }).toEqual(['2']);
      state.build = '3';
      state.corpusHash = 'theirs';
      await expect.poll(() => lines.some((line) => line.includes('(3) but was made from another corpus')), { timeout: 1_000 }).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
      expect(reloads).toEqual(['2']);
      expect(lines.filter((line) => line.includes('another corpus'))).toHaveLength(1);
    } finally {
      watch.close();
    }
  });
});
