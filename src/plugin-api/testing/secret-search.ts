import { expect } from 'chai';

/** The names of the secrets that appear in `text`, as written or JSON-escaped. */
export function secretsFoundIn(text: string, secrets: Readonly<Record<string, string>>): string[] {
  return Object.entries(secrets)
    .filter(([, secret]) => secret !== '' && (text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1))))
    .map(([name]) => name);
}

/**
 * Asserts that no secret appears in a log, and proves the assertion could fail: the log must hold
 * at least `minLines` lines (a search of an empty log passes for nothing), and the same search must
 * find each secret once it is written into a copy of that log.
 */
export function expectNoSecretsIn(lines: readonly string[], secrets: Readonly<Record<string, string>>, minLines = 1): void {
  expect(lines.length, `the log holds ${lines.length} lines; a search needs at least ${minLines}`).to.be.at.least(minLines);
  const text = lines.join('\n');
  for (const [name, secret] of Object.entries(secrets)) {
    expect(secret, `secret ${name} is empty`).to.not.equal('');
    const planted = `${text}\n${JSON.stringify({ level: 'info', msg: 'planted', value: secret })}`;
    expect(secretsFoundIn(planted, { [name]: secret }), `the search finds ${name} once it is logged`).to.deep.equal([name]);
  }
  const found = secretsFoundIn(text, secrets);
  expect(found, `secrets in the log: ${found.join(', ')}`).to.deep.equal([]);
}
