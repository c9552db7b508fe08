/*
 * Several statements in ONE write and one round trip (the extended protocol's pipelining): Parse,
 * Bind, Describe and Execute for each, then a single Sync. PostgreSQL runs everything before the
 * Sync as one implicit transaction: committed at the Sync when every statement succeeded, rolled
 * back when one fails (the server then skips the rest). Each statement still takes its own snapshot,
 * so a later one sees what an earlier one wrote and waits for the locks it took.
 * node-postgres sends one query per round trip; this is a "submittable" of its own, the interface
 * pg-cursor uses, handed to the pooled client's `query`.
 */

export interface PipelineStatement {
  /** A prepared statement's name (parsed once per connection), or undefined for an unnamed one. */
  readonly name: string | undefined;
  /** With `$n` placeholders. */
  readonly text: string;
  readonly values: readonly unknown[];
}

interface PgMessage {
  readonly fields?: unknown[];
}

/** The part of pg's wire connection a submittable writes to. */
interface PgConnection {
  readonly stream: { cork?: () => void; uncork?: () => void };
  readonly parsedStatements: Record<string, string>;
  parse(q: { text: string; name: string; types: unknown[] }): void;
  bind(q: { statement: string; values: readonly unknown[]; valueMapper: (v: unknown) => unknown }): void;
  describe(q: { type: 'P'; name: string }): void;
  execute(q: { portal: string; rows: number }): void;
  sync(): void;
}

interface PgResult {
  readonly rows: unknown[];
  _types?: unknown;
  addFields(fields: unknown[]): void;
  parseRow(fields: unknown[]): unknown;
}

/** The pg module the pool's clients come from (knex's `client.driver`): its result parsing and value encoding. */
export interface PgDriver {
  readonly Result: new (rowMode?: string, types?: unknown) => PgResult;
  readonly utils: { readonly prepareValue: (v: unknown) => unknown };
}

export class Pipeline {
  /** Set by the client before `submit`: its type parsers (the same as every other query's). */
  _result: PgResult;
  private readonly results: unknown[][] = [];
  private current: PgResult | null = null;
  private settle: { resolve: (rows: unknown[][]) => void; reject: (e: unknown) => void } | null = null;
  readonly done: Promise<unknown[][]>;

  constructor(
    private readonly driver: PgDriver,
    private readonly statements: readonly PipelineStatement[],
  ) {
    this._result = new driver.Result();
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  /*
   * pg records a statement as parsed on this connection when its ParseComplete arrives, reading the
   * active query's `name` and `text`. A ParseComplete belongs to the first statement not yet
   * complete, so these point there.
   */
  get name(): string | undefined {
    return this.statements[this.results.length]?.name;
  }

  get text(): string | undefined {
    return this.statements[this.results.length]?.text;
  }

  submit(connection: PgConnection): null {
    connection.stream.cork?.();
    try {
      const parsing = new Set<string>();
      for (const s of this.statements) {
        const name = s.name ?? '';
        if (!name || (connection.parsedStatements[name] !== s.text && !parsing.has(name))) {
          connection.parse({ text: s.text, name, types: [] });
          if (name) parsing.add(name);
        }
        connection.bind({ statement: name, values: s.values, valueMapper: this.driver.utils.prepareValue });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '', rows: 0 });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(msg: PgMessage): void {
    this.current = new this.driver.Result(undefined, this._result._types);
    this.current.addFields(msg.fields ?? []);
  }

  handleDataRow(msg: PgMessage): void {
    this.current?.rows.push(this.current.parseRow(msg.fields ?? []));
  }

  handleCommandComplete(): void {
    this.results.push(this.current?.rows ?? []);
    this.current = null;
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete();
  }

  /** The server rolled the pipeline back; pg is done with this query (no ReadyForQuery reaches it). */
  handleError(err: unknown): void {
    this.settle?.reject(err);
    this.settle = null;
  }

  handleReadyForQuery(): void {
    this.settle?.resolve(this.results);
    this.settle = null;
  }

  handlePortalSuspended(): void {
    this.handleError(new Error('a pipelined statement was suspended (rows are never limited here)'));
  }

  handleCopyInResponse(): void {
    this.handleError(new Error('COPY is not supported in a pipeline'));
  }

  handleCopyData(): void {}
}
