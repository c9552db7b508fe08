import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import {
  alterBody,
  CollectingLogger,
  fixtureProblems,
  MemoryStore,
  TestClock,
  testLinks,
  type ConformanceFixture,
  type FakeProviderHandle,
  type SignedWebhook,
} from '@mixpay-broker/plugin-api/testing';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { ADMIN_BEARER, adminGet, orderView, statusesOf } from '../support/admin-orders.js';
import { sqlConnection } from '../support/database.js';
import { PAYEE } from '../support/fixtures.js';
import { placeOrder } from '../support/orders.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * Attacks on POST /webhooks/<wallet>, for every plugin shipped under plugins/: a whole broker, a real
 * order in the database, and deliveries signed by the plugin's own conformance fixture (the provider's
 * documented signing, written independently of the plugin), then bent: a forged signature, a body
 * altered after signing, a stale timestamp, headers missing, a replay, genuine events for another
 * amount or an unknown trace id. After a refusal every table of the database reads exactly as before.
 */

const PLUGINS_DIR = fileURLToPath(new URL('../../plugins/', import.meta.url));
const FIXTURE = join('test', 'conformance.fixture.ts');

interface Shipped {
  readonly name: string;
  readonly fixture?: ConformanceFixture;
  /** Why the plugin cannot be attacked here (no usable fixture). */
  readonly problem?: string;
}

