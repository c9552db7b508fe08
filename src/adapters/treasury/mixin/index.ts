export { MixinSafeTreasury, type MixinSafeTreasuryOptions } from './mixin-safe-treasury.js';
export { MixinKeystore, MixinKeystoreError, type MixinKeystoreFile } from './keystore.js';
export { connectMixin, normaliseBaseUrl, DEFAULT_MIXIN_BASE_URL, type MixinClientSettings, type MixinConnection } from './mixin-client.js';
export { MixinApiError, TransferError, MIXIN_CODES, type MixinErrorCode } from './mixin-errors.js';
export { SafeTransfers, DEFAULT_SAFE_TRANSFER_SETTINGS, type SafeTransferSettings } from './safe-transfers.js';
export type { SafeTransferOrder } from './transfer-order.js';
export { unspentBalances, unspentOutputs, usdPrices } from './safe-balances.js';
export { incomingSnapshots, memoText } from './safe-snapshots.js';
export { kernelAssetId } from './safe-outputs.js';
