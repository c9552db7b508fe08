import type { MikroORM } from '@mikro-orm/postgresql';

/*
 * The hot statements of create_order (the admission batch, the checkout saves, plugin records) on
 * the pooled pg client itself, as named prepared statements: knex's query building and MikroORM's
 * result handling cost about as much CPU per statement as the round trip, and a prepared statement
 * spares the server parsing and planning the same text again. Same pool, same connections, same
 * type parsing as the ORM; everything else keeps going through MikroORM.
 */

interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<unknown>;
}

/** Runs statements on one connection (a transaction when opened with `transaction`). */
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

async function run<R>(client: PgClient, text: string, values: readonly unknown[], prepare: boolean): Promise<R[]> {
  const { name, text: pgText } = toPg(text);
  return (await client.query({ ...(prepare ? { name } : {}), text: pgText, values: [...values] })).rows as R[];
}

export class RawSql implements SqlSession {
  private readonly client: KnexClient;

  /**
   * `prepare`: name the statements. Not on the embedded database: its connections share one session,
   * where a name one connection prepared already exists for the next.
   */
  constructor(
    orm: MikroORM,
    private readonly prepare: boolean,
  ) {
    this.client = orm.em.getConnection().getKnex().client as unknown as KnexClient;
  }

  /** One autocommit statement. */
  async rows<R>(text: string, values: readonly unknown[]): Promise<R[]> {
    const connection = await this.client.acquireConnection();
    try {
      return await run<R>(connection, text, values, this.prepare);
    } finally {
      await this.client.releaseConnection(connection);
    }
  }

  /** `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const connection = await this.client.acquireConnection();
    try {
      await connection.query({ text: 'begin', values: [] });
      let result: T;
      try {
        result = await work({ rows: (text, values) => run(connection, text, values, this.prepare) });
      } catch (e) {
        await connection.query({ text: 'rollback', values: [] }).catch(() => undefined);
        throw e;
      }
      await connection.query({ text: 'commit', values: [] });
      return result;
    } finally {
      await this.client.releaseConnection(connection);
    }
  }
}
