/**
 * The 添加报告 view, in the source panel, for whoever holds the admin token: files dropped or picked are each sent to
 * be read, their metadata shown to be confirmed or corrected, then added; a bar per file follows it through
 * parse → embed → index as the server tells over the WebSocket, until its build answers. Below, the reports, each
 * with a button that removes it.
 */
import { AdminError, cancelUpload, confirmUpload, forgetToken, removeReport, signIn, storedToken, uploadFile, type DetectedReport, type HeldUpload, type RegionLevel } from './admin-api.ts';
import { fetchReports } from './api.ts';
import { h } from './dom.ts';
import { label, t, type StringKey } from './i18n.ts';
import { uploadErrorKey } from './messages.ts';
import type { SourcePanel } from './panel.ts';
import type { ListedReport, UploadProgress } from './types.ts';

/** What the file picker offers; the server tells the type by content all the same. */
const ACCEPT = '.pdf,.docx,.html,.htm,.txt,.md';

const LEVEL_TEXT: Record<RegionLevel, StringKey> = { province: 'levelProvince', city: 'levelCity', county: 'levelCounty' };

/** The bar's three steps; it is full once the build with the file answers. */
const STEPS = ['stepParse', 'stepEmbed', 'stepIndex'] as const satisfies readonly StringKey[];

let fieldCounter = 0;

function field(key: StringKey, control: HTMLInputElement | HTMLSelectElement): HTMLElement {
  control.id = `upload-field-${++fieldCounter}`;
  return h('div', { class: 'upload-field' }, h('label', { label: key, attrs: { for: control.id } }), control);
}

/** One file on its way in: its bar, its status, and the metadata form while it awaits confirmation. */
/** Why the server refused, in the page's language; its own (English) words only beside a code the page does not know. */
function reasonOf(error: unknown): string {
  const key = error instanceof AdminError ? uploadErrorKey(error.code) : undefined;
  if (key) return t(key);
  return `${t('uploadOther')}${error instanceof Error ? ` (${error.message})` : ''}`;
}

class UploadItem {
  readonly element: HTMLLIElement;
  private readonly bar: HTMLProgressElement;
  private readonly status: HTMLParagraphElement;
  private readonly steps: HTMLElement[];
  private readonly formSlot = h('div', { class: 'upload-form-slot' });
  upload: string | undefined;

  constructor(readonly name: string) {
    this.bar = h('progress', { class: 'upload-bar', attrs: { max: '3' } });
    this.bar.setAttribute('aria-label', name);
    this.status = h('p', { class: 'upload-status', attrs: { role: 'status' } });
    this.steps = STEPS.map((key) => h('li', { label: key, attrs: { 'data-state': 'todo' } }));
    this.element = h('li', { class: 'upload', attrs: { 'data-stage': 'parse' } }, h('p', { class: 'upload-name', attrs: { lang: 'zh-CN' } }, name), this.bar, h('ol', { class: 'upload-steps' }, ...this.steps), this.status, this.formSlot);
    this.show('parse', 'statusParsing');
  }

  /** `at` is how far along the bar is, 0 to 3: parse, embed and index a third each. */
  show(stage: string, key: StringKey, at?: number, suffix?: string): void {
    this.element.dataset.stage = stage;
    label(this.status, key, suffix);
    if (at === undefined) this.bar.removeAttribute('value');
    else this.bar.value = at;
    const step = at === undefined ? 0 : Math.floor(at);
    this.steps.forEach((element, i) => (element.dataset.state = i < step ? 'done' : i === step && stage !== 'failed' && stage !== 'confirm' ? 'active' : 'todo'));
  }

  failed(error: unknown): void {
    this.show('failed', 'statusFailed', Number(this.bar.value) || 0, `: ${reasonOf(error)}`);
    this.formSlot.replaceChildren();
  }

  progress(event: UploadProgress): void {
    switch (event.stage) {
      case 'queued':
        this.show('queued', 'statusQueued', 1);
        break;
      case 'embed': {
        const counts = event.total ? ` ${event.done ?? 0}/${event.total}` : '';
        this.show('embed', 'statusEmbedding', 1 + (event.total ? (event.done ?? 0) / event.total : 0), counts);
        break;
      }
      case 'index':
        this.show('index', 'statusIndexing', 2);
        break;
      case 'done':
        this.show('done', 'statusDone', 3);
        break;
      case 'failed':
        this.show('failed', 'statusBuildFailed', 2);
        break;
    }
  }

