import { h, navLink, replace } from './dom.js';
import type { Route } from './nav.js';
import { button } from './ui.js';

const SECTIONS = [
  { path: '', title: 'Dashboard' },
  { path: 'orders', title: 'Orders' },
  { path: 'incoming', title: 'Incoming' },
  { path: 'wallets', title: 'Wallets' },
] as const;

export interface ShellOptions {
  readonly route: Route;
  readonly treasury: string | null;
  readonly onSignOut: () => void;
}

/** The frame around every page once signed in: the left navigation and the main area, which it returns. */
export function shell(root: HTMLElement, o: ShellOptions): HTMLElement {
  const here = o.route.path[0] ?? '';
  const main = h('main', { class: 'main', attrs: { id: 'main', tabindex: '-1' } });
  const nav = h(
    'nav',
    { class: 'sidebar', attrs: { 'aria-label': 'Console' } },
    h(
      'div',
      { class: 'brand' },
      h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }, 'M'),
      h('span', {}, 'Broker console'),
    ),
    h('ul', { class: 'nav' }, ...SECTIONS.map((s) => h('li', {}, navLink(`#/${s.path}`, s.title)))),
    h(
      'div',
      { class: 'sidebar-foot' },
      o.treasury === 'sandbox' ? h('p', { class: 'sandbox-note' }, 'Sandbox treasury: no real money moves') : null,
      button('Sign out', o.onSignOut, 'quiet'),
    ),
  );
  for (const a of nav.querySelectorAll('a')) {
    const target = a.getAttribute('href')?.replace(/^#\/?/, '') ?? '';
    if (target === here) a.setAttribute('aria-current', 'page');
  }
  replace(root, h('div', { class: 'layout' }, nav, main)); // toasts live outside the root, so a message outlives the redraw after it
  return main;
}
