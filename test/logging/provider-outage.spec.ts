import { expect } from 'chai';
import nock from 'nock';
import { BINANCE_PATH, BINANCE_URL, binanceAccount, binanceWalletEntry, createdAnswer, envOf } from '../support/binance-pay-fake.js';
import { USDT, orderRequest, testConfig } from '../support/fixtures.js';
import { createOrder } from '../support/mixpay-client.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * Binance Pay answers 503 to every create for a while, then works again: the log says so once
 * when it starts and once when it is back, not one line per order (nor per retried attempt).
 */
const ACCOUNT = binanceAccount('OUTAGE_BINANCE');
const ORDERS_DURING_OUTAGE = 6;

describe('a wallet provider outage in the log', () => {
  let t: TestBroker;
  let said: Record<string, unknown>[];

  before(async function () {
    this.timeout(30_000);
    const config = testConfig({
      wallets: { binance: binanceWalletEntry(ACCOUNT, { assets: { [USDT]: { min: '1', max: '500', fee: '0.01', currency: 'USDT' } } }) },
    });
    t = await startTestBroker({ config, processEnv: envOf(ACCOUNT) });
    nock(BINANCE_URL).post(BINANCE_PATH.create).times(100).reply(503, '<html>Service Unavailable</html>');
    t.logs.lines.length = 0;
    for (let i = 0; i < ORDERS_DURING_OUTAGE; i++) await createOrder(t.url, orderRequest({ wallet: 'binance' }));
    nock.cleanAll();
    nock(BINANCE_URL).post(BINANCE_PATH.create).reply(200, createdAnswer('USDT', '10.1').body);
    await createOrder(t.url, orderRequest({ wallet: 'binance' }));
    said = t.logs.records().filter((r) => r['level'] !== 'debug' && r['msg'] !== 'request');
  });
  after(async () => {
    nock.cleanAll();
    await t?.close();
  });

  it('is one warn line when the provider starts failing', () => {
    const outage = said.filter((r) => r['msg'] === 'wallet provider unavailable');
    expect(outage.map((r) => [r['level'], r['wallet'], r['method']])).to.deep.equal([['warn', 'binance', 'createCheckout']]);
    expect(outage[0]!['problem']).to.contain('503');
  });

  it('is one line when the provider answers again, with how many calls failed', () => {
    const back = said.filter((r) => r['msg'] === 'wallet provider answering again');
    expect(back.map((r) => [r['wallet'], r['method'], r['failures']])).to.deep.equal([['binance', 'createCheckout', ORDERS_DURING_OUTAGE]]);
  });

  it('writes nothing else at warn or above for the orders that failed meanwhile', () => {
    const others = said.filter((r) => r['msg'] !== 'wallet provider unavailable' && (r['level'] === 'warn' || r['level'] === 'error'));
    expect(others.map((r) => r['msg'])).to.deep.equal([]);
  });
});
