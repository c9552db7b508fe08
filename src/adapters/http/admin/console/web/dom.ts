/*
 * Building the page: every value goes in as a text node or an attribute, never as markup, so
 * nothing an order, a wallet or a provider says can become HTML or script (there is no innerHTML
 * anywhere in the console).
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  readonly class?: string;
  /** Attributes, set with setAttribute (never event handlers or styles: those are refused). */
  readonly attrs?: Readonly<Record<string, string | boolean | undefined>>;
  readonly on?: { readonly [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (/^on/i.test(name) || name === 'style') throw new Error(`attribute ${name} is not allowed`);
    if (value === true) el.setAttribute(name, '');
    else if (typeof value === 'string') el.setAttribute(name, value);
  }
  for (const [type, handler] of Object.entries(props.on ?? {})) el.addEventListener(type, handler as EventListener);
  append(el, children);
  return el;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces everything inside `parent`. */
export function replace(parent: Node, ...children: (Child | Child[])[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/** A link inside the console (`#/…`). */
export function navLink(hash: string, ...children: Child[]): HTMLAnchorElement {
  return h('a', { attrs: { href: hash.startsWith('#/') ? hash : '#/' } }, ...children);
}

function isWebUrl(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** A link out, only for http(s) URLs; anything else is shown as text. */
export function outLink(url: string): HTMLElement {
  return isWebUrl(url)
    ? h('a', { class: 'out', attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' } }, url)
    : h('span', {}, url);
}
