/**
 * Secret values the broker has read (API keys, webhook secrets, the admin token). The logger
 * replaces them wherever they appear in a line, whatever key or message they hide in.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();

  add(value: string): void {
    // Very short values would redact ordinary words; config validation requires longer secrets.
    if (value.length >= 8) this.values.add(value);
  }

  scrub(line: string): string {
    let out = line;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join('[REDACTED]');
    return out;
  }
}
