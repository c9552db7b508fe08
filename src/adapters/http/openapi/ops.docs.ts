import { z } from 'zod';
import type { RouteDoc } from './route-doc.js';

/** The broker's own operational routes: health, metrics and this documentation. */
export function opsDocs(metricsPublic: boolean): RouteDoc[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      tag: 'Operations',
      summary: 'Liveness: the process answers',
      responses: { 200: { description: 'Up.', body: z.object({ status: z.literal('ok'), treasury: z.enum(['sandbox', 'mixin']) }) } },
    },
    {
      method: 'GET',
      path: '/readyz',
      tag: 'Operations',
      summary: 'Readiness: the database answers, migrations are applied, the plugins loaded, the workers ran recently',
      responses: {
        200: { description: 'Ready.', body: z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.unknown()) }) },
        503: {
          description: 'Not ready, with every reason.',
          body: z.object({ status: z.literal('not_ready'), reasons: z.array(z.string()), checks: z.record(z.string(), z.unknown()) }),
        },
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      tag: 'Operations',
      ...(metricsPublic ? {} : { auth: 'metrics' as const }),
      summary: 'Prometheus metrics (text exposition format)',
      description: metricsPublic
        ? 'Public on this broker (config metrics.public). The series are listed in the README.'
        : 'Needs the admin bearer token (unless metrics.public); not served without ADMIN_TOKEN. The series are listed in the README.',
      responses: {
        200: { description: 'The text exposition format, version 0.0.4.', contentType: 'text/plain' },
        401: { description: 'No valid admin bearer token.', body: z.object({ error: z.string() }) },
      },
    },
    {
      method: 'GET',
      path: '/openapi.json',
      tag: 'Operations',
      summary: 'This document (OpenAPI 3.1), generated from the schemas the routes validate with',
      responses: { 200: { description: 'The OpenAPI document.', body: z.record(z.string(), z.unknown()) } },
    },
    {
      method: 'GET',
      path: '/docs',
      tag: 'Operations',
      summary: 'This document as a web page',
      responses: { 200: { description: 'An HTML page without scripts.', contentType: 'text/html' } },
    },
  ];
}
