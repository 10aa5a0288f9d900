import { describe, expect, it } from 'vitest';
import { chineseWords, knownWordsIn } from '../../src/chunking/words.ts';

describe('Chinese words', () => {
  it('keeps words of two Chinese characters or more, once each', () => {
    const words = chineseWords('优质公办幼儿园覆盖92%乡镇，优质公办幼儿园');
    expect(words).toContain('乡镇');
    expect(words.every((w) => /^[\u4e00-\u9fff]{2,}$/.test(w))).toBe(true);
    expect(new Set(words).size).toBe(words.length);
  });

  it('finds the known words a text contains anywhere, without segmenting it', () => {
    const vocabulary = new Map([['幼儿园', 1], ['乡镇', 1], ['机场', 1]]);
    expect(knownWordsIn('优质公办幼儿园覆盖92%乡镇', vocabulary).sort()).toEqual(['乡镇', '幼儿园']);
  });
});
