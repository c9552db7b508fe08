import { expect } from 'chai';
import type { Harness } from './harness.js';

/** The conformance checks of the settings schema. */
export function settingsChecks(h: Harness): void {
  const { fixture, plugin } = h;
  describe('settings', function () {
    it("the schema accepts the fixture's valid settings", function () {
      const parsed = plugin().settingsSchema.safeParse(fixture.settings.valid);
      expect(parsed.success, parsed.success ? '' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')).to.equal(
        true,
      );
    });

    for (const bad of fixture.settings.invalid) {
      it(`the schema refuses ${bad.why ?? `a bad ${bad.field}`}, with a message naming "${bad.field}"`, function () {
        const parsed = plugin().settingsSchema.safeParse(bad.settings);
        expect(parsed.success, `settings were accepted: ${JSON.stringify(bad.settings)}`).to.equal(false);
        if (parsed.success) return;
        const messages = parsed.error.issues.map((i) => i.message);
        expect(
          messages.some((m) => m.includes(bad.field)),
          `no message names "${bad.field}"; the schema said: ${messages.map((m) => JSON.stringify(m)).join(', ')} ` +
            '(give the schema custom errors that name the setting, e.g. z.string({ error: "apiKey must be a string" }))',
        ).to.equal(true);
      });
    }
  });
}
