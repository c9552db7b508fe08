import { expect } from 'chai';
import { migrationsCheck } from '../../src/adapters/persistence/database-readiness.js';
import { MIGRATIONS } from '../../src/adapters/persistence/migrations/index.js';
import type { WorkerHealth } from '../../src/adapters/workers/periodic-worker.js';
import { startBroker, type Broker } from '../../src/wiring/composition-root.js';
import { emptyTestDatabase, testDatabaseUrl } from '../support/database.js';
import { eventually } from '../support/eventually.js';
import { testConfig } from '../support/fixtures.js';
import { LogCapture } from '../support/log-capture.js';
import { startTcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { startTestBroker, testBrokerEnv, type TestBroker } from '../support/test-broker.js';
import { TestClock } from '../support/test-clock.js';

/*
 * GET /readyz answers 200 only when the broker can serve: the database answers, every migration of
 * this release is applied, the plugin host has loaded, and the workers (when it runs them) have run
 * recently; otherwise 503 with every reason. GET /healthz stays liveness.
 */

interface Readiness {
  status: string;
  reasons?: string[];
  checks: Record<string, { ok: boolean; reason?: string; detail?: unknown }>;
}

async function readyz(base: string): Promise<{ status: number; body: Readiness; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: (await res.json()) as Readiness, ms: Date.now() - started };
}

/** Workers that tick once at start and then wait an hour (of real time), so only the test clock moves. */
const HOURLY = {
  enabled: true,
  settleEveryMs: 3_600_000,
  refundEveryMs: 3_600_000,
  incomingEveryMs: 3_600_000,
  reconcileEveryMs: 3_600_000,
  balanceSyncEveryMs: 3_600_000,
};

describe('GET /readyz', () => {
  describe('on a broker that can serve', () => {
    let t: TestBroker;
    before(async () => {
      t = await startTestBroker();
    });
    after(() => t.close());

    it('answers 200 with each check passed', async () => {
      const answer = await readyz(t.url);
      expect(answer.status).to.equal(200);
      expect(answer.body.status).to.equal('ready');
      expect(answer.body.checks).to.deep.equal({
        database: { ok: true },
        migrations: { ok: true, detail: { applied: MIGRATIONS.length } },
        plugins: { ok: true, detail: { wallets: 1, active: 1 } },
        workers: { ok: true, detail: 'not run by this broker (workers.enabled is false)' },
      });
    });

    it('reports a migration of this release that the database lacks (a schema behind the code)', async () => {
      const check = migrationsCheck(t.broker.db.orm, [...MIGRATIONS.map((m) => m.name), 'M999FromTheFuture']);
      expect(await check.check()).to.deep.equal({ ok: false, reason: 'not applied: M999FromTheFuture' });
    });

    it('names, but accepts, a migration the database has and this release does not (a newer release migrated first)', async () => {
      const check = migrationsCheck(
        t.broker.db.orm,
        MIGRATIONS.slice(0, -1).map((m) => m.name),
      );
      expect(await check.check()).to.deep.equal({
        ok: true,
        detail: { applied: MIGRATIONS.length - 1, unknown_to_this_release: [MIGRATIONS.at(-1)!.name] },
      });
    });
  });

  describe('with the workers', () => {
    const clock = new TestClock();
    let t: TestBroker;
    before(async () => {
      t = await startTestBroker({ config: { ...testConfig(), workers: HOURLY }, workers: true, clock });
    });
    after(() => t.close());

    it('is ready while the workers have run recently', async () => {
      const settled = (ws: WorkerHealth[]) => ws.every((w) => w.steps > 0 && w.busySince === null);
      await eventually(() => t.broker.workers.health(), settled, { what: 'a first step of each worker' });
      const answer = await readyz(t.url);
      expect(answer.status).to.equal(200);
      expect(answer.body.checks.workers).to.deep.equal({ ok: true });
    });

    it('answers 503 naming every worker that has not run for too long', async () => {
      clock.advance(12 * 3_600_000); // past 10 intervals of grace and the interval itself
      const answer = await readyz(t.url);
      expect(answer.status).to.equal(503);
      expect(answer.body.status).to.equal('not_ready');
      const reason = answer.body.checks.workers!.reason!;
      for (const name of ['balance-sync', 'settlement', 'refunds', 'incoming', 'expiry-reconciliation']) {
        expect(reason).to.match(new RegExp(`${name} last ran 432\\d\\d s ago \\(every 3600 s\\)`));
      }
      expect(answer.body.reasons).to.deep.equal([`workers: ${reason}`]);
      expect(answer.body.checks.database).to.deep.equal({ ok: true });
    });

    it('answers 503 once the workers are stopped', async () => {
      await t.broker.workers.stop();
      const answer = await readyz(t.url);
      expect(answer.status).to.equal(503);
      expect(answer.body.checks.workers!.reason).to.include('settlement is stopped');
    });
  });

  describe('with the database away', () => {
    let proxy: TcpProxy;
    let broker: Broker;
    before(async function () {
      this.timeout(30_000);
      const url = await testDatabaseUrl();
      const { hostname, port } = new URL(url);
      proxy = await startTcpProxy({ host: hostname, port: Number(port) });
      await emptyTestDatabase(url);
      broker = await startBroker({
        env: await testBrokerEnv(throughProxy(url, proxy)),
        processEnv: {},
        config: testConfig(),
        logDestination: new LogCapture(),
        workers: false,
      });
    });
    after(async () => {
      proxy.restore();
      await broker?.close();
      await proxy?.close();
    });

    it('answers 503 naming the database, within the check timeout, while /healthz still answers 200', async () => {
      expect((await readyz(broker.url)).status).to.equal(200);
      proxy.cut();
      const answer = await readyz(broker.url);
      expect(answer.status).to.equal(503);
      expect(answer.ms).to.be.lessThan(3_000);
      expect(answer.body.checks.database!.ok).to.equal(false);
      expect(answer.body.checks.database!.reason).to.match(/^(does not answer: |no answer within 2000 ms)/);
      expect(answer.body.checks.migrations!.ok).to.equal(false);
      expect(answer.body.checks.plugins).to.deep.include({ ok: true });
      expect(answer.body.reasons!.map((r) => r.split(':')[0])).to.deep.equal(['database', 'migrations']);
      expect((await fetch(`${broker.url}/healthz`)).status).to.equal(200);
    });

    it('is ready again once the database is back', async () => {
      proxy.restore();
      const answer = await eventually(
        () => readyz(broker.url),
        (a) => a.status === 200,
        { timeoutMs: 10_000 },
      );
      expect(answer.body.status).to.equal('ready');
    });
  });
});
