import { get } from '../api.js';
import { h, navLink, replace } from '../dom.js';
import { amount, duration, label } from '../format.js';
import { hashFor } from '../nav.js';
import type { Dashboard, IncomingRow, WalletRow } from '../types.js';
import { badge, button, card, pageHeader, table, when } from '../ui.js';
import type { PageContext } from './page.js';

const ordersWith = (status: string) => hashFor('orders', new URLSearchParams({ status }));

function tile(title: string, value: string, note: string, href: string | null, alarm: boolean): HTMLElement {
  const body = [
    h('span', { class: 'tile-title' }, title),
    h('span', { class: 'tile-value' }, value),
    h('span', { class: 'tile-note' }, note),
  ];
  return href
    ? h('a', { class: `tile${alarm ? ' tile-alarm' : ''}`, attrs: { href } }, ...body)
    : h('div', { class: `tile${alarm ? ' tile-alarm' : ''}` }, ...body);
}

/** The first page: what needs an operator, the queues, orders per status, balances against their alert thresholds. */
export async function dashboardPage(p: PageContext): Promise<void> {
  const [{ body: d }, { body: wallets }, { body: incoming }] = await Promise.all([
    get<Dashboard>('/admin/dashboard'),
    get<WalletRow[]>('/admin/wallets'),
    get<IncomingRow[]>('/admin/incoming?limit=100'),
  ]);
  const currency = new Map(wallets.flatMap((w) => w.assets.map((a) => [a.asset_id, a.currency] as const)));
  const serving = wallets.filter((w) => w.taking_orders).length;
  const open = d.orders.open;

  replace(
    p.content,
    pageHeader('Dashboard', ['As of ', when(d.generated_at)], button('Refresh', p.refresh)),
    h(
      'div',
      { class: 'tiles' },
      tile(
        'Settlement failed',
        String(open['settlement_failed'] ?? 0),
        'orders to retry',
        ordersWith('settlement_failed'),
        (open['settlement_failed'] ?? 0) > 0,
      ),
      tile(
        'Needs review',
        String(open['needs_review'] ?? 0),
        'payments to decide',
        ordersWith('needs_review'),
        (open['needs_review'] ?? 0) > 0,
      ),
      tile(
        'Refunds failed',
        String(d.refunds.failed),
        'refunds to retry',
        ordersWith('refund_pending,refunded_by_mixpay'),
        d.refunds.failed > 0,
      ),
      tile(
        'Incoming',
        incoming.length >= 100 ? '100+' : String(incoming.length),
        'transfers to look at',
        '#/incoming',
        incoming.length > 0,
      ),
      tile('Wallets', `${serving} / ${wallets.length}`, 'taking orders', '#/wallets', serving < wallets.filter((w) => w.enabled).length),
    ),
    h(
      'div',
      { class: 'grid-2' },
      card(
        'Settlement backlog',
        queueFacts('Transfers to MixPay waiting', d.settlement.open, d.settlement.oldest_age_seconds, d.settlement.failed),
      ),
      card('Refund backlog', queueFacts('Payer refunds waiting', d.refunds.open, d.refunds.oldest_age_seconds, d.refunds.failed)),
    ),
    h(
      'div',
      { class: 'grid-2' },
      card('Open orders', statusCounts(open)),
      card('Orders created in the last 24 hours', statusCounts(d.orders.last_24h)),
    ),
    card(
      'Balances',
      table(
        [
          { title: 'Asset', cell: (b) => h('span', { class: 'strong' }, currency.get(b.asset_id) ?? b.asset_id) },
          { title: 'Balance', cell: (b) => amount(b.balance), class: 'num' },
          { title: 'Reserved', cell: (b) => amount(b.reserved), class: 'num' },
          { title: 'Available', cell: (b) => amount(b.available), class: 'num' },
          { title: 'Alert below', cell: (b) => (b.alert_below ? amount(b.alert_below) : 'no alert set'), class: 'num' },
          { title: '', cell: (b) => (b.alert_below ? badge(b.low ? 'low' : 'active', b.low ? 'Low' : 'OK') : null) },
        ],
        d.balances,
        'No assets are offered.',
      ),
    ),
  );
}

function queueFacts(what: string, open: number, oldestSeconds: number | null, failed: number): HTMLElement {
  return h(
    'div',
    { class: 'queue' },
    h('div', {}, h('span', { class: 'big' }, String(open)), h('span', { class: 'muted' }, ` ${what}`)),
    h('div', { class: 'muted' }, 'Oldest waiting: ', h('span', { class: 'strong' }, duration(oldestSeconds))),
    h(
      'div',
      { class: 'muted' },
      'Failed for good: ',
      h('span', { class: failed > 0 ? 'strong text-attention' : 'strong' }, String(failed)),
    ),
  );
}

function statusCounts(counts: Record<string, number>): HTMLElement {
  const rows = Object.entries(counts);
  return h(
    'ul',
    { class: 'counts' },
    ...rows.map(([status, n]) =>
      h(
        'li',
        { class: n === 0 ? 'zero' : '' },
        navLink(ordersWith(status), badge(status, label(status))),
        h('span', { class: 'count' }, String(n)),
      ),
    ),
  );
}
