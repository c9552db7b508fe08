import { hashMembers } from '@mixin.dev/mixin-node-sdk';
import { FakeMixinError, type FakeMixinState, type FakeOutput, type FakeRequest, type FakeSnapshot } from './state.js';

/** The endpoints the SDK calls for the bot's account, balances, prices, transfers and snapshots. */
export type RouteName =
  | 'GET /safe/me'
  | 'GET /safe/outputs'
  | 'POST /safe/keys'
  | 'POST /safe/transaction/requests'
  | 'POST /safe/transactions'
  | 'GET /safe/transactions/:id'
  | 'GET /safe/snapshots'
  | 'POST /safe/assets/fetch'
  | 'GET /safe/assets/:id';

export interface RouteRequest {
  readonly params: string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
}

interface Route {
  readonly name: RouteName;
  readonly method: 'GET' | 'POST';
  readonly path: RegExp;
  handle(state: FakeMixinState, req: RouteRequest): unknown;
}

const UUID = '([0-9a-fA-F-]{36})';

export const ROUTES: readonly Route[] = [
  { name: 'GET /safe/me', method: 'GET', path: /^\/safe\/me$/, handle: (state) => safeMe(state) },
  { name: 'GET /safe/outputs', method: 'GET', path: /^\/safe\/outputs$/, handle: listOutputs },
  {
    name: 'POST /safe/keys',
    method: 'POST',
    path: /^\/safe\/keys$/,
    handle: (state, req) => state.ghostKeys(list<{ receivers: string[]; index: number; hint: string }>(req.body)),
  },
  {
    name: 'POST /safe/transaction/requests',
    method: 'POST',
    path: /^\/safe\/transaction\/requests$/,
    handle: (state, req) =>
      list<{ raw: string; request_id: string }>(req.body).map((r) => requestView(state, state.verify(r.request_id, r.raw), true)),
  },
  {
    name: 'POST /safe/transactions',
    method: 'POST',
    path: /^\/safe\/transactions$/,
    handle: (state, req) =>
      list<{ raw: string; request_id: string }>(req.body).map((r) => requestView(state, state.send(r.request_id, r.raw), false)),
  },
  {
    name: 'GET /safe/transactions/:id',
    method: 'GET',
    path: new RegExp(`^/safe/transactions/${UUID}$`),
    handle: (state, req) => {
      const request = state.requests.get(req.params[0]!);
      if (!request) throw new FakeMixinError(404, 'The endpoint is not found.');
      return requestView(state, request, state.fetchShowsViews);
    },
  },
  { name: 'GET /safe/snapshots', method: 'GET', path: /^\/safe\/snapshots$/, handle: listSnapshots },
  {
    name: 'POST /safe/assets/fetch',
    method: 'POST',
    path: /^\/safe\/assets\/fetch$/,
    handle: (state, req) =>
      list<string>(req.body)
        .filter((id) => state.assets.has(id))
        .map((id) => assetView(state, id)),
  },
  {
    name: 'GET /safe/assets/:id',
    method: 'GET',
    path: new RegExp(`^/safe/assets/${UUID}$`),
    handle: (state, req) => {
      if (!state.assets.has(req.params[0]!)) throw new FakeMixinError(404, 'The endpoint is not found.');
      return assetView(state, req.params[0]!);
    },
  },
];

function list<T>(body: unknown): T[] {
  if (!Array.isArray(body)) throw new FakeMixinError(10002, 'expected a JSON array');
  return body as T[];
}

const MAX_LIMIT = 500;

function pageLimit(query: URLSearchParams, fallback: number): number {
  const n = Number(query.get('limit') ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new FakeMixinError(10002, 'invalid limit');
  return Math.min(n, MAX_LIMIT);
}

/**
 * Own outputs only when `members` names the bot alone. `offset` is a sequence number; the fake
 * treats it as inclusive (Mixin does not say), which a paging client must survive without
 * counting the boundary output twice.
 */
function listOutputs(state: FakeMixinState, { query }: RouteRequest): unknown {
  if (!state.isOwnOutputQuery(query.get('members'), query.get('threshold'))) return [];
  const asc = (query.get('order') ?? 'DESC').toUpperCase() === 'ASC';
  const offset = query.get('offset') === null ? null : Number(query.get('offset'));
  const stateFilter = query.get('state');
  const rows = [...state.outputs.values()]
    .filter((o) => o.receivers.length === 1 && o.receivers[0] === state.botId)
    .filter((o) => !stateFilter || o.state === stateFilter)
    .filter((o) => state.assetMatches(o, query.get('asset')))
    .filter((o) => offset === null || (asc ? o.sequence >= offset : o.sequence <= offset))
    .sort((a, b) => (asc ? a.sequence - b.sequence : b.sequence - a.sequence));
  return rows.slice(0, pageLimit(query, MAX_LIMIT)).map((o) => outputView(state, o));
}

/** Newest first unless `order=ASC`; `offset` is a created_at, exclusive. */
function listSnapshots(state: FakeMixinState, { query }: RouteRequest): unknown {
  const asc = (query.get('order') ?? 'DESC').toUpperCase() === 'ASC';
  const offset = query.get('offset');
  const rows = state.snapshots
    .filter((s) => !query.get('asset') || s.assetId === query.get('asset'))
    .filter((s) => !query.get('opponent') || s.opponentId === query.get('opponent'))
    .filter((s) => !offset || (asc ? s.createdAt > offset : s.createdAt < offset))
    .sort((a, b) => (asc ? a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt)));
  return rows.slice(0, pageLimit(query, 100)).map((s) => snapshotView(state, s));
}

