import type { SafeSnapshot, SafeSnapshotsRequest } from '@mixin.dev/mixin-node-sdk';
import { Amount } from '../../../domain/money/amount.js';
import { Dec } from '../../../domain/money/decimal.js';
import type { IncomingTransfer } from '../../../domain/ports/mixin-treasury.port.js';
import { MixinApiError, mixinCall } from './mixin-errors.js';
import type { MixinConnection } from './mixin-client.js';

/** Mixin's largest page of snapshots. */
export const SNAPSHOT_PAGE_LIMIT = 500;

export interface IncomingPage {
  readonly transfers: IncomingTransfer[];
  /** `created_at` of the last snapshot read (kept as Mixin's text: nanoseconds survive). */
  readonly cursor: string | null;
}

/**
 * Money that came into the bot after `cursor`, oldest first. Outgoing snapshots (negative amounts)
 * are read past but not returned. Whether Mixin repeats the snapshot *at* the cursor is not
 * documented; the caller deduplicates by snapshot id either way.
 */
export async function incomingSnapshots(conn: MixinConnection, cursor: string | null, limit: number): Promise<IncomingPage> {
  // `order` is missing from the SDK's type but passed through as a query parameter; without it
  // Mixin lists newest first and a cursor would skip everything older.
  const params: SafeSnapshotsRequest & { order: 'ASC' } = {
    limit: Math.min(Math.max(1, Math.floor(limit)), SNAPSHOT_PAGE_LIMIT),
    order: 'ASC',
    ...(cursor ? { offset: cursor } : {}),
  };
  const page = await mixinCall('listing snapshots', MixinApiError, () => conn.sdk.safe.fetchSafeSnapshots(params));
  if (!Array.isArray(page)) throw new MixinApiError('listing snapshots: Mixin sent no list', 'bad_response', true);
  const transfers = page.filter((s) => new Dec(s.amount).gt(0)).map(toIncomingTransfer);
  const last = page[page.length - 1];
  if (!last) return { transfers, cursor };
  // A full page may stop inside a run of snapshots sharing the last `created_at`; if the offset is
  // exclusive the rest of that run would be skipped. So the cursor steps back one nanosecond and
  // the next page re-reads the last snapshot (deduplicated by id). Unless the whole page is one
  // instant: then stepping back would read the same page forever.
  const full = page.length >= params.limit!;
  const oneInstant = page[0]!.created_at === last.created_at;
  return { transfers, cursor: full && !oneInstant ? oneNanosecondBefore(last.created_at) : last.created_at };
}

/** RFC3339 time one nanosecond earlier, kept in Mixin's nanosecond text form; unchanged if it cannot be read. */
export function oneNanosecondBefore(time: string): string {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  if (!m) return time;
  const nanos = BigInt((m[2] ?? '').padEnd(9, '0'));
  if (nanos > 0n) return `${m[1]}.${(nanos - 1n).toString().padStart(9, '0')}${m[3]}`;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return time;
  // Whole second: the previous second's last nanosecond, in UTC.
  return `${new Date(ms - 1000).toISOString().slice(0, 19)}.999999999Z`;
}

function toIncomingTransfer(s: SafeSnapshot): IncomingTransfer {
  const createdAt = new Date(s.created_at);
  if (Number.isNaN(createdAt.getTime())) {
    throw new MixinApiError(`snapshot ${s.snapshot_id} has an unreadable created_at`, 'bad_response', false);
  }
  return {
    snapshotId: s.snapshot_id,
    assetId: s.asset_id.toLowerCase(),
    amount: Amount.of(new Dec(s.amount)),
    opponentId: (s.opponent_id ?? '').toLowerCase(),
    memo: memoText(s.memo ?? ''),
    createdAt,
  };
}

const HEX = /^(?:[0-9a-f]{2})*$/i;

/** Safe snapshots carry the transaction's extra as hex; the memo is its UTF-8 text. */
export function memoText(memo: string): string {
  return HEX.test(memo) ? Buffer.from(memo, 'hex').toString('utf8') : memo;
}
