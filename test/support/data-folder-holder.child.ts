/*
 * Run as a child process by data-folder-holder.ts: takes the lock of the data folder named on the
 * command line, writes "locked", then holds it until killed (or exits at once with "exit").
 */
import { lockDataFolder } from '../../src/adapters/persistence/data-folder-lock.js';

await lockDataFolder(process.argv[2]!);
process.stdout.write('locked\n');
if (process.argv[3] === 'exit') process.exit(0);
setInterval(() => undefined, 60_000);
