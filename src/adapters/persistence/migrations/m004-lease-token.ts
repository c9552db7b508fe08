import { Migration } from '@mikro-orm/migrations';

/**
 * A token per claim on a transfer or payer refund: a worker's writes carry it, so a worker whose
 * lease ran out, or was taken over by another claim, changes nothing.
 */
export class M004LeaseToken extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table transfers add column lease_token uuid null');
    this.addSql('alter table refunds add column lease_token uuid null');
  }
}
