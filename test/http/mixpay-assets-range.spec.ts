import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import { BTC, OTHER_PAYEE, PAYEE, USDT, mockWallet, orderRequest, testConfig } from '../support/fixtures.js';
import { expectEnvelope, expectRefused } from '../support/envelope-assertions.js';
import { assetsRange, createOrder } from '../support/mixpay-client.js';
import { rangeQuery } from '../support/mixpay-raw.js';
import { rangeMax, rangeRow } from '../support/range-helpers.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * Sandbox prices (fixtures): USDT 1.0002, BTC 91234.56. The mock wallet offers USDT 0.1–500 at 1 %
 * and BTC 0.00001–0.01 at 0.5 %. A USDT balance of 123.456 caps USDT's max below the wallet's 500.
 */

describe('assets/range: the rows', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({
      config: testConfig({
        usdtBalance: '123.456',
        wallets: {
          mock: mockWallet(),
          mock_off: mockWallet({ enabled: false }),
          mock_deny: mockWallet({ payees: { deny: [PAYEE] } }),
        },
      }),
    });
  });
  after(async () => t.close());

  it('answers one row per offered asset in the protocol string forms', async () => {
    const res = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'mock' });
    expectEnvelope(res);
    expect(res.body.code).to.equal(0);
    expect(res.body.message).to.equal('');
    expect(res.body.data).to.have.deep.members([
      {
        asset_id: USDT,
        min: '0.10000000',
        max: '123.45600000', // the balance, below the wallet's 500
        min_usdt: '0.11', // 0.1 × 1.0002 = 0.10002, rounded up
        max_usdt: '123.48', // 123.456 × 1.0002 = 123.4806912, rounded down
        fee: '0.0100',
      },
      {
        asset_id: BTC,
        min: '0.00001000',
        max: '0.01000000', // the wallet's max, below the 0.5 BTC balance
        min_usdt: '0.92', // 0.00001 × 91234.56 = 0.9123456, rounded up
        max_usdt: '912.34', // 0.01 × 91234.56 = 912.3456, rounded down
        fee: '0.0050',
      },
    ]);
  });

  it('writes every range field as a string', async () => {
    const res = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'mock' });
    expect(res.body.data).to.have.length.greaterThan(0);
    for (const row of res.body.data) {
      for (const [k, v] of Object.entries(row)) expect(v, k).to.be.a('string');
    }
  });

  it('accepts a payee_id of 32 hex digits without dashes, in either case', async () => {
    const dashed = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'mock' });
    for (const bare of [PAYEE.replaceAll('-', ''), PAYEE.replaceAll('-', '').toUpperCase()]) {
      const res = await assetsRange(t.url, { payee_id: bare, wallet: 'mock' });
      expect(res.body, bare).to.deep.equal(dashed.body);
    }
  });

  it('answers an empty list with code 0 for an unknown wallet identifier', async () => {
    const res = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'nosuchwallet' });
    expectEnvelope(res);
    expect(res.body).to.deep.equal({ code: 0, success: true, message: '', data: [] });
  });

  it('answers an empty list with code 0 for a disabled wallet identifier', async () => {
    const res = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'mock_off' });
    expectEnvelope(res);
    expect(res.body).to.deep.equal({ code: 0, success: true, message: '', data: [] });
  });

  it('answers 11001 "No permission." to a denied payee', async () => {
    const res = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'mock_deny' });
    expectRefused(res, 11001);
  });

  it('still answers a payee the deny list does not name', async () => {
    const res = await assetsRange(t.url, { payee_id: OTHER_PAYEE, wallet: 'mock_deny' });
    expect(res.body.code).to.equal(0);
    expect(res.body.data.map((r) => r.asset_id)).to.have.members([USDT, BTC]);
  });

  const q = (payee: string | null, wallet: string | null) =>
    [payee === null ? null : `payee_id=${encodeURIComponent(payee)}`, wallet === null ? null : `wallet=${encodeURIComponent(wallet)}`]
      .filter((s) => s !== null)
      .join('&');
  const badQueries: { name: string; field: 'payee_id' | 'wallet'; query: string }[] = [
    { name: 'a missing payee_id', field: 'payee_id', query: q(null, 'mock') },
    { name: 'an empty payee_id', field: 'payee_id', query: q('', 'mock') },
    { name: 'a payee_id that is not a UUID', field: 'payee_id', query: q('merchant-42', 'mock') },
    { name: 'a payee_id of 31 hex digits', field: 'payee_id', query: q(PAYEE.replaceAll('-', '').slice(1), 'mock') },
    { name: 'a payee_id of 33 hex digits', field: 'payee_id', query: q(`${PAYEE.replaceAll('-', '')}0`, 'mock') },
    { name: 'a dashed payee_id with a non-hex digit', field: 'payee_id', query: q(`${PAYEE.slice(0, -1)}g`, 'mock') },
    { name: 'a payee_id sent twice', field: 'payee_id', query: `payee_id=${PAYEE}&payee_id=${PAYEE}&wallet=mock` },
    { name: 'a missing wallet', field: 'wallet', query: q(PAYEE, null) },
    { name: 'an empty wallet', field: 'wallet', query: q(PAYEE, '') },
    { name: 'a wallet of 21 characters', field: 'wallet', query: q(PAYEE, 'w'.repeat(21)) },
    { name: 'a wallet sent twice', field: 'wallet', query: `payee_id=${PAYEE}&wallet=mock&wallet=mock` },
  ];
  for (const c of badQueries) {
    it(`answers 11000 naming ${c.field} to ${c.name}`, async () => {
      expectRefused(await rangeQuery(t.url, c.query), 11000, c.field);
    });
  }

  it('names both fields when payee_id and wallet are both missing', async () => {
    const res = await rangeQuery(t.url, '');
    expectRefused(res, 11000, 'payee_id');
    expect(res.body.message).to.contain('wallet');
  });
});

