/**
 * Output and exit-code sink of a command. Commands take one so that tests can capture output in
 * memory. `processIo` writes to stdout and sets `process.exitCode`, which `main` returns.
 */
export interface CommandIo {
  /** Writes text to standard output as is (callers end lines with "\n"). */
  writeOut(text: string): void;
  /** Sets the exit code the process ends with. */
  setExitCode(code: number): void;
}

/** Command IO of the running process. */
export const processIo: CommandIo = {
  writeOut: (text) => {
    process.stdout.write(text);
  },
  setExitCode: (code) => {
    process.exitCode = code;
  },
};
