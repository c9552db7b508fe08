/** What a command reads and writes: the environment, and the terminal's two streams. */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
}

/** How a command ended: 0 done, 1 refused or failed, 2 not understood (usage). */
export type ExitCode = 0 | 1 | 2;

/** A problem to report on stderr and exit 1 with (or 2 for a usage problem), without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export const usageError = (message: string): CliError => new CliError(message, 2);
