import type { MikroORM } from '@mikro-orm/postgresql';
import { Pipeline, type PgDriver } from './pipeline.js';

/*
 * The hot statements of create_order (the admission batch, the checkout saves, plugin records) on
 * the pooled pg client itself, as named prepared statements: knex's query building and MikroORM's
 * result handling cost about as much CPU per statement as the round trip, and a prepared statement
 * spares the server parsing and planning the same text again. Same pool, same connections, same
 * type parsing as the ORM; everything else keeps going through MikroORM.
 * Not on the embedded database: pglite-socket serves every connection in one PGlite session, so a
 * name prepared on one connection already exists for the next (42P05), and may stand for another
 * text in another process on the same server. There the statements go unnamed.
 */

interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
  query(submittable: Pipeline): unknown;
}

interface KnexClient {
  readonly driver: PgDriver;
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<unknown>;
}

/** Runs statements: on a pooled connection each, or in an open unit of work (DbContext.sql). */
export interface SqlSession {
  rows<R>(text: string, values: readonly unknown[]): Promise<R[]>;
}

/** Statement texts with knex's `?` placeholders; a text named once is prepared once per connection. */
const prepared = new Map<string, { name: string; text: string }>();

/** `?` → `$n`. The hot statements carry no `?` of their own (no string literals with it, no jsonb `?` operators). */
function toPg(text: string): { name: string; text: string } {
  let p = prepared.get(text);
  if (!p) {
    let n = 0;
    // pg keeps a connection's prepared statements by name; the name stands for the text.
    p = { name: `broker_${prepared.size}`, text: text.replace(/\?/g, () => `$${++n}`) };
    prepared.set(text, p);
  }
  return p;
}

async function run<R>(client: PgClient, text: string, values: readonly unknown[], named: boolean): Promise<R[]> {
  const { name, text: pgText } = toPg(text);
  return (await client.query({ name: named ? name : undefined, text: pgText, values: [...values] })).rows as R[];
}

/** PGlite says so in version(); its socket server shares one session among all connections. */
async function sessionPerConnection(client: PgClient): Promise<boolean> {
  const { rows } = await client.query({ text: 'select version() as v', values: [] });
  return !/\bPGlite\b/.test((rows[0] as { v: string }).v);
}

export class RawSql implements SqlSession {
  private readonly client: KnexClient;
  /** Whether statements may be named (prepared per connection): asked of the server once. */
  private named: Promise<boolean> | null = null;

  constructor(orm: MikroORM) {
    this.client = orm.em.getConnection().getKnex().client as unknown as KnexClient;
  }

  /** One autocommit statement. */
  rows<R>(text: string, values: readonly unknown[]): Promise<R[]> {
    return this.onConnection((connection, named) => run<R>(connection, text, values, named));
  }

  /**
   * The statements in one round trip, as one transaction (see pipeline.ts): each statement's rows
   * when all of them succeeded; when one fails, nothing of them is kept and this rejects with its error.
   */
  pipeline(statements: readonly { text: string; values: readonly unknown[] }[]): Promise<unknown[][]> {
    return this.onConnection((connection, named) => {
      const pipeline = new Pipeline(
        this.client.driver,
        statements.map((s) => {
          const { name, text } = toPg(s.text);
          return { name: named ? name : undefined, text, values: [...s.values] };
        }),
      );
      void connection.query(pipeline);
      return pipeline.done;
    });
  }

  /** `work` on a pooled connection, told whether statements may be named there. */
  private async onConnection<T>(work: (connection: PgClient, named: boolean) => Promise<T>): Promise<T> {
    const connection = await this.client.acquireConnection();
    try {
      return await work(connection, await this.mayName(connection));
    } finally {
      await this.client.releaseConnection(connection);
    }
  }

  private mayName(connection: PgClient): Promise<boolean> {
    this.named ??= sessionPerConnection(connection).catch((e: unknown) => {
      this.named = null; // ask again next time
      throw e;
    });
    return this.named;
  }
}

/** A PostgreSQL array literal of items that need no quoting in one (uuids, decimal strings, lock keys). */
export const pgArray = (items: readonly string[]): string => `{${items.join(',')}}`;
