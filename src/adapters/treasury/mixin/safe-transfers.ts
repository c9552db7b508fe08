import type { GhostKey } from '@mixin.dev/mixin-node-sdk';
import { Dec } from '../../../domain/money/decimal.js';
import type { Logger } from '../../../domain/ports/logger.port.js';
import type { Notifier } from '../../../domain/ports/notifier.port.js';
import type { OutputPool, PoolClaim, PoolOutput, StoredRequest } from '../../../domain/ports/output-pool.port.js';
import { MIXIN_CODES, toMixinError, TransferError } from './mixin-errors.js';
import type { MixinConnection } from './mixin-client.js';
import { PoolSync } from './pool-sync.js';
import { PoolUpkeep, type PoolShape } from './pool-upkeep.js';
import { checkStored, finishRequest, verifyRequest, type RequestChecks } from './safe-request.js';
import { ownOutputs } from './safe-outputs.js';
import { encodeUnsigned, ghostKeys, type BuildRecipient } from './transfer-build.js';
import { OWN_CHECKS, transferChecks } from './transfer-checks.js';
import { validateTransferOrder, type SafeTransferOrder, type ValidTransferOrder } from './transfer-order.js';

export interface SafeTransferSettings extends PoolShape {
  /** How long a transfer waits in-process for free outputs before it is retried later. */
  readonly outputWaitMs: number;
  /** How long a claim lasts while its transaction is being built (a dead worker's claim ends then). */
  readonly claimMs: number;
  /** How long outputs Mixin says another transaction locks (10105) are left alone. */
  readonly lockedHoldMs: number;
  /** While transactions of an asset are being sent, its outputs are listed this often (0: only when a transfer finds none free). */
  readonly listEveryMs: number;
}

export const DEFAULT_SAFE_TRANSFER_SETTINGS: SafeTransferSettings = {
  targetOutputs: 128,
  consolidateAbove: 200,
  outputWaitMs: 10_000,
  claimMs: 30_000,
  lockedHoldMs: 60_000,
  listEveryMs: 200,
};

/**
 * How often a waiting transfer looks at the pool again when nothing in this process woke it: the
 * first waiter of an asset often, the others seldom. Everything this process does that frees or
 * brings outputs (a listing, a release, a send) wakes them all at once; polling is for what other
 * processes do, and 32 transfers polling side by side only loaded the database while they waited.
 */
const WAIT_POLL_MS = 100;
const WAIT_POLL_OTHERS_MS = 1_000;

/**
 * Transfers out of the bot, many at once per asset, on disjoint outputs claimed in the shared pool
 * (the `OutputPool` port, PostgreSQL in production). Each transfer (note "crash safety of a Safe transfer"):
 *
 * 1. A transaction stored under the request id is resumed, whatever happened to the attempt that
 *    stored it: verify it (Mixin answers an id it knows with that request), then sign and send it
 *    if it is still `unspent`. It is never rebuilt from other outputs.
 * 2. Otherwise claim outputs (the same statement looks for a stored transaction), build, store,
 *    and then verify, sign and send. A first attempt lists no outputs and makes three calls to
 *    Mixin (ghost keys, asked for while the outputs are claimed; verify; send).
 */
