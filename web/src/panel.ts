/**
 * The side panel that shows a citation where it stands in its report: the report's facts, the section path, and
 * the section's paragraphs with the cited one highlighted. Beside the conversation on a wide screen; over it,
 * the rest of the page made inert, on a narrow one.
 */
import { fetchReport } from './api.ts';
import { byId, h } from './dom.ts';
import type { StringKey } from './i18n.ts';
import { icon } from './icons.ts';
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

/** The paragraph's text with the answer's clauses marked where they occur in it. */
function markQuotes(text: string, quotes: readonly string[]): Node[] {
  const ranges: [number, number][] = [];
  for (const clause of quotes.flatMap((quote) => quote.split(/[。；！？\n]/))) {
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

  constructor(
    /** The rest of the page, inert while the panel covers it. */
    private readonly background: HTMLElement,
    /** Where focus goes on closing when the button that opened the panel is gone. */
    private readonly fallbackFocus: HTMLElement,
  ) {
    byId('panel-close', HTMLButtonElement).addEventListener('click', () => this.close());
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

  /** Shows the citation; the button that opened the panel closes it again. */
  async open(citation: Citation, quotes: readonly string[], trigger: HTMLButtonElement): Promise<void> {
    if (this.isOpen && trigger === this.trigger) return this.close();
    this.trigger?.setAttribute('aria-expanded', 'false');
    this.trigger = trigger;
    trigger.setAttribute('aria-expanded', 'true');
    this.showing = citation;
    this.number.textContent = String(citation.n);
    this.title.textContent = citation.report;
    this.context.replaceChildren();
    this.body.replaceChildren(h('p', { class: 'panel-status', label: 'loadingReport' }));
    this.panel.hidden = false;
    this.coverPage();
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
    this.context.replaceChildren(this.facts(report), this.sectionPath(section));
    this.body.replaceChildren(this.sectionText(citation, quotes, section));
    this.body.querySelector('.paragraph-cited')?.scrollIntoView({ block: 'center' });
  }

  close(): void {
    if (!this.isOpen) return;
    this.panel.hidden = true;
    this.showing = undefined;
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

  /** Date, speaker and meeting on a line or two, their names there for screen readers; then the link to the original. */
  private facts(report: ReportOutline): HTMLElement {
    const speaker = report.speaker && report.speakerRole ? `${report.speaker}（${report.speakerRole}）` : report.speaker;
    const facts = h('dl', { class: 'report-facts' }, fact('date', report.date), fact('speaker', speaker), fact('meeting', report.meeting));
    const href = webUrl(report.sourceUrl);
    if (!href) return facts;
    const link = h('a', { class: 'source-url', attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }, h('span', { label: 'openSource' }), icon('external'));
    return h('div', { class: 'report-meta' }, facts, link);
  }

  private sectionPath(section: OutlineSection | undefined): HTMLElement {
    const steps = section && section.path.length > 0 ? section.path.map((title) => h('li', {}, title)) : [h('li', { label: 'frontMatter' })];
    return h('nav', { class: 'section-path', ariaLabel: 'section' }, h('ol', {}, ...steps));
  }

  /** The section's paragraphs, the cited one marked; the cited passage alone if the report no longer holds it. */
  private sectionText(citation: Citation, quotes: readonly string[], section: OutlineSection | undefined): HTMLElement {
    const paragraphs = section?.paragraphs ?? [{ chunkId: citation.chunkId, text: citation.text }];
    const nodes = paragraphs.map((paragraph) => {
      if (paragraph.chunkId !== citation.chunkId) return h('p', { class: 'paragraph' }, paragraph.text);
      const hint = h('span', { class: 'visually-hidden', label: 'citedParagraph' });
      return h('p', { class: 'paragraph paragraph-cited', attrs: { 'aria-current': 'true' } }, hint, ...markQuotes(paragraph.text, quotes));
    });
    return h('section', { class: 'report-section' }, ...nodes);
  }
}
