import { checkoutChecks } from './conformance/checkout.checks.js';
import { useHarness, type ConformanceTarget } from './conformance/harness.js';
import { logsChecks } from './conformance/logs.checks.js';
import { queryChecks } from './conformance/query.checks.js';
import { refundChecks } from './conformance/refund.checks.js';
import { settingsChecks } from './conformance/settings.checks.js';
import { webhookChecks } from './conformance/webhook.checks.js';
import type { ConformanceFixture } from './fixture.js';

export type { ConformanceTarget } from './conformance/harness.js';
export { alterBody, flipCharacter } from './conformance/text.js';

/*
 * The conformance kit: one mocha `describe` of checks every wallet plugin passes, whatever its
 * provider. Each check is its own `it` on a fresh world (store, clock, logger, fake provider,
 * plugin instance); the plugin is loaded through its manifest, as the host loads it.
 */

/** Registers the conformance suite for one plugin. */
export function describeConformance(fixture: ConformanceFixture, target: ConformanceTarget): void {
  describe(`${fixture.name}: conformance kit`, function () {
    const h = useHarness(fixture, target);
    settingsChecks(h);
    checkoutChecks(h);
    webhookChecks(h);
    queryChecks(h);
    refundChecks(h);
    logsChecks(h); // last: it reads every log line the suite wrote
  });
}
