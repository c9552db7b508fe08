import { createHash, randomUUID } from 'node:crypto';
import { decodeSafeTransaction, hashMembers, type SafeTransaction } from '@mixin.dev/mixin-node-sdk';
import { Dec } from '../../../src/domain/money/decimal.js';
import { randomPoint, randomScalar, signaturesOf, transactionHash, validSpendSignature } from './crypto.js';

/** What the fake refuses with, as Mixin does: HTTP 202 and {error: {status, code, description}}. */
export class FakeMixinError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly httpStatus = 202,
  ) {
    super(`${code} ${description}`);
  }
}

export interface FakeOutput {
  readonly outputId: string;
  readonly transactionHash: string;
  readonly outputIndex: number;
  readonly assetId: string;
  readonly amount: string;
  readonly receivers: string[];
  readonly sequence: number;
  readonly extraHex: string;
  readonly createdAt: string;
  state: 'unspent' | 'signed' | 'spent';
  /** The request whose verification locked (and later spent) this output. */
  lockedBy: string | null;
}

export interface FakeRequest {
  readonly requestId: string;
  readonly assetId: string;
  readonly unsignedRaw: string;
  readonly hash: string;
  readonly views: string[];
  readonly inputs: string[];
  readonly outputs: Array<{ amount: string; receivers: string[] }>;
  readonly extraHex: string;
  readonly createdAt: string;
  state: 'unspent' | 'signed' | 'spent';
  signedRaw: string | null;
}

export interface FakeSnapshot {
  readonly snapshotId: string;
  readonly assetId: string;
  readonly amount: string;
  readonly opponentId: string;
  readonly memoHex: string;
  readonly transactionHash: string;
  readonly requestId: string | null;
  readonly createdAt: string;
}

export interface FakePayment {
  readonly requestId: string;
  readonly transactionHash: string;
  readonly assetId: string;
  readonly opponentId: string;
  readonly amount: string;
  readonly memo: string;
}

const outputKey = (hash: string, index: number) => `${hash}:${index}`;
const kernelAssetId = (assetId: string) => createHash('sha256').update(assetId).digest('hex');

/**
 * Mixin's books for one bot: its outputs, transaction requests (unspent → signed → spent),
 * snapshots and asset data. It checks what the real sequencer would refuse: unknown or locked
 * inputs, unknown receivers, inputs ≠ outputs, and signatures that are not the bot's.
 */
export class FakeMixinState {
  readonly assets = new Map<string, { symbol: string; priceUsd: string }>();
  readonly outputs = new Map<string, FakeOutput>();
  readonly requests = new Map<string, FakeRequest>();
  readonly snapshots: FakeSnapshot[] = [];
  readonly payments: FakePayment[] = [];
  /** Verifications refused because an input was already locked or spent. */
  conflicts = 0;
  /** Most requests of one asset verified but not yet sent at the same time. */
  readonly openHighWater = new Map<string, number>();
  /** Send marks a request `spent` at once; false leaves it `signed` (change not back) until `confirmAll`. */
  autoConfirm = true;
  /** With autoConfirm, how long the kernel takes to confirm a sent transaction (its change is unspendable until then). */
  confirmDelayMs = 0;
  /** When each request was first sent (broadcast), in ms since the epoch. */
  readonly sentAt = new Map<string, number>();
  /** Views as the docs partial shows them ({view: hex}) instead of hex strings: a shape the broker must not sign with. */
  viewsAsObjects = false;
  /** Outputs listed without `asset` (only `kernel_asset_id`). */
  outputsLackAsset = false;
  /** Whether GET /safe/transactions/:id shows an unspent request's views. */
  fetchShowsViews = true;
  /**
   * What GET /safe/me says of the bot's Safe registration: registered with the spend public key
   * (hex) Mixin has for it (the bot's own unless a test changes it), and whether the answer names
   * it as `spend_public_key` or only as the TIP key (`tip_key_base64`), as older accounts do.
   */
  readonly registration: { registered: boolean; spendPublicKey: string; sends: 'both' | 'tip-key-only' };

  private sequence = 0;
  private clockMs = Date.parse('2025-01-01T00:00:00Z');
  private clockTicks = 0;
  private readonly ghosts = new Map<string, { mask: string; keys: string[] }>();
  private readonly maskReceivers = new Map<string, string[]>();
  private readonly open = new Map<string, number>();

  constructor(
    readonly botId: string,
    private readonly spendPublicKey: string,
  ) {
    this.registration = { registered: true, spendPublicKey, sends: 'both' };
  }

  /** RFC3339 with nanoseconds, strictly increasing, so cursors compare as text. */
  now(): string {
    this.clockMs += 1000;
    this.clockTicks += 1;
    return `${new Date(this.clockMs).toISOString().slice(0, -1)}${String(this.clockTicks).padStart(6, '0')}Z`;
  }

