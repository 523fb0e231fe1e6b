import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** libs/testing/src → the repository root (dist/ is built there by `node infra/scripts/build.mjs`). */
const ROOT = join(__dirname, '..', '..', '..');

export interface BuiltServiceProcess {
  readonly pid: number | undefined;
  /** What the process wrote so far (stdout and stderr), for a failure message. */
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

export interface StartBuiltServiceOptions {
  /** The service's configuration, as the launcher would give it (NATS_URL, FULCRUM_*). */
  env: Record<string, string>;
  /** Resolves true once the service answers (e.g. one of its RPCs); polled until `timeoutMs`. */
  ready: () => Promise<boolean>;
  timeoutMs?: number;
}

/**
 * Runs a service from the build (`dist/apps/<service>/src/main.js`) as its own process, as the
 * launcher does, for a test of another service that needs it for real. Apps never import apps, not
 * even in tests: they meet over NATS, and so does this. `npm test` builds before the tests; running
 * a spec directly needs `node infra/scripts/build.mjs` first (and again after changing the service).
 */
export async function startBuiltService(service: string, options: StartBuiltServiceOptions): Promise<BuiltServiceProcess> {
  const main = join(ROOT, 'dist', 'apps', service, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} does not exist: run \`node infra/scripts/build.mjs\` first (npm test builds before the tests)`);
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (graceMs = 10_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${service} exited before it was ready:\n${output}`);
    if (await options.ready().catch(() => false)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${service} was not ready within ${options.timeoutMs ?? 60_000} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { pid: child.pid, output: () => output, stop };
}
