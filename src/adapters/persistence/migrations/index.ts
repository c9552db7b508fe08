import { M001InitialSchema } from './m001-initial-schema.js';
import { M002Settlement } from './m002-settlement.js';
import { M003ReportedPayment } from './m003-reported-payment.js';
import { M004LeaseToken } from './m004-lease-token.js';
import { M005OrderSearch } from './m005-order-search.js';
import { M006OutputPool } from './m006-output-pool.js';
import { M007PerfIndexes } from './m007-perf-indexes.js';

/** Listed explicitly: MikroORM's folder discovery needs Node 22, and an explicit list is ordered by design. */
export const MIGRATIONS = [
  { name: 'M001InitialSchema', class: M001InitialSchema },
  { name: 'M002Settlement', class: M002Settlement },
  { name: 'M003ReportedPayment', class: M003ReportedPayment },
  { name: 'M004LeaseToken', class: M004LeaseToken },
  { name: 'M005OrderSearch', class: M005OrderSearch },
  { name: 'M006OutputPool', class: M006OutputPool },
  { name: 'M007PerfIndexes', class: M007PerfIndexes },
];
