#!/usr/bin/env node
import { runCli } from './run-cli.js';

/** `npm run broker -- <command>` (or the `mixpay-broker` bin): the operator's command line. */
runCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A bug, not a refusal: say what it was, without pretending it is the user's fault.
    process.stderr.write(`broker: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
