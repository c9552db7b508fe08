import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual as isDeepEqual } from 'node:util';
import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { ADMIN_BEARER } from '../support/admin-orders.js';
import { disableWallet, listWallets, reloadConfig, walletRow } from '../support/admin-wallets.js';
import { eventually } from '../support/eventually.js';
import { startFileBroker, type FileBroker } from '../support/file-broker.js';
import { BTC, MOCK_SECRET, PAYEE, USDT, mockWallet, orderRequest, testConfig } from '../support/fixtures.js';
import { assetsRange, createOrder, type RangeRow } from '../support/mixpay-client.js';
import { deliverMockWebhook, mockEventBody } from '../support/mock-webhooks.js';
import { rangeMax } from '../support/range-helpers.js';

/*
 * POST /admin/reload re-reads the broker's config file and applies wallet changes on the running
 * broker. A file that is not valid is refused whole (422, naming the file and the field), and the
 * running config keeps serving; requests in flight during a reload are answered.
 */

/** The file the broker starts from: one mock wallet offering USDT (max 500) and BTC. */
const initialConfig = (): BrokerConfigInput => testConfig({ wallets: { mock: mockWallet() } });

/** A copy of the initial config changed by `edit`. */
function edited(edit: (c: BrokerConfigInput) => void): BrokerConfigInput {
  const c = structuredClone(initialConfig());
  edit(c);
  return c;
}

const usdtTermsOf = (c: BrokerConfigInput) => c.wallets.mock!.assets[USDT]!;

