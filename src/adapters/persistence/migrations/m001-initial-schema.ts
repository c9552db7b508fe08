import { Migration } from '@mikro-orm/migrations';

/** Orders with their history, verified wallet events, balances with reservations, plugin records. */
export class M001InitialSchema extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table orders (
        trace_id uuid primary key,
        payee_id uuid not null,
        wallet varchar(20) not null,
        asset_id uuid not null,
        amount numeric(38,8) not null check (amount > 0),
        fee numeric(38,8) not null check (fee >= 0),
        currency varchar(32) not null,
        memo text not null,
        expired_at timestamptz not null,
        return_url text not null,
        opponent_id uuid not null,
        status varchar(32) not null,
        payment_id text null,
        checkout_url text null,
        deep_link text null,
        universal_url text null,
        provider_data jsonb not null default '{}',
        failure_reason text null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        version integer not null default 0
      )`);
    this.addSql('create index orders_status_expired_at_idx on orders (status, expired_at)');
    this.addSql(`
      create table order_transitions (
        id bigserial primary key,
        trace_id uuid not null references orders (trace_id),
        from_status varchar(32) null,
        to_status varchar(32) not null,
        cause text not null,
        at timestamptz not null
      )`);
    this.addSql('create index order_transitions_trace_id_idx on order_transitions (trace_id, id)');
    this.addSql(`
      create table wallet_events (
        wallet varchar(20) not null,
        event_id varchar(255) not null,
        kind varchar(32) not null,
        merchant_trade_no varchar(64) not null,
        outcome varchar(32) not null,
        payload jsonb not null,
        received_at timestamptz not null,
        primary key (wallet, event_id)
      )`);
    this.addSql(`
      create table asset_balances (
        asset_id uuid primary key,
        balance numeric(38,8) not null check (balance >= 0),
        reserved numeric(38,8) not null default 0 check (reserved >= 0),
        usd_price numeric(38,18) null,
        updated_at timestamptz not null
      )`);
    this.addSql(`
      create table reservations (
        order_ref uuid primary key,
        asset_id uuid not null,
        amount numeric(38,8) not null check (amount > 0),
        state varchar(16) not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    this.addSql(`
      create table sandbox_transfers (
        request_id uuid primary key,
        asset_id uuid not null,
        opponent_id uuid not null,
        amount numeric(38,8) not null,
        memo text not null,
        transaction_hash varchar(64) not null,
        created_at timestamptz not null
      )`);
    this.addSql(`
      create table plugin_records (
        wallet varchar(20) not null,
        key varchar(255) not null,
        value jsonb not null,
        updated_at timestamptz not null,
        primary key (wallet, key)
      )`);
  }
}
