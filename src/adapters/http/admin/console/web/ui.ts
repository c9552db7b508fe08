import { h, replace, type Child } from './dom.js';
import { label, time, tone } from './format.js';

/* The console's building blocks: one look for every page. */

export function badge(code: string, text = label(code)): HTMLElement {
  return h('span', { class: `badge badge-${tone(code)}` }, text);
}

export function button(
  text: string,
  onClick: () => void,
  kind: 'primary' | 'danger' | 'secondary' | 'quiet' = 'secondary',
): HTMLButtonElement {
  return h('button', { class: `btn btn-${kind}`, attrs: { type: 'button' }, on: { click: () => onClick() } }, text);
}

export function pageHeader(title: string, subtitle: Child | Child[], ...actions: Child[]): HTMLElement {
  return h(
    'header',
    { class: 'page-header' },
    h('div', {}, h('h1', {}, title), subtitle ? h('p', { class: 'subtitle' }, ...[subtitle].flat()) : null),
    h('div', { class: 'actions' }, ...actions),
  );
}

export function card(title: string | null, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card' }, title ? h('h2', {}, title) : null, ...children);
}

/** Label–value pairs of one thing (an order, a transfer). */
export function facts(rows: readonly (readonly [string, Child])[]): HTMLElement {
  return h('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

export interface Column<T> {
  readonly title: string;
  readonly cell: (row: T) => Child;
  readonly class?: string;
}

export function table<T>(columns: readonly Column<T>[], rows: readonly T[], empty: string): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { class: c.class ?? '' }, c.title)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...columns.map((c) => h('td', { class: c.class ?? '' }, c.cell(r)))))),
    ),
  );
}

export function when(iso: string | null | undefined): HTMLElement {
  return h('time', { attrs: { datetime: iso ?? undefined, title: iso ?? undefined } }, time(iso));
}

export function mono(text: string | null | undefined): HTMLElement {
  return h('span', { class: 'mono' }, text ?? '—');
}

/** The start of a long id, the whole of it on hover. */
export function shortId(id: string | null | undefined, length = 8): HTMLElement {
  if (!id) return h('span', {}, '—');
  return h('span', { class: 'mono', attrs: { title: id } }, id.length > length ? `${id.slice(0, length)}…` : id);
}

export function loading(what: string): HTMLElement {
  return h('p', { class: 'loading' }, `Loading ${what}…`);
}

export function failure(message: string): HTMLElement {
  return h('div', { class: 'alert alert-error', attrs: { role: 'alert' } }, message);
}

/** A short-lived message at the bottom of the screen, also read out by screen readers. */
export function toast(message: string, kind: 'ok' | 'error' = 'ok'): void {
  const region =
    document.getElementById('toasts') ??
    document.body.appendChild(h('div', { class: 'toasts', attrs: { id: 'toasts', 'aria-live': 'polite' } }));
  const note = h('div', { class: `toast toast-${kind}`, attrs: { role: 'status' } }, message);
  region.appendChild(note);
  setTimeout(() => note.remove(), 6000);
}

export interface Confirmation {
  readonly title: string;
  readonly body: Child[];
  readonly confirm: string;
  readonly danger?: boolean;
  /** Ask for an operator's note (kept in the order's history). */
  readonly note?: boolean;
}

/** Asks before anything that moves money or changes service; resolves with the note, or null when cancelled. */
export function confirmAction(c: Confirmation): Promise<{ note: string } | null> {
  return new Promise((resolve) => {
    const note = c.note
      ? h('textarea', {
          class: 'note',
          attrs: { name: 'note', rows: '2', maxlength: '200', 'aria-label': 'Note', placeholder: 'Note for the history (optional)' },
        })
      : null;
    const dialog = h('dialog', { class: 'dialog', attrs: { 'aria-labelledby': 'dialog-title' } });
    const close = (result: { note: string } | null) => {
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    dialog.addEventListener('cancel', () => close(null));
    replace(
      dialog,
      h('h2', { attrs: { id: 'dialog-title' } }, c.title),
      h('div', { class: 'dialog-body' }, ...c.body),
      note,
      h(
        'div',
        { class: 'dialog-actions' },
        button('Cancel', () => close(null), 'secondary'),
        button(c.confirm, () => close({ note: note?.value.trim() ?? '' }), c.danger ? 'danger' : 'primary'),
      ),
    );
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}
