import { readEnv } from '../../config/env.js';
import { loadBrokerConfig } from '../../config/load-broker-config.js';
import { fail, ok, warn, type Check, type DoctorContext } from './check.js';

/**
 * The config file, with the broker's own loader (so the same messages as at start), the
 * environment the broker validates, and the alert webhook's variable.
 */
export async function configChecks(ctx: DoctorContext): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    ctx.config = await loadBrokerConfig(ctx.configFile);
    const wallets = Object.entries(ctx.config.wallets);
    const enabled = wallets.filter(([, w]) => w.enabled).length;
    checks.push(ok('config', `${ctx.configFile} validates (${wallets.length} wallets, ${enabled} enabled)`));
  } catch (e) {
    checks.push(fail('config', (e as Error).message, `fix the config file (npm run broker -- config check ${ctx.configFile})`));
    return checks;
  }

  try {
    ctx.brokerEnv = readEnv(ctx.env);
    if (ctx.brokerEnv.adminToken) ctx.secrets.add(ctx.brokerEnv.adminToken);
    checks.push(ok('environment', 'the environment validates (PORT, DATABASE_URL, PUBLIC_URL, ADMIN_TOKEN, …)'));
    if (!ctx.brokerEnv.adminToken) {
      // Without it there is no admin API, console or metrics: an operator cannot retry, review or see anything.
      checks.push(warn('admin_token', 'ADMIN_TOKEN is not set: no admin API, console or metrics', 'set ADMIN_TOKEN (16+ characters)'));
    }
  } catch (e) {
    checks.push(fail('environment', (e as Error).message.replace(/\n\s*/g, ' '), 'fix these variables (README, Configuration)'));
  }

  const ref = ctx.config.alerts.webhookUrl;
  if (ref === undefined) {
    checks.push(
      warn(
        'alerts',
        'alerts go to the log only: no alerts.webhookUrl',
        'set alerts.webhookUrl to {"env": "ALERT_WEBHOOK_URL"} (a Slack-compatible URL)',
      ),
    );
  } else {
    const url = typeof ref === 'string' ? ref : ctx.env[ref.env];
    if (url) {
      ctx.secrets.add(url); // webhook URLs (Slack's) are credentials
      checks.push(ok('alerts', 'alerts also go to alerts.webhookUrl'));
    } else {
      const name = (ref as { env: string }).env;
      checks.push(
        fail(
          'alerts',
          `alerts.webhookUrl: environment variable ${name} is not set`,
          `export ${name} (the broker refuses to start without it)`,
        ),
      );
    }
  }
  return checks;
}
