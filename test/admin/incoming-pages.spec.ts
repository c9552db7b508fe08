import { expect } from 'chai';
import { incomingTransfers, sendToSandboxBot } from '../support/admin-actions.js';
import { incomingPage } from '../support/admin-search.js';
import { MIXPAY_BOT, USDT } from '../support/fixtures.js';
import { startSettlementRig, type SettlementRig } from '../support/settlement-rig.js';

/*
 * GET /admin/incoming pages through the transfers that need an operator, newest first. Its body is
 * the plain array it always was; the next page's cursor comes in the X-Next-Cursor header.
 */
describe('GET /admin/incoming, page by page', () => {
  let rig: SettlementRig;
  const snapshots: string[] = [];
  before(async () => {
    rig = await startSettlementRig();
    for (let i = 0; i < 5; i++) {
      snapshots.push(
        await sendToSandboxBot(rig.url, { asset_id: USDT, amount: `${i + 1}`, opponent_id: MIXPAY_BOT, memo: `nobody's ${i}` }),
      );
    }
    await rig.steps.watchIncoming();
  });
  after(() => rig.close());

  it('still answers the whole list as an array by default, without a next cursor', async () => {
    const page = await incomingPage(rig.url);
    expect(page.status).to.equal(200);
    expect(page.nextCursor).to.equal(null);
    expect((page.body as { snapshot_id: string }[]).map((r) => r.snapshot_id)).to.have.members(snapshots);
    expect((await incomingTransfers(rig.url)).map((r) => r.outcome)).to.deep.equal(Array(5).fill('unmatched'));
  });

  it('pages with limit and the X-Next-Cursor header, each transfer once, newest first', async () => {
    const seen: { snapshot_id: string; created_at: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await incomingPage(rig.url, { limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.status).to.equal(200);
      seen.push(...(page.body as { snapshot_id: string; created_at: string }[]));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).to.equal(3);
    expect(seen.map((r) => r.snapshot_id))
      .to.have.members(snapshots)
      .and.to.have.length(snapshots.length);
    const times = seen.map((r) => r.created_at);
    expect(times).to.deep.equal([...times].sort().reverse());
  });

  it('refuses an unknown outcome, a bad limit and a cursor of another list, naming each', async () => {
    const orderCursor = Buffer.from(JSON.stringify({ list: 'orders', at: '2031-01-01T00:00:00Z', id: 'x' })).toString('base64url');
    for (const [query, message] of [
      [{ outcome: 'lost' }, 'outcome: unknown outcome "lost"'],
      [{ limit: '1000' }, 'limit: must be at most 500'],
      [{ cursor: orderCursor }, 'cursor: not a cursor of this list'],
    ] as const) {
      const page = await incomingPage(rig.url, query);
      expect(page.status).to.equal(400);
      expect((page.body as { error: string }).error).to.include(message);
    }
  });
});
