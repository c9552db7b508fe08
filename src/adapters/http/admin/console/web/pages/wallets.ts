import { get, post, problemOf } from '../api.js';
import { h, replace } from '../dom.js';
import { amount, percent } from '../format.js';
import type { WalletRow } from '../types.js';
import { badge, button, card, confirmAction, facts, pageHeader, table, toast } from '../ui.js';
import type { PageContext } from './page.js';

/** Why a wallet does or does not take orders, in one word. */
function state(w: WalletRow): HTMLElement {
  if (w.status !== 'active') return badge(w.status);
  if (w.paused) return badge('paused', 'Paused by an operator');
  if (w.tripped) return badge('tripped', 'Stopped after failures');
  return badge('active', 'Taking orders');
}

/** Every wallet identifier: its plugin, state, limits and balances; switch it off and on; reload the config. */
export async function walletsPage(p: PageContext): Promise<void> {
  const { body: wallets } = await get<WalletRow[]>('/admin/wallets');

  const reload = async () => {
    const ok = await confirmAction({
      title: 'Reload the configuration?',
      body: [h('p', {}, 'The broker reads its config file again and applies wallet changes. An invalid file changes nothing.')],
      confirm: 'Reload',
    });
    if (!ok) return;
    const res = await post<{ reloaded: boolean; error?: string }>('/admin/reload');
    toast(res.status === 200 ? 'Configuration reloaded.' : problemOf(res), res.status === 200 ? 'ok' : 'error');
    p.refresh();
  };

  const toggle = async (w: WalletRow, disable: boolean) => {
    if (disable) {
      const ok = await confirmAction({
        title: `Disable ${w.wallet}?`,
        body: [
          h('p', {}, `${w.wallet} stops taking new orders and leaves MixPay's asset ranges.`),
          h('p', { class: 'muted' }, 'Webhooks, settlement and refunds of its existing orders go on.'),
        ],
        confirm: `Disable ${w.wallet}`,
        danger: true,
      });
      if (!ok) return;
    }
    const res = await post(`/admin/wallets/${encodeURIComponent(w.wallet)}/${disable ? 'disable' : 'enable'}`);
    toast(res.status === 200 ? `${w.wallet} ${disable ? 'disabled' : 'enabled'}.` : problemOf(res), res.status === 200 ? 'ok' : 'error');
    p.refresh();
  };

  replace(
    p.content,
    pageHeader(
      'Wallets',
      `${wallets.length} wallet identifier${wallets.length === 1 ? '' : 's'}`,
      button('Reload config', () => void reload()),
    ),
    ...wallets.map((w) =>
      card(
        null,
        h(
          'div',
          { class: 'wallet-head' },
          h(
            'div',
            {},
            h('h2', { class: 'wallet-name' }, w.wallet),
            h('span', { class: 'muted' }, `${w.plugin}${w.plugin_version ? ` ${w.plugin_version}` : ''}`),
          ),
          state(w),
          h(
            'div',
            { class: 'actions' },
            w.status === 'active'
              ? w.paused || w.tripped
                ? button(`Enable ${w.wallet}`, () => void toggle(w, false), 'primary')
                : button(`Disable ${w.wallet}`, () => void toggle(w, true), 'danger')
              : null,
          ),
        ),
        w.problem ? h('div', { class: 'alert alert-attention' }, w.problem) : null,
        facts([
          ['Enabled in config', w.enabled ? 'yes' : 'no'],
          ['Consecutive failures', String(w.consecutive_failures)],
        ]),
        table(
          [
            { title: 'Asset', cell: (a) => h('span', { class: 'strong', attrs: { title: a.asset_id } }, a.currency) },
            { title: 'Min', cell: (a) => amount(a.min), class: 'num' },
            { title: 'Max', cell: (a) => amount(a.max), class: 'num' },
            { title: 'Fee', cell: (a) => percent(a.fee), class: 'num' },
            { title: 'Balance', cell: (a) => amount(a.balance), class: 'num' },
            { title: 'Reserved', cell: (a) => amount(a.reserved), class: 'num' },
            { title: 'Available', cell: (a) => amount(a.available), class: 'num' },
          ],
          w.assets,
          'No assets configured.',
        ),
      ),
    ),
  );
}
