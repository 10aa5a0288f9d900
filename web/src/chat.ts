/**
 * The conversation on the page: each question with its answer, asked with the turns before it, kept in the browser
 * as it goes. An answer can be asked again (regenerate), a question edited and asked anew (the turns after it go),
 * an answer judged; a filter that refused a question can be cleared and the question asked again. A shared
 * conversation is shown the same way, read-only.
 */
import type { AskClient } from './api.ts';
import { storable, newId, type ConversationStore, type StoredConversation, type StoredTurn } from './conversations-store.ts';
import { h } from './dom.ts';
import { ariaLabel } from './i18n.ts';
import { clearFilterButton, filterNote, refusedByFilter, retrievedPassages } from './evidence.ts';
import { feedbackControls } from './feedback.ts';
import type { FilterChoice, Filters } from './filters.ts';
import { icon } from './icons.ts';
import type { SourcePanel } from './panel.ts';
import { AnswerView, questionMessage, type OpenCitation } from './render.ts';
import type { AnswerResult, Turn } from './types.ts';

/** What the server accepts as a conversation: at most 20 earlier turns, answers of at most 4000 characters. */
const MAX_TURNS = 20;
const MAX_ANSWER_CHARS = 4000;
/** How close to the bottom the reader must be for new text to keep the list scrolled to the end. */
const FOLLOW_PX = 80;

export interface ChatDeps {
  scroller: HTMLElement;
  welcome: HTMLElement;
  messages: HTMLElement;
  client: AskClient;
  store: ConversationStore;
  panel: SourcePanel;
  filters: Filters;
  /** Where focus goes when the control that had it is gone. */
  input: HTMLTextAreaElement;
  /** Told of an answer given on words alone, so that the page watches for the server's return to meaning. */
  onDegraded(): void;
}

interface ShownTurn {
  turn: StoredTurn;
  group: HTMLElement;
  view: AnswerView;
  stop?: () => void;
}

export class Chat {
  private shown: ShownTurn[] = [];

  constructor(private readonly deps: ChatDeps) {}

  private readonly openCitation: OpenCitation = (citation, quotes, trigger, all) => void this.deps.panel.open(citation, quotes, trigger, all);

  /** Asks a question at the end of the conversation; `then` runs once it is answered (a follow-up example). */
  ask(text: string, filter: FilterChoice = this.deps.filters.current(), then?: () => void): void {
    const question = text.trim();
    if (!question) return;
    const turn: StoredTurn = { id: newId(), question, ...(filter.region !== undefined || filter.year !== undefined ? { filter } : {}) };
    const conversation = this.deps.store.addTurn(turn);
    // The stored turn is the one kept: its answer is written to it.
    const stored = conversation.turns.at(-1) ?? turn;
    const shown = this.showTurn(stored);
    this.deps.welcome.hidden = true;
    this.scrollToEnd();
    this.send(shown, then);
  }

  /** Shows a kept conversation, or the start screen for none. */
  show(conversation: StoredConversation | undefined): void {
    this.clear();
    for (const turn of conversation?.turns ?? []) {
      const shown = this.showTurn(turn);
      if (turn.result) shown.view.finish(turn.result);
      else shown.view.fail({ kind: 'connection' }, () => this.send(shown));
    }
    this.deps.welcome.hidden = this.shown.length > 0;
    // A conversation opens at its end, the start screen at its top.
    if (this.shown.length > 0) this.scrollToEnd();
    else this.deps.scroller.scrollTop = 0;
  }

  /** Shows answers someone shared: no asking, editing or judging. */
  showReadOnly(turns: readonly { question: string; result: AnswerResult }[]): void {
    this.clear();
    for (const { question, result } of turns) {
      const view = new AnswerView(this.openCitation, () => {});
      this.deps.messages.append(h('div', { class: 'turn' }, questionMessage(question), view.element));
      view.finish(result);
    }
    this.deps.welcome.hidden = turns.length > 0;
  }

  /** Stops listening for answers on their way and empties the page. */
  clear(): void {
    for (const shown of this.shown) shown.stop?.();
    this.shown = [];
    this.deps.messages.replaceChildren();
    this.deps.panel.close();
  }

  private showTurn(turn: StoredTurn): ShownTurn {
    const question = questionMessage(turn.question);
    // The answer's extras need the turn shown, which needs the answer's view.
    let shown!: ShownTurn;
    const view = new AnswerView(this.openCitation, (chosen) => this.ask(chosen), (result) => this.extras(shown, result));
    shown = { turn, group: h('div', { class: 'turn', attrs: { 'data-turn': turn.id } }), view };
    question.append(this.editButton(shown));
    shown.group.append(question, view.element);
    this.deps.messages.append(shown.group);
    this.shown.push(shown);
    return shown;
  }

