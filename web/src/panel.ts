/**
 * The side panel that shows a citation where it stands in its report: the report's facts, the section path, and
 * the section's paragraphs with the cited phrase highlighted, with buttons to the answer's other citations. It also
 * shows other views (the list of reports, a report's sections). Beside the conversation on a wide screen; over it,
 * the rest of the page made inert, on a narrow one, where the phone's Back closes it (a history entry of its own).
 */
import { fetchReport } from './api.ts';
import { byId, h } from './dom.ts';
import { label, type StringKey } from './i18n.ts';
import { icon } from './icons.ts';
import { pageNumber } from './page-number.ts';
import type { QuotedCitation } from './render.ts';
import type { Citation, OutlineSection, ReportOutline } from './types.ts';

/** Below this width the panel covers the page; matches the breakpoint in styles.css. */
const OVERLAY_QUERY = '(max-width: 760px)';
/** A clause shorter than this could match anywhere in the paragraph. */
const MIN_QUOTE_CHARS = 4;

/** Only web links are shown as links: a `javascript:` or other URL from the data must never become clickable. */
function webUrl(url: string | null): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The history entry the open panel adds, so that Back closes it rather than leaving the page. */
const HISTORY_MARK = 'zbwdPanel';

function marked(): boolean {
  return (history.state as Record<string, unknown> | null)?.[HISTORY_MARK] === true;
}

/**
 * The paragraph's text with the answer's clauses marked where they occur in it. A citation whose text is a phrase
 * of the paragraph (a row of a table across reports quotes its clause) has that phrase marked when no clause is.
 */
