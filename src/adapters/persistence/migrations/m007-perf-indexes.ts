import { Migration } from '@mikro-orm/migrations';

/**
 * create_order's payee bound counts the payee's held reservations. Through orders it walked the
 * payee's whole history; with the payee on the reservation and a partial index on held rows it
 * reads only what is open (bounded by mixpay.maxOpenOrdersPerPayee), at any number of stored orders.
 */
export class M007PerfIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table reservations add column payee_id uuid null');
    this.addSql(`update reservations r set payee_id = o.payee_id from orders o where o.trace_id = r.order_ref and r.state = 'held'`);
    this.addSql(`create index reservations_held_payee_idx on reservations (payee_id) where state::text = 'held'::text`);
  }
}
