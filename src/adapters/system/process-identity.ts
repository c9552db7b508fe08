import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who a process is, beyond its pid: pids are reused, so a pid alone cannot say that the process
 * that wrote a lock file is still the one running under that number.
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly host: string;
  /** Linux's boot id: a pid from before a reboot names nothing now. Null where unknown. */
  readonly bootId: string | null;
  /** When the process started, in clock ticks since boot (Linux /proc); null where unknown. */
  readonly startTicks: string | null;
}

export type Liveness = 'running' | 'gone' | 'unknown';

export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, host: hostname(), bootId: bootId(), startTicks: startTicks(process.pid) };
}

/**
 * Whether the process `who` names still runs. 'unknown' when it cannot be seen from here (another
 * host); callers treat that as running, because a wrong 'gone' would let two processes in.
 */
export function liveness(who: ProcessIdentity): Liveness {
  if (who.host !== hostname()) return 'unknown';
  const boot = bootId();
  if (who.bootId && boot && who.bootId !== boot) return 'gone';
  try {
    process.kill(who.pid, 0);
  } catch (e) {
    // EPERM: a process of another user has that pid; it exists.
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return 'gone';
  }
  if (who.startTicks === null) return 'running';
  const now = startTicks(who.pid);
  if (now === null) return startTicks(process.pid) === null ? 'running' : 'gone'; // no /proc here, or it just exited
  return now === who.startTicks ? 'running' : 'gone'; // another process has taken over the pid
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function startTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; fields after the last ')' are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22, starttime
  } catch {
    return null;
  }
}
