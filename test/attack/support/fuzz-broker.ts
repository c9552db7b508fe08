import type { BrokerConfigInput } from '../../../src/config/broker-config.schema.js';
import { BTC, PAYEE, USDT, mockWallet } from '../../support/fixtures.js';

/**
 * The broker the fuzz suite attacks: the mock wallet serving only PAYEE (so another well-formed
 * payee is refused with 11001), a disabled twin, and sandbox balances and an open-order cap far
 * above what the valid-order property uses, so a valid order is never refused for want of them.
 * Every other setting keeps its default (order lifetime cap 24 h, return_url https only).
 */
export function fuzzBrokerConfig(): BrokerConfigInput {
  return {
    mixpay: { maxOpenOrdersPerPayee: 1_000_000 },
    wallets: {
      mock: mockWallet({ payees: { allow: [PAYEE] } }),
      mock_off: mockWallet({ enabled: false }),
    },
    treasury: {
      sandbox: {
        assets: {
          [USDT]: { symbol: 'USDT', balance: '100000000', usd_price: '1.0002' },
          [BTC]: { symbol: 'BTC', balance: '100000', usd_price: '91234.56' },
        },
      },
    },
  };
}
