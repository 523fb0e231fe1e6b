import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { type BacklogItemDto, RPC, expandBacklogGraphReply } from '@fulcrum/contracts';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { BacklogTransactionRunner } from '../src/activity/backlog-transaction.runner';
import { ESTIMATE_SCALES, ITEM_KINDS, ITEM_STATES, LINK_TYPES, TRACKS } from '../src/domain/backlog.vocabulary';
import { planDependencyView } from '../src/graph/dependency-view.planner';
import { type GraphChange, type GraphSnapshot, ProjectGraphCache } from '../src/graph/project-graph.cache';
import { type BacklogHarness, startBacklogHarness } from './support/backlog.harness';

/**
 * The in-memory project state (ProjectGraphCache) against the database: after every kind of write,
 * refused or committed, the cached state must be labelled with the committed graph version and
 * equal a fresh load, and the dependency view served from it must equal one computed from a fresh
 * load.
 */
describe.each(databaseKinds())('the in-memory project graph on %s (real nats-server)', (kind: DatabaseKind) => {
  let h: BacklogHarness;
  let cache: ProjectGraphCache;

  beforeAll(async () => {
    h = await startBacklogHarness(kind);
    cache = h.backlog.app.get(ProjectGraphCache);
  });
  afterAll(() => h?.stop());

  const dbVersion = async (projectId: string) =>
    Number(((await h.dataSource().query(`SELECT graph_version AS v FROM backlog_projects WHERE project_id = $1`, [projectId])) as Array<{ v: string }>)[0]?.v);

  /** The cache, where it has the project, is at the committed version and equals a fresh load. */
  async function expectCurrent(projectId: string): Promise<void> {
    const fresh = await cache.load(h.dataSource().manager, projectId);
    const cached = cache.peek(projectId);
    expect(cached).toBeDefined();
    expect(cached?.version).toBe(fresh?.version);
    expect(cached?.version).toBe(await dbVersion(projectId));
    expect(cached?.state.canonical()).toEqual(fresh?.state.canonical());
  }

  /** The view over RPC equals the plan over a fresh load (ids, distances, readiness, blockers, links, critical path). */
  async function expectViewAgrees(projectId: string, roots: string[]): Promise<void> {
    const view = expandBacklogGraphReply(await h.rpc.request(RPC.backlogGraphGet, { projectId, roots, depth: 3, direction: 'BOTH' }));
    const fresh = (await cache.load(h.dataSource().manager, projectId)) as GraphSnapshot;
    const plan = planDependencyView(fresh.state, { starts: roots, depth: 3, limit: 2_000, outgoing: true, incoming: true });
    const ids = plan.items.ids;
    let blocker = 0;
    expect(view.nodes.map((n) => [n.id, n.distance, n.ready, n.directBlockers.map((b) => b.id), n.transitiveBlockerCount, n.state])).toEqual(
      ids.slice(0, plan.nodes.count).map((id, v) => {
        const blockers = plan.nodes.blockers.slice(blocker, (blocker += plan.nodes.blockerCounts[v])).map((b) => ids[b]);
        return [id, plan.nodes.distances[v], blockers.length === 0, blockers, plan.nodes.transitiveBlockerCounts[v], fresh.state.item(id)?.state];
      }),
    );
    expect(view.edges.map((e) => e.linkId)).toEqual(plan.edges.linkIds);
    expect(view.criticalPath).toEqual({ items: plan.criticalPath.items.map((v) => ({ id: ids[v], key: expect.any(String) })), totalWeight: plan.criticalPath.totalWeight });
  }

  const command = fc.oneof(
    fc.record({ op: fc.constant('create' as const), track: fc.constantFrom(...TRACKS), kind: fc.constantFrom(...ITEM_KINDS), estimate: fc.constantFrom(null, '3', 'M', '8') }),
    fc.record({ op: fc.constant('move' as const), item: fc.nat(), state: fc.constantFrom(...ITEM_STATES) }),
    fc.record({ op: fc.constant('estimate' as const), item: fc.nat(), estimate: fc.constantFrom(null, '1', '5', 'S', 'XL') }),
    fc.record({ op: fc.constant('kind' as const), item: fc.nat(), kind: fc.constantFrom(...ITEM_KINDS) }),
    fc.record({ op: fc.constant('scale' as const), track: fc.constantFrom(...TRACKS), scale: fc.constantFrom(...ESTIMATE_SCALES) }),
    fc.record({ op: fc.constant('link' as const), from: fc.nat(), to: fc.nat(), type: fc.constantFrom(...LINK_TYPES) }),
    fc.record({ op: fc.constant('unlink' as const), link: fc.nat() }),
    fc.record({ op: fc.constant('stale' as const), item: fc.nat() }),
  );
  type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

  async function run(projectId: string, items: BacklogItemDto[], links: string[], c: Command): Promise<void> {
    const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];
    const current = async (id: string) => (await h.rpc.request(RPC.backlogItemsGet, { projectId, itemId: id })).item;
    // Refusals are part of the sequence: a refused write rolls back after claiming its change.
    const attempt = (p: Promise<unknown>) => p.then(() => true, () => false);
    switch (c.op) {
      case 'create': {
        const created = await h.rpc.request(RPC.backlogItemsCreate, { projectId, track: c.track, kind: c.kind, title: 'x', ...(c.estimate !== null && { estimate: c.estimate }) }).catch(() => null);
        if (created) items.push(created.item);
        return;
      }
      case 'move': {
        const item = await current(pick(items, c.item).id);
        await attempt(h.rpc.request(RPC.backlogItemsMove, { projectId, itemId: item.id, expectedVersion: item.version, state: c.state }));
        return;
      }
      case 'estimate':
      case 'kind': {
        const item = await current(pick(items, c.item).id);
        const change = c.op === 'estimate' ? { estimate: c.estimate } : { kind: c.kind };
        await attempt(h.rpc.request(RPC.backlogItemsUpdate, { projectId, itemId: item.id, expectedVersion: item.version, ...change }));
        return;
      }
      case 'scale':
        await attempt(h.rpc.request(RPC.backlogTrackSettingsSet, { projectId, track: c.track, estimateScale: c.scale }));
        return;
      case 'link': {
        const from = await current(pick(items, c.from).id);
        const added = await h.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId: from.id, toItemId: pick(items, c.to).id, type: c.type, expectedVersion: from.version }).catch(() => null);
        if (added) links.push(added.link.id);
        return;
      }
      case 'unlink': {
        if (links.length === 0) return;
        const linkId = pick(links, c.link);
        const from = (await h.dataSource().query(`SELECT from_item_id AS id FROM backlog_links WHERE id = $1`, [linkId]))[0].id as string;
        await attempt(h.rpc.request(RPC.backlogLinksRemove, { projectId, linkId, expectedVersion: (await current(from)).version }));
        return;
      }
      case 'stale': {
        // CONFLICT after the claim, for each write path that claims.
        const item = pick(items, c.item);
        await attempt(h.rpc.request(RPC.backlogItemsMove, { projectId, itemId: item.id, expectedVersion: 0, state: 'BACKLOG' }));
        await attempt(h.rpc.request(RPC.backlogItemsUpdate, { projectId, itemId: item.id, expectedVersion: 0, kind: 'BUG' }));
        await attempt(h.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId: item.id, toItemId: pick(items, c.item + 1).id, type: 'RELATES_TO', expectedVersion: 0 }));
        return;
      }
    }
  }

  it('stays equal to a fresh load after every kind of write, refused or committed, and serves the same view', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (commands) => {
        const { projectId } = h.newProject();
        const items = [await h.createItem(projectId, { title: 'first' }), await h.createItem(projectId, { track: 'DATA', kind: 'INSTRUMENTATION', title: 'second' })];
        const links: string[] = [];
        // The first view loads the project's state; every write after it keeps it current.
        await h.rpc.request(RPC.backlogGraphGet, { projectId, roots: [items[0].id] });
        for (const c of commands) {
          await run(projectId, items, links, c);
          await expectCurrent(projectId);
        }
        await expectViewAgrees(projectId, [items[0].id, items[items.length - 1].id]);
      }),
      { numRuns: kind === 'pglite' ? 12 : 8 },
    );
  });

  it('stays equal to a fresh load after concurrent writes of one project', async () => {
    const { projectId } = h.newProject();
    const items: BacklogItemDto[] = [];
    for (let i = 0; i < 8; i++) items.push(await h.createItem(projectId, { title: `item ${i}` }));
    await h.rpc.request(RPC.backlogGraphGet, { projectId, roots: [items[0].id] });
    const outcomes = await Promise.allSettled([
      ...items.slice(0, 4).map((item) => h.rpc.request(RPC.backlogItemsMove, { projectId, itemId: item.id, expectedVersion: 1, state: 'BACKLOG' })),
      ...items.slice(4).map((item, i) => h.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId: item.id, toItemId: items[(i + 5) % 8].id, type: 'BLOCKS', expectedVersion: 1 })),
      h.rpc.request(RPC.backlogItemsCreate, { projectId, track: 'DESIGN', kind: 'RESEARCH', title: 'concurrent' }),
      h.rpc.request(RPC.backlogTrackSettingsSet, { projectId, track: 'DATA', estimateScale: 'TSHIRT' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(10);
    await expectCurrent(projectId);
    await expectViewAgrees(projectId, [items[4].id]);
  });

  it('publishes nothing from a transaction that fails after describing its change', async () => {
    const { projectId } = h.newProject();
    const a = await h.createItem(projectId, { title: 'a' });
    await h.rpc.request(RPC.backlogGraphGet, { projectId, roots: [a.id] });
    const cached = () => cache.peek(projectId) as GraphSnapshot;
    const before = cached().version;
    const tx = h.backlog.app.get(BacklogTransactionRunner);
    await expect(
      tx.run(async (manager) => {
        const change = (await cache.claim(manager, projectId)) as GraphChange;
        change.record((s) => s.changeItem(a.id, { state: 'FINISHED' }));
        await manager.query(`UPDATE backlog_items SET state = 'FINISHED' WHERE id = $1`, [a.id]);
        throw new Error('fails before the commit');
      }),
    ).rejects.toThrow('fails before the commit');
    expect(cached().version).toBe(before);
    await expectCurrent(projectId);
    expect(cached().state.item(a.id)?.state).toBe('ICEBOX');
  });

  it('answers from the database when a committed change bypassed the cache, and catches up', async () => {
    const { projectId } = h.newProject();
    const a = await h.createItem(projectId, { title: 'a' });
    const b = await h.createItem(projectId, { title: 'b' });
    await h.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId: a.id, toItemId: b.id, type: 'BLOCKS', expectedVersion: 1 });
    expect(expandBacklogGraphReply(await h.rpc.request(RPC.backlogGraphGet, { projectId, roots: [b.id] })).nodes.find((n) => n.id === b.id)).toMatchObject({ ready: false });
    // Another writer (as a second process would): a change and a version bump, no publish here.
    await h.dataSource().transaction(async (manager) => {
      await manager.query(`UPDATE backlog_items SET state = 'FINISHED' WHERE id = $1`, [a.id]);
      await manager.query(`UPDATE backlog_projects SET graph_version = graph_version + 1 WHERE project_id = $1`, [projectId]);
    });
    const view = expandBacklogGraphReply(await h.rpc.request(RPC.backlogGraphGet, { projectId, roots: [b.id] }));
    expect(view.nodes.find((n) => n.id === b.id)).toMatchObject({ ready: true, directBlockers: [], transitiveBlockerCount: 0 });
    await expectCurrent(projectId);
    // A link check in a writer's transaction also reloads rather than trust the old label.
    const c = await h.createItem(projectId, { title: 'c' });
    await h.dataSource().transaction(async (manager) => {
      await manager.query(`INSERT INTO backlog_links (id, project_id, from_item_id, to_item_id, type, created_at, created_by) VALUES ($1, $2, $3, $4, 'BLOCKS', now(), 'test')`, [
        randomUUID(),
        projectId,
        b.id,
        c.id,
      ]);
      await manager.query(`UPDATE backlog_projects SET graph_version = graph_version + 1 WHERE project_id = $1`, [projectId]);
    });
    const cycle = await h.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId: c.id, toItemId: a.id, type: 'BLOCKS', expectedVersion: 1 }).catch((e: unknown) => e);
    expect(cycle).toMatchObject({ code: 'LINK_CYCLE', details: { cycle: [c.key, a.key, b.key, c.key] } });
    await expectCurrent(projectId);
  });
});