export class SafeTransfers {
  readonly sync: PoolSync;
  readonly upkeep: PoolUpkeep;
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    private readonly conn: MixinConnection,
    readonly pool: OutputPool,
    private readonly settings: SafeTransferSettings = DEFAULT_SAFE_TRANSFER_SETTINGS,
    private readonly alerts: { readonly notifier?: Notifier; readonly log?: Logger } = {},
  ) {
    this.sync = new PoolSync(conn, pool, (assetId) => this.wake(assetId), settings.listEveryMs);
    this.upkeep = new PoolUpkeep(conn, pool, settings, (stored) => this.complete(stored, OWN_CHECKS), alerts.log);
  }

  /**
   * The Mixin transaction hash of the payment, made now or earlier under the same request id.
   * On a `firstAttempt` (nothing can be stored yet) the ghost keys are asked for while the outputs
   * are claimed, as they depend on neither; otherwise only once the claim found nothing stored to resume.
   */
  async send(input: SafeTransferOrder, hint: { readonly firstAttempt?: boolean } = {}): Promise<string> {
    const order = validateTransferOrder(input, this.conn.keystore.appId);
    const ask = () => ghostKeys(this.conn, order.requestId, [[order.opponentId], [this.conn.keystore.appId]]);
    const early = hint.firstAttempt ? ask() : null;
    early?.catch(() => undefined); // awaited in build, or unused when a stored transaction is resumed
    try {
      const claimed = await this.claim(order);
      const stored = 'stored' in claimed ? claimed.stored : await this.build(order, claimed.outputs, early ?? ask());
      if (stored.kind !== 'transfer' || stored.assetId !== order.assetId) {
        throw new TransferError(`request id ${order.requestId} belongs to another transaction of the bot`, 'request_mismatch', false);
      }
      const checks = transferChecks(order);
      if (stored.state !== 'built' && stored.transactionHash) {
        checkStored(stored.raw, checks);
        return stored.transactionHash;
      }
      return await this.complete(stored, checks);
    } catch (e) {
      throw toMixinError(e, TransferError, `transfer ${order.requestId}`);
    } finally {
      this.upkeep.check(order.assetId);
    }
  }

  /** The payment (and the change back to the bot) on the claimed `inputs`, stored before Mixin sees it. */
  private async build(order: ValidTransferOrder, inputs: PoolOutput[], ghosts: Promise<GhostKey[]>): Promise<StoredRequest> {
    try {
      const change = inputs.reduce((s, o) => s.plus(o.amount), new Dec(0)).minus(order.amountValue);
      const recipients: BuildRecipient[] = [{ members: [order.opponentId], amount: order.amount }];
      if (!change.isZero()) recipients.push({ members: [this.conn.keystore.appId], amount: change.toFixed() });
      const raw = encodeUnsigned(inputs, recipients, await ghosts, order.extra);
      const stored = {
        requestId: order.requestId,
        assetId: order.assetId,
        kind: 'transfer' as const,
        raw,
        inputs: inputs.map((o) => o.key),
      };
      return await this.pool.store({ ...stored, ownOutputs: recipients.length - 1 }, new Date());
    } catch (e) {
      // Only this attempt's outputs: a worker that took the request over meanwhile keeps its claim.
      await this.pool.release(
        order.requestId,
        new Date(),
        inputs.map((o) => o.key),
      );
      this.wake(order.assetId);
      throw e;
    }
  }

  /**
   * Free outputs covering the amount, claimed for this request. While there are none but some are
   * on their way (in flight, change not back yet, a split under way), waits for them up to
   * `outputWaitMs`; when nothing could ever cover it, that is Mixin's 20117. A transaction already
   * stored under the request id comes back instead (a resumed attempt).
   */
  private async claim(order: ValidTransferOrder): Promise<PoolClaim> {
    const deadline = Date.now() + this.settings.outputWaitMs;
    await this.upkeep.ensure(order.assetId);
    for (;;) {
      const got = await this.pool.claim(order.assetId, order.requestId, order.amountValue, new Date(), this.settings.claimMs);
      if (got) return got;
      this.upkeep.check(order.assetId);
      if ((await this.sync.sync(order.assetId)) > 0) continue;
      const c = await this.pool.counts(order.assetId, new Date());
      const onTheWay = c.claimed + c.pending + c.upkeepInFlight + c.held > 0;
      // Free outputs that cover it were only locked by another claim for a moment: look again.
      if (!onTheWay && new Dec(c.freeSum).lt(order.amountValue)) {
        if ((await this.sync.sync(order.assetId, true)) > 0) continue;
        throw new TransferError(
          `insufficient balance: the free outputs of ${order.assetId} do not cover ${order.amount}`,
          MIXIN_CODES.insufficientBalance,
          false,
        );
      }
      if (Date.now() >= deadline) {
        throw new TransferError(
          `no free outputs of ${order.assetId} for ${order.amount}; earlier transfers are still settling`,
          'outputs_pending',
          true,
        );
      }
      await this.waitForOutputs(order.assetId);
    }
  }

  /** Verifies, signs and sends a stored transaction, and records it sent. */
  private async complete(stored: StoredRequest, checks: RequestChecks): Promise<string> {
    let verified;
    try {
      verified = await verifyRequest(this.conn, stored.requestId, stored.raw);
    } catch (e) {
      await this.refused(stored, toMixinError(e, TransferError, 'verifying'));
      throw e;
    }
    const hash = await finishRequest(this.conn, stored.requestId, verified, stored.raw, checks);
    if (verified.raw_transaction && verified.raw_transaction !== stored.raw && verified.state === 'unspent') {
      // Mixin held an older request under this id (built before the pool): that one was paid, not ours.
      await this.pool.drop(stored.requestId, 'free', new Date());
    } else {
      await this.pool.markSent(stored.requestId, hash, new Date());
      this.sync.follow(stored.assetId);
    }
    this.wake(stored.assetId);
    return hash;
  }

  /**
   * Mixin refused to verify the stored transaction, so it holds no request under this id and the
   * stored copy can go. 10105: some input is locked by another transaction (one built outside the
   * pool, or abandoned); those outputs are held for a while, so the retry picks others, and an
   * operator is told which request holds them.
   */
  private async refused(stored: StoredRequest, e: TransferError): Promise<void> {
    if (e.code === MIXIN_CODES.lockedByAnotherTransaction) {
      const holders = await this.lockHolders(stored).catch(() => [] as string[]);
      await this.pool.drop(stored.requestId, { holdMs: this.settings.lockedHoldMs }, new Date());
      this.wake(stored.assetId);
      this.alerts.log?.warn(
        { request_id: stored.requestId, asset_id: stored.assetId, held_by: holders },
        'outputs locked by another transaction (10105)',
      );
      void this.alerts.notifier?.notify({
        key: `mixin-locked:${stored.assetId}`,
        severity: 'warning',
        message:
          `Outputs of ${stored.assetId} are locked by another Mixin transaction (10105)` +
          `${holders.length ? `: held by request ${holders.join(', ')}` : ''}; they are set aside and other outputs used`,
        details: { asset_id: stored.assetId, request_id: stored.requestId, held_by: holders.join(',') },
      });
    } else if (!e.retryable && typeof e.code === 'number') {
      await this.pool.drop(stored.requestId, 'free', new Date());
      this.wake(stored.assetId);
    }
  }

  /** The request ids Mixin shows on the signed outputs this stored transaction wanted. */
  private async lockHolders(stored: StoredRequest): Promise<string[]> {
    const wanted = new Set(await this.pool.inputsOf(stored.requestId));
    const holders = new Set<string>();
    for await (const page of ownOutputs(this.conn, { state: 'signed', assetId: stored.assetId }, TransferError)) {
      for (const o of page) if (wanted.has(`${o.transaction_hash}:${o.output_index}`) && o.request_id) holders.add(o.request_id);
    }
    return [...holders];
  }

  private waitForOutputs(assetId: string): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(assetId) ?? new Set();
      this.waiters.set(assetId, set);
      const ms = set.size === 0 ? WAIT_POLL_MS : WAIT_POLL_OTHERS_MS;
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  /** Outputs of `assetId` may have become free in this process: waiting transfers look again. */
  private wake(assetId: string): void {
    for (const w of [...(this.waiters.get(assetId) ?? [])]) w();
  }
}