function markQuotes(text: string, quotes: readonly string[], phrase?: string): Node[] {
  const ranges: [number, number][] = [];
  const clauses = quotes.flatMap((quote) => quote.split(/[。；！？\n]/));
  if (phrase && phrase.length < text.length && !clauses.some((clause) => clause.trim().length >= MIN_QUOTE_CHARS && text.includes(clause.trim()))) clauses.push(phrase);
  for (const clause of clauses) {
    const trimmed = clause.trim();
    if (trimmed.length < MIN_QUOTE_CHARS) continue;
    const at = text.indexOf(trimmed);
    if (at >= 0) ranges.push([at, at + trimmed.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const nodes: Node[] = [];
  let from = 0;
  for (const [start, end] of ranges) {
    if (end <= from) continue;
    const begin = Math.max(start, from);
    if (begin > from) nodes.push(document.createTextNode(text.slice(from, begin)));
    nodes.push(h('mark', {}, text.slice(begin, end)));
    from = end;
  }
  if (from < text.length) nodes.push(document.createTextNode(text.slice(from)));
  return nodes;
}

function fact(key: StringKey, value: string | null): HTMLElement | null {
  return value ? h('div', {}, h('dt', { class: 'visually-hidden', label: key }), h('dd', {}, value)) : null;
}

export class SourcePanel {
  private readonly panel = byId('source-panel', HTMLElement);
  private readonly title = byId('panel-title', HTMLHeadingElement);
  private readonly number = byId('panel-number', HTMLSpanElement);
  /** The report's facts and the section path: stay in view while the section text scrolls. */
  private readonly context = byId('panel-context', HTMLDivElement);
  private readonly body = byId('panel-body', HTMLDivElement);
  private readonly overlay = matchMedia(OVERLAY_QUERY);
  private trigger: HTMLButtonElement | undefined;
  /** The citation shown last: a report arriving for an earlier click is not shown over it. */
  private showing: Citation | undefined;
  /** The answer's citations in order, for the previous and next buttons. */
  private siblings: readonly QuotedCitation[] = [];
  private readonly kicker = byId('panel-kicker', HTMLSpanElement);
  private readonly previous = byId('panel-previous', HTMLButtonElement);
  private readonly next = byId('panel-next', HTMLButtonElement);
  /** A close has stepped back over the panel's history entry, and the browser has not yet said it is done. */
  private leaving = false;

  constructor(
    /** The rest of the page, inert while the panel covers it. */
    private readonly background: HTMLElement,
    /** Where focus goes on closing when the button that opened the panel is gone. */
    private readonly fallbackFocus: HTMLElement,
  ) {
    byId('panel-close', HTMLButtonElement).addEventListener('click', () => this.close());
    this.previous.addEventListener('click', () => this.step(-1));
    this.next.addEventListener('click', () => this.step(1));
    // Back, on a phone above all: closes the panel, which pushed an entry of its own when it opened.
    window.addEventListener('popstate', () => {
      if (this.leaving) {
        // The Back of a close by button or Escape; the panel may have opened again meanwhile and needs its entry.
        this.leaving = false;
        if (this.isOpen) history.pushState({ [HISTORY_MARK]: true }, '');
        return;
      }
      if (this.isOpen) this.close(false);
    });
    document.addEventListener('keydown', (event) => {
      // An Escape that cancels an IME composition is the input method's, not the panel's.
      if (event.key === 'Escape' && !event.isComposing && this.isOpen) {
        event.preventDefault();
        this.close();
      }
    });
    this.overlay.addEventListener('change', () => this.coverPage());
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  /** Shows the citation; the button that opened the panel closes it again. `all` are the answer's citations in order. */
  async open(citation: Citation, quotes: readonly string[], trigger: HTMLButtonElement, all: readonly QuotedCitation[] = []): Promise<void> {
    if (this.isOpen && trigger === this.trigger) return this.close();
    this.reveal(trigger);
    this.siblings = all;
    await this.showCitation(citation, quotes);
  }

  /** Shows a view other than a citation (the reports, a report's sections), under a kicker naming it. */
  openView(kicker: StringKey, title: string, body: readonly Node[], trigger: HTMLButtonElement, context: readonly Node[] = []): void {
    if (trigger !== this.trigger) this.reveal(trigger);
    this.showing = undefined;
    this.siblings = [];
    this.showNavigation();
    label(this.kicker, kicker);
    this.number.hidden = true;
    this.title.textContent = title;
    this.context.replaceChildren(...context);
    this.body.replaceChildren(...body);
    this.body.scrollTop = 0;
    this.title.focus();
  }

  /** Opens the panel for `trigger`, with an entry in the history that Back takes away. */
  private reveal(trigger: HTMLButtonElement): void {
    this.trigger?.setAttribute('aria-expanded', 'false');
    this.trigger = trigger;
    trigger.setAttribute('aria-expanded', 'true');
    if (!this.isOpen && !this.leaving && !marked()) history.pushState({ [HISTORY_MARK]: true }, '');
    this.panel.hidden = false;
    this.coverPage();
  }

  private step(by: number): void {
    const at = this.siblings.findIndex((s) => s.citation === this.showing);
    const to = this.siblings[at + by];
    if (to) void this.showCitation(to.citation, to.quotes);
  }

  /** Previous and next, while the answer has more than one citation. */
  private showNavigation(): void {
    const at = this.siblings.findIndex((s) => s.citation === this.showing);
    const shown = this.siblings.length > 1 && at >= 0;
    this.previous.hidden = !shown;
    this.next.hidden = !shown;
    this.previous.disabled = at <= 0;
    this.next.disabled = at < 0 || at >= this.siblings.length - 1;
  }

  private async showCitation(citation: Citation, quotes: readonly string[]): Promise<void> {
    this.showing = citation;
    this.showNavigation();
    label(this.kicker, 'source');
    this.number.hidden = false;
    this.number.textContent = String(citation.n);
    this.title.textContent = citation.report;
    this.context.replaceChildren();
    this.body.replaceChildren(h('p', { class: 'panel-status', label: 'loadingReport' }));
    this.title.focus();

    let report: ReportOutline;
    try {
      report = await fetchReport(citation.reportId);
    } catch {
      if (this.showing === citation) this.body.replaceChildren(h('p', { class: 'panel-status panel-error', label: 'reportFailed' }));
      return;
    }
    if (this.showing !== citation) return;
    this.title.textContent = report.title;
    const section = report.sections.find((s) => s.paragraphs.some((p) => p.chunkId === citation.chunkId));
    this.context.replaceChildren(this.facts(report), this.sectionPath(section, citation.page));
    this.body.replaceChildren(this.sectionText(citation, quotes, section));
    this.body.querySelector('.paragraph-cited')?.scrollIntoView({ block: 'center' });
  }

  /** `leaveHistory` is false when Back closed it: the entry it pushed is already gone. */
  close(leaveHistory = true): void {
    if (!this.isOpen) return;
    this.panel.hidden = true;
    this.showing = undefined;
    this.siblings = [];
    if (leaveHistory && marked() && !this.leaving) {
      this.leaving = true;
      history.back();
    }
    this.coverPage();
    const trigger = this.trigger;
    this.trigger = undefined;
    trigger?.setAttribute('aria-expanded', 'false');
    (trigger?.isConnected ? trigger : this.fallbackFocus).focus();
  }

  /** On a narrow screen the open panel is modal: what it covers can be neither seen nor reached. */
  private coverPage(): void {
    const covering = this.isOpen && this.overlay.matches;
    this.background.inert = covering;
    this.panel.setAttribute('aria-modal', String(covering));
  }

  /**
   * Date, speaker and meeting on a line or two, their names there for screen readers; then the links to the page the
   * report was published on, and to the file it was read from (a PDF, Word file or saved page as it was added).
   */
  private facts(report: ReportOutline): HTMLElement {
    const speaker = report.speaker && report.speakerRole ? `${report.speaker}（${report.speakerRole}）` : report.speaker;
    const facts = h('dl', { class: 'report-facts' }, fact('date', report.date), fact('speaker', speaker), fact('meeting', report.meeting));
    const href = webUrl(report.sourceUrl);
    const link = href ? h('a', { class: 'source-url', attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }, h('span', { label: 'openSource' }), icon('external')) : null;
    const original = h('a', { class: 'source-url original-file', attrs: { href: `/api/reports/${encodeURIComponent(report.id)}/original`, download: '' } }, h('span', { label: 'originalFile' }), icon('download'));
    return h('div', { class: 'report-meta' }, facts, h('div', { class: 'report-links' }, link, original));
  }

  /** The section's path, and the page of the PDF the passage starts on when the report was read from one. */
  private sectionPath(section: OutlineSection | undefined, page: number | undefined): HTMLElement {
    const steps = section && section.path.length > 0 ? section.path.map((title) => h('li', {}, title)) : [h('li', { label: 'frontMatter' })];
    return h('nav', { class: 'section-path', ariaLabel: 'section' }, h('ol', {}, ...steps), page === undefined ? null : pageNumber(page));
  }

  /** The section's paragraphs, the cited one marked; the cited passage alone if the report no longer holds it. */
  private sectionText(citation: Citation, quotes: readonly string[], section: OutlineSection | undefined): HTMLElement {
    const paragraphs = section?.paragraphs ?? [{ chunkId: citation.chunkId, text: citation.text }];
    const nodes = paragraphs.map((paragraph) => {
      if (paragraph.chunkId !== citation.chunkId) return h('p', { class: 'paragraph' }, paragraph.text);
      const hint = h('span', { class: 'visually-hidden', label: 'citedParagraph' });
      return h('p', { class: 'paragraph paragraph-cited', attrs: { 'aria-current': 'true' } }, hint, ...markQuotes(paragraph.text, quotes, citation.text));
    });
    return h('section', { class: 'report-section' }, ...nodes);
  }
}
