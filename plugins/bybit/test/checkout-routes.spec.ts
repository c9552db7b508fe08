import { expect } from 'chai';
import type { StoredPayment } from '../src/store.js';
import { findRoute, routeRequest } from '@mixpay-broker/plugin-api/testing';
import { APP_LINK, createdCheckout, harness, PAY_ID, QR, type Harness } from './fixtures.js';

const show = (h: Harness, payId: string) =>
  findRoute(h.instance, 'GET', '/checkout/:payment').handle(routeRequest('GET', `/checkout/${payId}`, { payment: payId }));

/** Replaces the stored payment's fields, as if Bybit had answered them. */
async function storedWith(h: Harness, changes: Partial<StoredPayment>): Promise<void> {
  const payment = await h.store.get<StoredPayment>(`payment:${PAY_ID}`);
  await h.store.put(`payment:${PAY_ID}`, { ...payment, ...changes });
}

describe('bybit checkout page', () => {
  it("shows Bybit's QR image, the amount and currency, the app link, the expiry and the way back", async () => {
    const h = await harness();
    const { request } = await createdCheckout(h);
    const page = await show(h, PAY_ID);
    expect(page.status).to.equal(200);
    expect(page.contentType).to.equal('text/html; charset=utf-8');
    expect(page.body).to.contain(`<img class="qr" src="${QR}"`);
    expect(page.body).to.contain('10.605 USDT');
    expect(page.body).to.contain(`<a class="button" href="${APP_LINK}">Open in the Bybit app</a>`);
    expect(page.body).to.contain('2025-06-01T12:30:00.000Z');
    expect(page.body).to.contain(`<a href="${request.returnUrl}">Back to the merchant</a>`);
  });

  it('sends a content security policy that allows only data: images and inline style', async () => {
    const h = await harness();
    await createdCheckout(h);
    const page = await show(h, PAY_ID);
    expect(page.headers?.['content-security-policy']).to.contain("default-src 'none'; img-src data:");
    expect(page.headers?.['cache-control']).to.equal('no-store');
  });

  it('escapes what it shows', async () => {
    const h = await harness();
    await createdCheckout(h);
    await storedWith(h, { currency: '<script>alert(1)</script>', returnUrl: 'https://m.test/"><script>x</script>' });
    const page = await show(h, PAY_ID);
    expect(page.body).not.to.contain('<script>');
    expect(page.body).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).to.contain('https://m.test/&quot;&gt;&lt;script&gt;x&lt;/script&gt;');
  });

  it('refuses to embed a QR that is not a PNG data URL', async () => {
    const h = await harness();
    await createdCheckout(h);
    await storedWith(h, { qrContent: 'https://evil.test/qr.png' });
    const page = await show(h, PAY_ID);
    expect(page.status).to.equal(200);
    expect(page.body).not.to.contain('<img');
    expect(page.body).not.to.contain('evil.test');
    expect(page.body).to.contain('The QR code is not available');
  });

  it('refuses a data URL that smuggles markup after the base64', async () => {
    const h = await harness();
    await createdCheckout(h);
    await storedWith(h, { qrContent: 'data:image/png;base64,AAAA" onerror="alert(1)' });
    const page = await show(h, PAY_ID);
    expect(page.body).not.to.contain('<img');
    expect(page.body).not.to.contain('onerror');
  });

  it('leaves out an app link whose scheme is not bybitapp: or https:', async () => {
    const h = await harness();
    await createdCheckout(h);
    await storedWith(h, { checkoutLink: 'javascript:alert(1)' });
    const page = await show(h, PAY_ID);
    expect(page.body).not.to.contain('javascript:');
    expect(page.body).not.to.contain('Open in the Bybit app');
  });

  it('shows an expired payment without its QR or app link', async () => {
    const h = await harness();
    await createdCheckout(h);
    h.clock.advanceSeconds(31 * 60);
    const page = await show(h, PAY_ID);
    expect(page.body).to.contain('This payment expired');
    expect(page.body).not.to.contain('<img');
    expect(page.body).not.to.contain('Open in the Bybit app');
  });

  it('answers 404 for a payment it does not know', async () => {
    const h = await harness();
    const page = await show(h, 'NO_SUCH_PAYMENT');
    expect(page.status).to.equal(404);
    expect(page.body).to.contain('Unknown payment');
  });
});
