import type { SqlSession } from './raw-sql.js';

/**
 * The trigram index of the operator's trace-id search (M005) takes new entries into a pending list,
 * and whichever statement fills that list past `gin_pending_list_limit` (4 MB) merges it into the
 * index itself. On a busy broker that statement is a create_order batch: at a million orders the
 * merge took 100–280 ms inside it, and every order in flight waited. Merged from here every second,
 * the list stays short and the merge runs beside the orders, not in their path (a writer that finds
 * a merge under way does not wait for it). The same work, done where nobody waits for it.
 */
const SEARCH_INDEX = 'orders_trace_trgm_idx';

/** How often the pending list is merged: short enough that it never fills between two merges under load. */
export const SEARCH_INDEX_MERGE_EVERY_MS = 1000;

/** One merge of the pending list; the pending-list pages it emptied (0: nothing was pending). */
export async function mergeSearchIndexPendingList(sql: SqlSession): Promise<number> {
  const rows = await sql.rows<{ pages: string }>(`select gin_clean_pending_list(?::regclass)::text as pages`, [SEARCH_INDEX]);
  return Number(rows[0]?.pages ?? 0);
}