describe('assets/range: max follows what the balance can still settle', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ config: testConfig({ usdtBalance: '123.456' }) });
  });
  after(async () => t.close());

  it('shrinks max (and max_usdt) by the amounts open orders reserve', async () => {
    expect(await rangeMax(t.url, USDT)).to.equal('123.45600000');
    expect((await createOrder(t.url, orderRequest({ amount: '10' }))).body.code).to.equal(0);
    expect((await createOrder(t.url, orderRequest({ amount: '3.456' }))).body.code).to.equal(0);
    const row = await rangeRow(t.url, USDT);
    expect(row?.max).to.equal('110.00000000');
    expect(row?.max_usdt).to.equal('110.02'); // 110 × 1.0002 = 110.022
    expect(row?.min).to.equal('0.10000000');
  });

  it('leaves an asset out once what is left of its balance is below its min', async () => {
    const left = await rangeMax(t.url, USDT);
    expect(left).to.not.equal('none');
    // Reserve all but 0.05, which is below USDT's min of 0.1.
    const amount = new Decimal(left).minus('0.05').toFixed(8);
    expect((await createOrder(t.url, orderRequest({ amount }))).body.code).to.equal(0);
    const res = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'mock' });
    expect(res.body.code).to.equal(0);
    expect(res.body.data.map((r) => r.asset_id)).to.deep.equal([BTC]);
  });
});

describe('assets/range: a balance below min from the start', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ config: testConfig({ usdtBalance: '0.09999999' }) });
  });
  after(async () => t.close());

  it('leaves out an asset whose balance is below its min and keeps the others', async () => {
    const res = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'mock' });
    expect(res.body.code).to.equal(0);
    expect(res.body.data.map((r) => r.asset_id)).to.deep.equal([BTC]);
  });
});

describe('assets/range: a balance of exactly min', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ config: testConfig({ usdtBalance: '0.1' }) });
  });
  after(async () => t.close());

  it('offers the asset with max equal to min', async () => {
    const row = await rangeRow(t.url, USDT);
    expect(row).to.include({ min: '0.10000000', max: '0.10000000', min_usdt: '0.11', max_usdt: '0.10' });
  });
});
