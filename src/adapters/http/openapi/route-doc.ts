import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseDoc {
  readonly description: string;
  /** The body's schema (JSON unless `contentType` says otherwise); omitted: no body worth describing. */
  readonly body?: z.ZodType;
  readonly contentType?: string;
  /** Response headers worth naming, with what they carry. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * One route as GET /openapi.json describes it. Each route module keeps the docs of its routes
 * beside them, built from the zod schemas the routes validate with; a test checks that every
 * route in the route table has one.
 */
export interface RouteDoc {
  readonly method: HttpMethod;
  /** The router's pattern, as the route table lists it: `/admin/orders/:traceId`. */
  readonly path: string;
  /** The group it is listed under (MixPay, Wallets, Admin, Operations). */
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  /** Schemas of path parameters; a parameter not named here is documented as a string. */
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: { readonly schema: z.ZodType; readonly contentTypes?: readonly string[]; readonly description?: string };
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  /** `admin`: needs the admin bearer token; `metrics`: the token unless metrics.public. Default: none. */
  readonly auth?: 'admin' | 'metrics';
}

/** How the route table and the docs name one operation. */
export const operationKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;
