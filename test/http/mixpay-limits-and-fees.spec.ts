import { expect } from 'chai';
import { ADMIN_TOKEN, adminOrder } from '../support/admin-client.js';
import { expectCheckout, expectRefused } from '../support/envelope-assertions.js';
import { BTC, USDT, mockWallet, orderRequest, testConfig } from '../support/fixtures.js';
import { createOrder } from '../support/mixpay-client.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * The mock wallet's terms (fixtures): USDT 0.1–500 at 1 %, BTC 0.00001–0.01 at 0.5 %. `mock_usdt` offers
 * USDT only, though the treasury also holds BTC. Balances (1000 USDT, 0.5 BTC) cover every order here.
 */

describe('create_order: limits', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({
      adminToken: ADMIN_TOKEN,
      config: testConfig({
        wallets: {
          mock: mockWallet(),
          mock_usdt: mockWallet({ assets: { [USDT]: { min: '0.1', max: '500', fee: '0.01', currency: 'USDT' } } }),
        },
      }),
    });
  });
  after(async () => t.close());

  const refused: { name: string; overrides: Record<string, unknown>; field: string; mentions: string }[] = [
    { name: 'an amount one unit below the min', overrides: { amount: '0.09999999' }, field: 'amount', mentions: '0.10000000' },
    { name: 'an amount one unit above the max', overrides: { amount: '500.00000001' }, field: 'amount', mentions: '500.00000000' },
    { name: 'a BTC amount below its min', overrides: { asset_id: BTC, amount: '0.00000999' }, field: 'amount', mentions: '0.00001000' },
    { name: 'a BTC amount above its max', overrides: { asset_id: BTC, amount: '0.01000001' }, field: 'amount', mentions: '0.01000000' },
    {
      name: 'an asset the treasury holds but the wallet does not offer',
      overrides: { wallet: 'mock_usdt', asset_id: BTC, amount: '0.001' },
      field: 'asset_id',
      mentions: 'mock_usdt',
    },
    {
      name: 'an asset nobody offers',
      overrides: { asset_id: '43d61dcd-e413-450d-80b8-101d5e903357' },
      field: 'asset_id',
      mentions: 'mock',
    },
  ];
  for (const c of refused) {
    it(`answers 11000 naming ${c.field} to ${c.name}, and stores nothing`, async () => {
      const body = orderRequest(c.overrides);
      const res = await createOrder(t.url, body);
      expectRefused(res, 11000, c.field);
      expect(res.body.message).to.contain(c.mentions);
      expect((await adminOrder(t.url, body.trace_id as string)).status).to.equal(404);
    });
  }

  const accepted: { name: string; overrides: Record<string, unknown> }[] = [
    { name: 'exactly the USDT min', overrides: { amount: '0.1' } },
    { name: 'exactly the USDT max', overrides: { amount: '500' } },
    { name: 'exactly the BTC min', overrides: { asset_id: BTC, amount: '0.00001' } },
    { name: 'exactly the BTC max', overrides: { asset_id: BTC, amount: '0.01000000' } },
  ];
  for (const c of accepted) {
    it(`accepts an amount of ${c.name}`, async () => {
      const body = orderRequest(c.overrides);
      expectCheckout(await createOrder(t.url, body));
      expect((await adminOrder(t.url, body.trace_id as string)).order?.status).to.not.equal('failed');
    });
  }
});

describe('create_order: the fee', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_TOKEN });
  });
  after(async () => t.close());

  // fee = amount × rate, rounded UP to 8 decimals; the payer is charged amount + fee.
  const cases: { name: string; asset: string; amount: string; stored: string; fee: string; payAmount: string }[] = [
    // 0.00001001 × 0.005 = 0.00000005005 → up to 0.00000006 (down would be 0.00000005)
    { name: '0.00001001 BTC at 0.5 %', asset: BTC, amount: '0.00001001', stored: '0.00001001', fee: '0.00000006', payAmount: '0.00001007' },
    // 10 × 0.01 = 0.1, exact
    { name: '10 USDT at 1 %', asset: USDT, amount: '10', stored: '10.00000000', fee: '0.10000000', payAmount: '10.10000000' },
    // 0.12345678 × 0.01 = 0.0012345678 → up to 0.00123457
    { name: '0.12345678 USDT at 1 %', asset: USDT, amount: '0.12345678', stored: '0.12345678', fee: '0.00123457', payAmount: '0.12469135' },
    // 0.002 × 0.005 = 0.00001, exact: no rounding up when nothing is cut off
    { name: '0.002 BTC at 0.5 %', asset: BTC, amount: '0.002', stored: '0.00200000', fee: '0.00001000', payAmount: '0.00201000' },
  ];
  for (const c of cases) {
    it(`charges a fee of ${c.fee} on ${c.name} (rounded up to 8 decimals) and a pay amount of ${c.payAmount}`, async () => {
      const body = orderRequest({ asset_id: c.asset, amount: c.amount });
      expectCheckout(await createOrder(t.url, body));
      const { order } = await adminOrder(t.url, body.trace_id as string);
      expect(order?.amount, 'amount').to.equal(c.stored);
      expect(order?.fee, 'fee').to.equal(c.fee);
      expect(order?.pay_amount, 'pay_amount').to.equal(c.payAmount);
    });
  }
});