  /** The metadata read from the file, to confirm or correct; `confirm` adds the file with what the form then says. */
  ask(held: HeldUpload, confirm: (form: FormValues) => void, cancel: () => void): void {
    const report = held.reports[0];
    if (!report) return;
    this.upload = held.upload;
    this.show('confirm', 'statusConfirm', 1);
    const title = h('input', { attrs: { type: 'text', name: 'title', required: '', maxlength: '100', lang: 'zh-CN' } });
    title.value = report.title;
    const region = h('input', { attrs: { type: 'text', name: 'region', required: '', minlength: '2', maxlength: '40', lang: 'zh-CN' } });
    region.value = report.region;
    const year = h('input', { attrs: { type: 'number', name: 'year', required: '', min: '1949', max: '2100' } });
    year.value = String(report.year);
    const kind = h('select', { attrs: { name: 'kind' } }, h('option', { label: 'kindReport', attrs: { value: 'report' } }), h('option', { label: 'kindDocument', attrs: { value: 'document' } }));
    kind.value = report.kind;
    const level = h('p', { class: 'upload-level' }, h('span', { label: 'regionLevel' }), ' ', h('span', { class: 'upload-level-value', label: LEVEL_TEXT[report.level] }));
    const add = h('button', { class: 'button button-primary button-small', label: 'confirmAdd', attrs: { type: 'submit' } });
    const drop = h('button', { class: 'button button-quiet button-small', label: 'cancel', attrs: { type: 'button' } });
    const form = h('form', { class: 'upload-meta' }, h('p', { class: 'upload-meta-title', label: 'detectedMetadata' }), field('metaTitle', title), field('region', region), level, field('metaYear', year), field('metaKind', kind), h('div', { class: 'upload-actions' }, add, drop));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      add.disabled = true;
      drop.disabled = true;
      confirm({ title: title.value.trim(), region: region.value.trim(), year: Number(year.value), kind: kind.value === 'document' ? 'document' : 'report' });
    });
    drop.addEventListener('click', () => cancel());
    this.formSlot.replaceChildren(form);
    title.focus();
  }

  confirmed(report: DetectedReport | undefined): void {
    this.formSlot.replaceChildren(...(report ? [h('p', { class: 'upload-added', attrs: { lang: 'zh-CN' } }, `${report.title} · ${report.region} · ${report.year}`)] : []));
  }
}

interface FormValues {
  title: string;
  region: string;
  year: number;
  kind: 'report' | 'document';
}

export class AddReportsView {
  private token = storedToken();
  private reports: readonly ListedReport[] = [];
  /** Uploads and removals under way, by the id the server tells their progress under. */
  private readonly changes = new Map<string, (event: UploadProgress) => void>();
  private readonly uploads = h('ul', { class: 'upload-list' });
  private readonly list = h('ul', { class: 'admin-report-list' });

  constructor(
    private readonly panel: SourcePanel,
    private readonly button: HTMLButtonElement,
    /** Told of the reports whenever a change is served, so that the rest of the page shows them. */
    private readonly onChanged: (reports: readonly ListedReport[]) => void,
  ) {
    button.hidden = false;
    button.addEventListener('click', () => {
      if (this.panel.isOpen && this.button.getAttribute('aria-expanded') === 'true') this.panel.close();
      else this.open();
    });
  }

  fill(reports: readonly ListedReport[]): void {
    this.reports = reports;
    this.showReports();
  }

  /** A change's progress, as the server tells it over the WebSocket. */
  progress(event: UploadProgress): void {
    this.changes.get(event.upload)?.(event);
    if (event.stage !== 'done' && event.stage !== 'failed') return;
    this.changes.delete(event.upload);
    if (event.stage === 'done') void this.refresh();
  }

  private async refresh(): Promise<void> {
    this.fill(await fetchReports(() => {}));
    this.onChanged(this.reports);
  }

  private open(): void {
    if (this.token) this.showPanel(this.token);
    else this.showSignIn();
  }

