import { createHash, randomUUID } from 'node:crypto';
import { SecretRegistry } from '../../src/adapters/logging/secret-registry.js';
import { MOCK_SECRET } from './fixtures.js';

/*
 * Everything logged during the whole mocha run (every LogCapture, every broker child's stdout) and
 * every secret the tests configured, so the root afterAll hook can grep the one for the other.
 * The grep is written independently of the product's redaction, so a bug there cannot hide here.
 */

export interface Leak {
  /** sha256 of the secret, 12 hex digits: names it without writing it. */
  readonly fingerprint: string;
  /** Where the log was collected (the spec line that opened it). */
  readonly source: string;
  /** 1-based line of that log. */
  readonly line: number;
}

export const fingerprint = (secret: string): string => `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`;

/**
 * The forms a log line may carry a secret in: as is; JSON-escaped (`\"`, `\\`, `\n`); with its
 * special characters written `\u0022` (as some serializers do), either case; and each of those
 * escaped once more (a JSON text logged as a string).
 */
function writtenForms(secret: string): string[] {
  const special = /["\\\u0000-\u001f/]/g;
  const u = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  const escaped = [
    JSON.stringify(secret).slice(1, -1),
    secret.replace(special, u),
    secret.replace(special, (c) => u(c).toUpperCase().replace('\\U', '\\u')),
  ];
  const twice = escaped.map((e) => JSON.stringify(e).slice(1, -1));
  return [...new Set([secret, ...escaped, ...twice])];
}

export class LogAudit {
  private readonly sources: { readonly lines: readonly string[]; readonly label: string }[] = [];
  private readonly secrets = new Set<string>();

  /** Reads `lines` (kept live by their owner) at the end. */
  watch(lines: readonly string[], label = openedAt()): void {
    this.sources.push({ lines, label });
  }

  secret(value: string): void {
    this.secrets.add(value);
  }

  get size(): { sources: number; lines: number; secrets: number } {
    return { sources: this.sources.length, lines: this.sources.reduce((n, s) => n + s.lines.length, 0), secrets: this.secrets.size };
  }

  leaks(): Leak[] {
    const found: Leak[] = [];
    const wanted = [...this.secrets].map((s) => ({ fingerprint: fingerprint(s), forms: writtenForms(s) }));
    for (const source of this.sources) {
      source.lines.forEach((text, i) => {
        for (const w of wanted) {
          if (w.forms.some((f) => text.includes(f))) found.push({ fingerprint: w.fingerprint, source: source.label, line: i + 1 });
        }
      });
    }
    return found;
  }

  /**
   * Throws, naming fingerprints and positions only, if any secret was logged. A canary secret is
   * planted, escaped, in a log of its own first: if the grep does not find it, it is blind, and that fails too.
   */
  assertNoLeaks(): void {
    const canary = `canary-${randomUUID()}-"\\`;
    const canaryLog = [JSON.stringify({ level: 'info', msg: `leaked ${canary}` })];
    this.secrets.add(canary);
    this.sources.push({ lines: canaryLog, label: 'the canary' });
    let found: Leak[];
    try {
      found = this.leaks();
    } finally {
      this.secrets.delete(canary);
      this.sources.pop();
    }
    if (!found.some((l) => l.source === 'the canary'))
      throw new Error('the suite-wide secret grep did not find its canary: it would miss a leak');
    const leaks = found.filter((l) => l.source !== 'the canary');
    if (leaks.length === 0) return;
    const shown = leaks.slice(0, 20).map((l) => `  secret ${l.fingerprint} in the log opened at ${l.source}, line ${l.line}`);
    const more = leaks.length > shown.length ? [`  … and ${leaks.length - shown.length} more`] : [];
    throw new Error([`${leaks.length} logged line(s) carry a configured secret:`, ...shown, ...more].join('\n'));
  }
}

/** The spec (or support) line that opened a log, from the caller's stack. */
function openedAt(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const spec = frames.find((f) => /\.spec\.ts:\d+/.test(f)) ?? frames.find((f) => /\/test\//.test(f) && !/suite-log|log-capture/.test(f));
  const where = spec?.match(/((?:test|plugins)\/[^\s)]+:\d+):\d+/);
  return where?.[1] ?? 'an unknown place';
}

/** The one audit of this mocha run. */
export const suiteLog = new LogAudit();
suiteLog.secret(MOCK_SECRET);

// Every secret any broker of this run read (admin tokens, env-referenced settings, alert URLs) passes
// through a SecretRegistry; watching `add` records them without changing what it does.
const add = SecretRegistry.prototype.add;
SecretRegistry.prototype.add = function (this: SecretRegistry, value: string) {
  if (value.length >= 8) suiteLog.secret(value);
  add.call(this, value);
};
