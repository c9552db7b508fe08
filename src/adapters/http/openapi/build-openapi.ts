import type { z } from 'zod';
import { jsonSchemaOf } from './json-schema.js';
import type { ResponseDoc, RouteDoc } from './route-doc.js';

export interface ApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
  /** The broker's PUBLIC_URL. */
  readonly serverUrl: string;
  readonly tags: readonly { readonly name: string; readonly description: string }[];
}

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, Record<string, unknown>>> };

const SECURITY_SCHEMES = {
  adminToken: { type: 'http', scheme: 'bearer', description: 'The ADMIN_TOKEN the broker was started with.' },
};

/** `/admin/orders/:traceId` → `/admin/orders/{traceId}` */
export const openApiPath = (pattern: string): string => pattern.replace(/:(\w+)/g, '{$1}');
const paramNames = (pattern: string): string[] => [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/** The OpenAPI 3.1 document of the given routes. */
export function buildOpenApi(docs: readonly RouteDoc[], info: ApiInfo): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const doc of docs) {
    const path = openApiPath(doc.path);
    paths[path] ??= {};
    paths[path][doc.method.toLowerCase()] = operation(doc);
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: info.description },
    servers: [{ url: info.serverUrl }],
    tags: info.tags.map((t) => ({ ...t })),
    paths,
    components: { securitySchemes: SECURITY_SCHEMES },
  };
}

function operation(doc: RouteDoc): Record<string, unknown> {
  const op: Record<string, unknown> = {
    operationId: operationId(doc),
    tags: [doc.tag],
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
  };
  const parameters = [...pathParameters(doc), ...queryParameters(doc.query)];
  if (parameters.length > 0) op.parameters = parameters;
  if (doc.body) {
    const schema = jsonSchemaOf(doc.body.schema, 'input');
    op.requestBody = {
      required: true,
      ...(doc.body.description ? { description: doc.body.description } : {}),
      content: Object.fromEntries((doc.body.contentTypes ?? ['application/json']).map((type) => [type, { schema }])),
    };
  }
  op.responses = Object.fromEntries(Object.entries(doc.responses).map(([status, r]) => [status, response(r)]));
  if (doc.auth) op.security = [{ adminToken: [] }];
  return op;
}

function pathParameters(doc: RouteDoc): Record<string, unknown>[] {
  const shape = (doc.params?.shape ?? {}) as Record<string, z.ZodType>;
  return paramNames(doc.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: shape[name] ? jsonSchemaOf(shape[name], 'input') : { type: 'string' },
  }));
}

function queryParameters(query: z.ZodObject | undefined): Record<string, unknown>[] {
  if (!query) return [];
  const shape = query.shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([name, schema]) => {
    const { description, ...rest } = jsonSchemaOf(schema, 'input');
    return {
      name,
      in: 'query',
      required: !schema.safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function response(r: ResponseDoc): Record<string, unknown> {
  const out: Record<string, unknown> = { description: r.description };
  if (r.headers) {
    out.headers = Object.fromEntries(Object.entries(r.headers).map(([name, d]) => [name, { description: d, schema: { type: 'string' } }]));
  }
  if (r.body) out.content = { [r.contentType ?? 'application/json']: { schema: jsonSchemaOf(r.body, 'output') } };
  else if (r.contentType) out.content = { [r.contentType]: { schema: { type: 'string' } } };
  return out;
}

/** `POST /admin/orders/:traceId/review` → `postAdminOrdersTraceIdReview`: unique per method and path. */
function operationId(doc: RouteDoc): string {
  const words = doc.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [doc.method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}
