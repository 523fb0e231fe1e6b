import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NATS_SERVER_MISSING, findNatsServerBinary, waitForNats, writeNatsConfig } from '@fulcrum/messaging';
import { callGraphql, retryUntil } from './graphql.caller';
import { type LocalCredentials, newAdminToken, readStoredCredentials, writeCredentials } from './local-credentials';
import { acquireLock } from './launcher.lock';
import { assertPortsFree, stopStaleNats } from './launcher.preflight';
import { SupervisedProcess } from './service.supervisor';

export interface PlatformOptions {
  /** Repository root: services run from `<rootDir>/dist/apps/<service>/src/main.js`. */
  rootDir: string;
  /** All state: NATS store, embedded databases, DuckDB file, logs, local.json. */
  dataDir: string;
  host: string;
  natsPort: number;
  ingestPort: number;
  gatewayPort: number;
  /** An external NATS server; when set no local nats-server is started. */
  natsUrl?: string;
  /** Passed to every service (e.g. FULCRUM_INGEST_DATABASE_URL, FULCRUM_DUCKDB_PATH). */
  serviceEnv?: NodeJS.ProcessEnv;
  /** Do not echo children's output (tests); it still goes to `<dataDir>/logs`. */
  quiet?: boolean;
  readyTimeoutMs?: number;
}

export const SERVICES = ['ingest', 'analytics', 'governance', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface RunningPlatform {
  credentials: LocalCredentials;
  natsUrl: string;
  processes: Map<ServiceName | 'nats', SupervisedProcess>;
  stop(): Promise<void>;
}

/**
 * Starts the whole platform the way `npm run up` does: a local `nats-server -js` (unless NATS_URL),
 * every service as its own supervised process, then on first start a demo project and an admin
 * token, written to `<dataDir>/local.json`.
 */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const timeout = options.readyTimeoutMs ?? 90_000;
  mkdirSync(join(options.dataDir, 'logs'), { recursive: true });
  const releaseLock = acquireLock(options.dataDir);
  const processes = new Map<ServiceName | 'nats', SupervisedProcess>();
  const killAll = (): void => processes.forEach((p) => p.killNow());
  process.once('exit', killAll);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killAll);
    for (const p of processes.values()) p.markStopping();
    // Services first (they drain NATS and flush), the broker last.
    await Promise.all([...processes].filter(([name]) => name !== 'nats').map(([, p]) => p.stop()));
    await processes.get('nats')?.stop();
    releaseLock();
  };
  try {
    if (!options.natsUrl) await stopStaleNats(join(options.dataDir, 'nats', 'nats-server.pid'));
    await assertPortsFree(options);
    const stored = readStoredCredentials(options.dataDir);
    const adminToken = stored.adminToken ?? newAdminToken();
    const natsUrl = options.natsUrl ?? (await startLocalNats(options, processes, timeout));

    const base: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      NODE_ENV: process.env['NODE_ENV'] ?? 'production',
      ...options.serviceEnv,
      NATS_URL: natsUrl,
      FULCRUM_DATA_DIR: options.dataDir,
      FULCRUM_PARENT_PID: String(process.pid),
      FULCRUM_INGEST_HOST: options.host,
      FULCRUM_INGEST_PORT: String(options.ingestPort),
      FULCRUM_GATEWAY_HOST: options.host,
      FULCRUM_GATEWAY_PORT: String(options.gatewayPort),
    };
    for (const name of SERVICES) {
      const env = name === 'gateway' ? { ...base, FULCRUM_BOOTSTRAP_ADMIN_TOKEN: adminToken } : base;
      const p = new SupervisedProcess({
        name,
        command: process.execPath,
        args: ['--enable-source-maps', join(options.rootDir, 'dist', 'apps', name, 'src', 'main.js')],
        env,
        logFile: join(options.dataDir, 'logs', `${name}.log`),
        quiet: options.quiet,
      });
      p.start();
      processes.set(name, p);
    }

    const ingestUrl = `http://${options.host}:${options.ingestPort}`;
    const graphqlUrl = `http://${options.host}:${options.gatewayPort}/graphql`;
    await retryUntil('ingest health', timeout, async () => ((await fetch(`${ingestUrl}/health`)).ok ? true : undefined));
    await retryUntil('gateway health', timeout, async () => ((await fetch(`http://${options.host}:${options.gatewayPort}/health`)).ok ? true : undefined));

    let { projectId, writeKey } = stored;
    if (!projectId || !writeKey) {
      const created = await retryUntil('creating the demo project', timeout, async () => {
        const res = await callGraphql<{ createProject: { project: { id: string }; writeKey: string } }>(
          graphqlUrl,
          adminToken,
          'mutation { createProject(name: "Demo") { project { id } writeKey } }',
        );
        if (res.errors?.length) throw new Error(res.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
        return res.data?.createProject;
      });
      projectId = created.project.id;
      writeKey = created.writeKey;
    }
    const credentials: LocalCredentials = { ingestUrl, graphqlUrl, projectId, writeKey, adminToken };
    writeCredentials(options.dataDir, credentials);

    // Ready means every service answers: the catalog goes through the gateway, ingest and analytics;
    // the rule catalog through the gateway and governance.
    await retryUntil('analytics readiness', timeout, async () => {
      const res = await callGraphql(graphqlUrl, adminToken, 'query($p: ID!) { eventCatalog(projectId: $p) { dataVersion } }', { p: projectId });
      if (res.errors?.length) throw new Error(res.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
      return res.data ? true : undefined;
    });
    await retryUntil('governance readiness', timeout, async () => {
      const res = await callGraphql(graphqlUrl, adminToken, 'query { rules { id } }');
      if (res.errors?.length) throw new Error(res.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
      return res.data ? true : undefined;
    });
    return { credentials, natsUrl, processes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startLocalNats(options: PlatformOptions, processes: Map<ServiceName | 'nats', SupervisedProcess>, timeout: number): Promise<string> {
  const binary = findNatsServerBinary();
  if (!binary) throw new Error(NATS_SERVER_MISSING);
  const dataDir = join(options.dataDir, 'nats');
  const configPath = writeNatsConfig({ port: options.natsPort, dataDir, host: options.host });
  const nats = new SupervisedProcess({
    name: 'nats',
    command: binary,
    args: ['-c', configPath],
    env: { PATH: process.env['PATH'] },
    logFile: join(options.dataDir, 'logs', 'nats.log'),
    quiet: true,
  });
  nats.start();
  processes.set('nats', nats);
  const url = `nats://${options.host}:${options.natsPort}`;
  await waitForNats(url, timeout);
  return url;
}
