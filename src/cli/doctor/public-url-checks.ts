import { isIP } from 'node:net';
import { webhookUrl } from '../../plugin-api/links.js';
import { fail, ok, skipped, warn, type Check, type DoctorContext } from './check.js';

/** Hosts no one else can reach: MixPay and the providers would get nowhere. */
function isLocal(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.') || h === '0.0.0.0';
  return h === '::1' || h === '::';
}

/** PUBLIC_URL is the public https address, and the webhook URL each provider must be given. */
export async function publicUrlChecks(ctx: DoctorContext): Promise<Check[]> {
  if (!ctx.brokerEnv)
    return [
      skipped('public_url', 'PUBLIC_URL', 'the environment is invalid'),
      skipped('webhook_urls', 'webhook URLs', 'the environment is invalid'),
    ];
  const publicUrl = ctx.brokerEnv.publicUrl;
  const url = new URL(publicUrl);
  const given = ctx.env.PUBLIC_URL?.trim() ? '' : ' (PUBLIC_URL is not set)';
  const checks: Check[] = [];
  if (isLocal(url.hostname)) {
    checks.push(
      fail(
        'public_url',
        `PUBLIC_URL is ${publicUrl}${given}: MixPay and the providers cannot reach it`,
        "set PUBLIC_URL to the broker's public https:// address (docs/going-live.md, step 2)",
      ),
    );
  } else if (url.protocol === 'http:') {
    checks.push(
      warn(
        'public_url',
        `PUBLIC_URL is ${publicUrl}: plain http, but MixPay calls only HTTPS and every link is built from it`,
        'serve HTTPS (TLS_CERT_FILE and TLS_KEY_FILE, or a TLS proxy) and set PUBLIC_URL to the https:// address',
      ),
    );
  } else {
    checks.push(ok('public_url', `PUBLIC_URL is ${publicUrl}`));
  }

  const enabled = Object.entries(ctx.config!.wallets).filter(([, w]) => w.enabled);
  if (checks[0]!.status === 'fail') {
    checks.push(skipped('webhook_urls', 'webhook URLs', 'no public address'));
  } else if (enabled.length > 0) {
    const details = enabled.map(([id, w]) => `${id} (plugin ${w.plugin}): ${webhookUrl(publicUrl, id)}`);
    checks.push(ok('webhook_urls', "webhook URLs to give each wallet's provider:", { details }));
  }
  return checks;
}
