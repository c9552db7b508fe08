import { z } from 'zod';
import type { RouteDoc } from '../openapi/route-doc.js';
import { problemBody } from './admin.schemas.js';

const amountOrNull = z.string().nullable().meta({ description: 'In the asset; null when the ledger has no balance for it.' });

export const walletView = z.object({
  wallet: z.string(),
  plugin: z.string(),
  plugin_version: z.string().nullable(),
  enabled: z.boolean().meta({ description: 'As the config says.' }),
  status: z.enum(['active', 'disabled', 'missing', 'broken', 'incompatible', 'invalid_settings']),
  problem: z.string().nullable().meta({ description: 'Why the wallet is out of service, when it is.' }),
  paused: z.boolean().meta({ description: 'Disabled by an operator.' }),
  tripped: z.boolean().meta({ description: 'Stopped after walletGuard.maxConsecutiveFailures plugin exceptions.' }),
  consecutive_failures: z.number().int(),
  taking_orders: z.boolean(),
  assets: z.array(
    z.object({
      asset_id: z.string(),
      currency: z.string(),
      min: z.string(),
      max: z.string(),
      fee: z.string(),
      balance: amountOrNull,
      reserved: amountOrNull,
      available: amountOrNull,
      output_pool: z
        .object({
          free: z.number().int().meta({ description: 'Unspent outputs no transfer has claimed: what parallel transfers run on.' }),
          claimed: z.number().int().meta({ description: 'Claimed by transfers (or pool splits) being built or in flight.' }),
        })
        .nullable()
        .meta({ description: 'Mixin treasury only: the outputs the balance is held in; null when none are tracked (the sandbox).' }),
    }),
  ),
});
export type WalletView = z.infer<typeof walletView>;

const unauthorized = { description: 'No valid admin bearer token.', body: problemBody };
const switched = z.object({ wallet: z.string(), paused: z.boolean(), tripped: z.boolean(), consecutiveFailures: z.number().int() });

export const walletDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/admin/wallets',
    tag: 'Admin',
    auth: 'admin',
    summary: "Every wallet identifier: plugin, status, pause and trip state, and each asset's limits and balances",
    responses: { 200: { description: 'The wallets.', body: z.array(walletView) }, 401: unauthorized },
  },
  ...(['disable', 'enable'] as const).map((action): RouteDoc => ({
    method: 'POST',
    path: `/admin/wallets/:wallet/${action}`,
    tag: 'Admin',
    auth: 'admin',
    summary:
      action === 'disable'
        ? 'Stop new orders for a wallet (webhooks and refunds of existing orders go on)'
        : 'Take new orders again, clearing the failure count',
    responses: {
      200: { description: "The wallet's run-time state.", body: switched },
      401: unauthorized,
      404: { description: 'No such wallet.', body: problemBody },
    },
  })),
  {
    method: 'POST',
    path: '/admin/reload',
    tag: 'Admin',
    auth: 'admin',
    summary: 'Re-read the config file and apply wallet changes; an invalid file is refused whole',
    responses: {
      200: {
        description: 'Reloaded.',
        body: z.object({ reloaded: z.literal(true), wallets: z.array(z.object({ wallet: z.string(), status: z.string() })) }),
      },
      401: unauthorized,
      422: { description: 'Refused; the running config stays.', body: z.object({ reloaded: z.literal(false), error: z.string() }) },
    },
  },
];
