import { escapeHtml, htmlPage } from '@mixpay-broker/plugin-api';
import type { StoredPayment } from './store.js';

/*
 * The page the payer is sent to (`checkout_url`): Bybit's QR image, the amount, the app link and the
 * expiry. Every interpolated value is escaped, and the values that become URLs are also checked for
 * their scheme first: escaping keeps a value inside its attribute, it does not make `javascript:` safe.
 */

/** What Bybit documents `qrContent` to be; anything else is not embedded. */
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;
const APP_LINK = /^(bybitapp|https):\/\//i;
const WEB_URL = /^https?:\/\//i;

export const isPngDataUrl = (value: string): boolean => PNG_DATA_URL.test(value);
export const isAppLink = (value: string): boolean => APP_LINK.test(value);

/** Sent with every page: nothing but inline style and data: images may load. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
};

/** Bybit's own rules on top of the plugin API's page look. */
const STYLE = `
main{max-width:24rem;text-align:center}
.qr{width:240px;height:240px;image-rendering:pixelated}
.button{display:block;margin:1rem 0;padding:.8rem;border-radius:8px;background:#f7a600;color:#111;text-decoration:none;font-weight:600}
.small{color:#777;font-size:.85rem}
`;

const page = (title: string, content: string): string => htmlPage(title, content, STYLE);

const backLink = (returnUrl: string): string =>
  WEB_URL.test(returnUrl) ? `<p><a href="${escapeHtml(returnUrl)}">Back to the merchant</a></p>` : '';

export function checkoutPage(payment: StoredPayment, now: Date): string {
  const expiry = new Date(payment.expiresAt);
  const header = `<h1>Pay with Bybit</h1>
<div class="amount">${escapeHtml(payment.amount)} ${escapeHtml(payment.currency)}</div>`;
  if (now.getTime() >= expiry.getTime()) {
    return page(
      'Bybit Pay',
      `${header}\n<p class="note">This payment expired at ${escapeHtml(payment.expiresAt)}.</p>\n${backLink(payment.returnUrl)}`,
    );
  }
  const qr = isPngDataUrl(payment.qrContent)
    ? `<img class="qr" src="${escapeHtml(payment.qrContent)}" alt="Bybit Pay QR code">\n<p class="small">Scan with the Bybit app.</p>`
    : '<p class="note">The QR code is not available; open the payment in the Bybit app instead.</p>';
  const app = isAppLink(payment.checkoutLink)
    ? `<a class="button" href="${escapeHtml(payment.checkoutLink)}">Open in the Bybit app</a>`
    : '';
  return page(
    'Bybit Pay',
    `${header}
${qr}
${app}
<p class="small">Expires <time datetime="${escapeHtml(payment.expiresAt)}">${escapeHtml(payment.expiresAt)}</time></p>
${backLink(payment.returnUrl)}`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}
