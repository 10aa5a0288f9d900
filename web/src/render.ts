/**
 * The messages of the conversation: the question as asked, and the answer as it streams in, its `[n]` marks
 * turned into buttons that open the cited passage.
 */
import { aggregateView } from './aggregate-view.ts';
import { h } from './dom.ts';
import { ariaLabel, label, t, type StringKey } from './i18n.ts';
import { icon } from './icons.ts';
import type { AskFailure } from './api.ts';
import { errorKey, REFUSALS, textLang } from './messages.ts';
import { pageNumber } from './page-number.ts';
import type { AnswerResult, Citation } from './types.ts';

/** A citation with the answer's words taken from it. */
export interface QuotedCitation {
  citation: Citation;
  quotes: string[];
}

/** Opens the panel on a citation; `quotes` are the answer's words taken from it, `all` every citation of the answer in order. */
export type OpenCitation = (citation: Citation, quotes: string[], trigger: HTMLButtonElement, all: readonly QuotedCitation[]) => void;
/** What is shown under a finished answer besides its own actions (feedback, passages retrieved, …). */
export type AnswerExtras = (result: AnswerResult) => (Node | null)[];
type Open = (citation: Citation, trigger: HTMLButtonElement) => void;

const MARK = /\[(\d+)\]/g;
/** Punctuation around a quoted clause that the report may not have at the same place. */
const EDGE_PUNCTUATION = /^[\s，。；、：,.;:]+|[\s，。；、：,.;:]+$/g;
/**
 * What an answer says before a quote, whose figure it is and from which report (`北京市（2025年政府工作报告）：`,
 * `2023年（贵阳市2024年政府工作报告）：`, `Beijing (2025 government work report): “`), and the quote's closing mark.
 */
const SOURCE_PREFIX = /^[^：“]*?[（(][^（）()]*?(?:政府工作报告|government work report)[）)][：:]\s*“?/;
const CLOSING_QUOTE = /”\s*$/;

export function questionMessage(question: string): HTMLElement {
  return h('article', { class: 'message message-question' }, h('h3', { class: 'visually-hidden', label: 'you' }), h('p', { class: 'bubble', attrs: { lang: textLang(question) } }, question));
}

/** The words of the answer that each citation's mark follows, by citation number. */
function quotesByCitation(answer: string): Map<number, string[]> {
  const quotes = new Map<number, string[]>();
  let from = 0;
  for (const match of answer.matchAll(MARK)) {
    const quote = answer.slice(from, match.index).replace(EDGE_PUNCTUATION, '').replace(SOURCE_PREFIX, '').replace(CLOSING_QUOTE, '');
    const n = Number(match[1]);
    if (quote) quotes.set(n, [...(quotes.get(n) ?? []), quote]);
    from = match.index + match[0].length;
  }
  return quotes;
}

