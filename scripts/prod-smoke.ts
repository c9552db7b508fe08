import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/*
 * `npm run smoke:prod`: after `npm run build`, the compiled broker under plain node (no tsx), as
 * `npm run start:prod` runs it: it starts, answers /healthz, loads the compiled mock plugin (a
 * create_order gets a checkout), and exits 0 on SIGTERM. Uses DATABASE_URL when set, otherwise
 * the embedded database in a temporary directory.
 */

const say = (line: string) => process.stdout.write(`smoke: ${line}\n`);

const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});
const dataDir = await mkdtemp(join(tmpdir(), 'mixpay-smoke-'));
const url = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ['dist/src/main.js'], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    PLUGINS_DIR: 'dist/plugins',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

try {
  let health: unknown = null;
  for (let i = 0; i < 100 && health === null; i++) {
    health = await fetch(`${url}/healthz`).then(
      (r) => r.json(),
      () => null,
    );
    if (health === null) await sleep(200);
  }
  if (health === null) throw new Error('the compiled broker did not answer /healthz within 20 s');
  say(`GET /healthz → ${JSON.stringify(health)}`);

  const order = await fetch(`${url}/mixpay/create_order`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      payee_id: '3539c3ce-52c0-4b0b-9573-c035ecb98d48',
      wallet: 'mock',
      asset_id: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
      amount: '1.5',
      trace_id: randomUUID(),
      memo: 'smoke',
      expired_at: String(Math.floor(Date.now() / 1000) + 600),
      return_url: 'https://mixpay.me/pay/done',
      opponent_id: '3539c3ce-52c0-4b0b-9573-c035ecb98d48',
    }),
  }).then((r) => r.json() as Promise<{ code: number; message: string; data: { checkout_url?: string } }>);
  if (order.code !== 0) throw new Error(`create_order through the compiled mock plugin answered ${order.code}: ${order.message}`);
  say(`POST /mixpay/create_order → checkout ${order.data.checkout_url}`);

  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`the compiled broker exited ${code} after SIGTERM`);
  say('SIGTERM → exit 0');
} catch (e) {
  child.kill('SIGKILL');
  process.stderr.write(`smoke: FAILED: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
