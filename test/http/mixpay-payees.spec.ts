import { expect } from 'chai';
import { ADMIN_TOKEN, adminOrder } from '../support/admin-client.js';
import { expectCheckout, expectRefused } from '../support/envelope-assertions.js';
import { OTHER_PAYEE, PAYEE, USDT, mockWallet, orderRequest, testConfig } from '../support/fixtures.js';
import { assetsRange, createOrder } from '../support/mixpay-client.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * Payee allow/deny lists, per wallet identifier. A payee not allowed is 11001 on both endpoints;
 * several identifiers on the same `mock` plugin keep their own lists.
 */

const THIRD_PAYEE = '7f1c2a9e-0d4b-4c6f-9a3e-5b8d1e2f3a4c';
const bare = (id: string) => id.replaceAll('-', '').toUpperCase();

describe('payee allow and deny lists', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({
      adminToken: ADMIN_TOKEN,
      config: testConfig({
        wallets: {
          mock: mockWallet(),
          mock_jp: mockWallet({ payees: { allow: [OTHER_PAYEE] } }),
          mock_allow: mockWallet({ payees: { allow: [PAYEE, THIRD_PAYEE] } }),
          mock_deny: mockWallet({ payees: { deny: [OTHER_PAYEE] } }),
          mock_both: mockWallet({ payees: { allow: [PAYEE, OTHER_PAYEE], deny: [OTHER_PAYEE] } }),
        },
      }),
    });
  });
  after(async () => t.close());

  /** Both endpoints for one payee and wallet: 'admitted' or 'refused' (11001), anything else throws. */
  async function verdicts(payee: string, wallet: string): Promise<{ range: string; create: string }> {
    const range = await assetsRange(t.url, { payee_id: payee, wallet });
    const body = orderRequest({ payee_id: payee, wallet, amount: '1' });
    const create = await createOrder(t.url, body);
    const verdict = (res: typeof range | typeof create) => {
      if (res.body.code === 0) return 'admitted';
      expectRefused(res, 11001);
      return 'refused';
    };
    const v = { range: verdict(range), create: verdict(create) };
    if (v.range === 'admitted') expect(range.body.data.map((r) => r.asset_id)).to.include(USDT);
    if (v.create === 'admitted') expectCheckout(create);
    else expect((await adminOrder(t.url, body.trace_id as string)).status, 'refused order stored').to.equal(404);
    return v;
  }
  const ADMITTED = { range: 'admitted', create: 'admitted' };
  const REFUSED = { range: 'refused', create: 'refused' };

  it('admits every payee when a wallet has no lists', async () => {
    for (const p of [PAYEE, OTHER_PAYEE, THIRD_PAYEE]) expect(await verdicts(p, 'mock'), p).to.deep.equal(ADMITTED);
  });

  it('admits a payee on the allow list', async () => {
    expect(await verdicts(PAYEE, 'mock_allow')).to.deep.equal(ADMITTED);
    expect(await verdicts(THIRD_PAYEE, 'mock_allow')).to.deep.equal(ADMITTED);
  });

  it('refuses with 11001 on both endpoints a payee missing from the allow list', async () => {
    expect(await verdicts(OTHER_PAYEE, 'mock_allow')).to.deep.equal(REFUSED);
  });

  it('admits an allowed payee written as 32 upper-case hex digits', async () => {
    expect(await verdicts(bare(PAYEE), 'mock_allow')).to.deep.equal(ADMITTED);
  });

  it('refuses with 11001 on both endpoints a payee on the deny list', async () => {
    expect(await verdicts(OTHER_PAYEE, 'mock_deny')).to.deep.equal(REFUSED);
  });

  it('refuses a denied payee written as 32 upper-case hex digits', async () => {
    expect(await verdicts(bare(OTHER_PAYEE), 'mock_deny')).to.deep.equal(REFUSED);
  });

  it('admits a payee the deny list does not name', async () => {
    expect(await verdicts(PAYEE, 'mock_deny')).to.deep.equal(ADMITTED);
  });

  it('lets the deny list win over the allow list', async () => {
    expect(await verdicts(OTHER_PAYEE, 'mock_both')).to.deep.equal(REFUSED);
    expect(await verdicts(PAYEE, 'mock_both')).to.deep.equal(ADMITTED);
  });

  it('keeps the lists of two identifiers on the same plugin apart', async () => {
    expect(await verdicts(PAYEE, 'mock')).to.deep.equal(ADMITTED);
    expect(await verdicts(PAYEE, 'mock_jp')).to.deep.equal(REFUSED);
    expect(await verdicts(OTHER_PAYEE, 'mock_jp')).to.deep.equal(ADMITTED);
    expect(await verdicts(OTHER_PAYEE, 'mock')).to.deep.equal(ADMITTED);
  });

  it('records an order placed through the second identifier under that identifier', async () => {
    const body = orderRequest({ payee_id: OTHER_PAYEE, wallet: 'mock_jp' });
    expectCheckout(await createOrder(t.url, body));
    expect((await adminOrder(t.url, body.trace_id as string)).order).to.include({ wallet: 'mock_jp', payee_id: OTHER_PAYEE });
  });
});
