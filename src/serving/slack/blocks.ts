/**
 * An answer as a Slack message: the answer in `mrkdwn` section blocks and one context block per citation, within
 * Slack's limits, and the same content as the message's `text` for notifications and for Slack-compatible servers
 * that show no blocks.
 */
import type { types } from '@slack/bolt';
import type { Answer, Citation, ClarifyChoice, Passage } from '../../domain.ts';
import { isEnglish } from '../../question/everyday.ts';
import { compactTable } from '../answer-table.ts';
import { escapeText, link } from './mrkdwn.ts';

export interface SlackMessage {
  text: string;
  blocks?: (types.SectionBlock | types.ContextBlock | types.ActionsBlock)[];
}

/** The buttons of a question asked back carry this prefix and their place: `choice-0`, `choice-1`, … */
export const CHOICE_ACTION = 'choice-';
/** Button labels and values as Slack allows them. */
const MAX_BUTTON_LABEL = 75;
const MAX_BUTTON_VALUE = 2000;
/** Characters of a related passage shown beside a refusal. */
const RELATED_CHARS = 120;

/** Characters in one text object, and blocks in one message, as Slack allows. */
export const MAX_TEXT = 3000;
export const MAX_BLOCKS = 50;
/** Answers are quotes of a few sentences; a longer one is cut, so that it takes at most 20 blocks and its sources fit. */
const MAX_ANSWER_CHARS = 12_000;
/** A sentence longer than a text object is cut into raw slices this long: escaped, each fits (`&` grows fivefold). */
const SLICE = Math.floor(MAX_TEXT / 5);
/** Report titles and section paths are short; longer ones are cut so that a citation fits one text object. */
const MAX_LABEL = 200;

/** Sentences with the punctuation that ends them, newlines included. */
const SENTENCES = /[^。！？；\n]+[。！？；\n]*|[。！？；\n]+/g;

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function slices(sentence: string): string[] {
  const chars = [...sentence];
  const parts: string[] = [];
  for (let at = 0; at < chars.length; at += SLICE) parts.push(chars.slice(at, at + SLICE).join(''));
  return parts;
}

/** The answer escaped, in pieces that each fit one text object, whole sentences together where they fit. */
function answerPieces(answer: string): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const sentence of clip(answer, MAX_ANSWER_CHARS).match(SENTENCES) ?? []) {
    for (const part of escapeText(sentence).length <= MAX_TEXT ? [sentence] : slices(sentence)) {
      if (piece && escapeText(piece + part).length > MAX_TEXT) {
        pieces.push(escapeText(piece));
        piece = '';
      }
      piece += part;
    }
  }
  if (piece) pieces.push(escapeText(piece));
  return pieces;
}

/**
 * `[1] 2025年北京市政府工作报告 — 一、2024年工作回顾`, the title linked to the report's source when known, and
 * `（第12页）` after it when the report was read from a PDF.
 */
function source(citation: Citation, sourceUrl: string | null | undefined): string {
  const title = link(sourceUrl, clip(citation.report, MAX_LABEL));
  const page = citation.page === undefined ? '' : `（第${citation.page}页）`;
  return citation.section ? `[${citation.n}] ${title} — ${escapeText(clip(citation.section, MAX_LABEL))}${page}` : `[${citation.n}] ${title}${page}`;
}

const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): types.ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** The passages beside a refusal, in one context block said to be no answer. */
function relatedBlock(related: readonly Passage[]): string {
  const lines = related.map((p) => `• ${escapeText(clip(p.report, MAX_LABEL))}${p.section ? ` — ${escapeText(clip(p.section, MAX_LABEL))}` : ''}：${escapeText(clip(p.text, RELATED_CHARS))}`);
  return clip(['相关内容（仅供参考，不是答案）：', ...lines].join('\n'), MAX_TEXT);
}

/** A question asked back: the question, and a button for each choice that asks it so. */
function clarifyMessage(question: string, choices: readonly ClarifyChoice[]): SlackMessage {
  const buttons: types.Button[] = choices.map((choice, i) => ({
    type: 'button',
    action_id: `${CHOICE_ACTION}${i}`,
    text: { type: 'plain_text', text: clip(choice.label, MAX_BUTTON_LABEL) },
    value: clip(choice.question, MAX_BUTTON_VALUE),
  }));
  return {
    text: `${question}${choices.map((c) => c.label).join('、')}`,
    blocks: [section(escapeText(question)), { type: 'actions', elements: buttons }],
  };
}

/** Rows of an answer across reports shown in its table; the rest are counted. */
export const TABLE_ROWS = 10;

/**
 * An answer across reports: its sentence, then its first rows as a table in a code block, and the sources of those
 * rows; the quotes of every row, which the answer's text lists, would run far past what a reader takes in at a glance.
 */
function tableMessage(answer: Answer, sentence: string, sourceUrls: ReadonlyMap<string, string | null>): SlackMessage {
  const english = isEnglish(answer.question);
  // A backtick would end the code block early. Cut to a slice, the table fits one text object however much it escapes.
  const table = `\`\`\`\n${escapeText(clip(compactTable(answer, TABLE_ROWS).replace(/`/g, "'"), SLICE - 2))}\n\`\`\``;
  const shown = new Set((answer.table?.rows ?? []).slice(0, TABLE_ROWS).map((row) => row.n));
  const cited = answer.citations.filter((c) => shown.has(c.n));
  const rest = answer.citations.length - cited.length;
  const sources = [
    ...cited.map((citation) => source(citation, sourceUrls.get(citation.reportId))),
    ...(rest > 0 ? [english ? `${rest} more sources not listed` : `另有${rest}处出处未列出`] : []),
  ];
  const pieces = answerPieces(sentence);
  return {
    text: [pieces.join(''), table, sources.join('\n')].join('\n\n'),
    blocks: [...pieces.map(section), section(table), ...sources.map(context)],
  };
}

/** `sourceUrls` maps report ids to where the report was published. */
export function answerMessage(answer: Answer, sourceUrls: ReadonlyMap<string, string | null>): SlackMessage {
  const { decision } = answer;
  if (decision.kind === 'clarify') return clarifyMessage(decision.question, decision.choices);
  if (decision.kind === 'answer' && answer.table && answer.table.rows.length > 0) return tableMessage(answer, decision.sentence, sourceUrls);
  const pieces = answerPieces(answer.answer);
  const sources = answer.citations.map((citation) => source(citation, sourceUrls.get(citation.reportId)));
  const related = decision.kind === 'refuse' && decision.related.length > 0 ? [relatedBlock(decision.related)] : [];
  const room = MAX_BLOCKS - pieces.length - related.length;
  const listed = sources.length <= room ? sources : [...sources.slice(0, room - 1), `另有${sources.length - room + 1}处出处未列出`];
  return {
    text: [pieces.join(''), sources.join('\n'), ...related].filter(Boolean).join('\n\n'),
    blocks: [...pieces.map(section), ...listed.map(context), ...related.map(context)],
  };
}
