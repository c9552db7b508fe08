import { z } from 'zod';
import type { RouteDoc } from '../openapi/route-doc.js';
import { problemBody, traceIdParams } from './admin.schemas.js';
import { CONSOLE_ASSET_PATHS } from './console/console.routes.js';
import { ORDER_QUERY } from './orders-search.route.js';

const unauthorized = { description: 'No valid admin bearer token.', body: problemBody };
const result = <T extends readonly [string, ...string[]]>(values: T) => z.object({ result: z.enum(values) });
const row = z.record(z.string(), z.unknown());

/** The operator's search, dashboard, actions on one order and the console's files. */
export const operationsDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/admin/orders',
    tag: 'Admin',
    auth: 'admin',
    summary: 'Search orders: filters, newest first, keyset pages',
    description: 'Every filter given must match. Pass `next_cursor` back as `cursor` for the next page, with the same filters.',
    query: ORDER_QUERY,
    responses: {
      200: { description: 'One page of orders.', body: z.object({ orders: z.array(row), next_cursor: z.string().nullable() }) },
      400: { description: 'A bad filter, named.', body: problemBody },
      401: unauthorized,
    },
  },
  {
    method: 'GET',
    path: '/admin/dashboard',
    tag: 'Admin',
    auth: 'admin',
    summary: 'Orders per status, the settlement and refund backlogs with their oldest job, balances against alert thresholds',
    responses: { 200: { description: 'The overview.', body: row }, 401: unauthorized },
  },
  {
    method: 'POST',
    path: '/admin/orders/:traceId/refund/retry',
    tag: 'Admin',
    auth: 'admin',
    summary: 'Retry a refund that failed for good, with the same refund id',
    params: traceIdParams,
    responses: {
      202: { description: 'Queued again with a fresh attempt count.', body: result(['retrying']) },
      401: unauthorized,
      404: { description: 'The order has no refund.', body: result(['not_found']) },
      409: { description: 'The refund has not failed.', body: result(['not_failed']) },
    },
  },
  {
    method: 'POST',
    path: '/admin/orders/:traceId/reconcile',
    tag: 'Admin',
    auth: 'admin',
    summary: "Ask the order's wallet now and apply a definite answer as a webhook would",
    params: traceIdParams,
    responses: {
      200: { description: 'What the wallet said and what became of the order.', body: row },
      401: unauthorized,
      404: { description: 'No such order.', body: row },
      409: { description: 'The order is in a status the wallet cannot change.', body: row },
      502: { description: 'The wallet did not answer.', body: row },
    },
  },
  ...[...CONSOLE_ASSET_PATHS].map((path): RouteDoc => ({
    method: 'GET',
    path,
    tag: 'Admin',
    summary: 'The admin console (its page, script or stylesheet; served without the token, they carry no data)',
    responses: {
      200: {
        description: 'A file of the console.',
        contentType: path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : 'text/html',
      },
    },
  })),
];
