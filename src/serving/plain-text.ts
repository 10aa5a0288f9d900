/**
 * What follows an answer where it is shown as plain text (the terminal, the OpenAI-compatible endpoint): its sources;
 * beside a refusal, the closest passages, said to be no answer; after a question asked back, the choices.
 */
import type { Answer } from '../domain.ts';
import { isEnglish } from '../question/everyday.ts';

/** Characters of a related passage listed beside a refusal. */
const RELATED_CHARS = 80;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** What follows the answer: its sources; the closest passages, said to be no answer, beside a refusal; the choices. */
export function sourcesList(answer: Answer): string {
  const english = isEnglish(answer.question);
  const { decision } = answer;
  if (decision.kind === 'clarify') {
    return `\n\n${english ? 'Choices:' : '可选：'}\n${decision.choices.map((c) => `- ${c.question}`).join('\n')}`;
  }
  if (decision.kind === 'refuse' && decision.related.length > 0) {
    const heading = english ? 'Related passages (not an answer):' : '相关内容（仅供参考，不是答案）：';
    return `\n\n${heading}\n${decision.related.map((p) => `- ${p.report}${p.section ? ` · ${p.section}` : ''}：${clip(p.text, RELATED_CHARS)}`).join('\n')}`;
  }
  if (answer.citations.length === 0) return '';
  const heading = english ? 'Sources:' : '来源：';
  const page = (n: number | undefined): string => (n === undefined ? '' : english ? ` · p. ${n}` : ` · 第${n}页`);
  const lines = answer.citations.map((c) => `[${c.n}] ${c.report}${c.section ? ` · ${c.section}` : ''}${page(c.page)}`);
  return `\n\n${heading}\n${lines.join('\n')}`;
}

