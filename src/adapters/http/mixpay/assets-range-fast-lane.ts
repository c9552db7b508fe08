import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GetAssetRanges } from '../../../application/orders/get-asset-ranges.use-case.js';
import type { AccessLog } from '../../logging/pino-logger.js';
import type { RequestObserver } from '../metrics/http-metrics.js';
import { resolveClientAddress } from '../middleware/client-address.js';
import { networkList } from '../middleware/network-list.js';
import { SANE_REQUEST_ID } from '../middleware/request-context.js';
import { BASE_SECURITY_HEADERS } from '../security/security-headers.js';
import { success } from './envelope.js';
import * as rules from './field-rules.js';
import { assetRangeRows } from './mixpay.routes.js';
import { assetsRangeQuery } from './mixpay.schemas.js';

export const ASSETS_RANGE_PATH = '/mixpay/assets/range';

export interface AssetsRangeFastLaneDeps {
  readonly getAssetRanges: GetAssetRanges;
  readonly trustedProxies: readonly string[];
  readonly mixpayAllowFrom: readonly string[];
  readonly accessLog: AccessLog;
  readonly metrics: RequestObserver;
}

/**
 * MixPay calls assets/range every time its checkout page opens. Its plain success (this exact
 * spelling, a valid query, a permitted payee, a current holdings snapshot) is answered here, in
 * front of Koa, with the headers, access line and metrics the middleware chain would give it; any
 * other request, including every refusal and error, goes on to the app unchanged, so the rules
 * for those stay in one place. The answers of both lanes are compared by a test.
 */
export function assetsRangeFastLane(d: AssetsRangeFastLaneDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const trusted = networkList(d.trustedProxies);
  const allowed = networkList(d.mixpayAllowFrom);
  return (req, res) => {
    const url = req.url ?? '';
    if (req.method !== 'GET' || !url.startsWith(ASSETS_RANGE_PATH)) return false;
    const rest = url.slice(ASSETS_RANGE_PATH.length);
    if (rest !== '' && rest[0] !== '?') return false;
    const started = process.hrtime.bigint();
    if (!allowed.empty) {
      const forwarded = req.headers['x-forwarded-for'];
      const clientIp = resolveClientAddress(req.socket.remoteAddress ?? '', typeof forwarded === 'string' ? forwarded : '', trusted);
      if (!allowed.includes(clientIp)) return false;
    }
    const query = singleValues(rest.slice(1));
    if (!query) return false;
    const read = rules.readFields(assetsRangeQuery, query);
    if (!read.ok) return false;
    const ranges = d.getAssetRanges.answerNow(read.value.payee_id, read.value.wallet);
    if (!ranges) return false;

    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
    const body = JSON.stringify(success(assetRangeRows(ranges)));
    res.writeHead(200, {
      'x-request-id': requestId,
      ...BASE_SECURITY_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    d.metrics.requestAnswered(ASSETS_RANGE_PATH, 'GET', 200, seconds);
    d.accessLog.request(requestId, 'GET', ASSETS_RANGE_PATH, 200, Math.round(seconds * 1e4) / 10);
    return true;
  };
}

/** The query as one value per name; null when a name repeats (the app refuses that, with its message). */
function singleValues(search: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    if (Object.hasOwn(out, key)) return null;
    out[key] = value;
  }
  return out;
}
