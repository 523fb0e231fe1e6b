import type { Readable } from 'node:stream';

/** What a command may touch, so that commands are plain functions and tests need no child process. */
export interface CliIo {
  readFile(path: string): string;
  /** Streams a file (large inputs such as CSV imports are never read whole). */
  openFile(path: string): Readable;
  out(line: string): void;
  err(line: string): void;
  /** The environment the command runs in (read only here, never from `process.env` in commands). */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths and `.fulcrum/local.json` are resolved against. */
  cwd: string;
}

/** Exit codes of every command: 0 success, 1 the check failed (e.g. tampering, rejected rows), 2 bad usage or input. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
