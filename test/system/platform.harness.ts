import { join } from 'node:path';
import { connect } from 'nats';
import { STREAMS } from '@fulcrum/contracts';
import { type TempDir, freePort, makeTempDir } from '@fulcrum/testing';
import { type RunningPlatform, callGraphql, startPlatform } from '@fulcrum/launcher';

export interface EventCatalogResult {
  dataVersion: string;
  totalEvents: number;
  events: Array<{ name: string; count: number; uniqueUsers: number; firstSeen: string; lastSeen: string }>;
}

export interface Harness {
  platform: RunningPlatform;
  /** Stops every process and starts the platform again on the same data folder and ports. */
  restart(): Promise<void>;
  dir: TempDir;
  catalog(): Promise<EventCatalogResult>;
  /** The catalog once analytics has applied everything on the stream (data version = last position). */
  settledCatalog(timeoutMs?: number): Promise<EventCatalogResult>;
  stop(): Promise<void>;
}

/** Starts the whole platform from the built dist/ exactly as `npm run up` does, on free ports. */
export async function startHarness(): Promise<Harness> {
  const dir = makeTempDir('fulcrum-system-');
  const options = {
    rootDir: join(__dirname, '..', '..'),
    dataDir: dir.path,
    host: '127.0.0.1',
    natsPort: await freePort(),
    ingestPort: await freePort(),
    gatewayPort: await freePort(),
    quiet: true,
  };
  let platform = await startPlatform(options);
  const catalog = async (): Promise<EventCatalogResult> => {
    const { graphqlUrl, adminToken, projectId } = platform.credentials;
    const res = await callGraphql<{ eventCatalog: EventCatalogResult }>(
      graphqlUrl,
      adminToken,
      'query($p: ID!) { eventCatalog(projectId: $p) { dataVersion totalEvents events { name count uniqueUsers firstSeen lastSeen } } }',
      { p: projectId },
    );
    if (!res.data?.eventCatalog) throw new Error(`eventCatalog failed: ${JSON.stringify(res.errors)}`);
    return res.data.eventCatalog;
  };
  const lastStreamSeq = async (): Promise<number> => {
    const nc = await connect({ servers: platform.natsUrl });
    try {
      return (await (await nc.jetstreamManager()).streams.info(STREAMS.events.name)).state.last_seq;
    } finally {
      await nc.close();
    }
  };
  return {
    get platform() {
      return platform;
    },
    async restart() {
      await platform.stop();
      platform = await startPlatform(options);
    },
    dir,
    catalog,
    async settledCatalog(timeoutMs = 60_000) {
      const target = String(await lastStreamSeq());
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const c = await catalog().catch(() => undefined);
        if (c?.dataVersion === target) return c;
        if (Date.now() > deadline) throw new Error(`data version did not reach ${target} (last: ${c?.dataVersion})`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      await platform.stop();
      dir.remove();
    },
  };
}
