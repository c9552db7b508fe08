import { posix } from 'node:path';

/**
 * The path as the most lenient router could read it: percent-decoded until stable, backslashes as
 * slashes, runs of slashes collapsed, dot segments resolved, lower case, no trailing slash. Security decisions are made on
 * this form, so no spelling of a path (case, `//`, `%61`, `%2F`, a trailing `/`) can slip past them.
 */
export function canonicalPath(raw: string): string {
  // Several gates ask about the same request's path in a row: answer the last one again.
  if (raw === last.raw) return last.canonical;
  const canonical = canonicalize(raw);
  last = { raw, canonical };
  return canonical;
}

let last = { raw: '', canonical: '/' };

function canonicalize(raw: string): string {
  let path = raw;
  for (let i = 0; i < 4; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      break; // malformed escapes stay as they are; they still have to pass the checks below
    }
    if (decoded === path) break;
    path = decoded;
  }
  path = posix.normalize(`/${path.replace(/\\/g, '/')}`).toLowerCase(); // `//`, `/./` and `/x/../` as a proxy would resolve them
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** True when any spelling of `raw` names `prefix` or something below it (`/admin`, `/admin/…`, `/admin;x`). */
export function isUnder(raw: string, prefix: string): boolean {
  const path = canonicalPath(raw);
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '' || !/[a-z0-9_-]/.test(next);
}