/** Every plugin package (a package.json with a `mixpayBroker` manifest), with its conformance fixture. */
async function shippedPlugins(): Promise<Shipped[]> {
  const found: Shipped[] = [];
  for (const entry of readdirSync(PLUGINS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    const manifestFile = join(PLUGINS_DIR, entry, 'package.json');
    if (!existsSync(manifestFile)) continue;
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { mixpayBroker?: { name?: string } };
    if (!manifest.mixpayBroker) continue;
    const name = manifest.mixpayBroker.name ?? entry;
    const file = join(PLUGINS_DIR, entry, FIXTURE);
    if (!existsSync(file)) {
      found.push({ name, problem: `${name} has no ${FIXTURE}, so its webhooks cannot be signed for the attack suite` });
      continue;
    }
    const fixture = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
    const problems = fixtureProblems(fixture);
    found.push(
      problems.length > 0 ? { name, problem: `${file}: ${problems.join('; ')}` } : { name, fixture: fixture as ConformanceFixture },
    );
  }
  return found;
}

const plugins = await shippedPlugins();

describe('attack: forged, altered, stale, replayed and misdirected webhooks', function () {
  it('finds the shipped plugins (mock, binance, bybit)', function () {
    expect(plugins.map((p) => p.name)).to.include.members(['mock', 'binance', 'bybit']);
  });
});

for (const { name, fixture, problem } of plugins) {
  describe(`attack: POST /webhooks/<wallet> of a ${name} wallet`, function () {
    if (!fixture) {
      it(`${name} supplies a usable conformance fixture`, function () {
        throw new Error(problem);
      });
      return;
    }
    attackWebhooks(name, fixture);
  });
}

/** A row count and a digest of every row, per table: equal fingerprints mean nothing was written. */
type Fingerprint = Record<string, { rows: number; digest: string }>;

interface Order {
  readonly traceId: string;
  readonly tradeNo: string;
  readonly paymentId: string;
  readonly payAmount: string;
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

function attackWebhooks(plugin: string, fixture: ConformanceFixture): void {
  const wallet = plugin.slice(0, 20);
  const asset = fixture.assets[0]!;
  const tolerance = fixture.webhooks.toleranceSeconds;
  const ack = fixture.webhooks.ack;

  let t: TestBroker;
  let sql: Awaited<ReturnType<typeof sqlConnection>>;
  let fake: FakeProviderHandle | undefined;

  before(async function () {
    sql = await sqlConnection();
  });
  after(async function () {
    await sql?.close();
  });
  // A broker per test, on an emptied database: the provider fakes number their payments afresh for each
  // test, and the broker's event log would take a second test's payment for the first one's redelivery.
  beforeEach(async function () {
    t = await startTestBroker({ adminToken: ADMIN_BEARER, config: configFor(plugin, wallet, fixture) });
    // The provider's fake API, as the conformance kit sets it up (nock; the root hooks clear it after each test).
    fake = await fixture.setup({
      wallet,
      settings: fixture.settings.valid,
      store: new MemoryStore(),
      clock: new TestClock(),
      logger: new CollectingLogger(),
      links: testLinks(wallet, t.url),
    });
  });
  afterEach(async function () {
    await fake?.close?.();
    await t?.close();
  });

  const place = async (): Promise<Order> => {
    const placed = await placeOrder(t.url, { wallet, asset_id: asset.assetId, amount: asset.amount, payee_id: PAYEE });
    const view = await orderView(t.url, placed.traceId);
    expect(view.status, 'the order is placed').to.equal('awaiting_payment');
    expect(view.payment_id, 'the wallet named the payment').to.be.a('string');
    return { traceId: placed.traceId, tradeNo: placed.tradeNo, paymentId: view.payment_id!, payAmount: view.pay_amount };
  };

  const sign = (order: Order, options: { at?: Date; amount?: string; tradeNo?: string; wrongKey?: boolean } = {}) =>
    Promise.resolve(
      fixture.webhooks.sign({
        kind: 'payment.succeeded',
        merchantTradeNo: options.tradeNo ?? order.tradeNo,
        paymentId: order.paymentId,
        amount: options.amount ?? order.payAmount,
        currency: asset.currency,
        at: options.at ?? new Date(),
        wrongKey: options.wrongKey ?? false,
      }),
    );

  const deliver = async (signed: SignedWebhook): Promise<Answer> => {
    const res = await fetch(`${t.url}/webhooks/${wallet}`, {
      method: 'POST',
      headers: { ...signed.headers },
      body: signed.rawBody,
      redirect: 'manual',
    });
    return { status: res.status, text: await res.text() };
  };

  const fingerprint = async (): Promise<Fingerprint> => {
    const tables = await sql.execute<{ name: string }[]>(
      `select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'mikro_orm%' order by 1`,
    );
    const print: Fingerprint = {};
    for (const { name } of tables) {
      const [row] = await sql.execute<{ rows: number; digest: string }[]>(
        `select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${name}" t`,
      );
      print[name] = row!;
    }
    return print;
  };

  const without = (print: Fingerprint, ...tables: string[]): Fingerprint =>
    Object.fromEntries(Object.entries(print).filter(([name]) => !tables.includes(name)));

  /** The order and every table as they were: the delivery changed nothing. */
  const expectRefusedAndNothingWritten = async (answer: Answer, order: Order, before: Fingerprint, what: string) => {
    expect(answer.status, `${what}: answered ${answer.status} ${answer.text}`).to.equal(401);
    const view = await orderView(t.url, order.traceId);
    expect(view.status, `${what}: order status`).to.equal('awaiting_payment');
    expect(statusesOf(view), `${what}: order history`).to.deep.equal(['creating', 'awaiting_payment']);
    expect(await fingerprint(), `${what}: the database changed`).to.deep.equal(before);
  };

  it('refuses a forged signature (a key the plugin does not trust): nothing written', async function () {
    const order = await place();
    const before = await fingerprint();
    const answer = await deliver(await sign(order, { wrongKey: true }));
    await expectRefusedAndNothingWritten(answer, order, before, 'forged signature');
  });

  it('refuses a body altered after signing: nothing written', async function () {
    const order = await place();
    const signed = await sign(order);
    const altered = fixture.webhooks.tamper
      ? fixture.webhooks.tamper(signed)
      : { ...signed, rawBody: alterBody(signed.rawBody, order.payAmount) };
    expect(altered.rawBody, 'the altered body differs').to.not.equal(signed.rawBody);
    const before = await fingerprint();
    await expectRefusedAndNothingWritten(await deliver(altered), order, before, 'altered body');
  });

  it(`refuses a genuine signature older than the tolerance (${tolerance + 60} s > ${tolerance} s): nothing written`, async function () {
    const order = await place();
    const before = await fingerprint();
    const answer = await deliver(await sign(order, { at: new Date(Date.now() - (tolerance + 60) * 1000) }));
    await expectRefusedAndNothingWritten(answer, order, before, 'stale timestamp');
  });

  it('refuses a delivery missing any one of its per-delivery headers, or all its headers: nothing written', async function () {
    const order = await place();
    const signed = await sign(order);
    // What authenticates one delivery: the headers whose values differ between two signed deliveries
    // (signature, timestamp, nonce); constant ones such as a version are not the signature's.
    const other = await sign(order, { at: new Date(Date.now() - 2000) });
    const perDelivery = Object.keys(signed.headers).filter((h) => signed.headers[h] !== other.headers[h]);
    expect(perDelivery, 'the provider signs each delivery').to.not.be.empty;
    const before = await fingerprint();
    for (const header of perDelivery) {
      const headers = Object.fromEntries(Object.entries(signed.headers).filter(([h]) => h !== header));
      await expectRefusedAndNothingWritten(await deliver({ ...signed, headers }), order, before, `without ${header}`);
    }
    const bare = await deliver({ rawBody: signed.rawBody, headers: { 'content-type': 'application/json' } });
    await expectRefusedAndNothingWritten(bare, order, before, 'with no header but Content-Type');
    const none = await deliver({ rawBody: signed.rawBody, headers: {} });
    await expectRefusedAndNothingWritten(none, order, before, 'with no header at all');
  });

  it('applies a valid delivery once: its replay moves nothing and writes nothing', async function () {
    const order = await place();
    const signed = await sign(order);
    const first = await deliver(signed);
    expect(first, 'the genuine delivery is acknowledged').to.deep.equal({ status: ack.status, text: ack.body });
    const paid = await orderView(t.url, order.traceId);
    expect(statusesOf(paid)).to.deep.equal(['creating', 'awaiting_payment', 'paid']);
    const before = await fingerprint();

    const replay = await deliver(signed);
    // Refused by the plugin's replay guard, or acknowledged and de-duplicated by the broker's event log.
    if (replay.status !== 401) expect(replay, 'a replay is refused or acknowledged').to.deep.equal({ status: ack.status, text: ack.body });
    const after = await orderView(t.url, order.traceId);
    expect(after.status).to.equal('paid');
    expect(after.history, 'the history after the replay').to.deep.equal(paid.history);
    expect(await fingerprint(), 'the replay changed the database').to.deep.equal(before);
  });

  it('never marks paid a genuine event for a different amount: the order is held for review, nothing settled', async function () {
    const order = await place();
    const before = await fingerprint();
    const half = new Decimal(order.payAmount).div(2).toFixed();
    const answer = await deliver(await sign(order, { amount: half }));
    expect(answer, 'acknowledged, so the provider stops redelivering').to.deep.equal({ status: ack.status, text: ack.body });
    const view = await orderView(t.url, order.traceId);
    expect(statusesOf(view)).to.deep.equal(['creating', 'awaiting_payment', 'needs_review']);
    expect(view.transfer, 'no transfer to MixPay').to.equal(null);
    expect(view.reported_payment?.amount, 'what the wallet reported is kept').to.satisfy((a: string) => new Decimal(a).eq(half));
    const after = await fingerprint();
    for (const table of ['transfers', 'sandbox_transfers', 'refunds'])
      expect(after[table], `${table} changed`).to.deep.equal(before[table]);
  });

  it('moves no order on a genuine event for an unknown trace id (even naming our payment): only the event is recorded', async function () {
    const order = await place();
    const stranger = randomUUID();
    const before = await fingerprint();
    const answer = await deliver(await sign(order, { tradeNo: stranger.replaceAll('-', '') }));
    expect(answer, 'acknowledged, so the provider stops redelivering').to.deep.equal({ status: ack.status, text: ack.body });
    expect((await adminGet(t.url, `/admin/orders/${stranger}`)).status, 'no order is made up').to.equal(404);
    const view = await orderView(t.url, order.traceId);
    expect(statusesOf(view), 'our order is untouched').to.deep.equal(['creating', 'awaiting_payment']);
    // The event log keeps it (outcome unknown_order); the plugin may remember its nonce or signature.
    const after = await fingerprint();
    expect(without(after, 'wallet_events', 'plugin_records'), 'rows written outside the event log').to.deep.equal(
      without(before, 'wallet_events', 'plugin_records'),
    );
    const recorded = await sql.execute<{ outcome: string }[]>(
      'select outcome from wallet_events where wallet = ? and merchant_trade_no = ?',
      [wallet, stranger.replaceAll('-', '')],
    );
    expect(recorded.map((r) => r.outcome)).to.deep.equal(['unknown_order']);
  });
}

/** One wallet of `plugin`, configured with its fixture's valid settings and first asset, and a sandbox treasury for it. */
function configFor(plugin: string, wallet: string, fixture: ConformanceFixture): BrokerConfigInput {
  const asset = fixture.assets[0]!;
  const amount = new Decimal(asset.amount);
  return {
    wallets: {
      [wallet]: {
        plugin,
        enabled: true,
        payees: {},
        assets: {
          [asset.assetId]: {
            min: amount.div(10).toFixed(),
            max: amount.times(10).toFixed(),
            fee: new Decimal(asset.fee).div(amount).toDecimalPlaces(8).toFixed(),
            currency: asset.currency,
          },
        },
        settings: { ...fixture.settings.valid },
      },
    },
    treasury: {
      sandbox: { assets: { [asset.assetId]: { symbol: asset.currency, balance: amount.times(1000).toFixed(), usd_price: '1' } } },
    },
  };
}
