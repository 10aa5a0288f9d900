/**
 * The conversations kept in this browser, most recent first: open one, start a new one, rename or delete one. A
 * column beside the conversation on a wide screen; over it on a phone, closed again once a conversation is chosen.
 */
import type { ConversationStore, StoredConversation } from './conversations-store.ts';
import { h } from './dom.ts';
import { ariaLabel } from './i18n.ts';
import { icon } from './icons.ts';

/** Below this width the sidebar covers the page; matches styles. */
const OVERLAY_QUERY = '(max-width: 760px)';
/** From this width the sidebar is open when the page loads. */
const OPEN_QUERY = '(min-width: 1100px)';

export interface SidebarActions {
  open(id: string): void;
  startNew(): void;
}

export class Sidebar {
  private readonly list: HTMLUListElement;
  private readonly overlay = matchMedia(OVERLAY_QUERY);

  constructor(
    private readonly element: HTMLElement,
    private readonly toggle: HTMLButtonElement,
    private readonly store: ConversationStore,
    private readonly actions: SidebarActions,
    /** The rest of the page, inert while the sidebar covers it. */
    private readonly background: HTMLElement,
  ) {
    const list = element.querySelector('ul');
    if (!list) throw new Error('the sidebar lacks its list');
    this.list = list;
    toggle.addEventListener('click', () => this.setOpen(element.hidden));
    element.querySelector('.sidebar-close')?.addEventListener('click', () => {
      this.setOpen(false);
      toggle.focus();
    });
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.overlay.matches && !event.isComposing) {
        this.setOpen(false);
        toggle.focus();
      }
    });
    this.overlay.addEventListener('change', () => this.coverPage());
    this.setOpen(matchMedia(OPEN_QUERY).matches);
  }

  setOpen(open: boolean): void {
    this.element.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.coverPage();
    if (open && this.overlay.matches) this.element.querySelector<HTMLElement>('button')?.focus();
  }

  /** On a phone the open sidebar is modal: what it covers can be neither seen nor reached. */
  private coverPage(): void {
    this.background.inert = !this.element.hidden && this.overlay.matches;
  }

  render(): void {
    const conversations = this.store.list();
    if (conversations.length === 0) {
      this.list.replaceChildren(h('li', { class: 'conversation-empty', label: 'noConversations' }));
      return;
    }
    this.list.replaceChildren(...conversations.map((c) => this.item(c)));
  }

  private item(conversation: StoredConversation): HTMLElement {
    const current = conversation.id === this.store.currentId;
    const open = h('button', { class: 'conversation-open', attrs: { type: 'button', ...(current ? { 'aria-current': 'true' } : {}) } }, conversation.title);
    open.addEventListener('click', () => {
      this.actions.open(conversation.id);
      if (this.overlay.matches) this.setOpen(false);
    });
    const rename = h('button', { class: 'icon-button conversation-rename', attrs: { type: 'button' } }, icon('edit'));
    ariaLabel(rename, 'rename', conversation.title);
    const remove = h('button', { class: 'icon-button conversation-delete', attrs: { type: 'button' } }, icon('trash'));
    ariaLabel(remove, 'delete', conversation.title);
    const item = h('li', { class: 'conversation-item' }, open, rename, remove);
    rename.addEventListener('click', () => this.editTitle(item, open, conversation));
    remove.addEventListener('click', () => {
      const wasCurrent = conversation.id === this.store.currentId;
      this.store.remove(conversation.id);
      if (wasCurrent) this.actions.startNew();
      this.list.querySelector<HTMLElement>('.conversation-open')?.focus();
    });
    return item;
  }

  /** The title as a text field: Enter or leaving it keeps the new name, Escape the old. */
  private editTitle(item: HTMLElement, open: HTMLButtonElement, conversation: StoredConversation): void {
    const input = h('input', { class: 'conversation-title-input', attrs: { type: 'text', maxlength: '100' } });
    ariaLabel(input, 'renameTo');
    input.value = conversation.title;
    let done = false;
    const finish = (keep: boolean): void => {
      if (done) return;
      done = true;
      if (keep) this.store.rename(conversation.id, input.value);
      else this.render();
      this.list.querySelector<HTMLElement>('[aria-current="true"], .conversation-open')?.focus();
    };
    input.addEventListener('keydown', (event) => {
      if (event.isComposing) return;
      if (event.key === 'Enter') {
        event.preventDefault();
        finish(true);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        finish(false);
      }
    });
    input.addEventListener('blur', () => finish(true));
    item.replaceChild(input, open);
    input.focus();
    input.select();
  }
}
