import type { IncomingMessage } from 'node:http';
import { koaBody } from 'koa-body';
import { parse as parseLossless } from 'lossless-json';
import type { Middleware } from 'koa';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** A number as it was written in the JSON text, so amounts never pass through a float. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/**
 * JSON, urlencoded and multipart bodies up to 1 MB. JSON is parsed again from the raw text with
 * numbers kept as written (JsonNumber); the stock parser would have turned them into floats.
 */
export function formBody(): Middleware {
  const parse = koaBody({
    multipart: true,
    urlencoded: true,
    json: true,
    text: false,
    includeUnparsed: true,
    jsonLimit: BODY_LIMIT_BYTES,
    formLimit: BODY_LIMIT_BYTES,
    formidable: { maxFileSize: BODY_LIMIT_BYTES, maxTotalFileSize: BODY_LIMIT_BYTES, maxFieldsSize: BODY_LIMIT_BYTES },
    onError: (error) => {
      // formidable reports its status as httpCode, co-body as status; the boundary reads status.
      const e = error as Error & { status?: number; httpCode?: number; type?: string };
      const status = e.status ?? e.httpCode ?? 400;
      throw Object.assign(e, { status, type: e.type ?? (e instanceof SyntaxError ? 'entity.parse.failed' : undefined) });
    },
  });
  return async (ctx, next) => {
    await parse(ctx, async () => {
      if (ctx.is('json') && typeof ctx.request.rawBody === 'string' && ctx.request.rawBody.length > 0) {
        try {
          (ctx.request as { body: unknown }).body = parseLossless(ctx.request.rawBody, null, (text) => new JsonNumber(text));
        } catch {
          // e.g. a duplicated key, which the stock parser silently resolves: refuse the ambiguity.
          throw Object.assign(new Error('invalid JSON'), { status: 400, type: 'entity.parse.failed', expose: true });
        }
      }
      await next();
    });
  };
}

export class BodyTooLarge extends Error {
  readonly status = 413;
}

/** The exact bytes of a body (webhook signatures are computed over them), as UTF-8 text. */
export async function readRawBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw new BodyTooLarge('body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
