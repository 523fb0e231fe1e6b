import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type BacklogItemDto, type CanonicalEvent, RPC, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { ensureStream } from '@fulcrum/messaging';
import { type BuiltServiceProcess, type DatabaseKind, FakeResponder, type TempDir, makeTempDir, startBuiltService } from '@fulcrum/testing';
import type { BacklogConfig } from '../../src/config/backlog.env';
import { ACTORS, type BacklogHarness, type TestActor, as, startBacklogHarness } from './backlog.harness';

/** The backlog (with its real acceptance gate) beside a real analytics service, governance faked on NATS. */
export interface AnalyticsBackedHarness {
  backlog: BacklogHarness;
  /** Stands in for governance (model versions, audits, fairness reports): answers what the test sets with `on`. */
  governance: FakeResponder;
  /** Publishes events of a project to the EVENTS stream (one message); resolves with the stream position. */
  publish(projectId: string, events: Array<Omit<CanonicalEvent, 'id' | 'projectId' | 'receivedAt' | 'properties' | 'context' | 'type'>>): Promise<number>;
  /** Waits until analytics has applied the stream up to `seq` (its data version). */
  settled(seq: number): Promise<string>;
  /** Creates an item and moves it through BACKLOG → STARTED → FINISHED → DELIVERED. */
  deliveredItem(projectId: string, title: string): Promise<BacklogItemDto>;
  move(item: Pick<BacklogItemDto, 'id' | 'projectId' | 'version'>, state: BacklogItemDto['state'], overrideReason?: string, actor?: TestActor): Promise<BacklogItemDto>;
  stop(): Promise<void>;
}

export async function startAnalyticsBackedHarness(kind: DatabaseKind, config: Partial<BacklogConfig> = {}): Promise<AnalyticsBackedHarness> {
  const backlog = await startBacklogHarness(kind, { acceptanceGate: 'app', config });
  const dir: TempDir = makeTempDir('fulcrum-backlog-analytics-');
  let analytics: BuiltServiceProcess | undefined;
  const governance = new FakeResponder(backlog.nc).listen('governance.>');
  try {
    await ensureStream(await backlog.nc.jetstreamManager(), STREAMS.events);
    // The real analytics service, as its own process from the build (apps meet over NATS only).
    analytics = await startBuiltService('analytics', {
      env: { NATS_URL: backlog.nats.url, FULCRUM_DATA_DIR: dir.path, FULCRUM_DUCKDB_PATH: join(dir.path, 'analytics.duckdb') },
      ready: async () => {
        await backlog.rpc.request(RPC.analyticsDataVersionGet, {}, { timeoutMs: 1_000 });
        return true;
      },
    });
  } catch (error) {
    governance.stop();
    await backlog.stop();
    dir.remove();
    throw error;
  }
  const move: AnalyticsBackedHarness['move'] = async (item, state, overrideReason, actor = ACTORS.pam) =>
    (
      await backlog.rpc.request(
        RPC.backlogItemsMove,
        { projectId: item.projectId, itemId: item.id, expectedVersion: item.version, state, ...(overrideReason && { overrideReason }) },
        as(actor),
      )
    ).item;
  return {
    backlog,
    governance,
    async publish(projectId, events) {
      const full: CanonicalEvent[] = events.map((e) => ({
        id: randomUUID(),
        projectId,
        type: 'track',
        receivedAt: e.timestamp,
        properties: {},
        context: {},
        ...e,
      }));
      const ack = await backlog.nc.jetstream().publish(SUBJECTS.eventsAccepted, Buffer.from(JSON.stringify({ v: 1, batchId: randomUUID(), projectId, events: full })));
      return ack.seq;
    },
    async settled(seq) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { dataVersion } = await backlog.rpc.request(RPC.analyticsDataVersionGet, {});
        if (BigInt(dataVersion) >= BigInt(seq)) return dataVersion;
        if (Date.now() > deadline) throw new Error(`data version stuck at ${dataVersion}, wanted ${seq}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async deliveredItem(projectId, title) {
      let item = await backlog.createItem(projectId, { title, state: 'BACKLOG' });
      for (const state of ['STARTED', 'FINISHED', 'DELIVERED'] as const) item = await move(item, state);
      return item;
    },
    move,
    async stop() {
      governance.stop();
      await analytics?.stop();
      await backlog.stop();
      dir.remove();
    },
  };
}
