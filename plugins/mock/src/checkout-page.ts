import { escapeHtml, htmlPage } from '@mixpay-broker/plugin-api';
import { awaitsDelivery, type MockPaymentState, type StoredPayment } from './store.js';

/* The mock wallet's pages: self-contained HTML, every interpolated value escaped. */

/** The mock's own rules on top of the plugin API's page look. */
const STYLE = `
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;font-size:.9rem;color:#333}
dt{color:#777}dd{margin:0;word-break:break-all}
.actions{display:flex;gap:1rem;margin-top:1.5rem}
.actions form{flex:1}
button{width:100%;padding:.8rem;border:0;border-radius:8px;font-size:1rem;cursor:pointer}
.pay{background:#1f7a4d;color:#fff}.fail{background:#b3261e;color:#fff}.plain{background:#ddd}
`;

const page = (title: string, content: string): string => htmlPage(title, content, STYLE);

const button = (action: string, label: string, css: string): string =>
  `<form method="post" action="${escapeHtml(action)}"><button type="submit" class="${css}">${escapeHtml(label)}</button></form>`;

export interface CheckoutView {
  readonly payment: StoredPayment;
  /** The state as of now: a pending payment past its deadline shows as expired. */
  readonly state: MockPaymentState;
  readonly payUrl: string;
  readonly failUrl: string;
}

export function checkoutPage(view: CheckoutView): string {
  const { payment, state } = view;
  const details = `
<h1>Mock wallet</h1>
<div class="amount">${escapeHtml(payment.amount)} ${escapeHtml(payment.currency)}</div>
<dl>
<dt>Trade</dt><dd>${escapeHtml(payment.merchantTradeNo)}</dd>
<dt>Payment</dt><dd>${escapeHtml(payment.paymentId)}</dd>
<dt>Expires</dt><dd>${escapeHtml(payment.expiresAt)}</dd>
<dt>State</dt><dd>${escapeHtml(state)}</dd>
</dl>`;

  if (payment.outcome && awaitsDelivery(payment.outcome)) {
    // Settled here, but the broker never acknowledged: let the developer resend the same event.
    return page(
      'Mock wallet',
      `${details}
<p class="note">The ${escapeHtml(payment.outcome.type)} notification has not reached the broker yet.</p>
<div class="actions">${button(view.payUrl, 'Resend notification', 'plain')}</div>`,
    );
  }
  if (payment.state !== 'pending') {
    return page(
      'Mock wallet',
      `${details}
<p><a href="${escapeHtml(payment.returnUrl)}">Back to the merchant</a></p>`,
    );
  }
  const lapsed = state === 'expired' ? '<p class="note">The deadline has passed: either button sends payment.expired.</p>' : '';
  return page(
    'Mock wallet',
    `${details}
${lapsed}
<div class="actions">${button(view.payUrl, 'Pay', 'pay')}${button(view.failUrl, 'Fail', 'fail')}</div>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}
