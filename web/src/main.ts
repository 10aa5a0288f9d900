/**
 * The chat page: wires the question box, the filters, the toolbar, the sidebar and the panel to the server and the
 * conversation; or, opened at a shared link (`/s/ID`), shows that conversation read-only.
 */
import { AddReportsView } from './add-reports.ts';
import { AskClient, fetchReports, type ConnectionState } from './api.ts';
import { Chat } from './chat.ts';
import { ConversationStore } from './conversations-store.ts';
import { coverageView, EXAMPLES } from './coverage.ts';
import { byId, h } from './dom.ts';
import { download, fileName, toJson, toMarkdown } from './export.ts';
import { Filters } from './filters.ts';
import { label, language, setLanguage, translatePage, type StringKey } from './i18n.ts';
import { textLang, writeErrorKey } from './messages.ts';
import { SourcePanel } from './panel.ts';
import { ReadinessWatch, type Readiness } from './readiness.ts';
import { ReportsView } from './reports-view.ts';
import { loadShared, shareConversation, sharedId, sharedResult } from './share.ts';
import { Sidebar } from './sidebar.ts';
import { themeToggle } from './theme.ts';
import type { ListedReport } from './types.ts';

/** How long a question may wait for a word from the server, unless the page says otherwise (`<meta name="ask-timeout-ms">`). */
const DEFAULT_TIMEOUT_MS = 30_000;

const welcome = byId('welcome', HTMLElement);
const examples = byId('examples', HTMLUListElement);
const coverage = byId('coverage', HTMLDivElement);
const form = byId('composer', HTMLFormElement);
const input = byId('question', HTMLTextAreaElement);
const sendButton = byId('send', HTMLButtonElement);
const status = byId('connection', HTMLElement);
const languageToggle = byId('language-toggle', HTMLButtonElement);
const moreButton = byId('more-button', HTMLButtonElement);
const moreMenu = byId('more-menu', HTMLDivElement);
const shareButton = byId('share-button', HTMLButtonElement);
const shareStatus = byId('share-status', HTMLParagraphElement);

function timeoutMs(): number {
  const configured = Number(document.querySelector<HTMLMetaElement>('meta[name="ask-timeout-ms"]')?.content);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_TIMEOUT_MS;
}

let socketState: ConnectionState = 'connecting';
let indexLoading = false;
let serving: Readiness | undefined;
let reports: readonly ListedReport[] = [];

/** The socket's state first: while it is down nothing can be asked, whether or not the index is loaded. */
const STATUS_TEXT = {
  connecting: 'connecting',
  reconnecting: 'reconnecting',
  loading: 'loadingIndex',
  building: 'buildingVectors',
  degraded: 'modelRestarting',
  open: 'connected',
} satisfies Record<string, StringKey>;

function servingState(): 'building' | 'degraded' | 'open' {
  if (serving?.stage === 'building-vectors') return 'building';
  return serving?.status === 'degraded' ? 'degraded' : 'open';
}

/** Texts embedded of those the meaning index needs, while it is built. */
function buildProgress(): string | undefined {
  const vectors = serving?.vectors;
  return vectors && vectors.total > 0 ? ` · ${vectors.done.toLocaleString()}/${vectors.total.toLocaleString()}` : undefined;
}

function showStatus(): void {
  const state = socketState === 'loading' || (socketState === 'open' && indexLoading) ? 'loading' : socketState !== 'open' ? socketState : servingState();
  status.dataset.state = state;
  label(status, STATUS_TEXT[state], state === 'building' ? buildProgress() : undefined);
}

const readiness = new ReadinessWatch((next) => {
  serving = next;
  showStatus();
});

const store = new ConversationStore(undefined, () => sidebar.render());
const filters = new Filters(byId('region-filter', HTMLSelectElement), byId('year-filter', HTMLSelectElement));
const panel = new SourcePanel(byId('chat-column', HTMLElement), input);
const reportsView = new ReportsView(panel, byId('reports-button', HTMLButtonElement));
const shared = sharedId(location.pathname);

/** The reports as the server now has them: filters, the 报告 view and the start screen follow. */
function showReports(listed: readonly ListedReport[]): void {
  reports = listed;
  filters.fill(listed);
  reportsView.fill(listed);
  addReports?.fill(listed);
  showCoverage();
}

// Offered only where the server takes reports from the page (ADMIN_TOKEN set).
const adminOn = document.querySelector<HTMLMetaElement>('meta[name="report-admin"]')?.content === 'on';
const addReports = adminOn && !shared ? new AddReportsView(panel, byId('add-reports-button', HTMLButtonElement), showReports) : undefined;

const client = new AskClient(
  location.origin.replace(/^http/, 'ws') + '/ws',
  (state) => {
    socketState = state;
    showStatus();
  },
  { timeoutMs: timeoutMs() },
);
client.onUploadProgress = (event) => addReports?.progress(event);

const chat = new Chat({
  scroller: byId('chat', HTMLElement),
  welcome,
  messages: byId('messages', HTMLDivElement),
  client,
  store,
  panel,
  filters,
  input,
  onDegraded: () => readiness.watch(),
});

