/**
 * All the evidence behind an answer: every passage retrieved (cited or not) in a folded list with its report,
 * section and similarity, each opening in the panel; and the filter the question was asked under, with a way to
 * ask again without it when the filter is what refused it.
 */
import { h } from './dom.ts';
import type { FilterChoice } from './filters.ts';
import type { AnswerResult, Citation } from './types.ts';

/** Opens a passage in the panel as the citation numbered by its rank. */
export type OpenPassage = (passage: Citation, trigger: HTMLButtonElement) => void;

export function retrievedPassages(result: AnswerResult, open: OpenPassage): HTMLElement | null {
  if (result.passages.length === 0) return null;
  const items = result.passages.map((passage, i) => {
    const similarity = passage.similarity === undefined ? null : h('span', { class: 'retrieved-similarity' }, h('span', { label: 'similarity' }), ` ${passage.similarity.toFixed(2)}`);
    const button = h(
      'button',
      { class: 'source-link retrieved-link', attrs: { type: 'button', 'aria-controls': 'source-panel', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' } },
      h('span', { class: 'source-number' }, String(i + 1)),
      h('span', { class: 'source-report' }, h('span', { attrs: { lang: 'zh-CN' } }, passage.report), similarity),
      h('span', { class: 'source-section', attrs: { lang: 'zh-CN' } }, passage.section),
    );
    button.addEventListener('click', () => open({ ...passage, n: i + 1 }, button));
    return h('li', {}, button);
  });
  const summary = h('summary', { class: 'sources-title' }, h('span', { label: 'retrieved' }), h('span', { class: 'sources-count' }, String(result.passages.length)));
  return h('details', { class: 'retrieved' }, summary, h('ol', {}, ...items));
}

/** `北京市 · 2025`: the filter a question was asked under, shown on its answer. */
export function filterNote(filter: FilterChoice | undefined): HTMLElement | null {
  if (!filter || (filter.region === undefined && filter.year === undefined)) return null;
  const what = [filter.region, filter.year === undefined ? undefined : String(filter.year)].filter(Boolean).join(' · ');
  return h('p', { class: 'answer-note answer-filter' }, h('span', { class: 'answer-note-label', label: 'filterNote' }), what);
}

/** Whether the filter is why nothing was answered. */
export function refusedByFilter(result: AnswerResult): boolean {
  return result.decision.kind === 'refuse' && result.decision.code === 'filtered-out';
}

export function clearFilterButton(onClick: () => void): HTMLElement {
  const button = h('button', { class: 'button button-small clear-filter', attrs: { type: 'button' }, label: 'clearFilterRetry' });
  button.addEventListener('click', onClick);
  return button;
}
