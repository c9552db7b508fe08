import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the operator's order search and the paged incoming list, so both stay fast at
 * millions of rows. Lists are newest first with keyset paging on (created_at, trace_id): each
 * filter an operator narrows by often gets an index that also yields that order, so a page reads
 * about `limit` index entries. Wallets and assets are few, so `wallet` gets one (a rarely used
 * wallet would otherwise mean a long scan) and `asset_id` none: it is usually combined with another.
 * `q` finds a trace id from any part of it (pg_trgm, a trusted extension: no superuser needed)
 * or a provider payment id exactly.
 */
export class M005OrderSearch extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists pg_trgm');
    this.addSql('create index orders_created_idx on orders (created_at desc, trace_id desc)');
    this.addSql('create index orders_status_created_idx on orders (status, created_at desc, trace_id desc)');
    this.addSql('create index orders_wallet_created_idx on orders (wallet, created_at desc, trace_id desc)');
    this.addSql('create index orders_payee_created_idx on orders (payee_id, created_at desc, trace_id desc)');
    this.addSql('create index orders_trace_trgm_idx on orders using gin ((trace_id::text) gin_trgm_ops)');
    this.addSql('create index orders_payment_id_idx on orders (payment_id) where payment_id is not null');
    this.addSql('create index incoming_transfers_outcome_at_idx on incoming_transfers (outcome, snapshot_at desc, snapshot_id desc)');
    this.addSql('drop index incoming_transfers_outcome_idx'); // its leading column is covered by the index above
  }
}
