import { expect } from 'chai';
import type { Envelope } from './mixpay-client.js';

/** MixPay's answer: HTTP 200 and exactly {code, success, message, data}, with success iff code 0. */
export function expectEnvelope(res: { status: number; body: Envelope<unknown> }): void {
  expect(res.status, 'HTTP status').to.equal(200);
  expect(res.body).to.be.an('object').that.has.all.keys('code', 'success', 'message', 'data');
  expect(res.body.code).to.be.a('number');
  expect(res.body.success).to.equal(res.body.code === 0);
  expect(res.body.message).to.be.a('string');
}

/** A refusal: the envelope with the code, `data` [], and (for 11000) a message that names `field` first. */
export function expectRefused(res: { status: number; body: Envelope<unknown> }, code: 11000 | 11001 | 11002, field?: string): void {
  expectEnvelope(res);
  expect(res.body.code, res.body.message).to.equal(code);
  expect(res.body.data).to.deep.equal([]);
  if (code === 11001) expect(res.body.message).to.equal('No permission.');
  if (code === 11002) expect(res.body.message).to.equal('This payment is unavailable.');
  if (field !== undefined) expect(res.body.message).to.match(new RegExp(`^Parameter error: ${field} `));
}

/** An accepted create_order: code 0 and the three links as strings, checkout_url a URL. */
export function expectCheckout(res: { status: number; body: Envelope<unknown> }): void {
  expectEnvelope(res);
  expect(res.body.code, res.body.message).to.equal(0);
  expect(res.body.message).to.equal('');
  expect(res.body.data).to.be.an('object').that.has.all.keys('checkout_url', 'deep_link', 'universal_url');
  const links = res.body.data as Record<string, unknown>;
  expect(links.checkout_url)
    .to.be.a('string')
    .and.match(/^https?:\/\//);
  expect(links.deep_link).to.be.a('string');
  expect(links.universal_url).to.be.a('string');
}
