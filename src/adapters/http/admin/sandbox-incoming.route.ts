import type { Middleware } from 'koa';
import type { SandboxTreasury } from '../../treasury/sandbox-treasury.js';
import type { RequestState } from '../middleware/request-context.js';
import * as rules from '../mixpay/field-rules.js';

/**
 * Sandbox only: `POST /admin/sandbox/incoming {asset_id, amount, opponent_id, memo}` records a
 * transfer into the bot, so MixPay's refunds can be tried without Mixin.
 */
export function sandboxIncomingRoute(sandbox: SandboxTreasury): Middleware<RequestState> {
  return async (ctx) => {
    const b = (ctx.request.body ?? {}) as Record<string, unknown>;
    const asset = rules.uuid(b.asset_id);
    const amount = rules.amount(b.amount);
    const opponent = rules.uuid(b.opponent_id);
    const memo = rules.memo(b.memo);
    if (!asset.ok || !amount.ok || !opponent.ok || !memo.ok) {
      ctx.status = 400;
      ctx.body = {
        error: [
          asset.ok ? null : `asset_id ${asset.problem}`,
          amount.ok ? null : `amount ${amount.problem}`,
          opponent.ok ? null : `opponent_id ${opponent.problem}`,
          memo.ok ? null : `memo ${memo.problem}`,
        ]
          .filter(Boolean)
          .join('; '),
      };
      return;
    }
    const snapshotId = await sandbox.recordIncoming({ assetId: asset.value, amount: amount.value, opponentId: opponent.value, memo: memo.value });
    ctx.status = 201;
    ctx.body = { snapshot_id: snapshotId };
  };
}
