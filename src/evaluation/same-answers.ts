/** Gold questions asked of two assistants (over two stores of one index), and those whose answers differ. */
import type { Assistant } from '../answering/ask.ts';
import type { Answer } from '../domain.ts';
import type { GoldItem } from './gold.ts';

export interface AnswerDifference {
  id: string;
  /** The top-level fields of the answer that differ. */
  fields: string[];
}

/** The answer as compared: everything but how long it took. */
function comparable(answer: Answer): Record<string, string> {
  const { timingsMs: _timings, ...rest } = answer;
  return Object.fromEntries(Object.entries(rest).map(([field, value]) => [field, JSON.stringify(value)]));
}

export interface SameAnswers {
  differences: AnswerDifference[];
  /** Mean time per question of each assistant, in ms. */
  meanMs: [number, number];
}

export async function compareAnswers(first: Assistant, second: Assistant, items: readonly GoldItem[]): Promise<SameAnswers> {
  const differences: AnswerDifference[] = [];
  const spent = [0, 0];
  for (const item of items) {
    const options = { ...(item.asked_on ? { askedOn: item.asked_on } : {}), ...(item.conversation ? { conversation: item.conversation } : {}) };
    const answers = [];
    for (const [i, assistant] of [first, second].entries()) {
      const started = performance.now();
      answers.push(comparable(await assistant.ask(item.question, options)));
      spent[i] = (spent[i] ?? 0) + performance.now() - started;
    }
    const [a = {}, b = {}] = answers;
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((field) => a[field] !== b[field]);
    if (fields.length > 0) differences.push({ id: item.id, fields });
  }
  const n = Math.max(1, items.length);
  return { differences, meanMs: [(spent[0] ?? 0) / n, (spent[1] ?? 0) / n] };
}
