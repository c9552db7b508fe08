import { Migration } from '@mikro-orm/migrations';

/**
 * Settlement and refunds: the transfer outbox (one row per order paid in time), user refunds through
 * the wallet, incoming Mixin transfers with their cursor, the reconciliation schedule, and the
 * sandbox's own incoming transfers.
 */
export class M002Settlement extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table transfers (
        trace_id uuid primary key references orders (trace_id),
        asset_id uuid not null,
        opponent_id uuid not null,
        amount numeric(38,8) not null check (amount > 0),
        memo text not null,
        state varchar(16) not null,
        attempts integer not null default 0,
        next_attempt_at timestamptz not null,
        lease_until timestamptz null,
        last_error text null,
        transaction_hash varchar(128) null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    this.addSql('create index transfers_due_idx on transfers (state, next_attempt_at)');
    this.addSql(`
      create table refunds (
        refund_id uuid primary key,
        trace_id uuid not null unique references orders (trace_id),
        wallet varchar(20) not null,
        kind varchar(24) not null,
        amount numeric(38,8) not null check (amount > 0),
        currency varchar(32) not null,
        reason text not null,
        state varchar(24) not null,
        attempts integer not null default 0,
        next_attempt_at timestamptz not null,
        lease_until timestamptz null,
        last_error text null,
        provider_refund_id text null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    this.addSql('create index refunds_due_idx on refunds (state, next_attempt_at)');
    this.addSql(`
      create table incoming_transfers (
        snapshot_id varchar(64) primary key,
        asset_id uuid not null,
        amount numeric(38,8) not null,
        opponent_id varchar(64) not null,
        memo text not null,
        trace_id uuid null,
        refund_code varchar(16) null,
        outcome varchar(24) not null,
        snapshot_at timestamptz not null,
        recorded_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    this.addSql('create index incoming_transfers_outcome_idx on incoming_transfers (outcome)');
    this.addSql(`create table treasury_cursors (name varchar(64) primary key, cursor text null, updated_at timestamptz not null)`);
    this.addSql(`
      create table sandbox_snapshots (
        seq bigserial primary key,
        snapshot_id uuid not null unique,
        asset_id uuid not null,
        amount numeric(38,8) not null,
        opponent_id varchar(64) not null,
        memo text not null,
        created_at timestamptz not null
      )`);
    this.addSql('alter table orders add column next_check_at timestamptz null');
    this.addSql('alter table orders add column checks integer not null default 0');
    this.addSql('alter table orders add column mixpay_refund_code varchar(16) null');
    this.addSql('create index orders_next_check_idx on orders (next_check_at) where next_check_at is not null');
  }
}
