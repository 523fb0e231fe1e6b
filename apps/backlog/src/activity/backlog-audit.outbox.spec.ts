import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import type { BacklogConfig } from '../config/backlog.env';
import type { ActivityOutboxRepository } from './activity-outbox.repository';
import type { StoredActivity } from './backlog-audit.message';
import { BACKLOG_AUDIT_COALESCE_MS, BacklogAuditOutbox } from './backlog-audit.outbox';

/** A queue of activity rows standing in for `backlog_activity`, counting the statements run on it. */
class FakeRepository {
  readonly rows: Array<StoredActivity & { published: boolean }> = [];
  reads = 0;
  marks: string[][] = [];

  commit(): StoredActivity {
    const activity: StoredActivity = {
      id: randomUUID(),
      projectId: '0b7c5d0e-4a3f-4e1b-9a53-1f7e0c1c2a11',
      itemId: randomUUID(),
      itemKey: 'SHOP-1',
      action: 'item.created',
      changes: [],
      detail: {},
      actor: `user:${randomUUID()}`,
      actorName: 'Pam PM',
      requestId: randomUUID(),
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      occurredAt: new Date('2026-12-07T10:00:00Z'),
    };
    this.rows.push({ ...activity, published: false });
    return activity;
  }

  async unpublished(limit: number): Promise<StoredActivity[]> {
    this.reads++;
    return this.rows.filter((r) => !r.published).slice(0, limit);
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    this.marks.push([...ids]);
    for (const row of this.rows) if (ids.includes(row.id)) row.published = true;
  }
}

/** JetStream as the outbox sees it: publishes are recorded; `failOn` message ids are refused. */
function fakeNats(failOn: Set<string>): { nc: NatsConnection; published: string[] } {
  const published: string[] = [];
  const nc = {
    jetstreamManager: async () => ({ streams: { info: async () => ({ config: { subjects: [], duplicate_window: 0, max_age: 0 } }), add: async () => ({}), update: async () => ({}) } }),
    jetstream: () => ({
      publish: async (_subject: string, _data: Uint8Array, options: { msgID: string }) => {
        if (failOn.has(options.msgID)) throw new Error(`no ack for ${options.msgID}`);
        published.push(options.msgID);
        return { seq: published.length, duplicate: false, stream: 'AUDIT' };
      },
    }),
  } as unknown as NatsConnection;
  return { nc, published };
}

const config = { auditRetryMs: 60_000 } as BacklogConfig;
const settle = (ms = BACKLOG_AUDIT_COALESCE_MS * 3) => new Promise((r) => setTimeout(r, ms));

describe('BacklogAuditOutbox', () => {
  let outbox: BacklogAuditOutbox | undefined;
  afterEach(async () => {
    await outbox?.onApplicationShutdown();
    outbox = undefined;
  });

  it('publishes a burst of commits in one pass: one read, one update, in commit order', async () => {
    const repository = new FakeRepository();
    const { nc, published } = fakeNats(new Set());
    outbox = new BacklogAuditOutbox(nc, config, repository as unknown as ActivityOutboxRepository);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(repository.commit().id);
      outbox.notifyCommitted();
    }
    // Nothing runs on the commit's own turn: the request that committed is not delayed.
    expect(repository.reads).toBe(0);
    await settle();
    expect(published).toEqual(ids);
    expect(repository.reads).toBe(1);
    expect(repository.marks).toEqual([ids]);
  });

  it('runs one pass at a time and picks up what was committed during it', async () => {
    const repository = new FakeRepository();
    const { nc, published } = fakeNats(new Set());
    outbox = new BacklogAuditOutbox(nc, config, repository as unknown as ActivityOutboxRepository);
    const first = repository.commit().id;
    const running = outbox.publishPending();
    const second = repository.commit().id;
    outbox.notifyCommitted();
    expect(await outbox.publishPending()).toBeGreaterThanOrEqual(1);
    await running;
    await settle();
    expect(published).toEqual([first, second]);
    expect(repository.rows.every((r) => r.published)).toBe(true);
  });

  it('marks what JetStream acknowledged when a later publish fails, and leaves the rest for the retry', async () => {
    const repository = new FakeRepository();
    const a = repository.commit().id;
    const b = repository.commit().id;
    const c = repository.commit().id;
    const failOn = new Set([b]);
    const { nc, published } = fakeNats(failOn);
    outbox = new BacklogAuditOutbox(nc, config, repository as unknown as ActivityOutboxRepository);
    expect(await outbox.publishPending()).toBe(1);
    expect(published).toEqual([a]);
    expect(repository.marks).toEqual([[a]]);
    expect(repository.rows.filter((r) => !r.published).map((r) => r.id)).toEqual([b, c]);
    failOn.clear();
    expect(await outbox.publishPending()).toBe(2);
    expect(published).toEqual([a, b, c]);
  });

  it('starts no pass after shutdown; the next start publishes what was left', async () => {
    const repository = new FakeRepository();
    const { nc, published } = fakeNats(new Set());
    outbox = new BacklogAuditOutbox(nc, config, repository as unknown as ActivityOutboxRepository);
    const left = repository.commit().id;
    outbox.notifyCommitted();
    await outbox.onApplicationShutdown();
    await settle();
    expect(published).toEqual([]);
    const next = new BacklogAuditOutbox(nc, config, repository as unknown as ActivityOutboxRepository);
    await next.onApplicationBootstrap();
    await next.onApplicationShutdown();
    expect(published).toEqual([left]);
  });
});
