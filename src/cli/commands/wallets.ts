import { AdminApi } from '../admin-api.js';
import type { Parsed } from '../args.js';
import { usageError, type CliIo } from '../io.js';
import { keyValues, table } from '../table.js';

interface WalletRow {
  wallet: string;
  assets: Record<string, unknown>[];
  [key: string]: unknown;
}

/** `wallets list`: every wallet and its state, then each wallet's assets with their limits and balances. */
export async function walletsList(args: Parsed, io: CliIo): Promise<void> {
  const answer = await new AdminApi(io.env).get('/admin/wallets');
  if (args.json) return io.out(`${JSON.stringify(answer.body, null, 2)}\n`);
  const wallets = answer.body as WalletRow[];
  io.out(table(['wallet', 'plugin', 'status', 'taking_orders', 'paused', 'tripped', 'consecutive_failures', 'problem'], wallets));
  const assets = wallets.flatMap((w) => w.assets.map((a) => ({ wallet: w.wallet, ...a })));
  io.out(`\n${table(['wallet', 'currency', 'asset_id', 'min', 'max', 'fee', 'balance', 'reserved', 'available'], assets)}`);
}

/** `wallets enable|disable <id>`: takes new orders again, or stops them (webhooks and refunds go on). */
export function walletsSwitch(action: 'enable' | 'disable') {
  return async (args: Parsed, io: CliIo): Promise<void> => {
    const wallet = args.positionals[0];
    if (!wallet) throw usageError(`needs a wallet identifier: broker wallets ${action} <id>`);
    const answer = await new AdminApi(io.env).post(`/admin/wallets/${encodeURIComponent(wallet)}/${action}`, {
      404: 'no wallet has this identifier',
    });
    if (args.json) return io.out(`${JSON.stringify(answer.body, null, 2)}\n`);
    const now = action === 'enable' ? 'takes new orders again' : 'takes no new orders';
    io.out(`${wallet} ${now}\n${keyValues(answer.body as Record<string, unknown>)}`);
  };
}
