import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedDatabase } from '@fulcrum/persistence';
import { type TempDir, freePort, makeTempDir, startTestDatabase } from '@fulcrum/testing';
import { type ProcessName, type RunningPlatform, startPlatform } from '@fulcrum/launcher';

/** The PostgreSQL server system tests with replicas create their databases on (`.ci/run` sets it). */
export const TEST_DATABASE_URL_VARIABLE = 'FULCRUM_TEST_DATABASE_URL';

export interface ReplicatedPlatform {
  platform: RunningPlatform;
  dir: TempDir;
  /** Every line of a process's log so far (`logs/<name>.log`: `gateway`, `gateway-2`, `analytics`, …), without terminal colours. */
  logLines(name: ProcessName): string[];
  /** Stops every process, drops the databases, removes the data folder. */
  stop(): Promise<void>;
}

/**
 * Starts the whole platform through the launcher (`startPlatform`, what `npm run up` runs) with
 * replicas of ingest and the gateway, on free ports, with one fresh PostgreSQL database each for
 * ingest, the gateway and governance, made on the server in FULCRUM_TEST_DATABASE_URL with unique
 * names (a CI run may use the same server at the same time) and dropped by `stop()`. Replicas
 * cannot share the embedded PGlite: the launcher refuses them without these URLs.
 */
export async function startReplicatedPlatform(options: { ingestReplicas: number; gatewayReplicas: number; serviceEnv?: NodeJS.ProcessEnv }): Promise<ReplicatedPlatform> {
  const databases: ResolvedDatabase[] = [];
  const dir = makeTempDir('fulcrum-system-replicas-');
  const cleanUp = async (): Promise<void> => {
    for (const db of databases) await db.stop();
    dir.remove();
  };
  try {
    const [ingestDb, gatewayDb, governanceDb] = [await startTestDatabase('postgres'), await startTestDatabase('postgres'), await startTestDatabase('postgres')];
    databases.push(ingestDb, gatewayDb, governanceDb);
    const ports = async (n: number): Promise<number[]> => {
      const list: number[] = [];
      for (let i = 0; i < n; i++) list.push(await freePort());
      return list;
    };
    const [ingestPort, ...ingestReplicaPorts] = await ports(options.ingestReplicas);
    const [gatewayPort, ...gatewayReplicaPorts] = await ports(options.gatewayReplicas);
    const platform = await startPlatform({
      rootDir: join(__dirname, '..', '..', '..'),
      dataDir: dir.path,
      host: '127.0.0.1',
      natsPort: await freePort(),
      ingestPort: ingestPort as number,
      ingestReplicas: options.ingestReplicas,
      ingestReplicaPorts,
      gatewayPort: gatewayPort as number,
      gatewayReplicas: options.gatewayReplicas,
      gatewayReplicaPorts,
      serviceEnv: {
        ...options.serviceEnv,
        FULCRUM_INGEST_DATABASE_URL: ingestDb.url,
        FULCRUM_GATEWAY_DATABASE_URL: gatewayDb.url,
        FULCRUM_GOVERNANCE_DATABASE_URL: governanceDb.url,
      },
      quiet: true,
    });
    return {
      platform,
      dir,
      logLines(name) {
        const path = join(dir.path, 'logs', `${name}.log`);
        // Nest colours its lines (ESC [ … m) even into a file.
        // eslint-disable-next-line no-control-regex
        return existsSync(path) ? readFileSync(path, 'utf8').replace(/\x1b\[[0-9;]*m/g, '').split('\n') : [];
      },
      async stop() {
        await platform.stop();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/**
 * Asks `refused` every `intervalMs` (after each answer) until it says yes; the milliseconds from
 * `since` to the end of the answer that said so. Fails after `timeoutMs`.
 */
export async function msUntil(since: number, refused: () => Promise<boolean>, intervalMs: number, timeoutMs = 10_000): Promise<number> {
  for (;;) {
    const yes = await refused();
    const now = performance.now();
    if (yes) return Math.round(now - since);
    if (now - since > timeoutMs) throw new Error(`still accepted ${timeoutMs} ms after revocation`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
