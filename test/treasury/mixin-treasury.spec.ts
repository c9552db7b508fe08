import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { decodeSafeTransaction } from '@mixin.dev/mixin-node-sdk';
import { TransferError } from '../../src/adapters/treasury/mixin/mixin-errors.js';
import type { MixinSafeTreasury } from '../../src/adapters/treasury/mixin/mixin-safe-treasury.js';
import type { Alert } from '../../src/domain/ports/notifier.port.js';
import { MIXPAY_BOT, USDT } from '../support/fixtures.js';
import {
  clearLedger,
  openTestLedger,
  rejection,
  settlement,
  startFakeBot,
  treasuryFor,
  type FakeBot,
  type TestLedger,
} from './mixin-harness.js';

describe('Mixin treasury: transfers through the real SDK against a fake Mixin', () => {
  let l: TestLedger;
  let b: FakeBot;
  let treasury: MixinSafeTreasury;

  before(async () => {
    l = await openTestLedger();
  });
  after(async () => l.db.close());
  beforeEach(async () => {
    await clearLedger(l);
    b = await startFakeBot();
    b.fake.state.addOutput(USDT, '30');
    b.fake.state.addOutput(USDT, '25.5');
    treasury = treasuryFor(l, b);
  });
  afterEach(async () => {
    expect(b.fake.internalErrors, 'the fake itself failed').to.deep.equal([]);
    await b.close();
  });

  it('pays the amount to the opponent with the trace id as request id, the memo as extra and the change back', async () => {
    const request = settlement('40.25');
    const receipt = await treasury.transfer(request);

    const [sent, ...others] = b.fake.state.sentRequests();
    expect(others).to.have.length(0);
    expect(sent!.requestId).to.equal(request.requestId);
    expect(receipt).to.deep.equal({ requestId: request.requestId, transactionHash: sent!.hash });
    // What the kernel sees: both outputs as inputs, 40.25 to MixPay, 15.25 back, memo bytes as extra.
    const tx = decodeSafeTransaction(sent!.unsignedRaw);
    expect(Buffer.from(tx.extra).toString('utf8')).to.equal(request.memo);
    expect(tx.inputs).to.have.length(2);
    expect(sent!.outputs).to.deep.equal([
      { amount: '40.25', receivers: [MIXPAY_BOT] },
      { amount: '15.25', receivers: [b.bot.keystore.app_id] },
    ]);
    expect(b.fake.state.paymentsTo(MIXPAY_BOT, '40.25')).to.equal(1);
    expect(b.fake.state.payments[0]!.memo).to.equal(request.memo);
    expect(b.fake.state.unspentSum(USDT)).to.equal('15.25');
  });

  it('a repeated transfer of a paid request returns the same hash and pays nothing more', async () => {
    const request = settlement('10');
    const first = await treasury.transfer(request);
    const verifications = b.fake.count('POST /safe/transaction/requests');
    const again = await treasury.transfer(request);
    expect(again).to.deep.equal(first);
    expect(b.fake.count('POST /safe/transaction/requests')).to.equal(verifications);
    expect(b.fake.state.paymentsTo(MIXPAY_BOT, '10')).to.equal(1);
  });

  const lostAnswers: Array<{ how: string; plan: (b: FakeBot) => void }> = [
    // Both the first attempt and the SDK's own retry reach Mixin; neither answer comes back.
    { how: 'never comes', plan: (b) => b.fake.faults.loseAnswer('POST /safe/transactions', { times: 2, mode: 'hang' }) },
    { how: 'comes after the client gave up', plan: (b) => b.fake.faults.delayNext('POST /safe/transactions', 900, 2) },
  ];
  for (const lost of lostAnswers) {
    it(`a send whose answer ${lost.how} is not paid twice: the retry finds the request signed`, async () => {
      lost.plan(b);
      const request = settlement('12.5');
      const failure = await rejection(treasury.transfer(request));
      expect(failure).to.be.instanceOf(TransferError);
      expect(failure).to.include({ code: 'timeout', retryable: true });
      expect(b.fake.state.paymentsTo(MIXPAY_BOT, '12.5')).to.equal(1);

      const retry = await treasury.transfer(request);
      expect(retry.transactionHash).to.equal(b.fake.state.requests.get(request.requestId)!.hash);
      // The retry resumed the stored transaction: verified it again (Mixin answered "signed"), built nothing.
      expect(b.fake.count('POST /safe/transaction/requests'), 'the retry re-verified the stored transaction').to.equal(2);
      expect(b.fake.count('POST /safe/keys'), 'and built nothing').to.equal(1);
      expect(b.fake.state.paymentsTo(MIXPAY_BOT, '12.5')).to.equal(1);
      expect(b.fake.state.sentRequests()).to.have.length(1);
    });
  }

  it("a single lost answer is absorbed by the SDK's own retry of the send, still one payment", async () => {
    b.fake.faults.loseAnswer('POST /safe/transactions', { times: 1, mode: 'reset' });
    const request = settlement('3');
    const receipt = await treasury.transfer(request);
    expect(b.fake.count('POST /safe/transactions')).to.equal(2);
    expect(receipt.transactionHash).to.equal(b.fake.state.requests.get(request.requestId)!.hash);
    expect(b.fake.state.paymentsTo(MIXPAY_BOT, '3')).to.equal(1);
  });

  it('a request verified but never sent is finished, not rebuilt from other outputs', async () => {
    // The send never reaches Mixin (as if the process died right after verifying).
    b.fake.faults.failNext('POST /safe/transactions', 500, { httpStatus: 500 });
    const request = settlement('20');
    const failure = await rejection(treasury.transfer(request));
    expect(failure).to.include({ code: 500, retryable: true });
    const pending = b.fake.state.requests.get(request.requestId)!;
    expect(pending.state).to.equal('unspent');
    // New money arrives: a rebuilt request could pay from it while the first stays locked.
    b.fake.state.addOutput(USDT, '100');

    const receipt = await treasury.transfer(request);
    expect(receipt.transactionHash).to.equal(pending.hash);
    expect(b.fake.count('POST /safe/transaction/requests')).to.equal(2);
    expect(b.fake.count('POST /safe/keys')).to.equal(1);
    expect(b.fake.state.requests.get(request.requestId)!.state).to.equal('spent');
    expect(b.fake.state.paymentsTo(MIXPAY_BOT, '20')).to.equal(1);
    expect(b.fake.state.unspentSum(USDT)).to.equal('135.5'); // 55.5 - 20 + 100: the first outputs paid
  });

  it('a request verified but never sent is resumed from the stored copy, never looked up (the lookup may carry no raw)', async () => {
    b.fake.faults.failNext('POST /safe/transactions', 10105);
    b.fake.state.fetchShowsViews = false;
    const request = settlement('20');
    await rejection(treasury.transfer(request));

    const receipt = await treasury.transfer(request);
    expect(receipt.transactionHash).to.equal(b.fake.state.requests.get(request.requestId)!.hash);
    expect(b.fake.state.requests.size).to.equal(1);
    expect(b.fake.count('GET /safe/transactions/:id'), 'no status lookup at all').to.equal(0);
    expect(b.fake.count('POST /safe/keys')).to.equal(1);
    expect(b.fake.state.paymentsTo(MIXPAY_BOT, '20')).to.equal(1);
  });

  it('a first attempt makes three calls to Mixin after the pool knows the outputs: ghost keys, verify, send', async () => {
    await treasury.transfer(settlement('1'));
    const before = b.fake.calls.length;
    await treasury.transfer(settlement('1'));
    expect(b.fake.calls.slice(before)).to.deep.equal(['POST /safe/keys', 'POST /safe/transaction/requests', 'POST /safe/transactions']);
  });

  it('view keys that are not one 64-hex string per input are refused before signing, and retried (not a permanent failure)', async () => {
    b.fake.state.viewsAsObjects = true;
    const request = settlement('4');
    const failure = await rejection(treasury.transfer(request));
    expect(failure).to.include({ code: 'bad_response', retryable: true });
    expect(failure.message).to.contain('64-hex view key');
    expect(b.fake.state.payments).to.have.length(0);
    b.fake.state.viewsAsObjects = false;
    await treasury.transfer(request);
    expect(b.fake.state.paymentsTo(MIXPAY_BOT, '4')).to.equal(1);
    expect(b.fake.count('POST /safe/keys'), 'the stored transaction was resumed').to.equal(1);
  });

  it('an output listed without `asset` is spent with its kernel_asset_id', async () => {
    b.fake.state.outputsLackAsset = true;
    await treasury.transfer(settlement('31'));
    expect(b.fake.state.paymentsTo(MIXPAY_BOT, '31')).to.equal(1);
  });

  describe("Mixin's HTTP-202 error bodies", () => {
    const cases: Array<{ code: number; retryable: boolean; meaning: string }> = [
      { code: 10105, retryable: true, meaning: 'locked by another transaction' },
      { code: 500, retryable: true, meaning: 'server error' },
      { code: 20117, retryable: false, meaning: 'insufficient balance' },
      { code: 10002, retryable: false, meaning: 'invalid field' },
      { code: 20150, retryable: false, meaning: 'invalid receivers' },
    ];
    for (const c of cases) {
      it(`${c.code} (${c.meaning}) becomes a TransferError with retryable=${c.retryable}`, async () => {
        b.fake.faults.failNext('POST /safe/transaction/requests', c.code);
        const failure = await rejection(treasury.transfer(settlement('1')));
        expect(failure).to.be.instanceOf(TransferError);
        expect(failure).to.include({ code: c.code, retryable: c.retryable });
        expect(failure.message).to.contain(String(c.code));
        expect(b.fake.state.payments).to.have.length(0);
      });
    }

    it('the error carries neither the SDK error nor its request config (a live JWT)', async () => {
      b.fake.faults.failNext('POST /safe/transaction/requests', 10105);
      const failure = await rejection(treasury.transfer(settlement('1')));
      expect(failure.cause).to.equal(undefined);
      expect(JSON.stringify({ ...failure, message: failure.message })).not.to.contain('Bearer');
    });
  });

  it('outputs locked by another transaction (10105) are set aside, the holder named, and the retry pays from others', async () => {
    const alerts: Alert[] = [];
    treasury = treasuryFor(l, b, { notifier: { notify: async (a: Alert) => void alerts.push(a) } });
    await treasury.transfer(settlement('1')); // the pool now knows both outputs (and the change)
    const foreign = '6d3c7a2e-0f4b-4d7e-9a51-3b2c1d0e9f88';
    for (const o of b.fake.state.outputs.values()) {
      if (o.state === 'unspent') Object.assign(o, { state: 'signed', lockedBy: foreign });
    }
    const request = settlement('7.77');
    const failure = await rejection(treasury.transfer(request));
    expect(failure).to.include({ code: 10105, retryable: true });
    expect(alerts.map((a) => a.key)).to.deep.equal([`mixin-locked:${USDT}`]);
    expect(alerts[0]!.message).to.contain(`held by request ${foreign}`);

    b.fake.state.addOutput(USDT, '50');
    const receipt = await treasury.transfer(request);
    expect(receipt.transactionHash).to.equal(b.fake.state.requests.get(request.requestId)!.hash);
    expect(b.fake.state.paymentsTo(MIXPAY_BOT, '7.77')).to.equal(1);
    expect(b.fake.state.outputsSpentTwice()).to.deep.equal([]);
  });

  it('an unreachable Mixin is a retryable network error', async () => {
    await b.fake.close();
    const failure = await rejection(treasury.transfer(settlement('1')));
    expect(failure).to.include({ code: 'network', retryable: true });
  });

  it('refuses more than 8 decimals before anything is sent', async () => {
    const failure = await rejection(
      treasury.transfers.send({ requestId: randomUUID(), assetId: USDT, opponentId: MIXPAY_BOT, amount: '0.123456789', memo: 'x' }),
    );
    expect(failure).to.include({ code: 'invalid_amount', retryable: false });
    expect(b.fake.calls).to.deep.equal([]);
  });

  it('refuses a memo over 200 characters, a zero amount and a transfer to itself, before anything is sent', async () => {
    const base = { requestId: randomUUID(), assetId: USDT, opponentId: MIXPAY_BOT, amount: '1', memo: 'x' };
    expect(await rejection(treasury.transfers.send({ ...base, memo: 'm'.repeat(201) }))).to.include({ code: 'invalid_memo' });
    expect(await rejection(treasury.transfers.send({ ...base, amount: '0' }))).to.include({ code: 'invalid_amount' });
    const toItself = { ...base, opponentId: b.bot.keystore.app_id };
    expect(await rejection(treasury.transfers.send(toItself))).to.include({ code: 'invalid_opponent' });
    expect(b.fake.calls).to.deep.equal([]);
  });

  it('too little money is a non-retryable 20117; too little *unspent* while change is pending is retryable', async () => {
    expect(await rejection(treasury.transfer(settlement('55.50000001')))).to.include({ code: 20117, retryable: false });

    b.fake.state.autoConfirm = false; // the first transfer's change stays out until confirmed
    await treasury.transfer(settlement('50'));
    const waiting = await rejection(treasury.transfer(settlement('5')));
    expect(waiting).to.include({ code: 'outputs_pending', retryable: true });
    b.fake.state.confirmAll();
    await treasury.transfer(settlement('5'));
    b.fake.state.confirmAll();
    expect(b.fake.state.unspentSum(USDT)).to.equal('0.5');
  });

  it('a request id already used for another amount is never reported as this payment', async () => {
    const request = settlement('10');
    await treasury.transfer(request);
    b.fake.faults.failNext('POST /safe/transactions', 500, { httpStatus: 500 });
    const other = settlement('11');
    await rejection(treasury.transfer(other)); // leaves `other` verified, unsent
    const reuse = await rejection(treasury.transfer({ ...other, amount: request.amount }));
    expect(reuse).to.include({ code: 'request_mismatch', retryable: false });
    // And a paid request asked for with another memo.
    const paidAgain = await rejection(treasury.transfer({ ...request, memo: 'another order' }));
    expect(paidAgain).to.include({ code: 'request_mismatch', retryable: false });
    expect(b.fake.state.payments).to.have.length(1);
  });
});
