import Router from '@koa/router';
import type { RequestState } from '../middleware/request-context.js';
import { METRICS_PATH } from './metrics-gate.js';

export interface MetricsExposition {
  readonly contentType: string;
  exposition(): Promise<string>;
}

/** `GET /metrics`: the Prometheus text exposition (metricsGate decides who may read it). */
export function metricsRoutes(metrics: MetricsExposition): Router<RequestState> {
  const router = new Router<RequestState>();
  router.get(METRICS_PATH, async (ctx) => {
    ctx.type = metrics.contentType;
    ctx.body = await metrics.exposition();
  });
  return router;
}
