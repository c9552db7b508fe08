import { call, problemOf } from '../api.js';
import { h, navLink, replace } from '../dom.js';
import { amount, label } from '../format.js';
import { go, orderHash } from '../nav.js';
import { INCOMING_OUTCOMES, type IncomingRow } from '../types.js';
import { badge, button, card, failure, mono, pageHeader, shortId, table, when } from '../ui.js';
import type { PageContext } from './page.js';

const NEEDS_OPERATOR = 'unmatched,mismatch';

/** Transfers into the bot, by outcome; by default the ones an operator has to look at. */
export async function incomingPage(p: PageContext): Promise<void> {
  const outcome = p.params.get('outcome') || NEEDS_OPERATOR;
  const cursor = p.params.get('cursor');
  const query = new URLSearchParams({ outcome, limit: '50' });
  if (cursor) query.set('cursor', cursor);
  const answer = await call<IncomingRow[]>('GET', `/admin/incoming?${query}`);
  const next = answer.headers.get('x-next-cursor');
  const chosen = new Set(outcome.split(','));

  const chips = h(
    'div',
    { class: 'chips', attrs: { role: 'group', 'aria-label': 'Outcome' } },
    ...INCOMING_OUTCOMES.map((o) =>
      h(
        'button',
        {
          class: 'chip',
          attrs: { type: 'button', 'aria-pressed': chosen.has(o) ? 'true' : 'false' },
          on: {
            click: () => {
              const set = new Set(chosen);
              if (set.has(o)) set.delete(o);
              else set.add(o);
              go('incoming', new URLSearchParams(set.size ? { outcome: [...set].join(',') } : {}));
            },
          },
        },
        label(o),
      ),
    ),
  );

  replace(
    p.content,
    pageHeader('Incoming transfers', 'Transfers into the bot. Unmatched and mismatched ones need an operator.'),
    card(null, h('div', { class: 'field' }, h('span', { class: 'field-label' }, 'Outcome'), chips)),
    card(
      null,
      answer.status === 200
        ? table(
            [
              { title: 'Received', cell: (r) => when(r.created_at), class: 'nowrap' },
              { title: 'Outcome', cell: (r) => badge(r.outcome) },
              { title: 'Amount', cell: (r) => amount(r.amount), class: 'num' },
              { title: 'Asset', cell: (r) => shortId(r.asset_id) },
              { title: 'From', cell: (r) => shortId(r.opponent_id) },
              { title: 'Memo', cell: (r) => mono(r.memo), class: 'ellipsis' },
              { title: 'Order', cell: (r) => (r.trace_id ? navLink(orderHash(r.trace_id), shortId(r.trace_id)) : '—') },
              { title: 'Refund code', cell: (r) => r.refund_code ?? '—' },
            ],
            answer.body,
            'Nothing here: no incoming transfer with these outcomes.',
          )
        : failure(problemOf(answer)),
      h(
        'div',
        { class: 'paging' },
        cursor ? button('First page', () => go('incoming', new URLSearchParams({ outcome }))) : null,
        next ? button('Older →', () => go('incoming', new URLSearchParams({ outcome, cursor: next }))) : null,
      ),
    ),
  );
}
