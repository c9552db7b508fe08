import type { Middleware } from 'koa';
import type { SandboxTreasury } from '../../treasury/sandbox-treasury.js';
import type { RequestState } from '../middleware/request-context.js';
import { readFields } from '../mixpay/field-rules.js';
import { sandboxIncomingBody, sandboxIncomingFields } from './admin.schemas.js';

/**
 * Sandbox only: `POST /admin/sandbox/incoming {asset_id, amount, opponent_id, memo}` records a
 * transfer into the bot, so MixPay's refunds can be tried without Mixin.
 */
export function sandboxIncomingRoute(sandbox: SandboxTreasury): Middleware<RequestState> {
  return async (ctx) => {
    const body = readFields(sandboxIncomingFields, ctx.request.body ?? {}, sandboxIncomingBody);
    if (!body.ok) {
      ctx.status = 400;
      ctx.body = { error: body.problems.join('; ') };
      return;
    }
    const b = body.value;
    const snapshotId = await sandbox.recordIncoming({ assetId: b.asset_id, amount: b.amount, opponentId: b.opponent_id, memo: b.memo });
    ctx.status = 201;
    ctx.body = { snapshot_id: snapshotId };
  };
}
