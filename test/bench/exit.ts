/**
 * How every bench ends (issue 14): the goals it missed on stderr and exit code 1, and an exit
 * within 10 s of its last BENCH line whatever its cleanup still waits for — a bench that does not
 * exit cannot be run by a script, and `bench:refusals` once held its sandbox open for 10 minutes.
 */
export const EXIT_WITHIN_MS = 10_000;

/** Call right after the last BENCH line: from then on the bench ends within EXIT_WITHIN_MS. */
export function exitSoonAfterLastLine(bench: string): void {
  const margin = 1_000;
  setTimeout(() => {
    process.stderr.write(`${bench}: cleanup still running ${(EXIT_WITHIN_MS - margin) / 1000} s after the last BENCH line; exiting now\n`);
    process.exit(process.exitCode ?? 0);
  }, EXIT_WITHIN_MS - margin).unref();
}

/** Names every missed goal on stderr and makes the exit code 1 when there is one. */
export function reportGoals(bench: string, missed: readonly string[]): void {
  for (const goal of missed) process.stderr.write(`${bench}: goal missed: ${goal}\n`);
  if (missed.length > 0) process.exitCode = 1;
}
