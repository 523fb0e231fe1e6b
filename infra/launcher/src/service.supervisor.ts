import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { stopChild } from '@fulcrum/messaging';

export interface SupervisedSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Where the child's output is appended (and echoed to our stdout unless quiet). */
  logFile: string;
  quiet?: boolean;
}

const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** A child that ran this long before dying is considered to have been healthy: backoff resets. */
const HEALTHY_AFTER_MS = 60_000;

/**
 * Runs one child process and restarts it when it dies unexpectedly, with exponential backoff;
 * every exit and restart is logged. `stop()` ends it for good (SIGTERM, then SIGKILL).
 */
export class SupervisedProcess {
  private child?: ChildProcess;
  private stopped = false;
  private backoffMs = INITIAL_BACKOFF_MS;
  private restartTimer?: NodeJS.Timeout;
  private readonly log: WriteStream;
  restarts = 0;

  constructor(private readonly spec: SupervisedSpec) {
    this.log = createWriteStream(spec.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const startedAt = Date.now();
    // Own process group: a terminal's Ctrl-C reaches only the launcher, which then stops the
    // services first and the broker last (they drain into it).
    const child = spawn(this.spec.command, this.spec.args, { env: this.spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    const forward = (chunk: Buffer): void => {
      this.log.write(chunk);
      if (!this.spec.quiet) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.length > 0) process.stdout.write(`[${this.spec.name}] ${line}\n`);
      }
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    child.once('exit', (code, signal) => {
      if (this.stopped) return;
      if (Date.now() - startedAt > HEALTHY_AFTER_MS) this.backoffMs = INITIAL_BACKOFF_MS;
      const delay = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      this.announce(`${this.spec.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
      this.restartTimer = setTimeout(() => {
        this.restarts += 1;
        this.start();
      }, delay);
    });
  }

  /** Sends a signal to the current child (the supervisor restarts it if it dies). */
  kill(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** From now on an exit is expected: no restart. */
  markStopping(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
  }

  /** Last resort when the launcher itself exits: no orphan keeps files locked. */
  killNow(): void {
    this.stopped = true;
    this.child?.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    // Longer than a service's own close timeout (20 s), so a slow but orderly shutdown is not cut short.
    if (this.child) await stopChild(this.child, 25_000);
    await new Promise<void>((resolve) => this.log.end(resolve));
  }

  private announce(message: string): void {
    this.log.write(`[launcher] ${message}\n`);
    process.stdout.write(`[launcher] ${message}\n`);
  }
}
