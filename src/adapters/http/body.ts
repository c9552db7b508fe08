import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { koaBody } from 'koa-body';
import { parse as parseLossless } from 'lossless-json';
import type { Middleware } from 'koa';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** A number as it was written in the JSON text, so amounts never pass through a float. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** application/json and every `+json` type (vnd.api+json, json-patch+json): all parsed the same lossless way. */
const JSON_TYPES = ['application/json', '+json'];
const FORM_TYPES = ['urlencoded'];
const MULTIPART_TYPES = ['multipart/form-data'];

/** formidable's code for "more files than maxFiles". */
const MAX_FILES_EXCEEDED = 1015;

/** File parts are refused before their first byte would be stored; this sink makes sure none is ever written to disk. */
const discard = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

/**
 * JSON, urlencoded and multipart bodies up to 1 MB; any other media type with a body is refused
 * (415), as are multipart file parts (nobody sends us files, and formidable would keep them in the
 * temp directory). JSON is parsed again from the raw text with numbers kept as written
 * (JsonNumber); the stock parser would have turned them into floats.
 */
export function formBody(): Middleware {
  const parse = koaBody({
    multipart: true,
    urlencoded: true,
    json: true,
    text: false,
    includeUnparsed: true,
    jsonTypes: JSON_TYPES,
    urlencodedTypes: FORM_TYPES,
    multipartTypes: MULTIPART_TYPES,
    jsonLimit: BODY_LIMIT_BYTES,
    formLimit: BODY_LIMIT_BYTES,
    formidable: {
      maxFiles: 0,
      fileWriteStreamHandler: discard,
      maxFileSize: 1,
      maxTotalFileSize: 1,
      maxFieldsSize: BODY_LIMIT_BYTES,
    },
    onError: (error) => {
      // formidable reports its status as httpCode, co-body as status; the boundary reads status.
      const e = error as Error & { status?: number; httpCode?: number; type?: string; code?: number };
      if (e.code === MAX_FILES_EXCEEDED) throw Object.assign(e, { status: 400, type: 'multipart.file' });
      const status = e.status ?? e.httpCode ?? 400;
      throw Object.assign(e, { status, type: e.type ?? (e instanceof SyntaxError ? 'entity.parse.failed' : undefined) });
    },
  });
  return async (ctx, next) => {
    const empty = ctx.get('transfer-encoding') === '' && (ctx.request.length ?? 0) === 0;
    if (!empty && !ctx.is(...JSON_TYPES, ...FORM_TYPES, ...MULTIPART_TYPES)) {
      throw Object.assign(new Error('unsupported media type'), { status: 415, expose: true });
    }
    let parsed = false;
    try {
      await parse(ctx, async () => {
        parsed = true;
        await readLossless();
      });
    } catch (e) {
      if (!parsed) {
        // Refused mid-body: discard the rest (within the request timeout) so the caller reads our answer instead of a reset.
        ctx.set('connection', 'close');
        ctx.req.resume();
      }
      throw e;
    }
    async function readLossless(): Promise<void> {
      if (ctx.is(...JSON_TYPES) && typeof ctx.request.rawBody === 'string' && ctx.request.rawBody.length > 0) {
        try {
          (ctx.request as { body: unknown }).body = parseLossless(ctx.request.rawBody, null, (text) => new JsonNumber(text));
        } catch {
          // e.g. a duplicated key, which the stock parser silently resolves: refuse the ambiguity.
          throw Object.assign(new Error('invalid JSON'), { status: 400, type: 'entity.parse.failed', expose: true });
        }
      }
      await next();
    }
  };
}

export class BodyTooLarge extends Error {
  readonly status = 413;
}

/**
 * The exact bytes of a body (webhook signatures are computed over them), as UTF-8 text. Past the
 * limit it stops collecting and throws 413 without destroying the request, so the caller still
 * gets its answer (Node discards the rest, within the request timeout).
 */
export function readRawBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume(); // discard it, so the 413 is read rather than met with a reset
    return Promise.reject(new BodyTooLarge('body too large'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', stop).off('aborted', onAborted);
      if (error) reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop(new BodyTooLarge('body too large'));
        req.resume();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onAborted = () => stop(Object.assign(new Error('client closed the request'), { code: 'ECONNRESET', expose: false }));
    req.on('data', onData).on('end', onEnd).on('error', stop).on('aborted', onAborted);
  });
}
