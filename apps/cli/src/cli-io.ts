/** What a command may touch, so that commands are plain functions and tests need no child process. */
export interface CliIo {
  readFile(path: string): string;
  out(line: string): void;
  err(line: string): void;
}

/** Exit codes of every command: 0 success, 1 the check failed (e.g. tampering), 2 bad usage or input. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
