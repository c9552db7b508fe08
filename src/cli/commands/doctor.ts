import type { Parsed } from '../args.js';
import { printReport, reportJson } from '../doctor/print-report.js';
import { runDoctor } from '../doctor/run-doctor.js';
import type { CliIo, ExitCode } from '../io.js';

/** `doctor`: is this broker ready to go live? Exit 0 only when no check is ✘. */
export async function doctor(args: Parsed, io: CliIo): Promise<ExitCode> {
  const report = await runDoctor(io.env);
  io.out(args.json ? reportJson(report) : printReport(report));
  return report.ready ? 0 : 1;
}
