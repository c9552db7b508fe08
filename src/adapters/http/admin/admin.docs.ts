import { z } from 'zod';
import type { RouteDoc } from '../openapi/route-doc.js';
import { incomingTransferRow, orderViewSchema, problemBody, reviewBody, sandboxIncomingBody, traceIdParams } from './admin.schemas.js';
import { INCOMING_QUERY } from './incoming.route.js';

const FORM_TYPES = ['application/json', 'application/x-www-form-urlencoded'];
const unauthorized = { description: 'No valid admin bearer token.', body: problemBody };
const result = <T extends readonly [string, ...string[]]>(values: T) => z.object({ result: z.enum(values) });

/** The operator's order and incoming-transfer calls (wallet calls are in wallets.docs.ts). */
export const adminDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/admin/orders/:traceId',
    tag: 'Admin',
    auth: 'admin',
    summary: 'One order: status, amounts, links, timestamps, history, transfer and refund',
    params: traceIdParams,
    responses: {
      200: { description: 'The order.', body: orderViewSchema },
      401: unauthorized,
      404: { description: 'No such order.', body: problemBody },
    },
  },
  {
    method: 'POST',
    path: '/admin/orders/:traceId/retry-settlement',
    tag: 'Admin',
    auth: 'admin',
    summary: 'Send a settlement_failed order back to the settlement worker',
    params: traceIdParams,
    responses: {
      202: { description: 'Queued again with a fresh attempt count.', body: result(['retrying']) },
      401: unauthorized,
      404: { description: 'No such order.', body: result(['not_found']) },
      409: { description: 'The order is not settlement_failed.', body: result(['not_failed']) },
    },
  },
  {
    method: 'POST',
    path: '/admin/orders/:traceId/review',
    tag: 'Admin',
    auth: 'admin',
    summary: 'Decide a needs_review order: settle anyway, or refund the payer what the wallet reported',
    params: traceIdParams,
    body: { schema: reviewBody, contentTypes: FORM_TYPES },
    responses: {
      202: { description: "Settling, or the payer's refund queued.", body: result(['settling', 'refund_pending']) },
      400: { description: 'No valid decision.', body: problemBody },
      401: unauthorized,
      404: { description: 'No such order.', body: result(['not_found']) },
      409: { description: 'The order is not in review.', body: result(['not_in_review']) },
      422: { description: 'The wallet reported no amount that could be refunded.', body: result(['unknown_paid_amount']) },
    },
  },
  {
    method: 'GET',
    path: '/admin/incoming',
    tag: 'Admin',
    auth: 'admin',
    summary: 'Incoming transfers to the bot by outcome (by default those that need an operator)',
    query: INCOMING_QUERY,
    responses: {
      200: {
        description: 'One page of transfers (200 unless `limit`), newest first.',
        body: z.array(incomingTransferRow),
        headers: { 'X-Next-Cursor': 'The next page: pass it back as `cursor`. Absent on the last page.' },
      },
      400: { description: 'A bad query.', body: problemBody },
      401: unauthorized,
    },
  },
  {
    method: 'POST',
    path: '/admin/sandbox/incoming',
    tag: 'Admin',
    auth: 'admin',
    summary: 'Sandbox treasury only: record a transfer into the bot (to try MixPay refunds without Mixin)',
    body: { schema: sandboxIncomingBody, contentTypes: FORM_TYPES },
    responses: {
      201: { description: 'Recorded.', body: z.object({ snapshot_id: z.string() }) },
      400: { description: 'A bad field, named.', body: problemBody },
      401: unauthorized,
    },
  },
];
