/**
 * The 报告 view: every report the server holds with its metadata, in the source panel; a report opens there as
 * its section tree, each section unfolding to its paragraphs.
 */
import { fetchReport } from './api.ts';
import { h } from './dom.ts';
import { t } from './i18n.ts';
import type { SourcePanel } from './panel.ts';
import type { ListedReport, OutlineSection, ReportOutline } from './types.ts';

/** Section levels given their own indent; deeper ones share the last. */
const MAX_INDENT = 4;

function metadata(report: ListedReport): string {
  return [report.date, report.speaker, `${report.chunkCount}${t('passagesCount')}`].filter(Boolean).join(' · ');
}

function sectionNode(section: OutlineSection): HTMLElement {
  const paragraphs = section.paragraphs.map((p) => h('p', { class: 'paragraph', attrs: { 'data-chunk': p.chunkId } }, p.text));
  const title = section.level === 0 ? t('frontMatter') : section.title;
  return h(
    'details',
    { class: 'outline-section', attrs: { 'data-level': String(Math.min(section.level, MAX_INDENT)) } },
    h('summary', {}, title, h('span', { class: 'outline-count' }, ` ${section.paragraphs.length}`)),
    ...paragraphs,
  );
}

export class ReportsView {
  private reports: readonly ListedReport[] = [];

  constructor(
    private readonly panel: SourcePanel,
    private readonly button: HTMLButtonElement,
  ) {
    button.addEventListener('click', () => {
      if (this.panel.isOpen && this.button.getAttribute('aria-expanded') === 'true') this.panel.close();
      else this.showList();
    });
  }

  fill(reports: readonly ListedReport[]): void {
    this.reports = reports;
    this.button.disabled = false;
  }

  private showList(): void {
    const items = this.reports.map((report) => {
      const open = h('button', { class: 'report-item', attrs: { type: 'button', lang: 'zh-CN' } }, h('span', { class: 'report-item-title' }, report.title), h('span', { class: 'report-item-meta' }, metadata(report)));
      open.addEventListener('click', () => void this.showReport(report));
      return h('li', {}, open);
    });
    this.panel.openView('reports', t('allReports'), [h('ul', { class: 'report-list' }, ...items)], this.button);
  }

  private async showReport(report: ListedReport): Promise<void> {
    const back = h('button', { class: 'button button-small button-quiet back-to-reports', attrs: { type: 'button' }, label: 'backToReports' });
    back.addEventListener('click', () => this.showList());
    this.panel.openView('reports', report.title, [h('p', { class: 'panel-status', label: 'loadingReport' })], this.button, [back]);
    let outline: ReportOutline;
    try {
      outline = await fetchReport(report.id);
    } catch {
      this.panel.openView('reports', report.title, [h('p', { class: 'panel-status panel-error', label: 'reportFailed' })], this.button, [back]);
      return;
    }
    const facts = h('p', { class: 'report-item-meta' }, [outline.date, outline.speaker && outline.speakerRole ? `${outline.speaker}（${outline.speakerRole}）` : outline.speaker, outline.meeting].filter(Boolean).join(' · '));
    this.panel.openView('reports', outline.title, [h('div', { class: 'outline', attrs: { lang: 'zh-CN' } }, ...outline.sections.map(sectionNode))], this.button, [back, facts]);
  }
}
