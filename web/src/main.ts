/** The chat page: wires the question box, the filters and the toolbar to the server and the messages. */
import { AskClient, fetchReports, type ConnectionState } from './api.ts';
import { Conversation } from './conversation.ts';
import { byId, h } from './dom.ts';
import { Filters } from './filters.ts';
import { label, language, setLanguage, translatePage, type Language, type StringKey } from './i18n.ts';
import { SourcePanel } from './panel.ts';
import { ReadinessWatch, type Readiness } from './readiness.ts';
import { AnswerView, questionMessage } from './render.ts';

const EXAMPLES: Record<Language, string[]> = {
  zh: ['2024年北京GDP增长多少？', '2025年河南省粮食产量的目标是多少？', "What was Shanghai's GDP growth in 2024?"],
  en: ["What was Shanghai's GDP growth in 2024?", '2024年北京GDP增长多少？', '2025年河南省粮食产量的目标是多少？'],
};
/** How close to the bottom the reader must be for new text to keep the list scrolled to the end. */
const FOLLOW_PX = 80;

const scroller = byId('chat', HTMLElement);
const welcome = byId('welcome', HTMLElement);
const examples = byId('examples', HTMLUListElement);
const messages = byId('messages', HTMLDivElement);
const form = byId('composer', HTMLFormElement);
const input = byId('question', HTMLTextAreaElement);
const sendButton = byId('send', HTMLButtonElement);
const status = byId('connection', HTMLElement);
const languageToggle = byId('language-toggle', HTMLButtonElement);

const conversation = new Conversation();
const filters = new Filters(byId('region-filter', HTMLSelectElement), byId('year-filter', HTMLSelectElement));
const panel = new SourcePanel(byId('chat-column', HTMLElement), input);

let socketState: ConnectionState = 'connecting';
let indexLoading = false;
let serving: Readiness | undefined;

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
  const state = socketState !== 'open' ? socketState : indexLoading ? 'loading' : servingState();
  status.dataset.state = state;
  label(status, STATUS_TEXT[state], state === 'building' ? buildProgress() : undefined);
}

const readiness = new ReadinessWatch((next) => {
  serving = next;
  showStatus();
});

const client = new AskClient(location.origin.replace(/^http/, 'ws') + '/ws', (state) => {
  socketState = state;
  showStatus();
});

function showExamples(): void {
  examples.replaceChildren(
    ...EXAMPLES[language()].map((question) => {
      const button = h('button', { class: 'example', attrs: { type: 'button' } }, question);
      button.addEventListener('click', () => ask(question));
      return h('li', {}, button);
    }),
  );
}

function nearBottom(): boolean {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < FOLLOW_PX;
}

function scrollToEnd(): void {
  scroller.scrollTop = scroller.scrollHeight;
}

/** Runs a change to the messages, keeping the list at its end if the reader was there. */
function keepingEnd(change: () => void): void {
  const follow = nearBottom();
  change();
  if (follow) scrollToEnd();
}

function ask(text: string): void {
  const question = text.trim();
  if (!question) return;
  const earlier = conversation.context();
  const answered = conversation.add(question);
  const request = { question, ...(earlier.length > 0 ? { conversation: earlier } : {}), ...filters.current() };
  const view = new AnswerView(
    (citation, quotes, trigger) => void panel.open(citation, quotes, trigger),
    (chosen) => ask(chosen),
  );
  welcome.hidden = true;
  messages.append(questionMessage(question), view.element);
  scrollToEnd();

  const send = (): void => {
    view.waiting();
    const untrack = conversation.track(
      client.ask(request, {
        passages: () => keepingEnd(() => view.composing()),
        delta: (piece) => keepingEnd(() => view.append(piece)),
        done: (result) => {
          untrack();
          // An answer on words alone: the page says so until the server answers on meaning again.
          if (result.degraded) readiness.watch();
          answered(result.answer);
          keepingEnd(() => view.finish(result));
        },
        failed: (failure) => {
          untrack();
          keepingEnd(() =>
            view.fail(failure, () => {
              send();
              input.focus(); // the retry button is gone with the failure; focus goes where the next question is typed
            }),
          );
        },
      }),
    );
  };
  send();
}

function startOver(): void {
  panel.close();
  conversation.clear();
  messages.replaceChildren();
  welcome.hidden = false;
  input.value = '';
  updateSendButton();
  input.focus();
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
  ask(input.value);
  input.value = '';
  updateSendButton();
});

byId('new-conversation', HTMLButtonElement).addEventListener('click', startOver);

function showLanguage(): void {
  translatePage();
  // The toggle names the other language in that language.
  languageToggle.lang = language() === 'zh' ? 'en' : 'zh-CN';
  showExamples();
}
languageToggle.addEventListener('click', () => {
  setLanguage(language() === 'zh' ? 'en' : 'zh');
  showLanguage();
});

showLanguage();
updateSendButton();
showStatus();
void fetchReports(() => {
  indexLoading = true;
  showStatus();
}).then((reports) => {
  indexLoading = false;
  showStatus();
  readiness.watch();
  filters.fill(reports);
});
