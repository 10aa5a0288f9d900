/**
 * The terminal chat behind `npm run chat`: a prompt when a person types, every line answered in order when
 * questions are piped in. Follow-ups keep the conversation; `/new` starts a new one.
 */
import { createInterface } from 'node:readline';
import type { Assistant } from '../answering/ask.ts';
import { questionSchema } from '../intake/request.ts';
import { formatAnswer } from '../cli/format.ts';

const NEW_CONVERSATION = '/new';

export async function chat(assistant: Assistant, k: number, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const interactive = (input as { isTTY?: boolean }).isTTY === true;
  const lines = createInterface({ input, ...(interactive ? { output, prompt: '\n问：' } : {}), terminal: interactive });
  const conversation: { question: string; answer: string }[] = [];
  if (interactive) {
    output.write(`政报问答: ${assistant.reports().length} reports. Ask a question; ${NEW_CONVERSATION} starts a new conversation, Ctrl-D quits.\n`);
    lines.prompt();
  }
  for await (const line of lines) {
    const text = line.trim();
    if (text === NEW_CONVERSATION) conversation.length = 0;
    else if (text) {
      const question = questionSchema.safeParse(text);
      if (!question.success) output.write(`${question.error.issues[0]?.message ?? 'invalid question'}\n`);
      else {
        const answer = await assistant.ask(question.data, { k, conversation });
        conversation.push({ question: question.data, answer: answer.answer });
        output.write(`${interactive ? '' : `问：${question.data}\n`}${formatAnswer(answer)}\n${interactive ? '' : '\n'}`);
      }
    }
    if (interactive) lines.prompt();
  }
}