  private showSignIn(error?: StringKey): void {
    const input = h('input', { attrs: { type: 'password', id: 'admin-token', autocomplete: 'off', required: '' } });
    const message = h('p', { class: 'panel-status panel-error', attrs: { role: 'alert' } });
    if (error) label(message, error);
    else message.hidden = true;
    const form = h('form', { class: 'admin-sign-in' }, h('label', { label: 'adminToken', attrs: { for: 'admin-token' } }), input, h('p', { class: 'admin-hint', label: 'adminTokenHint' }), message, h('button', { class: 'button button-primary button-small', label: 'signIn', attrs: { type: 'submit' } }));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const token = input.value.trim();
      void signIn(token).then(
        () => {
          this.token = token;
          this.showPanel(token);
        },
        (failure: unknown) => this.showSignIn(failure instanceof AdminError && failure.code === 'unauthorized' ? 'adminTokenWrong' : 'adminUnreachable'),
      );
    });
    this.panel.openView('addReports', t('addReports'), [form], this.button);
    input.focus();
  }

  private showPanel(token: string): void {
    const picker = h('input', { class: 'visually-hidden', attrs: { type: 'file', multiple: '', accept: ACCEPT, id: 'upload-files', tabindex: '-1' } });
    picker.setAttribute('aria-hidden', 'true');
    const choose = h('button', { class: 'button button-small', label: 'chooseFiles', attrs: { type: 'button' } });
    choose.addEventListener('click', () => picker.click());
    picker.addEventListener('change', () => {
      this.send([...(picker.files ?? [])], token);
      picker.value = '';
    });
    const zone = h('div', { class: 'drop-zone' }, h('p', { label: 'dropFiles' }), choose, picker, h('p', { class: 'drop-formats', label: 'dropFormats' }));
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      zone.dataset.over = 'true';
    });
    zone.addEventListener('dragleave', () => delete zone.dataset.over);
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      delete zone.dataset.over;
      this.send([...(event.dataTransfer?.files ?? [])], token);
    });
    const signOut = h('button', { class: 'button button-quiet button-small admin-sign-out', label: 'signOut', attrs: { type: 'button' } });
    signOut.addEventListener('click', () => {
      forgetToken();
      this.token = undefined;
      this.showSignIn();
    });
    this.showReports();
    this.panel.openView('addReports', t('addReports'), [zone, this.uploads, h('h3', { class: 'admin-list-title', label: 'reportsIndexed' }), this.list], this.button, [signOut]);
  }

  private send(files: readonly File[], token: string): void {
    for (const file of files) void this.sendOne(file, token);
  }

  private async sendOne(file: File, token: string): Promise<void> {
    const item = new UploadItem(file.name);
    this.uploads.append(item.element);
    let held: HeldUpload;
    try {
      held = await uploadFile(file, token);
    } catch (error) {
      item.failed(error);
      return;
    }
    item.ask(
      held,
      (values) => void this.confirm(item, held, values, token),
      () => {
        void cancelUpload(held.upload, token).catch(() => undefined);
        item.element.remove();
      },
    );
  }

  private async confirm(item: UploadItem, held: HeldUpload, values: FormValues, token: string): Promise<void> {
    // Listening before the request: the server may tell the first step before it answers.
    this.changes.set(held.upload, (event) => item.progress(event));
    try {
      const added = await confirmUpload(held.upload, values, token);
      item.confirmed(added.reports[0]);
    } catch (error) {
      this.changes.delete(held.upload);
      item.failed(error);
    }
  }

  private showReports(): void {
    const items = [...this.reports]
      .sort((a, b) => b.year - a.year || a.title.localeCompare(b.title, 'zh-CN'))
      .map((report) => {
        const remove = h('button', { class: 'button button-quiet button-small', label: 'removeReport', attrs: { type: 'button' } });
        remove.setAttribute('aria-describedby', `admin-report-${report.id}`);
        const state = h('span', { class: 'admin-report-state', attrs: { role: 'status' } });
        remove.addEventListener('click', () => {
          if (!this.token || !confirm(`${t('removeConfirm')}${report.title}`)) return;
          remove.disabled = true;
          label(state, 'statusRemoving');
          void removeReport(report.id, this.token).then(
            ({ change }) => this.changes.set(change, (event) => {
              if (event.stage === 'failed') label(state, 'statusBuildFailed');
            }),
            (error: unknown) => {
              remove.disabled = false;
              label(state, 'statusFailed', `: ${reasonOf(error)}`);
            },
          );
        });
        return h('li', { class: 'admin-report' }, h('span', { class: 'admin-report-title', attrs: { id: `admin-report-${report.id}`, lang: 'zh-CN' } }, report.title), state, remove);
      });
    this.list.replaceChildren(...items);
  }
}