function startOver(): void {
  store.select(undefined);
  chat.show(undefined);
  input.value = '';
  updateSendButton();
  input.focus();
}

const sidebar = new Sidebar(byId('sidebar', HTMLElement), byId('sidebar-toggle', HTMLButtonElement), store, {
  open: (id) => {
    store.select(id);
    chat.show(store.current());
  },
  startNew: startOver,
}, byId('chat-column', HTMLElement));

function showExamples(): void {
  examples.replaceChildren(
    ...EXAMPLES.map((example) => {
      const [first, ...then] = example.questions;
      const button = h('button', { class: 'example', attrs: { type: 'button' } }, h('span', { class: 'example-kind', label: example.kind }), ...example.questions.map((q) => h('span', { class: 'example-question', attrs: { lang: textLang(q) } }, q)));
      button.addEventListener('click', () => {
        if (!first) return;
        // A follow-up example asks its second question once the first is answered.
        chat.ask(first, filters.current(), then[0] === undefined ? undefined : () => chat.ask(then[0] as string));
      });
      return h('li', {}, button);
    }),
  );
}

function showCoverage(): void {
  // Shown again in the other language as it was: the regions unfolded if they were.
  const unfolded = coverage.querySelector('details')?.open ?? false;
  coverage.replaceChildren(...(reports.length > 0 ? coverageView(reports) : []));
  const details = coverage.querySelector('details');
  if (details) details.open = unfolded;
}

function updateSendButton(): void {
  sendButton.disabled = input.value.trim() === '';
}

// Enter confirming an IME candidate must not send: browsers flag it differently, so all three signs are checked.
let composing = false;
input.addEventListener('compositionstart', () => {
  composing = true;
});
input.addEventListener('compositionend', () => {
  composing = false;
});
input.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.shiftKey || composing || event.isComposing || event.keyCode === 229) return;
  event.preventDefault();
  form.requestSubmit();
});
input.addEventListener('input', updateSendButton);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!input.value.trim()) return;
  chat.ask(input.value);
  input.value = '';
  updateSendButton();
});

byId('new-conversation', HTMLButtonElement).addEventListener('click', startOver);

// The menu of less frequent actions: export and the colour scheme.
function setMenu(open: boolean): void {
  moreMenu.hidden = !open;
  moreButton.setAttribute('aria-expanded', String(open));
}
moreButton.addEventListener('click', () => setMenu(moreMenu.hidden));
document.addEventListener('click', (event) => {
  if (!moreMenu.hidden && event.target instanceof Node && !moreMenu.contains(event.target) && !moreButton.contains(event.target)) setMenu(false);
});
moreMenu.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  event.stopPropagation();
  setMenu(false);
  moreButton.focus();
});
byId('export-markdown', HTMLButtonElement).addEventListener('click', () => {
  const conversation = store.current();
  if (conversation) download(fileName(conversation, 'md'), toMarkdown(conversation), 'text/markdown;charset=utf-8');
  setMenu(false);
});
byId('export-json', HTMLButtonElement).addEventListener('click', () => {
  const conversation = store.current();
  if (conversation) download(fileName(conversation, 'json'), toJson(conversation), 'application/json;charset=utf-8');
  setMenu(false);
});
themeToggle(byId('theme-toggle', HTMLButtonElement));

shareButton.addEventListener('click', async () => {
  const conversation = store.current();
  if (!conversation) return;
  shareButton.disabled = true;
  const { url, code } = await shareConversation(conversation);
  shareButton.disabled = false;
  if (!url) {
    label(shareStatus, writeErrorKey(code, 'shareFailed'));
    shareStatus.hidden = false;
    return;
  }
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    // Not allowed here: the link is shown to be copied by hand.
  }
  const link = h('a', { attrs: { href: url } }, url);
  label(shareStatus, copied ? 'shareCopied' : 'shareReady');
  shareStatus.append(link);
  shareStatus.hidden = false;
});

function showLanguage(): void {
  translatePage();
  // The toggle names the other language in that language.
  languageToggle.lang = language() === 'zh' ? 'en' : 'zh-CN';
  showExamples();
  showCoverage();
}
languageToggle.addEventListener('click', () => {
  setLanguage(language() === 'zh' ? 'en' : 'zh');
  showLanguage();
});

async function openShared(id: string): Promise<void> {
  document.body.dataset.mode = 'shared';
  byId('shared-banner', HTMLElement).hidden = false;
  form.hidden = true;
  const conversation = await loadShared(id);
  if (!conversation) {
    byId('shared-missing', HTMLElement).hidden = false;
    welcome.hidden = true;
    return;
  }
  chat.showReadOnly(conversation.conversation.map((turn) => ({ question: turn.question, result: sharedResult(turn) })));
}

showLanguage();
updateSendButton();
showStatus();
sidebar.render();
if (shared) void openShared(shared);
else chat.show(store.current());
void fetchReports(() => {
  indexLoading = true;
  showStatus();
}).then((listed) => {
  indexLoading = false;
  showStatus();
  readiness.watch();
  showReports(listed);
});
