import { KeyedLock } from '../../../plugin-api/keyed-lock.js';
import type { CrossProcessLock } from './cross-process-lock.js';
import type { MixinConnection } from './mixin-client.js';
import { sendSafeTransfer } from './safe-transfer.js';
import { validateTransferOrder, type SafeTransferOrder } from './transfer-order.js';

/**
 * Transfers of one asset, one at a time. Two transfers that list the same unspent outputs at once
 * would both build on them; Mixin locks the outputs to whichever request verifies first and refuses
 * the other (10105). Serialising per asset avoids that without tracking outputs locally.
 */
export class SafeTransfers {
  private readonly local = new KeyedLock();

  constructor(
    private readonly conn: MixinConnection,
    /** Shared by all broker processes on one Mixin bot; absent: this process is the only sender. */
    private readonly crossProcessLock?: CrossProcessLock,
  ) {}

  /** The Mixin transaction hash of the payment, made now or earlier under the same request id. */
  async send(order: SafeTransferOrder): Promise<string> {
    // Refuse a malformed order before queueing behind other transfers.
    const { assetId } = validateTransferOrder(order, this.conn.keystore.appId);
    const key = `mixin-transfer:${assetId}`;
    // The in-process mutex comes first so that one process waits on the shared lock (often a
    // pooled database connection) with at most one transfer per asset, not with all of them.
    return this.local.run(key, () => {
      const work = () => sendSafeTransfer(this.conn, order);
      return this.crossProcessLock ? this.crossProcessLock(key, work) : work();
    });
  }
}
