import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CheckoutRequest, PluginHttpResponse } from '@mixpay-broker/plugin-api';
import {
  checkoutRequest as hostCheckoutRequest,
  findRoute,
  routeRequest,
  TEST_PUBLIC_URL,
  testContext,
  type TestContext,
} from '@mixpay-broker/plugin-api/testing';
import plugin from '../src/index.js';
import settingsSchema, { type MockSettings } from '../src/settings.js';

export const SECRET = 'test-secret-0123456789abcdef';
export const WALLET = 'mock_test';
export const PUBLIC_URL = TEST_PUBLIC_URL;

export function settings(input: Record<string, unknown> = {}): MockSettings {
  return settingsSchema.parse({ webhookSecret: SECRET, ...input });
}

export interface Harness extends TestContext<MockSettings> {
  readonly instance: Awaited<ReturnType<typeof plugin.create>>;
}

export async function harness(settingsInput: Record<string, unknown> = {}): Promise<Harness> {
  const context = testContext(settings(settingsInput), { wallet: WALLET });
  return { ...context, instance: await plugin.create(context.ctx) };
}

/** A checkout request for this wallet, as the host sends it (10.5 + 0.105 USDT, due in 30 minutes). */
export function checkoutRequest(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return hostCheckoutRequest({ wallet: WALLET, memo: 'order memo' }, overrides);
}

export interface ReceivedWebhook {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly rawBody: string;
}

/** A real HTTP receiver on 127.0.0.1, standing in for the broker's webhook route. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** What the next deliveries are answered with. */
  status = 200;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const receiver: WebhookReceiver = new WebhookReceiver(
      createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          receiver.received.push({
            method: req.method ?? '',
            url: req.url ?? '',
            headers: flatHeaders(req.headers),
            rawBody: Buffer.concat(chunks).toString('utf8'),
          });
          res.writeHead(receiver.status, { 'content-type': 'application/json' }).end('{"received":true}');
        });
      }),
    );
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path = '/webhooks/mock_test'): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${path}`;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** GET the checkout page of a payment, as the host would route it. */
export function checkoutPage(h: Harness, paymentId: string): Promise<PluginHttpResponse> {
  return findRoute(h.instance, 'GET', '/checkout/:payment').handle(routeRequest('GET', `/checkout/${paymentId}`, { payment: paymentId }));
}

/** Presses Pay or Fail on a payment's checkout page. */
export function pressButton(h: Harness, paymentId: string, button: 'pay' | 'fail'): Promise<PluginHttpResponse> {
  return findRoute(h.instance, 'POST', `/checkout/:payment/${button}`).handle(
    routeRequest('POST', `/checkout/${paymentId}/${button}`, { payment: paymentId }),
  );
}

/** A local URL nobody listens on: a port that was free a moment ago. */
export async function unreachableUrl(): Promise<string> {
  const receiver = await WebhookReceiver.start();
  const url = receiver.url();
  await receiver.close();
  return url;
}
