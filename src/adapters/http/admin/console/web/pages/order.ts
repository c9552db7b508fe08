import { call, post, problemOf } from '../api.js';
import { h, navLink, outLink, replace, type Child } from '../dom.js';
import { amount, label } from '../format.js';
import type { OrderView } from '../types.js';
import { badge, button, card, confirmAction, facts, failure, mono, pageHeader, table, toast, when } from '../ui.js';
import type { PageContext } from './page.js';

const RECONCILABLE = new Set(['awaiting_payment', 'expired', 'failed']);

/** One order: everything the broker knows of it, and the actions its state allows. */
export async function orderPage(p: PageContext, traceId: string): Promise<void> {
  const answer = await call<OrderView>('GET', `/admin/orders/${encodeURIComponent(traceId)}`);
  if (answer.status !== 200) {
    replace(
      p.content,
      pageHeader('Order', mono(traceId)),
      failure(answer.status === 404 ? 'The broker has no order with this trace id.' : problemOf(answer)),
      navLink('#/orders', '← Back to the orders'),
    );
    return;
  }
  const o = answer.body;
  const money = (value: string | null | undefined, currency = o.currency) => (value ? `${amount(value)} ${currency}` : '—');

  /** Runs an admin action and shows the broker's answer; the page is drawn again either way. */
  const act = async (path: string, done: string, body?: unknown) => {
    const res = await post<{ result?: string; status?: string; wallet_says?: string; error?: string }>(path, body);
    if (res.status >= 200 && res.status < 300)
      toast(done.replace('{status}', label(res.body.status ?? '')).replace('{wallet}', res.body.wallet_says ?? ''));
    else toast(problemOf(res), 'error');
    p.refresh();
  };
  const base = `/admin/orders/${encodeURIComponent(o.trace_id)}`;
  const reported = o.reported_payment?.amount
    ? money(o.reported_payment.amount, o.reported_payment.currency ?? o.currency)
    : 'nothing usable';

  const actions: Child[] = [];
  if (o.status === 'settlement_failed') {
    actions.push(
      button(
        'Retry settlement',
        async () => {
          const ok = await confirmAction({
            title: 'Retry the settlement?',
            body: [
              h('p', {}, `The broker transfers ${money(o.amount)} to MixPay again.`),
              h('p', { class: 'muted' }, 'It uses the same request id (the trace id), so MixPay is never paid twice.'),
            ],
            confirm: 'Retry settlement',
          });
          if (ok) await act(`${base}/retry-settlement`, 'Settlement queued again.');
        },
        'primary',
      ),
    );
  }
  if (o.status === 'needs_review') {
    actions.push(
      button(
        'Settle anyway',
        async () => {
          const ok = await confirmAction({
            title: 'Settle this order anyway?',
            body: [
              h('p', {}, `MixPay receives ${money(o.amount)}. The wallet reported ${reported} paid, ${money(o.pay_amount)} was due.`),
              h('p', { class: 'muted' }, 'The broker covers any shortfall.'),
            ],
            confirm: 'Settle anyway',
            note: true,
          });
          if (ok) await act(`${base}/review`, 'Decided: settling.', { decision: 'settle', note: ok.note });
        },
        'primary',
      ),
      button(
        'Refund the payer',
        async () => {
          const ok = await confirmAction({
            title: 'Refund the payer?',
            body: [
              h('p', {}, `The payer gets back exactly what the wallet reported as paid: ${reported}.`),
              h('p', { class: 'muted' }, 'MixPay receives nothing.'),
            ],
            confirm: 'Refund the payer',
            danger: true,
            note: true,
          });
          if (ok) await act(`${base}/review`, 'Decided: refunding the payer.', { decision: 'refund', note: ok.note });
        },
        'danger',
      ),
    );
  }
  if (o.refund?.state === 'failed') {
    const refund = o.refund;
    actions.push(
      button(
        'Retry refund',
        async () => {
          const ok = await confirmAction({
            title: 'Retry the refund?',
            body: [
              h('p', {}, `The broker asks ${o.wallet} again to refund ${money(refund.amount, refund.currency)} to the payer.`),
              h('p', { class: 'muted' }, 'It uses the same refund id, so the payer is refunded once.'),
            ],
            confirm: 'Retry refund',
          });
          if (ok) await act(`${base}/refund/retry`, 'Refund queued again.');
        },
        'primary',
      ),
    );
  }
  if (RECONCILABLE.has(o.status)) {
    actions.push(button('Ask the wallet now', () => void act(`${base}/reconcile`, 'The wallet says {wallet}; the order is {status}.')));
  }

  replace(
    p.content,
    pageHeader('Order', h('span', { class: 'order-id' }, mono(o.trace_id), badge(o.status)), ...actions),
    attention(o, money, reported),
    h(
      'div',
      { class: 'grid-2' },
      card(
        'Terms',
        facts([
          ['Status', badge(o.status)],
          ['Wallet', o.wallet],
          ['Amount to MixPay', h('span', { class: 'strong' }, money(o.amount))],
          ['Fee', money(o.fee)],
          ['Payer pays', money(o.pay_amount)],
          ['Asset', mono(o.asset_id)],
          ['Payee', mono(o.payee_id)],
          ['MixPay bot', mono(o.opponent_id)],
          ['Memo', mono(o.memo)],
          ['Created', when(o.created_at)],
          ['Updated', when(o.updated_at)],
          ['Expires', when(o.expired_at)],
        ]),
      ),
      card(
        'Payment at the wallet',
        facts([
          ['Payment id', mono(o.payment_id)],
          ['Reported paid', o.reported_payment ? reported : '—'],
          ['Checkout', o.links?.checkout_url ? outLink(o.links.checkout_url) : '—'],
          ['Deep link', o.links?.deep_link ? outLink(o.links.deep_link) : '—'],
          ['Universal link', o.links?.universal_url ? outLink(o.links.universal_url) : '—'],
          ['Return URL', outLink(o.return_url)],
          ['Next wallet check', when(o.next_check_at)],
          ['Failure', o.failure_reason],
          ['MixPay refund code', o.mixpay_refund_code],
        ]),
      ),
    ),
    h(
      'div',
      { class: 'grid-2' },
      card(
        'Transfer to MixPay',
        o.transfer
          ? facts([
              ['State', badge(o.transfer.state)],
              ['Attempts', String(o.transfer.attempts)],
              ['Next attempt', when(o.transfer.next_attempt_at)],
              ['Last error', o.transfer.last_error],
              ['Transaction', mono(o.transfer.transaction_hash)],
            ])
          : h('p', { class: 'empty' }, 'No transfer: the order has not been paid in time.'),
      ),
      card(
        'Refund to the payer',
        o.refund
          ? facts([
              ['State', badge(o.refund.state)],
              ['Amount', money(o.refund.amount, o.refund.currency)],
              ['Why', label(o.refund.kind)],
              ['Reason', o.refund.reason],
              ['Attempts', String(o.refund.attempts)],
              ['Last error', o.refund.last_error],
              ['Refund id', mono(o.refund.refund_id)],
              ['Provider refund id', mono(o.refund.provider_refund_id)],
            ])
          : h('p', { class: 'empty' }, 'No refund.'),
      ),
    ),
    card(
      'History',
      table(
        [
          { title: 'When', cell: (t) => when(t.at), class: 'nowrap' },
          { title: 'From', cell: (t) => (t.from ? badge(t.from) : h('span', { class: 'muted' }, 'new')) },
          { title: 'To', cell: (t) => badge(t.to) },
          { title: 'Cause', cell: (t) => t.cause },
        ],
        [...o.history].reverse(),
        'No history.',
      ),
    ),
    navLink('#/orders', '← Back to the orders'),
  );
}

/** What the operator has to decide, said plainly above everything else. */
function attention(o: OrderView, money: (v: string | null | undefined, c?: string) => string, reported: string): HTMLElement | null {
  const say = (text: string) => h('div', { class: 'alert alert-attention', attrs: { role: 'note' } }, text);
  if (o.status === 'settlement_failed')
    return say(`The transfer to MixPay failed for good${o.transfer?.last_error ? `: ${o.transfer.last_error}` : '.'}`);
  if (o.status === 'needs_review')
    return say(`The wallet reported ${reported} paid; ${money(o.pay_amount)} was due. Settle anyway, or refund the payer.`);
  if (o.refund?.state === 'failed')
    return say(`The refund to the payer failed for good${o.refund.last_error ? `: ${o.refund.last_error}` : '.'}`);
  return null;
}
