import type { CheckStatus } from './check.js';
import type { DoctorReport } from './run-doctor.js';

const MARK: Record<CheckStatus, string> = { ok: '✔', warn: '⚠', fail: '✘', skipped: '–' };

/** One line per check (its details and advice indented under it), then the message for MixPay, then the verdict. */
export function printReport(r: DoctorReport): string {
  const out: string[] = [`broker doctor: ${r.configFile}`, ''];
  for (const c of r.checks) {
    out.push(`${MARK[c.status]} ${c.summary}`);
    for (const d of c.details ?? []) out.push(`    ${d}`);
    if (c.advice) out.push(`    → ${c.advice}`);
  }
  if (r.mixpay) {
    out.push('', `Tell MixPay (docs/going-live.md, step 5)${r.ready ? '' : ', once nothing above is ✘'}:`, '');
    for (const line of r.mixpay.lines) out.push(`  ${line}`);
  }
  const count = (s: CheckStatus) => r.checks.filter((c) => c.status === s).length;
  const tally = `${count('ok')} ✔, ${count('warn')} ⚠, ${count('fail')} ✘`;
  out.push('', r.ready ? `${tally}: ready to go live` : `${tally}: not ready; fix each ✘ and run the doctor again`);
  return r.scrub(`${out.join('\n')}\n`);
}

/** The same, for scripts: every check with its status, and the MixPay message as data and as lines. */
export function reportJson(r: DoctorReport): string {
  const body = {
    config_file: r.configFile,
    ready: r.ready,
    checks: r.checks,
    mixpay: r.mixpay && {
      api_base_url: r.mixpay.apiBaseUrl,
      wallets: r.mixpay.wallets.map((w) => ({ wallet: w.wallet, open_to: w.openTo })),
      lines: r.mixpay.lines,
    },
  };
  return r.scrub(`${JSON.stringify(body, null, 2)}\n`);
}