  addAsset(assetId: string, symbol: string, priceUsd: string): void {
    this.assets.set(assetId, { symbol, priceUsd });
  }

  /** An unspent output of the bot (a deposit), without a snapshot. */
  addOutput(assetId: string, amount: string, receivers = [this.botId], extraHex = ''): FakeOutput {
    const o: FakeOutput = {
      outputId: randomUUID(),
      transactionHash: randomUUID().replace(/-/g, '').repeat(2),
      outputIndex: 0,
      assetId,
      amount: new Dec(amount).toString(),
      receivers,
      sequence: ++this.sequence,
      extraHex,
      createdAt: this.now(),
      state: 'unspent',
      lockedBy: null,
    };
    this.outputs.set(outputKey(o.transactionHash, o.outputIndex), o);
    return o;
  }

  /** Someone paid the bot: an output and the snapshot that reports it. */
  addIncoming(t: { assetId: string; amount: string; opponentId: string; memo: string }): FakeSnapshot {
    const memoHex = Buffer.from(t.memo, 'utf8').toString('hex');
    const o = this.addOutput(t.assetId, t.amount, [this.botId], memoHex);
    return this.addSnapshot({
      assetId: t.assetId,
      amount: o.amount,
      opponentId: t.opponentId,
      memoHex,
      transactionHash: o.transactionHash,
      requestId: null,
    });
  }

  isOwnOutputQuery(membersHash: string | null, threshold: string | null): boolean {
    if (membersHash !== null && membersHash !== hashMembers([this.botId])) return false;
    return threshold === null || threshold === '1';
  }

  /** Matches an asset filter given as the UUID or as the kernel asset id. */
  assetMatches(output: FakeOutput, asset: string | null): boolean {
    return asset === null || asset === output.assetId || asset === kernelAssetId(output.assetId);
  }

  kernelAssetOf(assetId: string): string {
    return kernelAssetId(assetId);
  }

  ghostKeys(requests: Array<{ receivers: string[]; index: number; hint: string }>): Array<{ mask: string; keys: string[] }> {
    return requests.map((r) => {
      const id = `${[...r.receivers].sort().join(',')}|${r.index}|${r.hint}`;
      let ghost = this.ghosts.get(id);
      if (!ghost) {
        ghost = { mask: randomPoint(), keys: r.receivers.map(() => randomPoint()) };
        this.ghosts.set(id, ghost);
        this.maskReceivers.set(ghost.mask, [...r.receivers]);
      }
      return ghost;
    });
  }

  /** POST /safe/transaction/requests: an existing request id answers with that request, unchanged. */
  verify(requestId: string, raw: string): FakeRequest {
    const existing = this.requests.get(requestId);
    if (existing) return existing;
    const tx = decodeOrRefuse(raw);
    const inputs = tx.inputs.map((i) => this.outputs.get(outputKey(i.hash, i.index)));
    if (inputs.length === 0 || inputs.some((o) => !o || !o.receivers.includes(this.botId)))
      throw new FakeMixinError(10002, 'unknown input');
    const own = inputs as FakeOutput[];
    if (own.some((o) => tx.asset !== kernelAssetId(o.assetId))) throw new FakeMixinError(10002, 'inputs of another asset');
    if (own.some((o) => o.state !== 'unspent')) {
      this.conflicts += 1;
      throw new FakeMixinError(10105, 'input locked by another transaction');
    }
    const outputs = tx.outputs.map((o) => ({ amount: new Dec(o.amount).toString(), receivers: this.maskReceivers.get(o.mask ?? '') }));
    if (outputs.some((o) => !o.receivers)) throw new FakeMixinError(20150, 'invalid receivers');
    const sum = (xs: Array<{ amount: string }>) => xs.reduce((s, x) => s.plus(x.amount), new Dec(0));
    if (!sum(own).eq(sum(outputs))) throw new FakeMixinError(10002, 'inputs and outputs differ');
    if (Buffer.from(tx.extra).byteLength > 256) throw new FakeMixinError(10002, 'extra too long');
    const request: FakeRequest = {
      requestId,
      assetId: own[0]!.assetId,
      unsignedRaw: raw,
      hash: transactionHash(raw),
      views: own.map(() => randomScalar()),
      inputs: own.map((o) => outputKey(o.transactionHash, o.outputIndex)),
      outputs: outputs as Array<{ amount: string; receivers: string[] }>,
      extraHex: Buffer.from(tx.extra).toString('hex'),
      createdAt: this.now(),
      state: 'unspent',
      signedRaw: null,
    };
    for (const o of own) {
      o.state = 'signed';
      o.lockedBy = requestId;
    }
    this.requests.set(requestId, request);
    this.trackOpen(request.assetId, +1);
    return request;
  }

