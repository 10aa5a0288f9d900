import { describe, expect, it } from 'vitest';
import { chunkReports } from '../../src/chunking/chunk.ts';
import { quotableSentences } from '../../src/chunking/sentences.ts';
import { corpus } from '../corpus.ts';

describe('quotable sentences', () => {
  const chunks = chunkReports(corpus().reports);

  it('keeps exclamations in a row together and every other sentence apart, losing no text', () => {
    const passage = chunks.find((c) => c.text.includes('谁卡经营主体的脖子'));
    if (!passage) throw new Error('the corpus holds the passage');
    const sentences = quotableSentences(passage.text);
    expect(sentences.join('')).toBe(passage.text.replace(/\n/g, ''));
    expect(sentences.at(-1)).toMatch(/^谁卡经营主体的脖子.*打谁的板子！谁.*跟谁过不去！谁.*换谁的位子！$/);
    expect(sentences.slice(0, -1).every((s) => s.match(/[。！？；]/g)?.length === 1)).toBe(true);
  });
});
