/**
 * The prompt templates of the LLM answer mode, read once from `prompts/` as plain files: `system.txt` and
 * `answer.txt` make the answer prompt, `rewrite.txt` turns a follow-up into a standalone question.
 */
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Prompts {
  answer: ChatPromptTemplate<AnswerInput>;
  rewrite: ChatPromptTemplate<RewriteInput>;
}

export interface AnswerInput {
  today: string;
  passages: string;
  question: string;
}

export interface RewriteInput {
  conversation: string;
  question: string;
}

const ANSWER_VARIABLES: (keyof AnswerInput)[] = ['today', 'passages', 'question'];
const REWRITE_VARIABLES: (keyof RewriteInput)[] = ['conversation', 'question'];

/** A template must ask for exactly the inputs the code fills: a missing or stray placeholder is a mistake. */
function checked<T extends AnswerInput | RewriteInput>(template: ChatPromptTemplate<T>, expected: readonly (keyof T)[], name: string): ChatPromptTemplate<T> {
  const found = [...template.inputVariables].sort();
  const wanted = expected.map(String).sort();
  if (found.join() !== wanted.join()) {
    throw new Error(`prompt ${name} has placeholders {${found.join('}, {')}} but the code fills {${wanted.join('}, {')}}`);
  }
  return template;
}

export function loadPrompts(dir: string): Prompts {
  const read = (file: string) => readFileSync(join(dir, file), 'utf8').trim();
  const answer = ChatPromptTemplate.fromMessages<AnswerInput>([
    ['system', read('system.txt')],
    ['human', read('answer.txt')],
  ]);
  const rewrite = ChatPromptTemplate.fromMessages<RewriteInput>([['human', read('rewrite.txt')]]);
  return { answer: checked(answer, ANSWER_VARIABLES, 'system.txt + answer.txt'), rewrite: checked(rewrite, REWRITE_VARIABLES, 'rewrite.txt') };
}
