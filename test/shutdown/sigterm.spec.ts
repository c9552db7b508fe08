import { expect } from 'chai';
import { ADMIN_BEARER } from '../support/admin-orders.js';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.js';
import { emptyTestDatabase, sqlConnection, testDatabaseUrl } from '../support/database.js';
import { eventually } from '../support/eventually.js';
import { tempConfigFile, type ConfigFile } from '../support/file-broker.js';
import { orderRequest, testConfig } from '../support/fixtures.js';
import { createOrder } from '../support/mixpay-client.js';

/*
 * SIGTERM to a real broker process while a create_order is still waiting on the wallet (the mock's
 * `slow` fault, 3 s by default): the process stops taking connections at once, answers the request
 * in flight, then exits 0 with its last lines written. A request that outlasts the grace period is cut.
 */

describe('SIGTERM: the broker process shuts down gracefully', function () {
  this.timeout(60_000);
  let file: ConfigFile | undefined;
  let broker: BrokerProcess | undefined;
  afterEach(async () => {
    await broker?.stop();
    await file?.remove();
  });

  const start = async (shutdownGraceMs: number) => {
    const databaseUrl = await testDatabaseUrl();
    await emptyTestDatabase(databaseUrl);
    file = await tempConfigFile({ ...testConfig(), http: { shutdownGraceMs } });
    broker = await startBrokerProcess({ configFile: file.path, databaseUrl, adminToken: ADMIN_BEARER });
    return broker;
  };

  /** Resolves once the broker has stored the order and is waiting for the wallet's checkout. */
  const waitingOnTheWallet = async (traceId: string) => {
    const sql = await sqlConnection();
    try {
      await eventually(
        () => sql.execute<{ status: string }[]>('select status from orders where trace_id = ?', [traceId]),
        (rows) => rows[0]?.status === 'creating',
        { what: 'the slow order to be stored', timeoutMs: 10_000 },
      );
    } finally {
      await sql.close();
    }
  };

  it('answers a slow create_order in flight, refuses new connections meanwhile, and exits 0', async () => {
    const b = await start(10_000);
    const request = orderRequest({ memo: 'mock:slow' });
    const answer = createOrder(b.url, request);
    await waitingOnTheWallet(String(request.trace_id));

    process.kill(b.pid, 'SIGTERM');
    await b.waitForLog((r) => r.msg === 'shutting down: finishing requests in flight and worker steps');
    await eventually(
      () =>
        fetch(`${b.url}/healthz`).then(
          () => 'answered',
          (e: { cause?: { code?: string } }) => e.cause?.code ?? 'failed',
        ),
      (outcome) => outcome === 'ECONNREFUSED',
      { what: 'new connections to be refused' },
    );

    const { body } = await answer;
    expect(body.code, body.message).to.equal(0);
    expect(body.data.checkout_url).to.match(/\/plugins\/mock\/checkout\//);
    expect(await b.exited).to.equal(0);
    const messages = b.logs.map((r) => r.msg);
    expect(messages.indexOf('broker stopped'), 'the last line is written').to.be.greaterThan(messages.indexOf('order created'));
  });

  it('cuts a request that outlasts http.shutdownGraceMs, and still exits 0', async () => {
    const b = await start(300);
    const request = orderRequest({ memo: 'mock:slow' });
    const answer = createOrder(b.url, request).then(
      () => 'answered',
      () => 'cut',
    );
    await waitingOnTheWallet(String(request.trace_id));
    const signalledAt = Date.now();
    process.kill(b.pid, 'SIGTERM');
    expect(await answer).to.equal('cut');
    expect(await b.exited).to.equal(0);
    expect(Date.now() - signalledAt, 'well before the 3 s the wallet takes').to.be.lessThan(2_500);
  });
});
