import { randomUUID } from 'node:crypto';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';

export const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
export const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
export const PAYEE = '3539c3ce-52c0-4b0b-9573-c035ecb98d48';
export const OTHER_PAYEE = 'a37c0fcf-1fd6-4375-a7f8-7ec6e2544c7b';
export const MIXPAY_BOT = '3539c3ce-52c0-4b0b-9573-c035ecb98d48';
export const MOCK_SECRET = 'test-mock-webhook-secret-0123456789';

/** A config with one mock wallet offering USDT and BTC, and sandbox balances to back it. */
export function testConfig(overrides: { usdtBalance?: string; wallets?: BrokerConfigInput['wallets'] } = {}): BrokerConfigInput {
  return {
    wallets: overrides.wallets ?? {
      mock: mockWallet(),
    },
    treasury: {
      sandbox: {
        assets: {
          [USDT]: { symbol: 'USDT', balance: overrides.usdtBalance ?? '1000', usd_price: '1.0002' },
          [BTC]: { symbol: 'BTC', balance: '0.5', usd_price: '91234.56' },
        },
      },
    },
  };
}

export function mockWallet(overrides: Partial<BrokerConfigInput['wallets'][string]> = {}): BrokerConfigInput['wallets'][string] {
  return {
    plugin: 'mock',
    enabled: true,
    payees: {},
    assets: {
      [USDT]: { min: '0.1', max: '500', fee: '0.01', currency: 'USDT' },
      [BTC]: { min: '0.00001', max: '0.01', fee: '0.005', currency: 'BTC' },
    },
    settings: { webhookSecret: MOCK_SECRET },
    ...overrides,
  };
}

/** A valid create_order body; override any field. */
export function orderRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    payee_id: PAYEE,
    wallet: 'mock',
    asset_id: USDT,
    amount: '10',
    trace_id: randomUUID(),
    memo: Buffer.from(`PM|${randomUUID()}|x`).toString('base64'),
    expired_at: String(Math.floor(Date.now() / 1000) + 900),
    return_url: 'https://mixpay.me/pay/result',
    opponent_id: MIXPAY_BOT,
    ...overrides,
  };
}