  /** POST /safe/transactions: idempotent on the request id; checks every input's signature. */
  send(requestId: string, signedRaw: string): FakeRequest {
    const request = this.requests.get(requestId);
    if (!request) throw new FakeMixinError(404, 'transaction request not found');
    if (request.state !== 'unspent') return request;
    const sigs = signaturesOf(signedRaw, request.unsignedRaw);
    if (!sigs || sigs.length !== request.inputs.length) throw new FakeMixinError(10002, 'not the verified transaction, signed');
    const message = Buffer.from(request.hash, 'hex');
    sigs.forEach((map, i) => {
      const sig = map.get(0);
      if (!sig || !validSpendSignature(message, sig, request.views[i]!, this.spendPublicKey)) {
        throw new FakeMixinError(10002, `invalid signature for input ${i}`);
      }
    });
    request.signedRaw = signedRaw;
    request.state = 'signed';
    this.sentAt.set(requestId, Date.now());
    this.trackOpen(request.assetId, -1);
    const memo = Buffer.from(request.extraHex, 'hex').toString('utf8');
    for (const o of request.outputs) {
      if (o.receivers.length === 1 && o.receivers[0] === this.botId) continue;
      this.payments.push({
        requestId,
        transactionHash: request.hash,
        assetId: request.assetId,
        opponentId: o.receivers.join(','),
        amount: o.amount,
        memo,
      });
    }
    if (this.autoConfirm && this.confirmDelayMs > 0) {
      setTimeout(() => {
        if (request.state === 'signed') this.confirm(request);
      }, this.confirmDelayMs).unref();
    } else if (this.autoConfirm) this.confirm(request);
    return request;
  }

  /** The kernel finalised every sent transaction: inputs spent, change back as new outputs. */
  confirmAll(): void {
    for (const r of this.requests.values()) if (r.state === 'signed') this.confirm(r);
  }

  private confirm(request: FakeRequest): void {
    for (const key of request.inputs) this.outputs.get(key)!.state = 'spent';
    let paid = new Dec(0);
    let opponent = '';
    request.outputs.forEach((o, index) => {
      if (o.receivers.length === 1 && o.receivers[0] === this.botId) {
        const change: FakeOutput = {
          outputId: randomUUID(),
          transactionHash: request.hash,
          outputIndex: index,
          assetId: request.assetId,
          amount: o.amount,
          receivers: [this.botId],
          sequence: ++this.sequence,
          extraHex: request.extraHex,
          createdAt: this.now(),
          state: 'unspent',
          lockedBy: null,
        };
        this.outputs.set(outputKey(change.transactionHash, index), change);
      } else {
        paid = paid.plus(o.amount);
        opponent ||= o.receivers.join(',');
      }
    });
    request.state = 'spent';
    this.addSnapshot({
      assetId: request.assetId,
      amount: paid.negated().toString(),
      opponentId: opponent,
      memoHex: request.extraHex,
      transactionHash: request.hash,
      requestId: request.requestId,
    });
  }

  private addSnapshot(s: Omit<FakeSnapshot, 'snapshotId' | 'createdAt'>): FakeSnapshot {
    const snapshot = { ...s, snapshotId: randomUUID(), createdAt: this.now() };
    this.snapshots.push(snapshot);
    return snapshot;
  }

  private trackOpen(assetId: string, delta: number): void {
    const n = (this.open.get(assetId) ?? 0) + delta;
    this.open.set(assetId, n);
    this.openHighWater.set(assetId, Math.max(n, this.openHighWater.get(assetId) ?? 0));
  }

  // ---- what tests ask ----

  unspentSum(assetId: string): string {
    let sum = new Dec(0);
    for (const o of this.outputs.values())
      if (o.assetId === assetId && o.state === 'unspent' && o.receivers.includes(this.botId)) sum = sum.plus(o.amount);
    return sum.toString();
  }

  /** How many times `amount` of `assetId` went to `opponentId`. */
  paymentsTo(opponentId: string, amount: string, assetId?: string): number {
    return this.payments.filter((p) => p.opponentId === opponentId && new Dec(p.amount).eq(amount) && (!assetId || p.assetId === assetId))
      .length;
  }

  /** Requests that were sent (signed or spent), in the order they were verified. */
  sentRequests(): FakeRequest[] {
    return [...this.requests.values()].filter((r) => r.state !== 'unspent');
  }

  /** Outputs that appear as input of more than one sent transaction (must stay empty). */
  outputsSpentTwice(): string[] {
    const seen = new Map<string, number>();
    for (const r of this.sentRequests()) for (const k of r.inputs) seen.set(k, (seen.get(k) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  }
}

function decodeOrRefuse(raw: string): SafeTransaction {
  try {
    const tx = decodeSafeTransaction(raw);
    if ((tx.signatureMap ?? []).length > 0) throw new Error('signed');
    return tx;
  } catch {
    throw new FakeMixinError(10002, 'invalid raw transaction');
  }
}
