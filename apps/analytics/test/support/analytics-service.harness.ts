import { join } from 'node:path';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type NatsConnection, connect } from 'nats';
import { STREAMS } from '@fulcrum/contracts';
import { RpcClient, ensureStream, natsClientOptions } from '@fulcrum/messaging';
import { type TempDir, type TestNats, makeTempDir, startTestNats, testEnvelope } from '@fulcrum/testing';
import { type RunningAnalytics, bootstrapAnalytics } from '../../src/analytics.bootstrap';
import type { AnalyticsConfig } from '../../src/config/analytics.env';

/** The analytics service for real: a nats-server of its own, a temp DuckDB file, an RPC client. */
export interface AnalyticsServiceHarness {
  nats: TestNats;
  dir: TempDir;
  nc: NatsConnection;
  rpc: RpcClient;
  analytics: RunningAnalytics;
  config: AnalyticsConfig;
  stop(): Promise<void>;
}

/**
 * Starts nats-server (with the EVENTS stream), the analytics service on a temp DuckDB file, and an
 * RPC client whose timeout is the gateway's by default, acting as `service:test` (request envelope). `overrides` change the service's config.
 */
export async function startAnalyticsService(overrides: Partial<AnalyticsConfig> = {}, rpcTimeoutMs = 15_000): Promise<AnalyticsServiceHarness> {
  const nats = await startTestNats();
  const dir = makeTempDir();
  const nc = await connect({ servers: nats.url });
  await ensureStream(await nc.jetstreamManager(), STREAMS.events);
  const config: AnalyticsConfig = { natsUrl: nats.url, duckdbPath: join(dir.path, 'analytics.duckdb'), maxMessagesPerBatch: 500, ...overrides };
  const analytics = await bootstrapAnalytics(config);
  const proxy: ClientProxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(nats.url, 'test') });
  return {
    nats,
    dir,
    nc,
    rpc: new RpcClient(proxy, rpcTimeoutMs, { defaultEnvelope: testEnvelope }),
    analytics,
    config,
    async stop() {
      await proxy.close();
      await analytics.close();
      await nc.close();
      await nats.stop();
      dir.remove();
    },
  };
}
