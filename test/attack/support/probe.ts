import { expect } from 'chai';
import { sqlConnection } from '../../support/database.js';
import type { LogCapture } from '../../support/log-capture.js';
import type { FuzzTally } from './fuzz-run.js';

/*
 * One request of the fuzz suite and everything it changed: the answer as raw text, the rows it
 * added to the order tables, the error lines it made the broker log. Every request is tallied.
 */

export interface WireRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, exactly as sent. */
  readonly path: string;
  readonly body?: string | URLSearchParams | FormData | Uint8Array;
  readonly contentType?: string;
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

export interface RowsAdded {
  readonly orders: number;
  readonly transitions: number;
  readonly reservations: number;
  /** Whether any balance's `reserved` moved. */
  readonly reservedMoved: boolean;
}

export interface Probed {
  readonly answer: Answer;
  readonly added: RowsAdded;
  /** Rows added to orders, order_transitions and reservations, plus 1 if any balance's `reserved` moved. */
  readonly rowsAdded: number;
  readonly errorLogs: readonly string[];
}

interface Counts {
  orders: number;
  transitions: number;
  reservations: number;
  reserved: string;
}

const COUNTS_SQL = `select (select count(*) from orders)::int as orders,
                           (select count(*) from order_transitions)::int as transitions,
                           (select count(*) from reservations)::int as reservations,
                           (select coalesce(sum(reserved), 0)::text from asset_balances) as reserved`;

export class Prober {
  private logsSeen: number;
  /** The counts after the last request: nothing else writes while the suite runs (workers are off). */
  private last: Counts | null = null;

  private constructor(
    private readonly base: string,
    private readonly logs: LogCapture,
    private readonly tally: FuzzTally,
    private readonly sql: Awaited<ReturnType<typeof sqlConnection>>,
  ) {
    this.logsSeen = logs.lines.length;
  }

  static async open(base: string, logs: LogCapture, tally: FuzzTally): Promise<Prober> {
    return new Prober(base, logs, tally, await sqlConnection());
  }

  /** Sends `req`; rows that a `bad` request adds count as leaked in the tally. */
  async send(req: WireRequest, intent: 'bad' | 'valid' = 'bad'): Promise<Probed> {
    const before = this.last ?? (await this.counts());
    const res = await fetch(`${this.base}${req.path}`, {
      method: req.method,
      ...(req.contentType ? { headers: { 'content-type': req.contentType } } : {}),
      ...(req.body !== undefined ? { body: req.body } : {}),
    });
    const answer: Answer = { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
    const after = await this.counts();
    this.last = after;
    const added: RowsAdded = {
      orders: after.orders - before.orders,
      transitions: after.transitions - before.transitions,
      reservations: after.reservations - before.reservations,
      reservedMoved: after.reserved !== before.reserved,
    };
    const rowsAdded = added.orders + added.transitions + added.reservations + (added.reservedMoved ? 1 : 0);
    const errorLogs = this.newErrorLogs();
    this.record(answer, intent === 'bad' ? rowsAdded : 0, errorLogs.length);
    return { answer, added, rowsAdded, errorLogs };
  }

  /** The stored amount of an order (as PostgreSQL prints it), or null when no order has that trace id. */
  async storedAmount(traceId: string): Promise<string | null> {
    const rows = await this.sql.execute<{ amount: string }[]>('select amount::text as amount from orders where trace_id = ?', [traceId]);
    return rows[0]?.amount ?? null;
  }

  close(): Promise<void> {
    return this.sql.close();
  }

  private async counts(): Promise<Counts> {
    const rows = await this.sql.execute<Counts[]>(COUNTS_SQL);
    return rows[0]!;
  }

  /** Log lines at pino's error level or above (50+) written since the last request. */
  private newErrorLogs(): string[] {
    const fresh = this.logs.lines.slice(this.logsSeen);
    this.logsSeen = this.logs.lines.length;
    return fresh.filter((line) => {
      try {
        return Number((JSON.parse(line) as { level?: unknown }).level) >= 50;
      } catch {
        return true; // a line that is not JSON is itself a broken log
      }
    });
  }

  private record(answer: Answer, rowsLeaked: number, errorLogs: number): void {
    const t = this.tally;
    t.tried += 1;
    if (answer.status >= 500) t.http5xx += 1;
    t.rowsLeaked += Math.max(0, rowsLeaked);
    t.errorLogs += errorLogs;
    const code = envelopeCode(answer.text);
    if (code === 0) t.accepted += 1;
    else t.refused += 1;
    if (code === 11002) t.unavailable += 1;
  }
}

function envelopeCode(text: string): number | null {
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === 'number' ? code : null;
  } catch {
    return null;
  }
}

export interface Envelope {
  code: number;
  success: boolean;
  message: string;
  data: unknown;
}

/** Traces of internals that must never reach a caller: stack frames, error class names, file paths, SQL, drivers. */
const INTERNALS = [
  /\n\s+at |\bat [\w.<>]+ \(|node_modules|\.[cm]?[jt]s:\d/, // stack frames, source paths
  /\b[A-Z][a-z]+Error\b|Maximum call stack|ECONNREFUSED/, // error classes, runtime failures
  /postgres|violates|duplicate key value|\b(select|insert into|update|delete from)\b.*\b(from|values|set|where)\b/i, // the database
  /mikro-?orm|koa|formidable|lossless-json|co-body|zod/i, // libraries behind the broker
];

/** HTTP 200, a JSON body of exactly {code, success, message, data} with success iff code 0, and nothing internal. */
export function expectEnvelope(p: Probed): Envelope {
  const { answer } = p;
  expect(answer.status, `HTTP status (body ${answer.text.slice(0, 200)})`).to.equal(200);
  expect(answer.contentType).to.match(/^application\/json\b/);
  for (const internal of INTERNALS) expect(answer.text, 'the answer must not show internals').to.not.match(internal);
  expect(p.errorLogs, 'error lines logged by the broker').to.deep.equal([]);
  const body = JSON.parse(answer.text) as Envelope;
  expect(body).to.be.an('object').that.has.all.keys('code', 'success', 'message', 'data');
  expect(body.code).to.be.a('number');
  expect(body.message).to.be.a('string');
  expect(body.success).to.equal(body.code === 0);
  return body;
}

export type Expectation =
  /** 11000 whose message names one of `fields` first; `single`: that one problem and no other. */
  { readonly code: 11000; readonly fields: readonly string[]; readonly single: boolean } | { readonly code: 11001 };

export const names = (field: string, ...others: string[]): Expectation => ({ code: 11000, fields: [field, ...others], single: true });
export const namesFirst = (...fields: string[]): Expectation => ({ code: 11000, fields, single: false });
export const noPermission: Expectation = { code: 11001 };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A refusal as expected, which stored and reserved nothing. */
export function expectRefusal(p: Probed, expectation: Expectation): void {
  const body = expectEnvelope(p);
  expect(body.code, body.message).to.equal(expectation.code);
  expect(body.data).to.deep.equal([]);
  if (expectation.code === 11001) {
    expect(body.message).to.equal('No permission.');
  } else {
    const field = `(${expectation.fields.map(escapeRegExp).join('|')})`;
    const problem = expectation.single ? '[^;]+' : '.+';
    expect(body.message).to.match(new RegExp(`^Parameter error: ${field} ${problem}\\.$`, 's'));
    expect(body.message.length, 'a short message').to.be.at.most(400);
  }
  expect(p.rowsAdded, 'rows added to orders, order_transitions and reservations').to.equal(0);
}
