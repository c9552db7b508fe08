import { ADMIN_BEARER, adminGet, type AdminAnswer } from './admin-orders.js';

/* The operator's wallet controls: GET /admin/wallets, POST /admin/wallets/<id>/disable|enable, POST /admin/reload. */

export interface WalletAssetRow {
  asset_id: string;
  currency: string;
  min: string;
  max: string;
  fee: string;
  balance: string | null;
  reserved: string | null;
  available: string | null;
  output_pool?: { free: number; claimed: number } | null;
}

export interface WalletRow {
  wallet: string;
  plugin: string;
  plugin_version: string | null;
  enabled: boolean;
  status: string;
  problem: string | null;
  paused: boolean;
  tripped: boolean;
  consecutive_failures: number;
  taking_orders: boolean;
  assets: WalletAssetRow[];
}

export interface SwitchAnswer {
  wallet?: string;
  paused?: boolean;
  tripped?: boolean;
  consecutiveFailures?: number;
  error?: string;
}

export interface ReloadAnswer {
  reloaded: boolean;
  wallets?: { wallet: string; status: string }[];
  error?: string;
}

/** POST an admin route with no body. `token` null sends no Authorization header. */
export async function adminPost<T = unknown>(base: string, path: string, token: string | null = ADMIN_BEARER): Promise<AdminAnswer<T>> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  const res = await fetch(`${base}${path}`, { method: 'POST', headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as T };
}

/** GET /admin/wallets; throws unless it answers 200. */
export async function listWallets(base: string): Promise<WalletRow[]> {
  const answer = await adminGet<WalletRow[]>(base, '/admin/wallets');
  if (answer.status !== 200) throw new Error(`GET /admin/wallets answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** One wallet's row of GET /admin/wallets; throws when it is not listed. */
export async function walletRow(base: string, wallet: string): Promise<WalletRow> {
  const rows = await listWallets(base);
  const row = rows.find((r) => r.wallet === wallet);
  if (!row) throw new Error(`GET /admin/wallets does not list ${wallet}: ${rows.map((r) => r.wallet).join(', ')}`);
  return row;
}

export const disableWallet = (base: string, wallet: string, token?: string | null) =>
  adminPost<SwitchAnswer>(base, `/admin/wallets/${encodeURIComponent(wallet)}/disable`, token);

export const enableWallet = (base: string, wallet: string, token?: string | null) =>
  adminPost<SwitchAnswer>(base, `/admin/wallets/${encodeURIComponent(wallet)}/enable`, token);

export const reloadConfig = (base: string, token?: string | null) => adminPost<ReloadAnswer>(base, '/admin/reload', token);
