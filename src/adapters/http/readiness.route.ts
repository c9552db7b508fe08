import type { Middleware } from 'koa';
import type { CheckReadiness } from '../../application/operations/check-readiness.query.js';
import type { RequestState } from './middleware/request-context.js';

/**
 * `GET /readyz`: 200 when this broker can serve, 503 with every reason when not (for a load
 * balancer or an orchestrator). `/healthz` stays liveness: the process answers at all.
 */
export function readinessRoute(readiness: CheckReadiness): Middleware<RequestState> {
  return async (ctx) => {
    const report = await readiness.execute();
    const reasons = Object.entries(report.checks).flatMap(([name, c]) => (c.ok ? [] : [`${name}: ${c.reason}`]));
    ctx.status = report.ready ? 200 : 503;
    ctx.body = { status: report.ready ? 'ready' : 'not_ready', ...(reasons.length > 0 ? { reasons } : {}), checks: report.checks };
  };
}
