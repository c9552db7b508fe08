import { z } from 'zod';

/*
 * Opaque page cursors: base64url of a small JSON key naming its list, so a cursor of one list is
 * refused by another. Opaque on purpose: clients pass them back and never build them, so the
 * key's shape can change without breaking anyone.
 */

const KEY = z.object({
  list: z.string(),
  at: z.iso.datetime({ offset: true }),
  id: z.string().min(1).max(64),
});

export type PageKey = Omit<z.infer<typeof KEY>, 'list'>;

export function encodeCursor(list: string, key: PageKey): string {
  return Buffer.from(JSON.stringify({ list, at: key.at, id: key.id }), 'utf8').toString('base64url');
}

/** The key of a cursor made by encodeCursor for `list`, or null for anything else. */
export function decodeCursor(list: string, cursor: string): PageKey | null {
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const parsed = KEY.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success && parsed.data.list === list ? { at: parsed.data.at, id: parsed.data.id } : null;
  } catch {
    return null; // not JSON
  }
}
