import { describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/answering/ask.ts';
import { retrieversFor } from '../../src/retrieval/modes.ts';
import { fullIndex } from '../corpus.ts';

const ASKED_ON = { askedOn: '2025-06-01' };

describe('answering by meaning', () => {
  it('quotes the sentence that answers a paraphrase sharing none of its words, where words alone refuse', async () => {
    const index = await fullIndex();
    const question = '2024年四川人平均能活到多大岁数？';
    const byWords = await createAssistant(index, retrieversFor(index, 'lexical')).ask(question, ASKED_ON);
    expect(byWords.refused).toBe(true);

    const answer = await createAssistant(index, retrieversFor(index, 'hybrid')).ask(question, ASKED_ON);
    expect(answer.refused).toBe(false);
    const [citation] = answer.citations;
    expect(citation?.region).toBe('四川省');
    // The quote follows whose figure it is: `四川省（2025年政府工作报告）：`.
    const quoted = answer.answer.replace(/\[\d+\]$/, '').replace(/^四川省（2025年政府工作报告）：/, '');
    expect(citation?.text.replace(/\n/g, '')).toContain(quoted);
    expect(quoted).toMatch(/预期寿命.*\d+(\.\d+)?岁/);
  });

  it('compares with sentence vectors embedded at ingest, embedding no sentence while answering', async () => {
    const index = await fullIndex();
    const dense = index.dense;
    if (!dense) throw new Error('the test index has vectors');
    const embedded: string[] = [];
    const { embeddings } = dense.embedder;
    const counting = {
      embedQuery: (text: string) => embeddings.embedQuery(text),
      embedDocuments: (texts: string[]) => {
        embedded.push(...texts);
        return embeddings.embedDocuments(texts);
      },
    };
    const watched = { ...index, dense: { ...dense, embedder: { ...dense.embedder, embeddings: counting } } };
    const answer = await createAssistant(watched, retrieversFor(watched, 'hybrid')).ask('2024年四川人平均能活到多大岁数？', ASKED_ON);
    expect(answer.refused).toBe(false);
    expect(embedded).toEqual([]);
  });

  it('answers an English question from the Chinese sentence it asks about, where words alone refuse', async () => {
    const index = await fullIndex();
    const question = "How many gold medals did Hebei's athletes win at the Paris Olympics and Paralympics?";
    expect((await createAssistant(index, retrieversFor(index, 'lexical')).ask(question, ASKED_ON)).refused).toBe(true);

    const answer = await createAssistant(index, retrieversFor(index, 'hybrid')).ask(question, ASKED_ON);
    expect(answer.citations[0]?.region).toBe('河北省');
    expect(answer.answer).toMatch(/巴黎奥运会、残奥会.*4\s*金、13\s*金/);
  });

  it('answers an English question by the sentence whose words come closest to it', async () => {
    const index = await fullIndex();
    const question = 'According to Jiangxi\'s 2025 government work report, which platforms make up the "三通一码" (three Tong and one code)?';
    const answer = await createAssistant(index, retrieversFor(index, 'hybrid')).ask(question, ASKED_ON);
    expect(answer.citations[0]?.region).toBe('江西省');
    expect(answer.answer).toMatch(/赣服通、赣政通、赣企通、赣通码/);
  });

  it('answers an English question asking in a unit of measure by the closest sentence giving a figure in it', async () => {
    const index = await fullIndex();
    const question = 'How many kilometres of expressways does Shandong aim to have open to traffic in 2025?';
    const answer = await createAssistant(index, retrieversFor(index, 'hybrid')).ask(question, ASKED_ON);
    expect(answer.citations[0]?.region).toBe('山东省');
    expect(answer.citations[0]?.section).toMatch(/^三、2025年重点工作/);
    expect(answer.answer).toMatch(/高速公路.*\d+公里/);
  });

  it('still refuses near misses whose closest sentences do not stand out', async () => {
    const index = await fullIndex();
    const assistant = createAssistant(index, retrieversFor(index, 'hybrid'));
    const nearMisses = [
      '2023年贵阳市城镇调查失业率是多少？',
      '2024年海南省粮食总产量是多少万吨？',
      'How many tonnes of grain did Tianjin produce in 2024?',
      "What was Beijing's per capita disposable income of residents in 2024, in yuan?",
    ];
    for (const question of nearMisses) {
      const answer = await assistant.ask(question, ASKED_ON);
      expect(answer.refused, `${question} → ${answer.answer}`).toBe(true);
    }
  });
});
