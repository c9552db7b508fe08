import type { ParsedUrlQuery } from 'node:querystring';
import type { z } from 'zod';

export type QueryRead<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Reads a query string with a zod schema. A parameter given twice is refused (which one would
 * count?), except the comma-separated `lists`, whose repetitions are joined. Every problem is named
 * with its parameter, so a 400 says what to fix: `status: unknown status "paied"; limit: at most 500`.
 */
export function readQuery<S extends z.ZodType>(schema: S, query: ParsedUrlQuery, lists: readonly string[] = []): QueryRead<z.infer<S>> {
  const flat: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && !lists.includes(name)) repeated.push(`${name}: given more than once`);
    else flat[name] = Array.isArray(value) ? value.join(',') : value;
  }
  if (repeated.length > 0) return { ok: false, error: repeated.join('; ') };
  const parsed = schema.safeParse(flat);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.map((i) =>
    i.code === 'unrecognized_keys'
      ? `unknown parameter ${i.keys.map((k) => `"${k}"`).join(', ')}`
      : `${i.path.join('.') || 'query'}: ${i.message}`,
  );
  return { ok: false, error: problems.join('; ') };
}
