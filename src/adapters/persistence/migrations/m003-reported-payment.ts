import { Migration } from '@mikro-orm/migrations';

/** What the wallet said was paid, kept when it differs from what was due, for the operator's review. */
export class M003ReportedPayment extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table orders add column reported_amount varchar(64) null');
    this.addSql('alter table orders add column reported_currency varchar(32) null');
  }
}
