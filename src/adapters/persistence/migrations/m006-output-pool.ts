import { Migration } from '@mikro-orm/migrations';

/**
 * The bot's unspent outputs, tracked locally so that transfers of one asset run in parallel on
 * disjoint inputs (claimed here, never twice), and every transaction the broker builds, stored
 * before it is verified so that a crash resumes that very transaction instead of building another.
 */
export class M006OutputPool extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table mixin_outputs (
        output_key varchar(140) primary key,
        asset_id uuid not null,
        kernel_asset varchar(64) not null,
        transaction_hash varchar(128) not null,
        output_index integer not null,
        amount numeric(38,8) not null,
        sequence bigint not null,
        state varchar(16) not null,
        request_id uuid null,
        claimed_until timestamptz null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    this.addSql('create index mixin_outputs_pick_idx on mixin_outputs (asset_id, state, sequence)');
    this.addSql('create index mixin_outputs_request_idx on mixin_outputs (request_id) where request_id is not null');
    this.addSql(`
      create table mixin_requests (
        request_id uuid primary key,
        asset_id uuid not null,
        kind varchar(16) not null,
        raw text not null,
        state varchar(16) not null,
        own_outputs integer not null default 0,
        transaction_hash varchar(128) null,
        worked_until timestamptz null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    this.addSql('create index mixin_requests_state_idx on mixin_requests (asset_id, state)');
  }
}