/** The bot's own account, as `client.safe.checkRegisteration()` reads it (the SDK's AuthenticationUserResponse). */
function safeMe(state: FakeMixinState): Record<string, unknown> {
  const r = state.registration;
  const key = r.registered ? r.spendPublicKey : '';
  return {
    type: 'user',
    user_id: state.botId,
    identity_number: '7000100001',
    full_name: 'Test broker bot',
    has_safe: r.registered,
    has_pin: true,
    tip_counter: r.registered ? 1 : 0,
    tip_key_base64: key ? Buffer.from(key, 'hex').toString('base64') : '',
    ...(r.sends === 'both' ? { spend_public_key: key } : {}),
    created_at: '2025-01-01T00:00:00Z',
  };
}

function outputView(state: FakeMixinState, o: FakeOutput): Record<string, unknown> {
  return {
    type: 'kernel_output',
    output_id: o.outputId,
    transaction_hash: o.transactionHash,
    output_index: o.outputIndex,
    ...(state.outputsLackAsset ? {} : { asset: state.kernelAssetOf(o.assetId) }),
    asset_id: o.assetId,
    kernel_asset_id: state.kernelAssetOf(o.assetId),
    amount: o.amount,
    mask: '',
    keys: [],
    senders_hash: '',
    senders_threshold: 0,
    senders: [],
    receivers_hash: hashMembers([...o.receivers]),
    receivers_threshold: 1,
    receivers: o.receivers,
    extra: o.extraHex,
    state: o.state,
    sequence: o.sequence,
    created_at: o.createdAt,
    updated_at: o.createdAt,
    signers: [],
    signed_by: '',
    ...(o.lockedBy ? { request_id: o.lockedBy } : {}),
  };
}

function requestView(state: FakeMixinState, r: FakeRequest, withViews: boolean): Record<string, unknown> {
  const paid = r.outputs.filter((o) => !(o.receivers.length === 1 && o.receivers[0] === state.botId));
  return {
    type: 'kernel_transaction_request',
    request_id: r.requestId,
    transaction_hash: r.hash,
    asset: state.kernelAssetOf(r.assetId),
    amount: paid.map((o) => o.amount)[0] ?? '0',
    extra: r.extraHex,
    user_id: state.botId,
    state: r.state,
    raw_transaction: r.state === 'unspent' ? r.unsignedRaw : r.signedRaw,
    created_at: r.createdAt,
    updated_at: r.createdAt,
    snapshot_id: '',
    snapshot_hash: '',
    snapshot_at: '',
    receivers: paid.map((o) => ({ members: o.receivers, members_hash: hashMembers([...o.receivers]), threshold: 1 })),
    senders: [state.botId],
    senders_hash: hashMembers([state.botId]),
    senders_threshold: 1,
    signers: [],
    views: withViews && r.state === 'unspent' ? (state.viewsAsObjects ? r.views.map((view) => ({ view })) : r.views) : [],
  };
}

function snapshotView(state: FakeMixinState, s: FakeSnapshot): Record<string, unknown> {
  return {
    type: 'snapshot',
    snapshot_id: s.snapshotId,
    user_id: state.botId,
    opponent_id: s.opponentId,
    asset_id: s.assetId,
    kernel_asset_id: state.kernelAssetOf(s.assetId),
    amount: s.amount,
    memo: s.memoHex,
    transaction_hash: s.transactionHash,
    request_id: s.requestId,
    created_at: s.createdAt,
    deposit: null,
    withdrawal: null,
  };
}

function assetView(state: FakeMixinState, assetId: string): Record<string, unknown> {
  const a = state.assets.get(assetId)!;
  return {
    type: 'safe_asset',
    asset_id: assetId,
    chain_id: assetId,
    symbol: a.symbol,
    name: a.symbol,
    display_symbol: a.symbol,
    display_name: a.symbol,
    icon_url: '',
    price_btc: '0',
    price_usd: a.priceUsd,
    change_btc: '0',
    change_usd: '0',
    asset_key: '',
    precision: 8,
    dust: '0.00000001',
    confirmations: 1,
    kernel_asset_id: state.kernelAssetOf(assetId),
    price_updated_at: '2025-01-01T00:00:00Z',
  };
}
