import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { readDecisionModels } from '../../src/answering/decision/model.ts';
import { refit } from '../../src/evaluation/fit/fit.ts';
import { readGold } from '../../src/evaluation/gold.ts';
import { fullIndex } from '../corpus.ts';

const GOLD = readGold(join(resolve(import.meta.dirname, '../..'), 'eval/gold.jsonl'));

/** Figures written to six digits; the embeddings may differ in their last bits from one machine to another. */
const CLOSE = 0.01;

describe('the committed answer decision', () => {
  it.each(['meaning', 'lexical'] as const)('is what fitting the gold file gives again, with the same cross-validated scores (%s)', async (kind) => {
    const committed = readDecisionModels();
    expect(committed.goldHash).toBe(GOLD.hash);
    const model = committed.models[kind];
    const again = await refit(await fullIndex(), GOLD, kind, model);
    for (const [name, value] of Object.entries(model.crossValidated)) {
      expect(again.crossValidated[name as keyof typeof model.crossValidated], name).toBeCloseTo(value, 2);
    }
    expect(Math.abs(again.threshold - model.threshold)).toBeLessThan(CLOSE * 5);
    again.sentence.weights.forEach((weight, i) => expect(Math.abs(weight - (model.sentence.weights[i] ?? 0)), model.sentence.features[i]).toBeLessThan(CLOSE));
    again.answer.weights.forEach((weight, i) => expect(Math.abs(weight - (model.answer.weights[i] ?? 0)), model.answer.features[i]).toBeLessThan(CLOSE));
  }, 300_000);
});
