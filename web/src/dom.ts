/**
 * Building elements from script. Text always goes in as text nodes, so nothing the server or the user wrote can
 * ever become markup.
 */
import { ariaLabel, label, type StringKey } from './i18n.ts';

type Child = Node | string | null | undefined | false;

interface Props {
  class?: string;
  /** A UI string, shown in the current language and switched with it. */
  label?: StringKey;
  /** A UI string naming the element for assistive technology. */
  ariaLabel?: StringKey;
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  if (props.label) label(element, props.label);
  if (props.ariaLabel) ariaLabel(element, props.ariaLabel);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** An element the page cannot work without, from index.html. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`index.html lacks #${id}`);
  return element;
}
