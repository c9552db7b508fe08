import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { EntitySchema } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.js';
import { ENTITIES } from '../../src/adapters/persistence/entities/index.js';
import { TreasuryCursorEntity, type TreasuryCursorRecord } from '../../src/adapters/persistence/entities/treasury-cursor.entity.js';
import { sqlConnection } from '../support/database.js';

/*
 * The migrations are the schema; the entities describe it to MikroORM. On a database the migrations
 * alone built, MikroORM's schema generator must find nothing to change: a migration without the
 * matching entity change (or the reverse) fails here, with the SQL the generator would run.
 *
 * The database is fresh and this spec's own (a scratch database on the server, or a private embedded
 * one), so the positive controls below may alter it, and no earlier run's leftovers can hide a drift.
 */
describe('migrations and entities agree', function () {
  this.timeout(60_000);
  let scratch: { url: string | null; drop(): Promise<void> };
  let db: Database;

  before(async () => {
    scratch = await freshDatabase();
    db = await openDatabase({ url: scratch.url, embeddedDataDir: null });
  });
  after(async () => {
    await db?.close();
    await scratch?.drop();
  });

  const ddl = (sql: string) => db.orm.em.getConnection().execute(sql);

  it('the schema generator finds nothing to change on a freshly migrated database', async () => {
    const sql = await pendingSchemaChanges(db.orm);
    expect(sql, `entities and migrations disagree; MikroORM would run:\n${sql}`).to.equal('');
  });

  // MikroORM compares an index given as a whole statement (a partial index) by name only.
  it('indexes given as statements match the ones the migrations made, predicate included', async () => {
    const indexes = await statementIndexes(db.orm);
    expect(indexes.length, 'the entities declare at least one statement index').to.be.greaterThan(0);
    expect(indexes.filter((i) => i.entity !== i.database)).to.deep.equal([]);
  });

  describe('positive controls: a real difference is reported', () => {
    /** Each breaks the migrated schema one way, expects the generator to say so, and repairs it (back to what it was before). */
    const breaks: { what: string; breakIt: string; repair: string; reported: RegExp }[] = [
      {
        what: 'a column only the database has',
        breakIt: 'alter table treasury_cursors add column stray text',
        repair: 'alter table treasury_cursors drop column stray',
        reported: /alter table "treasury_cursors" drop column "stray"/,
      },
      {
        what: 'a varchar length',
        breakIt: 'alter table orders alter column currency type varchar(40)',
        repair: 'alter table orders alter column currency type varchar(32)',
        reported: /alter table "orders" alter column "currency" type varchar\(32\)/,
      },
      {
        what: 'nullability',
        breakIt: 'alter table refunds alter column reason drop not null',
        repair: 'alter table refunds alter column reason set not null',
        reported: /alter table "refunds" alter column "reason" set not null/,
      },
      {
        what: 'a default',
        breakIt: 'alter table orders alter column version drop default',
        repair: 'alter table orders alter column version set default 0',
        reported: /alter table "orders" alter column "version" set default 0/,
      },
      {
        what: 'a check constraint',
        breakIt: 'alter table transfers drop constraint transfers_amount_check',
        repair: 'alter table transfers add constraint transfers_amount_check check (amount > 0)',
        reported: /alter table "transfers" add constraint transfers_amount_check check ?\(amount > 0\)/,
      },
      {
        what: 'an index',
        breakIt: 'drop index orders_status_expired_at_idx',
        repair: 'create index orders_status_expired_at_idx on orders (status, expired_at)',
        reported: /create index "orders_status_expired_at_idx" on "orders" \("status", "expired_at"\)/,
      },
      {
        what: 'the foreign key order_transitions.trace_id → orders',
        breakIt: 'alter table order_transitions drop constraint order_transitions_trace_id_fkey',
        repair: 'alter table order_transitions add constraint order_transitions_trace_id_fkey foreign key (trace_id) references orders',
        reported: /alter table "order_transitions" add constraint "order_transitions_trace_id_fkey" foreign key \("trace_id"\)/,
      },
    ];
    for (const b of breaks) {
      it(b.what, async () => {
        const before = await pendingSchemaChanges(db.orm); // '' unless the first test fails too
        await ddl(b.breakIt);
        try {
          expect(await pendingSchemaChanges(db.orm)).to.match(b.reported);
        } finally {
          await ddl(b.repair);
        }
        expect(await pendingSchemaChanges(db.orm), 'repaired').to.equal(before);
      });
    }

    it('a partial index whose predicate differs (caught by the statement-index check, not by MikroORM)', async () => {
      await ddl('drop index orders_next_check_idx');
      await ddl('create index orders_next_check_idx on orders (next_check_at)');
      try {
        const changed = (await statementIndexes(db.orm)).find((m) => m.name === 'orders_next_check_idx')!;
        expect(changed.database).to.not.equal(changed.entity);
      } finally {
        await ddl('drop index orders_next_check_idx');
        await ddl('create index orders_next_check_idx on orders (next_check_at) where next_check_at is not null');
      }
    });

    it('an entity property no migration added', async () => {
      const withNote = new EntitySchema<TreasuryCursorRecord & { note: string }>({
        name: 'TreasuryCursorRecord',
        tableName: 'treasury_cursors',
        properties: {
          name: { type: 'string', length: 64, primary: true },
          cursor: { type: 'text', nullable: true },
          updatedAt: { type: 'Date', columnType: 'timestamptz' },
          note: { type: 'text' },
        },
      });
      const orm = await MikroORM.init({
        clientUrl: db.orm.config.get('clientUrl'),
        entities: [...ENTITIES.filter((e) => e !== TreasuryCursorEntity), withNote],
        pool: { min: 0, max: 1 },
      });
      try {
        expect(await pendingSchemaChanges(orm)).to.match(/alter table "treasury_cursors" add column "note" text not null/);
      } finally {
        await orm.close(true);
      }
    });
  });
});