  /** The answered turns before this one, as the server takes a conversation. */
  private context(shown: ShownTurn): Turn[] {
    const at = this.shown.indexOf(shown);
    return this.shown
      .slice(0, at < 0 ? this.shown.length : at)
      .flatMap(({ turn }) => (turn.result ? [{ question: turn.question, answer: turn.result.answer.slice(0, MAX_ANSWER_CHARS) }] : []))
      .slice(-MAX_TURNS);
  }

  private send(shown: ShownTurn, then?: () => void): void {
    const { turn, view } = shown;
    const earlier = this.context(shown);
    const request = { question: turn.question, ...(earlier.length > 0 ? { conversation: earlier } : {}), ...(turn.filter ?? {}) };
    shown.stop?.();
    view.waiting();
    shown.stop = this.deps.client.ask(request, {
      waiting: () => this.keepingEnd(() => view.waitingForServer()),
      sent: () => view.waiting(),
      passages: () => this.keepingEnd(() => view.composing()),
      delta: (piece) => this.keepingEnd(() => view.append(piece)),
      done: (result) => {
        delete shown.stop;
        if (result.degraded) this.deps.onDegraded();
        const kept = storable(result);
        turn.result = kept;
        delete turn.feedback;
        this.deps.store.updateTurn(turn.id, { result: kept, feedback: undefined });
        this.keepingEnd(() => view.finish(kept));
        then?.();
      },
      failed: (failure) => {
        delete shown.stop;
        this.keepingEnd(() =>
          view.fail(failure, () => {
            this.send(shown);
            this.deps.input.focus(); // the retry button is gone with the failure; focus goes where the next question is typed
          }),
        );
      },
    });
  }

  /** Under a finished answer: its filter, the way out of a filter that refused it, every passage retrieved, regenerate and 👍/👎. */
  private extras(shown: ShownTurn, result: AnswerResult): (Node | null)[] {
    const { turn } = shown;
    const regenerate = h('button', { class: 'button button-small button-quiet regenerate-button', attrs: { type: 'button' } }, icon('retry'), h('span', { label: 'regenerate' }));
    regenerate.addEventListener('click', () => this.send(shown));
    const feedback = feedbackControls({
      result,
      conversation: this.context(shown),
      given: turn.feedback,
      onRecorded: (given) => {
        turn.feedback = given;
        this.deps.store.updateTurn(turn.id, { feedback: given });
      },
    });
    const clear = refusedByFilter(result) && turn.filter
      ? clearFilterButton(() => {
          this.deps.filters.clear();
          delete turn.filter;
          this.deps.store.updateTurn(turn.id, { filter: undefined });
          this.send(shown);
        })
      : null;
    return [
      filterNote(turn.filter),
      clear,
      retrievedPassages(result, (passage, trigger) => this.openCitation(passage, [], trigger, [])),
      result.decision.kind === 'clarify' ? null : h('div', { class: 'answer-actions answer-more' }, regenerate, feedback),
    ];
  }

  /** A pencil beside the question: the question becomes a text field; sent, it is asked anew and the turns after it go. */
  private editButton(shown: ShownTurn): HTMLElement {
    const button = h('button', { class: 'icon-button edit-question', attrs: { type: 'button' } }, icon('edit'));
    ariaLabel(button, 'edit');
    button.addEventListener('click', () => {
      const field = h('textarea', { class: 'edit-field', attrs: { rows: '2', maxlength: '500' } });
      ariaLabel(field, 'questionLabel');
      field.value = shown.turn.question;
      const send = h('button', { class: 'button button-small button-primary', attrs: { type: 'submit' }, label: 'send' });
      const cancel = h('button', { class: 'button button-small button-quiet', attrs: { type: 'button' }, label: 'cancel' });
      const form = h('form', { class: 'edit-form' }, field, h('div', { class: 'answer-actions' }, send, cancel));
      const question = button.parentElement;
      if (!question) return;
      const original = [...question.childNodes];
      question.replaceChildren(form);
      cancel.addEventListener('click', () => {
        question.replaceChildren(...original);
        button.focus();
      });
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (!field.value.trim()) return;
        this.resendFrom(shown, field.value);
      });
      field.focus();
    });
    return button;
  }

  private resendFrom(shown: ShownTurn, question: string): void {
    const at = this.shown.indexOf(shown);
    for (const gone of this.shown.slice(at)) {
      gone.stop?.();
      gone.group.remove();
    }
    this.shown = this.shown.slice(0, at);
    this.deps.store.truncateFrom(shown.turn.id);
    this.ask(question, shown.turn.filter ?? {});
  }

  private nearBottom(): boolean {
    const { scroller } = this.deps;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < FOLLOW_PX;
  }

  private scrollToEnd(): void {
    this.deps.scroller.scrollTop = this.deps.scroller.scrollHeight;
  }

  /** Runs a change to the messages, keeping the list at its end if the reader was there. */
  private keepingEnd(change: () => void): void {
    const follow = this.nearBottom();
    change();
    if (follow) this.scrollToEnd();
  }
}
