/** `第12页`, `p. 12`: the page of a PDF a passage starts on, in either language. */
import { h } from './dom.ts';

export function pageNumber(page: number): HTMLElement {
  return h('span', { class: 'page-number' }, h('span', { label: 'pageBefore' }), String(page), h('span', { label: 'pageAfter' }));
}
