import { call, get, problemOf } from '../api.js';
import { h, navLink, replace } from '../dom.js';
import { amount, label } from '../format.js';
import { go, orderHash } from '../nav.js';
import { ORDER_STATUSES, type OrderList, type WalletRow } from '../types.js';
import { badge, button, card, failure, mono, pageHeader, shortId, table, when } from '../ui.js';
import type { PageContext } from './page.js';

const FILTERS = ['q', 'status', 'wallet', 'asset_id', 'payee_id', 'from', 'to', 'limit'] as const;

/** Cursors of the pages before this one, per filter set, so "Newer" can go back. */
const earlier = new Map<string, string[]>();

/** The order list: every filter of GET /admin/orders, newest first, page by page. */
export async function ordersPage(p: PageContext): Promise<void> {
  const filters = new URLSearchParams();
  for (const f of FILTERS) {
    const v = p.params.get(f);
    if (v) filters.set(f, v);
  }
  const cursor = p.params.get('cursor');
  const query = new URLSearchParams(filters);
  if (cursor) query.set('cursor', cursor);

  const [list, { body: wallets }] = await Promise.all([
    call<OrderList & { error?: string }>('GET', `/admin/orders?${query}`),
    get<WalletRow[]>('/admin/wallets'),
  ]);
  const key = filters.toString();
  const back = cursor ? (earlier.get(key) ?? []) : [];
  if (!cursor) earlier.set(key, []);

  const older = list.status === 200 ? list.body.next_cursor : null;
  const paging = h(
    'div',
    { class: 'paging' },
    h('span', { class: 'muted' }, list.status === 200 ? `Page ${back.length + 1} · ${list.body.orders.length} orders` : ''),
    cursor
      ? button('← Newer', () => {
          earlier.set(key, back.slice(0, -1));
          go('orders', withCursor(filters, back.at(-1) || null));
        })
      : null,
    cursor ? button('First page', () => go('orders', filters)) : null,
    older
      ? button('Older →', () => {
          earlier.set(key, [...back, cursor ?? '']);
          go('orders', withCursor(filters, older));
        })
      : null,
  );
  const results = list.status === 200 ? resultsTable(list.body) : failure(problemOf(list));

  replace(
    p.content,
    pageHeader('Orders', 'Newest first. Find one by its trace id (or part of it) or the wallet’s payment id.'),
    card(null, filterForm(filters, wallets)),
    card(null, results, paging),
  );
}

function withCursor(filters: URLSearchParams, cursor: string | null): URLSearchParams {
  const q = new URLSearchParams(filters);
  if (cursor) q.set('cursor', cursor);
  return q;
}

function resultsTable(list: OrderList): HTMLElement {
  return table(
    [
      { title: 'Created', cell: (o) => when(o.created_at), class: 'nowrap' },
      { title: 'Trace id', cell: (o) => navLink(orderHash(o.trace_id), mono(o.trace_id)), class: 'nowrap' },
      { title: 'Status', cell: (o) => badge(o.status) },
      { title: 'Wallet', cell: (o) => o.wallet },
      { title: 'Amount', cell: (o) => h('span', {}, amount(o.amount), ' ', h('span', { class: 'muted' }, o.currency)), class: 'num' },
      { title: 'Fee', cell: (o) => amount(o.fee), class: 'num' },
      { title: 'Payee', cell: (o) => shortId(o.payee_id), class: 'nowrap' },
      { title: 'Payment id', cell: (o) => shortId(o.payment_id, 12), class: 'nowrap' },
    ],
    list.orders,
    'No order matches these filters.',
  );
}

function filterForm(current: URLSearchParams, wallets: readonly WalletRow[]): HTMLElement {
  const field = (id: string, text: string, control: HTMLElement) =>
    h('div', { class: 'field' }, h('label', { attrs: { for: id } }, text), control);
  const input = (name: string, attrs: Record<string, string> = {}) =>
    h('input', { class: 'input', attrs: { id: `f-${name}`, name, value: current.get(name) ?? '', ...attrs } });
  const select = (name: string, options: readonly (readonly [string, string])[]) => {
    const el = h(
      'select',
      { class: 'input', attrs: { id: `f-${name}`, name } },
      ...options.map(([v, t]) => h('option', { attrs: { value: v } }, t)),
    );
    el.value = current.get(name) ?? '';
    return el;
  };
  const local = (iso: string | null) => (iso ? toLocalInput(iso) : '');
  const from = h('input', {
    class: 'input',
    attrs: { id: 'f-from', type: 'datetime-local', step: '1', value: local(current.get('from')) },
  });
  const to = h('input', { class: 'input', attrs: { id: 'f-to', type: 'datetime-local', step: '1', value: local(current.get('to')) } });

  const chosen = new Set((current.get('status') ?? '').split(',').filter(Boolean));
  const chips = h(
    'div',
    { class: 'chips', attrs: { role: 'group', 'aria-label': 'Status' } },
    ...ORDER_STATUSES.map((s) =>
      h(
        'button',
        {
          class: 'chip',
          attrs: { type: 'button', 'aria-pressed': chosen.has(s) ? 'true' : 'false', 'data-status': s },
          on: { click: (e) => toggle(e.currentTarget as HTMLButtonElement) },
        },
        label(s),
      ),
    ),
  );
  const toggle = (b: HTMLButtonElement) => b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');

  const assets = [...new Map(wallets.flatMap((w) => w.assets.map((a) => [a.asset_id, a.currency] as const))).entries()];
  const form = h(
    'form',
    {
      class: 'filters',
      attrs: { role: 'search' },
      on: {
        submit: (e) => {
          e.preventDefault();
          const data = new FormData(form);
          const next = new URLSearchParams();
          for (const name of ['q', 'wallet', 'asset_id', 'payee_id', 'limit']) {
            const v = String(data.get(name) ?? '').trim();
            if (v) next.set(name, v);
          }
          const statuses = [...chips.querySelectorAll('[aria-pressed="true"]')].map((c) => c.getAttribute('data-status'));
          if (statuses.length) next.set('status', statuses.join(','));
          if (from.value) next.set('from', new Date(from.value).toISOString());
          if (to.value) next.set('to', new Date(to.value).toISOString());
          go('orders', next);
        },
      },
    },
    h(
      'div',
      { class: 'filter-row' },
      field(
        'f-q',
        'Search',
        input('q', { type: 'search', placeholder: 'Trace id, part of one, or payment id', class: 'input', spellcheck: 'false' }),
      ),
      field('f-wallet', 'Wallet', select('wallet', [['', 'Any wallet'], ...wallets.map((w) => [w.wallet, w.wallet] as const)])),
      field('f-asset_id', 'Asset', select('asset_id', [['', 'Any asset'], ...assets])),
      field('f-payee_id', 'Payee', input('payee_id', { placeholder: 'Payee UUID', spellcheck: 'false' })),
    ),
    h(
      'div',
      { class: 'filter-row' },
      field('f-from', 'Created from', from),
      field('f-to', 'Created before', to),
      field(
        'f-limit',
        'Per page',
        select('limit', [
          ['', '50'],
          ['25', '25'],
          ['100', '100'],
          ['200', '200'],
          ['500', '500'],
        ]),
      ),
    ),
    h('div', { class: 'field' }, h('span', { class: 'field-label' }, 'Status'), chips),
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { class: 'btn btn-primary', attrs: { type: 'submit' } }, 'Search'),
      button('Clear filters', () => go('orders'), 'quiet'),
    ),
  );
  return form;
}

/** An ISO instant as a datetime-local value in the operator's zone. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