/** What MikroORM would run to make the database match the entities: every kind of change, drops included. */
function pendingSchemaChanges(orm: MikroORM): Promise<string> {
  return orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
}

/** Every index an entity gives as a statement, beside the database's definition of it, both normalised. */
async function statementIndexes(orm: MikroORM): Promise<{ name: string; entity: string; database: string }[]> {
  const declared = Object.values(orm.getMetadata().getAll()).flatMap((meta) =>
    [...meta.indexes, ...meta.uniques].flatMap((i) =>
      typeof i.expression === 'string' ? [{ name: i.name!, expression: i.expression }] : [],
    ),
  );
  const out = [];
  for (const d of declared) {
    const rows = await orm.em
      .getConnection()
      .execute<{ def: string }[]>(`select pg_get_indexdef(c.oid) as def from pg_class c where c.relkind = 'i' and c.relname = ?`, [d.name]);
    out.push({ name: d.name, entity: normaliseIndex(d.expression), database: rows[0] ? normaliseIndex(rows[0].def) : '(missing)' });
  }
  return out;
}

/** PostgreSQL prints an index back with its schema, `using btree`, quotes and parentheses the source need not have. */
function normaliseIndex(sql: string): string {
  return sql
    .toLowerCase()
    .replace(/\bpublic\./g, '')
    .replace(/ using btree/g, '')
    .replace(/["()]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ::/g, '::') // a cast printed back after a parenthesis
    .trim();
}

/**
 * A database of this spec's own: on a server (TEST_DATABASE_URL), a scratch database beside the
 * suite's, dropped afterwards; otherwise a null URL, which has openDatabase start a private embedded one.
 */
async function freshDatabase(): Promise<{ url: string | null; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return { url: null, drop: async () => undefined };
  const url = new URL(base);
  const name = `${(url.pathname.slice(1) || 'broker').slice(0, 40)}_agreement_${randomBytes(4).toString('hex')}`; // ≤ 63 chars
  const admin = async (sql: string) => {
    const conn = await sqlConnection(base);
    try {
      await conn.execute(sql);
    } finally {
      await conn.close();
    }
  };
  await admin(`create database "${name}"`);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}
