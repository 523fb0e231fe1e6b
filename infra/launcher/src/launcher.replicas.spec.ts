import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@fulcrum/testing';
import { MAX_REPLICAS, describeReplica, planReplicas } from './launcher.replicas';
import { type PlatformOptions, startPlatform } from './platform.launcher';

const BASE: PlatformOptions = { rootDir: '.', dataDir: '.', host: '127.0.0.1', natsPort: 4222, ingestPort: 8100, gatewayPort: 8000 };
const DATABASES = { FULCRUM_INGEST_DATABASE_URL: 'postgres://db/ingest', FULCRUM_GATEWAY_DATABASE_URL: 'postgres://db/gateway' };

describe('planReplicas', () => {
  it('plans one ingest and one gateway process under their plain names by default (what the launcher always did)', () => {
    expect(planReplicas(BASE)).toEqual({
      ingest: [{ service: 'ingest', index: 1, port: 8100, processName: 'ingest' }],
      gateway: [{ service: 'gateway', index: 1, port: 8000, processName: 'gateway' }],
    });
  });

  it('puts further replicas on consecutive ports, named ingest-2, gateway-2, …', () => {
    const plan = planReplicas({ ...BASE, ingestReplicas: 3, gatewayReplicas: 2, serviceEnv: DATABASES });
    expect(plan.ingest.map((r) => [r.processName, r.port])).toEqual([
      ['ingest', 8100],
      ['ingest-2', 8101],
      ['ingest-3', 8102],
    ]);
    expect(plan.gateway.map((r) => [r.processName, r.port])).toEqual([
      ['gateway', 8000],
      ['gateway-2', 8001],
    ]);
    expect(plan.gateway.map(describeReplica)).toEqual(['gateway', 'gateway replica 2']);
  });

  it('takes the ports of replicas 2…N from the options when given', () => {
    const plan = planReplicas({ ...BASE, ingestReplicas: 2, ingestReplicaPorts: [9001], gatewayReplicas: 3, gatewayReplicaPorts: [9100, 9050], serviceEnv: DATABASES });
    expect(plan.ingest.map((r) => r.port)).toEqual([8100, 9001]);
    expect(plan.gateway.map((r) => r.port)).toEqual([8000, 9100, 9050]);
    expect(() => planReplicas({ ...BASE, gatewayReplicas: 2, gatewayReplicaPorts: [9100, 9101], serviceEnv: DATABASES })).toThrow(
      'gatewayReplicaPorts lists 2 ports for 2 gateway replicas',
    );
  });

  it('refuses replicas on the embedded database, naming the variable to set', () => {
    expect(() => planReplicas({ ...BASE, ingestReplicas: 2 })).toThrow(/2 ingest replicas \(FULCRUM_INGEST_REPLICAS\) need one PostgreSQL database they share: set FULCRUM_INGEST_DATABASE_URL/);
    expect(() => planReplicas({ ...BASE, gatewayReplicas: 2, serviceEnv: { FULCRUM_INGEST_DATABASE_URL: 'postgres://db/ingest' } })).toThrow(
      /set FULCRUM_GATEWAY_DATABASE_URL\. The embedded database \(PGlite\) serves a single process/,
    );
    expect(() => planReplicas({ ...BASE, gatewayReplicas: 2, serviceEnv: { FULCRUM_GATEWAY_DATABASE_URL: '' } })).toThrow('FULCRUM_GATEWAY_DATABASE_URL');
    // One replica on the embedded database is the default setup.
    expect(planReplicas({ ...BASE, ingestReplicas: 1, gatewayReplicas: 1 }).ingest).toHaveLength(1);
  });

  it('refuses counts outside 1…MAX_REPLICAS and ports beyond 65535', () => {
    for (const bad of [0, -1, 1.5, MAX_REPLICAS + 1, Number.NaN]) {
      expect(() => planReplicas({ ...BASE, ingestReplicas: bad, serviceEnv: DATABASES })).toThrow(`must be an integer from 1 to ${MAX_REPLICAS}`);
    }
    expect(() => planReplicas({ ...BASE, gatewayPort: 65535, gatewayReplicas: 2, serviceEnv: DATABASES })).toThrow(
      'gateway replica 2 would listen on port 65536, which is not a TCP port',
    );
  });

  it('refuses two processes on one port, naming both', () => {
    expect(() => planReplicas({ ...BASE, gatewayPort: 8099, gatewayReplicas: 2, serviceEnv: DATABASES })).toThrow(
      'port 8100 is given to both ingest and gateway replica 2',
    );
    expect(() => planReplicas({ ...BASE, ingestPort: 4221, ingestReplicas: 2, serviceEnv: DATABASES })).toThrow('port 4222 is given to both nats-server and ingest replica 2');
    // With an external NATS the local port is not used.
    expect(planReplicas({ ...BASE, natsUrl: 'nats://elsewhere:4222', ingestPort: 4221, ingestReplicas: 2, serviceEnv: DATABASES }).ingest[1]?.port).toBe(4222);
  });
});

describe('startPlatform with replicas', () => {
  it('fails fast on the embedded database: nothing is started, locked or written', async () => {
    const dir = makeTempDir('fulcrum-replicas-');
    try {
      await expect(startPlatform({ ...BASE, dataDir: join(dir.path, 'data'), gatewayReplicas: 2 })).rejects.toThrow('set FULCRUM_GATEWAY_DATABASE_URL');
      expect(readdirSync(dir.path)).toEqual([]);
    } finally {
      dir.remove();
    }
  });
});
