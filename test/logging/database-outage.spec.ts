import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBroker, type Broker } from '../../src/wiring/composition-root.js';
import { emptyTestDatabase, testDatabaseUrl } from '../support/database.js';
import { eventually } from '../support/eventually.js';
import { orderRequest, testConfig } from '../support/fixtures.js';
import { duplicatedKeys, LogCapture } from '../support/log-capture.js';
import { createOrder } from '../support/mixpay-client.js';
import { startTcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { testBrokerEnv } from '../support/test-broker.js';

/*
 * The database goes away for a while under a broker with busy workers (50 ms) and callers: the
 * log says so once when it goes and once when it is back, not one stack per request or tick, and
 * nothing but JSON reaches stdout. The database is taken away by a proxy in front of it, never by
 * stopping the server others share.
 */
const FAST = { enabled: true, settleEveryMs: 50, refundEveryMs: 50, incomingEveryMs: 50, reconcileEveryMs: 50, balanceSyncEveryMs: 50 };

describe('a database outage in the log', () => {
  let proxy: TcpProxy;
  let broker: Broker;
  const logs = new LogCapture();
  const stdout: string[] = [];

  before(async function () {
    this.timeout(30_000);
    const url = await testDatabaseUrl();
    const { hostname, port } = new URL(url);
    proxy = await startTcpProxy({ host: hostname, port: Number(port) });
    await emptyTestDatabase(url);
    const env = await testBrokerEnv(throughProxy(url, proxy));
    broker = await startBroker({ env, processEnv: {}, config: { ...testConfig(), workers: FAST }, logDestination: logs, workers: true });
    await sleep(200); // the workers have ticked and hold pooled connections

    const write = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      stdout.push(chunk.toString());
      return write.call(process.stdout, chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      logs.lines.length = 0;
      proxy.cut();
      for (let i = 0; i < 8; i++) {
        await createOrder(broker.url, orderRequest());
        await sleep(150);
      }
      proxy.restore();
      // The first test checks that it came; the others read what was written meanwhile either way.
      await eventually(
        () => logs.records(),
        (rs) => rs.some((r) => r['msg'] === 'database back'),
        { timeoutMs: 5_000 },
      ).catch(() => undefined);
    } finally {
      process.stdout.write = write;
    }
  });
  after(async () => {
    await broker?.close();
    await proxy?.close();
  });

  it('is one warn line when it goes and one line when it is back', () => {
    const said = logs.records().filter((r) => r['level'] !== 'debug' && r['msg'] !== 'request');
    expect(said.filter((r) => r['msg'] === 'database unavailable').map((r) => r['level'])).to.deep.equal(['warn']);
    expect(said.filter((r) => r['msg'] === 'database back')).to.have.length(1);
  });

  it('writes no error line and no stack, for the requests or the worker ticks that failed meanwhile', () => {
    const errors = logs.records().filter((r) => r['level'] === 'error');
    expect(errors.map((r) => r['msg'])).to.deep.equal([]);
    expect(logs.lines.filter((l) => l.includes('"stack"'))).to.have.length(0);
  });

  it('writes only JSON lines to stdout, the driver included', () => {
    const plain = stdout
      .join('')
      .split('\n')
      .filter((l) => l.trim() && !isJson(l));
    expect(plain).to.deep.equal([]);
  });

  it('names no key twice in a line', () => {
    expect(logs.lines.filter((l) => duplicatedKeys(l).length > 0)).to.deep.equal([]);
  });
});

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
