import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { TOKENS } from '../../src/wiring/tokens.js';
import { Amount } from '../../src/domain/money/amount.js';
import type { RefundQueue } from '../../src/domain/ports/refund-queue.port.js';
import type { SettlementQueue } from '../../src/domain/ports/settlement-queue.port.js';
import { paidOnCheckout, startSettlementRig, type SettlementRig } from '../support/settlement-rig.js';
import { TestClock } from '../support/test-clock.js';

/*
 * A claim on a queued row belongs to one worker for the length of its lease. Once the lease has
 * passed, or another worker has claimed the row, the first worker's late writes change nothing and
 * say so (false), whatever they try to record.
 */

const LEASE_MS = 1_000;

describe('a transfer claim whose lease ran out and was taken over by a second worker', () => {
  const clock = new TestClock();
  let rig: SettlementRig;
  let queue: SettlementQueue;

  before(async () => {
    rig = await startSettlementRig({ clock });
    queue = rig.t.broker.container.get<SettlementQueue>(TOKENS.SettlementQueue);
  });
  after(async () => rig.close());

  /** One worker's claim on an order's transfer (rows left over by earlier tests are claimed too, and ignored). */
  async function claimOf(traceId: string) {
    return (await queue.claimDue(clock.now(), 100, LEASE_MS)).find((job) => job.traceId === traceId);
  }

  /** A paid order's transfer, claimed by worker A, then (after A's lease) by worker B. */
  async function takenOver() {
    const { traceId } = await paidOnCheckout(rig);
    const a = await claimOf(traceId);
    clock.advance(2 * LEASE_MS);
    const b = await claimOf(traceId);
    expect(a, 'A claimed the row').to.not.equal(undefined);
    expect(b, 'B claimed the same row').to.not.equal(undefined);
    return { a: a!, b: b!, traceId };
  }

  it("refuses A's late done, retry and failed, and leaves the row in flight under B", async () => {
    const { a, traceId } = await takenOver();
    const now = clock.now();
    expect(await queue.markDone(a, 'hash-from-a', now), 'late done').to.equal(false);
    expect(await queue.markRetry(a, 'late retry', new Date(now.getTime() + 60_000), now), 'late retry').to.equal(false);
    expect(await queue.markFailed(a, 'late failure', now), 'late failed').to.equal(false);
    expect(await queue.renew(a, now, LEASE_MS), 'late renewal').to.equal(false);
    expect(await queue.find(traceId)).to.deep.include({ state: 'in_flight', attempts: 2, lastError: null, transactionHash: null });
  });

  it("still takes B's writes", async () => {
    const { a, b, traceId } = await takenOver();
    await queue.markFailed(a, 'late failure', clock.now());
    expect(await queue.markDone(b, 'hash-from-b', clock.now())).to.equal(true);
    expect(await queue.find(traceId)).to.deep.include({ state: 'done', transactionHash: 'hash-from-b' });
  });

  it('refuses a write once the lease has passed, even before anyone else claimed the row', async () => {
    const { traceId } = await paidOnCheckout(rig);
    const a = await claimOf(traceId);
    clock.advance(LEASE_MS + 1);
    expect(await queue.markDone(a!, 'hash-after-lease', clock.now())).to.equal(false);
    expect(await queue.find(traceId)).to.deep.include({ state: 'in_flight', transactionHash: null });
  });

  it('extends a lease that is still held, so the row is not claimable until the new expiry', async () => {
    const { traceId } = await paidOnCheckout(rig);
    const a = await claimOf(traceId);
    clock.advance(LEASE_MS - 100);
    expect(await queue.renew(a!, clock.now(), LEASE_MS)).to.equal(true);
    clock.advance(500); // past the first expiry, within the renewed one
    expect(await claimOf(traceId)).to.equal(undefined);
    expect(await queue.markDone(a!, 'hash-in-time', clock.now())).to.equal(true);
  });
});

describe('a payer refund claim whose lease ran out and was taken over by a second worker', () => {
  const clock = new TestClock();
  let rig: SettlementRig;
  let refunds: RefundQueue;

  before(async () => {
    rig = await startSettlementRig({ clock });
    refunds = rig.t.broker.container.get<RefundQueue>(TOKENS.RefundQueue);
  });
  after(async () => rig.close());

  async function claimOf(refundId: string) {
    return (await refunds.claimDue(clock.now(), 100, LEASE_MS)).find((job) => job.refundId === refundId);
  }

  /** A refund queued for a paid order (the queue does not care why), claimed by worker A, then by worker B. */
  async function takenOver() {
    const { traceId } = await paidOnCheckout(rig);
    const refundId = randomUUID();
    const refund = {
      refundId,
      traceId,
      wallet: 'mock',
      kind: 'review_refund' as const,
      amount: Amount.of('10.1'),
      currency: 'USDT',
      reason: 'test',
    };
    expect(await refunds.enqueue(refund, clock.now())).to.equal(true);
    const a = await claimOf(refundId);
    clock.advance(2 * LEASE_MS);
    const b = await claimOf(refundId);
    expect(a, 'A claimed the row').to.not.equal(undefined);
    expect(b, 'B claimed the same row').to.not.equal(undefined);
    return { a: a!, b: b!, traceId };
  }

  it("refuses A's late succeeded, awaiting, retry and failed, and leaves the row in flight under B", async () => {
    const { a, traceId } = await takenOver();
    const now = clock.now();
    const later = new Date(now.getTime() + 60_000);
    expect(await refunds.markSucceededByWorker(a, 'provider-a', now), 'late succeeded').to.equal(false);
    expect(await refunds.markAwaitingProviderByWorker(a, 'provider-a', later, now), 'late awaiting').to.equal(false);
    expect(await refunds.markRetryByWorker(a, 'late retry', later, now), 'late retry').to.equal(false);
    expect(await refunds.markFailedByWorker(a, 'late failure', now), 'late failed').to.equal(false);
    expect(await refunds.findByTraceId(traceId)).to.deep.include({
      state: 'in_flight',
      attempts: 2,
      lastError: null,
      providerRefundId: null,
    });
  });

  it("still takes B's writes", async () => {
    const { a, b, traceId } = await takenOver();
    await refunds.markFailedByWorker(a, 'late failure', clock.now());
    expect(await refunds.markSucceededByWorker(b, 'provider-b', clock.now())).to.equal(true);
    expect(await refunds.findByTraceId(traceId)).to.deep.include({ state: 'succeeded', providerRefundId: 'provider-b' });
  });
});
