/**
 * Secret values the broker has read (API keys, webhook secrets, the admin token). The logger
 * replaces them wherever they appear in a line, whatever key or message they hide in, and in
 * whatever form the line carries them: a JSON line holds a secret's `"` as `\"`, its control
 * characters as `\n` or `\u0007`, and a JSON text logged as a string escapes all of that once more.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();
  private pattern: RegExp | null = null;

  add(value: string): void {
    // Very short values would redact ordinary words; config validation requires longer secrets.
    if (value.length < 8 || this.values.has(value)) return;
    this.values.add(value);
    // Longest first, so a secret that contains another is redacted whole.
    const alternatives = [...this.values].sort((a, b) => b.length - a.length).flatMap(writtenForms);
    this.pattern = new RegExp(alternatives.join('|'), 'g');
  }

  scrub(line: string): string {
    return this.pattern ? line.replace(this.pattern, '[REDACTED]') : line;
  }
}

/** Patterns for `secret` as written raw, JSON-escaped once, and JSON-escaped twice. */
function writtenForms(secret: string): string[] {
  // UTF-16 units: a JSON writer \u-escapes each half of a surrogate pair on its own.
  const once = secret.split('').map(escapedOnce);
  const twice = once.map((forms) => forms.map(escapedAgain));
  return [literal(secret), once.map(anyOf).join(''), twice.map(anyOf).join('')];
}

const SHORT: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '/': '\\/',
};

/** The texts one character may become in a JSON string: itself (unless it must be escaped), a short escape, a \u escape in either case. */
function escapedOnce(c: string): string[] {
  const code = c.charCodeAt(0);
  const forms: string[] = [];
  if (c !== '"' && c !== '\\' && code >= 0x20) forms.push(c);
  if (SHORT[c]) forms.push(SHORT[c]);
  const hex = code.toString(16).padStart(4, '0');
  forms.push(`\\u${hex}`, `\\u${hex.toUpperCase()}`);
  return [...new Set(forms)];
}

/** The same texts as they read inside another JSON string: only `"` and `\` change. */
function escapedAgain(form: string): string {
  return form.replace(/[\\"]/g, (c) => `\\${c}`);
}

const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const anyOf = (forms: string[]): string => (forms.length === 1 ? literal(forms[0]!) : `(?:${forms.map(literal).join('|')})`);
