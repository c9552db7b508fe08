import { parse, type Parsed } from './args.js';
import { configCheck } from './commands/config-check.js';
import { doctor } from './commands/doctor.js';
import { migrateStatus, migrateUp } from './commands/migrate.js';
import { reconcile, settlementRetry } from './commands/order-actions.js';
import { ordersList, ordersShow } from './commands/orders.js';
import { walletsList, walletsSwitch } from './commands/wallets.js';
import { CliError, usageError, type CliIo, type ExitCode } from './io.js';

/** Resolves with the exit code when it is not simply 0 (the doctor's verdict). */
type Command = (args: Parsed, io: CliIo) => Promise<void | ExitCode>;

/** Every command by its words, with what `broker --help` says of it. */
const COMMANDS: { words: string[]; args?: string; about: string; run: Command }[] = [
  { words: ['config', 'check'], args: '[file]', about: 'validate a config file as the broker would, without starting', run: configCheck },
  { words: ['doctor'], about: 'check everything going live needs, then print what to tell MixPay (exit 1 on any ✘)', run: doctor },
  {
    words: ['orders', 'list'],
    args: '[--status s] [--wallet w] [--asset-id a] [--payee-id p] [--from t] [--to t] [--q text] [--limit n] [--cursor c]',
    about: 'orders matching the filters',
    run: ordersList,
  },
  { words: ['orders', 'show'], args: '<trace_id>', about: 'one order with its history, transfer and refund', run: ordersShow },
  { words: ['settlement', 'retry'], args: '<trace_id>', about: 'send a settlement_failed order back to the worker', run: settlementRetry },
  { words: ['reconcile'], args: '<trace_id>', about: 'ask the wallet now what became of the payment', run: reconcile },
  { words: ['wallets', 'list'], about: 'every wallet, its state, limits and balances', run: walletsList },
  { words: ['wallets', 'enable'], args: '<id>', about: 'take new orders again', run: walletsSwitch('enable') },
  { words: ['wallets', 'disable'], args: '<id>', about: 'stop new orders', run: walletsSwitch('disable') },
  { words: ['migrate', 'status'], about: 'applied and pending schema migrations (DATABASE_URL)', run: migrateStatus },
  { words: ['migrate', 'up'], about: 'apply the pending migrations (DATABASE_URL)', run: migrateUp },
];

const USAGE = `usage: broker <command> [--json]

${COMMANDS.map((c) => `  ${[...c.words, c.args ?? ''].join(' ').trim()}\n      ${c.about}`).join('\n')}

Commands that act talk to a running broker's admin API: BROKER_URL (default http://localhost:8080)
and ADMIN_TOKEN. --json prints the broker's answer as JSON, for scripts.
`;

/** Runs one command line; the exit code it should end with. Output goes to `io`, never to a logger. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    const args = parse(argv);
    if (args.help || args.positionals.length === 0) {
      io.out(USAGE);
      return args.help ? 0 : 2;
    }
    const command = COMMANDS.find((c) => c.words.every((w, i) => args.positionals[i] === w));
    if (!command) throw usageError(`unknown command: ${args.positionals.join(' ')}\n\n${USAGE}`);
    return (await command.run({ ...args, positionals: args.positionals.slice(command.words.length) }, io)) ?? 0;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.err(`${e.message}\n`);
    return e.exitCode;
  }
}