describe('POST /admin/reload', () => {
  let b: FileBroker;
  beforeEach(async () => {
    b = await startFileBroker(initialConfig(), { adminToken: ADMIN_BEARER });
  });
  afterEach(async () => b?.close());

  const range = async (wallet: string): Promise<RangeRow[]> => {
    const answer = await assetsRange(b.url, { payee_id: PAYEE, wallet });
    expect(answer.body.code, `assets/range of ${wallet}: ${answer.body.message}`).to.equal(0);
    return answer.body.data;
  };
  const usdtMax = async () => new Decimal(await rangeMax(b.url, USDT));

  describe('a valid new file', () => {
    it('disabling a wallet in the file takes it out of assets/range', async () => {
      expect(await range('mock'), 'offered before').to.have.length(2);
      await b.config.write(edited((c) => (c.wallets.mock!.enabled = false)));
      const answer = await reloadConfig(b.url);
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      expect(await range('mock')).to.deep.equal([]);
      expect(await walletRow(b.url, 'mock')).to.deep.include({ enabled: false, status: 'disabled', taking_orders: false });
    });

    it("changing an asset's max shows in assets/range and the wallet list", async () => {
      expect((await usdtMax()).toString()).to.equal('500');
      await b.config.write(edited((c) => (usdtTermsOf(c).max = '42.5')));
      expect((await reloadConfig(b.url)).status).to.equal(200);
      expect((await usdtMax()).toString()).to.equal('42.5');
      const listed = (await walletRow(b.url, 'mock')).assets.find((a) => a.asset_id === USDT);
      expect(new Decimal(listed!.max).toString()).to.equal('42.5');
    });

    it('a new wallet identifier in the file starts serving', async () => {
      expect(await range('mock_b'), 'unknown before').to.deep.equal([]);
      await b.config.write(edited((c) => (c.wallets.mock_b = mockWallet())));
      expect((await reloadConfig(b.url)).status).to.equal(200);
      expect((await range('mock_b')).map((r) => r.asset_id).sort()).to.deep.equal([USDT, BTC].sort());
      expect((await createOrder(b.url, orderRequest({ wallet: 'mock_b' }))).body.code).to.equal(0);
    });

    it('answers the new wallet list with each wallet and its status', async () => {
      await b.config.write(
        edited((c) => {
          c.wallets.mock_b = mockWallet();
          c.wallets.mock_off = mockWallet({ enabled: false });
        }),
      );
      const answer = await reloadConfig(b.url);
      expect(answer.status).to.equal(200);
      expect(answer.body.reloaded).to.equal(true);
      const byWallet = [...(answer.body.wallets ?? [])].sort((x, y) => x.wallet.localeCompare(y.wallet));
      expect(byWallet).to.deep.equal([
        { wallet: 'mock', status: 'active' },
        { wallet: 'mock_b', status: 'active' },
        { wallet: 'mock_off', status: 'disabled' },
      ]);
    });

    it('a wallet identifier removed from the file leaves the list and assets/range', async () => {
      await b.config.write(
        edited((c) => {
          c.wallets.mock_b = c.wallets.mock!;
          delete c.wallets.mock;
        }),
      );
      expect((await reloadConfig(b.url)).status).to.equal(200);
      expect((await listWallets(b.url)).map((r) => r.wallet)).to.deep.equal(['mock_b']);
      expect(await range('mock')).to.deep.equal([]);
    });

    it('a changed plugin setting applies: webhooks verify with the new secret, not the old one', async () => {
      const newSecret = `rotated-secret-${randomUUID()}`;
      await b.config.write(edited((c) => (c.wallets.mock!.settings = { webhookSecret: newSecret })));
      expect((await reloadConfig(b.url)).status).to.equal(200);
      const body = () =>
        mockEventBody({ type: 'payment.failed', tradeNo: 'f'.repeat(32), paymentId: 'pay_x', amount: '1', currency: 'USDT' });
      expect((await deliverMockWebhook(b.url, 'mock', body(), { secret: newSecret })).status, 'new secret').to.equal(200);
      expect((await deliverMockWebhook(b.url, 'mock', body(), { secret: MOCK_SECRET })).status, 'old secret').to.equal(401);
    });

    it('keeps an operator pause across a reload', async () => {
      await disableWallet(b.url, 'mock');
      await b.config.write(edited((c) => (usdtTermsOf(c).max = '400')));
      expect((await reloadConfig(b.url)).status).to.equal(200);
      expect(await range('mock')).to.deep.equal([]);
      expect((await walletRow(b.url, 'mock')).paused).to.equal(true);
    });
  });

  describe('an invalid new file', () => {
    it('refuses a file that is not JSON with 422, naming the file', async () => {
      await b.config.writeText('{"wallets": {"mock": ');
      const answer = await reloadConfig(b.url);
      expect(answer.status).to.equal(422);
      expect(answer.body.reloaded).to.equal(false);
      expect(answer.body.error).to.contain(b.config.path).and.contain('JSON');
    });

    it('keeps serving the running config after refusing a file that is not JSON', async () => {
      const rangeBefore = await range('mock');
      const listBefore = await listWallets(b.url);
      await b.config.writeText('{"wallets": {"mock": ');
      expect((await reloadConfig(b.url)).status).to.equal(422);
      expect(await range('mock')).to.deep.equal(rangeBefore);
      expect(await listWallets(b.url)).to.deep.equal(listBefore);
      expect((await createOrder(b.url, orderRequest())).body.code).to.equal(0);
    });

    it('refuses a file with a schema error with 422, naming the file, the wallet and the field', async () => {
      await b.config.write(edited((c) => (usdtTermsOf(c).max = 'lots')));
      const answer = await reloadConfig(b.url);
      expect(answer.status).to.equal(422);
      expect(answer.body.reloaded).to.equal(false);
      expect(answer.body.error).to.contain(b.config.path).and.contain('mock').and.contain(`assets.${USDT}.max`);
    });

    it('applies none of a refused file: its valid changes are not applied either', async () => {
      const rangeBefore = await range('mock');
      await b.config.write(
        edited((c) => {
          c.wallets.mock_b = mockWallet(); // valid on its own
          c.wallets.mock!.assets[BTC]!.max = '0.002'; // valid on its own
          usdtTermsOf(c).min = '600'; // above max: the file is invalid
        }),
      );
      const answer = await reloadConfig(b.url);
      expect(answer.status, JSON.stringify(answer.body)).to.equal(422);
      expect(answer.body.error).to.contain('min');
      expect(await range('mock')).to.deep.equal(rangeBefore);
      expect((await listWallets(b.url)).map((r) => r.wallet)).to.deep.equal(['mock']);
      expect(await range('mock_b')).to.deep.equal([]);
    });

    it('refuses a config file that has disappeared with 422, naming it, and keeps serving', async () => {
      const rangeBefore = await range('mock');
      await b.config.remove();
      const answer = await reloadConfig(b.url);
      expect(answer.status).to.equal(422);
      expect(answer.body.error).to.contain(b.config.path);
      expect(await range('mock')).to.deep.equal(rangeBefore);
    });
  });

  it('answers 401 without the admin token and reloads nothing', async () => {
    await b.config.write(edited((c) => (c.wallets.mock!.enabled = false)));
    expect((await reloadConfig(b.url, null)).status).to.equal(401);
    expect(await range('mock')).to.have.length(2);
  });

  describe('requests in flight during a reload', () => {
    interface Answered {
      readonly code: number;
      readonly data: unknown;
      readonly start: number;
      readonly end: number;
    }

    /** Keeps `workers` assets/range requests going until `stop()` says so (then each sends one more). */
    function rangeTraffic(workers: number) {
      const answered: Answered[] = [];
      let stopped = false;
      const one = async (): Promise<Answered> => {
        const start = performance.now();
        try {
          const res = await assetsRange(b.url, { payee_id: PAYEE, wallet: 'mock' });
          return { code: res.status === 200 ? res.body.code : -res.status, data: res.body.data, start, end: performance.now() };
        } catch (e) {
          return { code: -1, data: String(e), start, end: performance.now() };
        }
      };
      const loops = Array.from({ length: workers }, async () => {
        do answered.push(await one());
        while (!stopped);
        answered.push(await one());
      });
      return { answered, stop: async () => ((stopped = true), await Promise.all(loops)) };
    }

    it('answers every assets/range request sent during a reload with code 0 and the old or the new terms', async () => {
      const oldRows = await range('mock');
      await b.config.write(edited((c) => (usdtTermsOf(c).max = '50')));
      const traffic = rangeTraffic(8);
      await eventually(
        () => traffic.answered.length,
        (n) => n >= 16,
        { what: 'traffic before the reload' },
      );
      const reloadStart = performance.now();
      const reload = await reloadConfig(b.url);
      const reloadEnd = performance.now();
      await traffic.stop();
      expect(reload.status, JSON.stringify(reload.body)).to.equal(200);
      const newRows = await range('mock');
      expect(newRows, 'the reload changed the terms').to.not.deep.equal(oldRows);

      const { answered } = traffic;
      const during = answered.filter((a) => a.start < reloadEnd && a.end > reloadStart);
      expect(during.length, 'requests overlapping the reload').to.be.greaterThan(0);
      expect(
        answered.filter((a) => a.code !== 0),
        'requests not answered with code 0',
      ).to.deep.equal([]);
      const neither = answered.filter((a) => !isDeepEqual(a.data, oldRows) && !isDeepEqual(a.data, newRows));
      expect(neither, 'answers with neither the old nor the new terms').to.deep.equal([]);
      expect(
        answered.some((a) => isDeepEqual(a.data, oldRows)),
        'some answers with the old terms',
      ).to.equal(true);
      expect(
        answered.some((a) => isDeepEqual(a.data, newRows)),
        'some answers with the new terms',
      ).to.equal(true);
    });

    it('completes every create_order sent together with a reload', async () => {
      await b.config.write(edited((c) => (usdtTermsOf(c).max = '450')));
      const orders = Array.from({ length: 10 }, () => createOrder(b.url, orderRequest({ amount: '1' })));
      const reload = reloadConfig(b.url);
      const answers = await Promise.all(orders);
      expect((await reload).status).to.equal(200);
      expect(answers.map((a) => `${a.status} ${a.body.code} ${a.body.message}`)).to.deep.equal(Array(10).fill('200 0 '));
    });
  });
});
