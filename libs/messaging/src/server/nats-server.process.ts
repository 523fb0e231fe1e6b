import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { connect } from 'nats';

export interface NatsServerOptions {
  port: number;
  /** JetStream store and the generated config live here. */
  dataDir: string;
  host?: string;
  /** Where the server's own log goes (appended); default `<dataDir>/nats-server.log`. */
  logFile?: string;
  /** Largest message the server accepts; batches of events need more than the 1 MB default. */
  maxPayloadBytes?: number;
  readyTimeoutMs?: number;
}

export interface RunningNatsServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

const SEARCH_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/opt/homebrew/bin'];

/** Absolute path of `nats-server` on PATH or in the usual system folders, else undefined. */
export function findNatsServerBinary(): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), ...SEARCH_DIRS];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, 'nats-server');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export const NATS_SERVER_MISSING =
  'nats-server not found: install it (Debian/Ubuntu: `sudo apt-get install nats-server`; macOS: `brew install nats-server`) or set NATS_URL to an existing server.';

/** Writes the server config (listen address, payload limit, JetStream store) and returns its path. */
export function writeNatsConfig(options: NatsServerOptions): string {
  const host = options.host ?? '127.0.0.1';
  mkdirSync(join(options.dataDir, 'jetstream'), { recursive: true });
  const configPath = join(options.dataDir, 'nats-server.conf');
  writeFileSync(
    configPath,
    [
      `listen: "${host}:${options.port}"`,
      `max_payload: ${options.maxPayloadBytes ?? 8 * 1024 * 1024}`,
      `pid_file: ${JSON.stringify(join(options.dataDir, 'nats-server.pid'))}`,
      `jetstream {`,
      `  store_dir: ${JSON.stringify(join(options.dataDir, 'jetstream'))}`,
      `}`,
      '',
    ].join('\n'),
  );
  return configPath;
}

/** Resolves once the server at `url` answers JetStream requests; rejects after the timeout. */
export async function waitForNats(url: string, timeoutMs: number, isDead: () => string | undefined = () => undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = isDead();
    if (dead) throw new Error(dead);
    try {
      const nc = await connect({ servers: url, timeout: 1_000, reconnect: false });
      try {
        await (await nc.jetstreamManager({ timeout: 2_000 })).getAccountInfo();
        return;
      } finally {
        await nc.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`nats-server on ${url} not ready in time: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Starts `nats-server` with JetStream, its store under `dataDir`, and resolves once JetStream answers. */
export async function startNatsServer(options: NatsServerOptions): Promise<RunningNatsServer> {
  const binary = findNatsServerBinary();
  if (!binary) throw new Error(NATS_SERVER_MISSING);
  const configPath = writeNatsConfig(options);
  const log = openSync(options.logFile ?? join(options.dataDir, 'nats-server.log'), 'a');
  const child = spawn(binary, ['-c', configPath], { stdio: ['ignore', log, log] });
  const url = `nats://${options.host ?? '127.0.0.1'}:${options.port}`;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  try {
    await waitForNats(url, options.readyTimeoutMs ?? 20_000, () =>
      exited === null ? undefined : `nats-server exited with code ${exited} before it was ready (see its log in ${options.dataDir})`,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { url, port: options.port, process: child, stop: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
