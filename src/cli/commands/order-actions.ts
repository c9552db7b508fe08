import { AdminApi } from '../admin-api.js';
import type { Parsed } from '../args.js';
import { usageError, type CliIo } from '../io.js';
import { keyValues } from '../table.js';

const traceOf = (args: Parsed, usage: string): string => {
  const trace = args.positionals[0];
  if (!trace) throw usageError(`needs a trace id: ${usage}`);
  return encodeURIComponent(trace);
};

/** `settlement retry <trace_id>`: sends a settlement_failed order back to the settlement worker. */
export async function settlementRetry(args: Parsed, io: CliIo): Promise<void> {
  const trace = traceOf(args, 'broker settlement retry <trace_id>');
  const answer = await new AdminApi(io.env).post(`/admin/orders/${trace}/retry-settlement`, {
    404: 'no order has this trace id',
    409: 'only a settlement_failed order can be retried',
  });
  if (args.json) return io.out(`${JSON.stringify(answer.body, null, 2)}\n`);
  io.out(`retrying: order ${args.positionals[0]} goes back to the settlement worker\n`);
}

/** `reconcile <trace_id>`: asks the order's wallet now what became of the payment, and applies the answer. */
export async function reconcile(args: Parsed, io: CliIo): Promise<void> {
  const trace = traceOf(args, 'broker reconcile <trace_id>');
  const answer = await new AdminApi(io.env).post(`/admin/orders/${trace}/reconcile`, { 404: 'no order has this trace id' });
  if (args.json) return io.out(`${JSON.stringify(answer.body, null, 2)}\n`);
  const body = answer.body;
  io.out(body && typeof body === 'object' && !Array.isArray(body) ? keyValues(body as Record<string, unknown>) : `${String(body)}\n`);
}