function chip(n: number): HTMLButtonElement {
  const button = h('button', { class: 'chip', attrs: { type: 'button', 'aria-controls': 'source-panel', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' } }, String(n));
  // Named "出处 1" for a screen reader, while the text, should it be selected and copied, stays the number alone.
  ariaLabel(button, 'citation', String(n));
  return button;
}

/** Answer text with its marks as chips; a chip stays disabled until the citation it stands for is known. */
function answerText(text: string, citations: ReadonlyMap<number, Citation>, open?: Open): Node[] {
  const nodes: Node[] = [];
  let from = 0;
  for (const match of text.matchAll(MARK)) {
    if (match.index > from) nodes.push(document.createTextNode(text.slice(from, match.index)));
    from = match.index + match[0].length;
    const citation = citations.get(Number(match[1]));
    const button = chip(Number(match[1]));
    if (citation && open) button.addEventListener('click', () => open(citation, button));
    else button.disabled = true;
    nodes.push(button);
  }
  if (from < text.length) nodes.push(document.createTextNode(text.slice(from)));
  return nodes;
}

/** Copies with the Clipboard API, or, where the page is not a secure context, through a selected text field. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const focused = document.activeElement;
    const field = h('textarea', { class: 'visually-hidden', attrs: { readonly: '' } });
    field.value = text;
    document.body.append(field);
    field.select();
    const copied = document.execCommand('copy');
    field.remove();
    if (focused instanceof HTMLElement) focused.focus();
    return copied;
  }
}

const CONFIRMATION_MS = 2000;
/** Characters of a related passage shown beside a refusal. */
const EXCERPT_CHARS = 80;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, '');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** One answer, from "searching" through its streamed text to the answer, the refusal or the failure. */
export class AnswerView {
  readonly element: HTMLElement;
  private readonly card: HTMLElement;
  private text = '';

  /** `askAgain` sends a question the answer offers, as a choice when the question was asked back. */
  constructor(
    private readonly openCitation: OpenCitation,
    private readonly askAgain: (question: string) => void,
    private readonly extras: AnswerExtras = () => [],
  ) {
    this.card = h('div', { class: 'answer-card' });
    this.element = h('article', { class: 'message message-answer' }, h('h3', { class: 'visually-hidden', label: 'answer' }), this.card);
    this.waiting();
  }

  /** Sent, nothing back yet. */
  waiting(): void {
    this.text = '';
    this.show('pending', h('p', { class: 'answer-status', label: 'searching' }));
  }

  /** The server cannot be reached or is loading: the question waits and is sent once it is back. */
  waitingForServer(): void {
    this.show('waiting', h('p', { class: 'answer-status answer-waiting', label: 'waitingForServer' }));
  }

  /** The passages are found; the text is on its way. */
  composing(): void {
    this.show('pending', h('p', { class: 'answer-status', label: 'composing' }));
  }

  append(delta: string): void {
    this.text += delta;
    this.show('streaming', h('p', { class: 'answer-text' }, ...answerText(this.text, new Map())));
  }

  finish(result: AnswerResult): void {
    const citations = new Map(result.citations.map((c) => [c.n, c]));
    const quotes = quotesByCitation(result.answer);
    const all = result.citations.map((citation) => ({ citation, quotes: quotes.get(citation.n) ?? [] }));
    const open: Open = (citation, trigger) => this.openCitation(citation, quotes.get(citation.n) ?? [], trigger, all);
    const { decision } = result;
    if (decision.kind === 'clarify') {
      this.show(
        'clarify',
        this.heading('notFound', 'askedBack'),
        h('p', { class: 'answer-text' }, decision.question),
        this.choices(decision.choices),
      );
      return;
    }
    const related = decision.kind === 'refuse' ? decision.related : [];
    // An answer across reports: its sentence, then its rows as a chart and a table, which give each row's quote.
    const { table, aggregate } = result;
    const openNumber = (n: number, trigger: HTMLButtonElement): void => {
      const citation = citations.get(n);
      if (citation) open(citation, trigger);
    };
    const rows = decision.kind === 'answer' && table && aggregate ? { sentence: decision.sentence, view: aggregateView(table, aggregate, openNumber) } : undefined;
    this.show(
      result.refused ? 'refused' : 'answered',
      result.refused ? this.heading('notFound', 'refused') : null,
      // Why, in the page's language: the answer below is worded in the question's.
      decision.kind === 'refuse' ? h('p', { class: 'answer-reason', label: REFUSALS[decision.code], attrs: { 'data-code': decision.code } }) : null,
      result.followUp ? this.note('understoodAs', result.followUp.standalone) : null,
      result.readings?.length ? this.note('readAs', result.readings.join('；')) : null,
      result.degraded ? this.note('degradedAnswer', '') : null,
      h('p', { class: 'answer-text', attrs: { lang: textLang(result.answer) } }, ...answerText(rows?.sentence ?? result.answer, citations, open)),
      rows?.view ?? null,
      result.citations.length > 0 ? this.sources(result.citations, open, 'sources', rows !== undefined) : null,
      // Shown apart from the answer and said to be no answer: the closest the reports come.
      related.length > 0 ? this.sources(related.map((passage, i) => ({ ...passage, n: i + 1 })), (citation, trigger) => this.openCitation(citation, [], trigger, []), 'related') : null,
      this.actions(result),
      ...this.extras(result),
    );
  }

  fail(failure: AskFailure, retry: () => void): void {
    // Said in the page's language whatever the server's words; its code is kept for whoever looks closer.
    const key = failure.kind === 'connection' ? 'connectionLost' : failure.kind === 'timeout' ? 'timedOut' : errorKey(failure.code);
    const detail = h('p', { class: 'answer-detail', label: key, attrs: failure.kind === 'server' ? { 'data-code': failure.code } : {} });
    const button = h('button', { class: 'button button-small', attrs: { type: 'button' } }, icon('retry'), h('span', { label: 'retry' }));
    button.addEventListener('click', retry);
    this.show('failed', this.heading('alert', 'failed'), detail, h('div', { class: 'answer-actions' }, button));
  }

  /** Replaces the card's content; `aria-busy` keeps screen readers from reading every streamed piece. */
  private show(state: string, ...children: (Node | null)[]): void {
    this.element.dataset.state = state;
    this.element.setAttribute('aria-busy', String(state === 'pending' || state === 'streaming'));
    this.card.replaceChildren(...children.filter((child): child is Node => child !== null));
  }

  private heading(iconName: 'notFound' | 'alert', key: StringKey): HTMLElement {
    return h('p', { class: 'answer-heading' }, icon(iconName), h('span', { label: key }));
  }

  private note(key: StringKey, text: string): HTMLElement {
    return h('p', { class: 'answer-note' }, h('span', { class: 'answer-note-label', label: key }), text);
  }

  /** The choices of a question asked back, each a button asking the question as it would then be put. */
  private choices(choices: readonly { label: string; question: string }[]): HTMLElement {
    const buttons = choices.map((choice) => {
      const button = h('button', { class: 'button button-small choice', attrs: { type: 'button', title: choice.question } }, choice.label);
      button.addEventListener('click', () => this.askAgain(choice.question));
      return button;
    });
    return h('div', { class: 'answer-actions choices' }, ...buttons);
  }

  /** `folded`: behind a disclosure, for an answer whose table already opens each source from its row. */
  private sources(citations: readonly Citation[], open: Open, title: StringKey = 'sources', folded = false): HTMLElement {
    // Related passages are read where they are shown: they are what the reports say instead of an answer.
    const excerpt = (citation: Citation) => (title === 'related' ? h('span', { class: 'source-excerpt' }, clip(citation.text, EXCERPT_CHARS)) : null);
    const items = citations.map((citation) => {
      const button = h(
        'button',
        { class: 'source-link', attrs: { type: 'button', 'aria-controls': 'source-panel', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' } },
        h('span', { class: 'source-number' }, String(citation.n)),
        h('span', { class: 'source-report' }, citation.report),
        h('span', { class: 'source-section' }, citation.section),
        citation.page === undefined ? null : pageNumber(citation.page),
        excerpt(citation),
      );
      button.addEventListener('click', () => open(citation, button));
      return h('li', {}, button);
    });
    if (folded) {
      const summary = h('summary', { class: 'sources-title' }, h('span', { label: 'allSources' }), h('span', { class: 'sources-count' }, String(citations.length)));
      return h('details', { class: 'sources sources-folded' }, summary, h('ol', {}, ...items));
    }
    return h('section', { class: title === 'related' ? 'sources related' : 'sources' }, h('h4', { class: 'sources-title', label: title }), h('ol', {}, ...items));
  }

  private actions(result: AnswerResult): HTMLElement {
    const caption = h('span', { label: 'copy' });
    const button = h('button', { class: 'button button-small button-quiet copy-button', attrs: { type: 'button' } }, icon('copy'), caption);
    // The confirmation is announced as well as shown, since the button's own name changing is not.
    const confirmation = h('span', { class: 'visually-hidden', attrs: { role: 'status' } });
    let reset: ReturnType<typeof setTimeout> | undefined;
    button.addEventListener('click', async () => {
      const copied = await copyText(this.copyable(result));
      const key = copied ? 'copied' : 'copyFailed';
      label(caption, key);
      confirmation.textContent = t(key);
      button.dataset.copied = String(copied);
      button.replaceChildren(icon(copied ? 'check' : 'alert'), caption);
      clearTimeout(reset);
      reset = setTimeout(() => {
        label(caption, 'copy');
        confirmation.textContent = '';
        delete button.dataset.copied;
        button.replaceChildren(icon('copy'), caption);
      }, CONFIRMATION_MS);
    });
    return h('div', { class: 'answer-actions' }, button, confirmation);
  }

  /** The answer as text to paste elsewhere: the answer, then where each numbered citation comes from. */
  private copyable(result: AnswerResult): string {
    if (result.citations.length === 0) return result.answer;
    const sources = result.citations.map((c) => `[${c.n}] ${c.report}，${c.section}`);
    return `${result.answer}\n\n${t('sources')}：\n${sources.join('\n')}`;
  }
}
