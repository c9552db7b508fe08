import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnv } from '../../src/config/env.js';
import { startBroker, type Broker } from '../../src/wiring/composition-root.js';
import { mockWallet, orderRequest, testConfig } from '../support/fixtures.js';
import { LogCapture } from '../support/log-capture.js';

/*
 * The embedded database serves all its connections in one session, so what one connection leaves
 * there (a prepared statement's name, say) is there for the next. Concurrent create_orders, as
 * MixPay sends them, must all succeed on it, as `npm start` runs it.
 */
describe('create_order on the embedded database, many at once', function () {
  this.timeout(120_000);
  let folder: string;
  let broker: Broker;
  const logs = new LogCapture();

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mixpay-embedded-broker-'));
    const env = readEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'http://127.0.0.1:1',
      LOG_LEVEL: 'info',
      PLUGINS_DIR: fileURLToPath(new URL('../../plugins', import.meta.url)),
      DATA_DIR: folder,
    });
    broker = await startBroker({
      env,
      processEnv: {},
      config: testConfig({ wallets: { mock: mockWallet() } }),
      logDestination: logs,
      workers: false,
    });
  });
  after(async () => {
    await broker?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('answers code 0 to 40 orders sent together, twice over (the second round repeats the first)', async () => {
    const requests = Array.from({ length: 40 }, () => orderRequest({ payee_id: randomUUID() }));
    const send = (body: Record<string, unknown>) =>
      fetch(`${broker.url}/mixpay/create_order`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ code: number; data: { checkout_url?: string } }>);
    const first = await Promise.all(requests.map(send));
    const again = await Promise.all(requests.map(send));
    expect(first.map((a) => a.code)).to.deep.equal(requests.map(() => 0));
    expect(again.map((a) => a.data.checkout_url)).to.deep.equal(first.map((a) => a.data.checkout_url));
    expect(logs.records().filter((r) => r['level'] === 'error')).to.deep.equal([]);
  });
});
