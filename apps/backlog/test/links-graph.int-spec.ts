import { randomUUID } from 'node:crypto';
import { type BacklogItemDto, RPC, expandBacklogGraphReply } from '@fulcrum/contracts';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { type BacklogHarness, refusal, startBacklogHarness } from './support/backlog.harness';

describe.each(databaseKinds())('backlog links and the dependency view on %s (real nats-server)', (kind: DatabaseKind) => {
  let h: BacklogHarness;

  beforeAll(async () => {
    h = await startBacklogHarness(kind);
  });
  afterAll(() => h?.stop());

  /** Current version of an item (links bump the `from` item). */
  const current = async (projectId: string, itemId: string) => (await h.rpc.request(RPC.backlogItemsGet, { projectId, itemId })).item;
  const link = async (projectId: string, from: BacklogItemDto, to: BacklogItemDto, type: 'BLOCKS' | 'INSTRUMENTS' | 'IMPLEMENTS' | 'VALIDATES' | 'RELATES_TO' | 'INFORMS' | 'DUPLICATES') =>
    h.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId: from.id, toItemId: to.id, type, expectedVersion: (await current(projectId, from.id)).version });
  const move = async (projectId: string, item: BacklogItemDto, ...states: BacklogItemDto['state'][]) => {
    for (const state of states) await h.rpc.request(RPC.backlogItemsMove, { projectId, itemId: item.id, expectedVersion: (await current(projectId, item.id)).version, state });
  };

  it('adds a link, bumping the from item, and lists it from both ends with the other item', async () => {
    const { projectId } = h.newProject();
    const design = await h.createItem(projectId, { track: 'DESIGN', kind: 'RESEARCH', title: 'Flows' });
    const eng = await h.createItem(projectId, { track: 'ENGINEERING', title: 'Build it' });
    const added = await link(projectId, design, eng, 'BLOCKS');
    expect(added.fromItemVersion).toBe(2);
    expect(added.link).toMatchObject({ fromItemId: design.id, toItemId: eng.id, type: 'BLOCKS', ordersWork: true, removedAt: null });
    const fromDesign = await h.rpc.request(RPC.backlogLinksList, { projectId, itemId: design.id });
    expect(fromDesign.outgoing).toEqual([{ link: added.link, other: { id: eng.id, key: eng.key, title: 'Build it', track: 'ENGINEERING', kind: 'FEATURE', state: 'ICEBOX' } }]);
    expect(fromDesign.incoming).toEqual([]);
    const fromEng = await h.rpc.request(RPC.backlogLinksList, { projectId, itemId: eng.id });
    expect(fromEng.incoming.map((l) => l.other.key)).toEqual([design.key]);
    const [latest] = (await h.rpc.request(RPC.backlogHistoryList, { projectId, itemId: design.id })).edges.map((e) => e.node);
    expect(latest).toMatchObject({ action: 'link.added', detail: { type: 'BLOCKS', from: { key: design.key }, to: { key: eng.key } } });
  });

  it('refuses self-links, endpoints the type forbids, duplicates, other projects and stale versions', async () => {
    const { projectId } = h.newProject();
    const product = await h.createItem(projectId, { title: 'Product' });
    const eng = await h.createItem(projectId, { track: 'ENGINEERING', title: 'Eng' });
    expect(await refusal(link(projectId, product, product, 'RELATES_TO'))).toMatchObject({ code: 'VALIDATION_FAILED' });
    // IMPLEMENTS goes from engineering to product/design, not the other way.
    expect(await refusal(link(projectId, product, eng, 'IMPLEMENTS'))).toMatchObject({ code: 'VALIDATION_FAILED', details: { side: 'from' } });
    await link(projectId, eng, product, 'IMPLEMENTS');
    expect(await refusal(link(projectId, eng, product, 'IMPLEMENTS'))).toMatchObject({ code: 'CONFLICT' });
    const { projectId: other } = h.newProject();
    const foreign = await h.createItem(other, { title: 'Elsewhere' });
    expect(await refusal(link(projectId, product, foreign, 'RELATES_TO'))).toMatchObject({ code: 'ITEM_NOT_FOUND' });
    const stale = await refusal(h.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId: eng.id, toItemId: product.id, type: 'RELATES_TO', expectedVersion: 1 }));
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { currentVersion: 2 } });
  });

  it('refuses an ordering link that closes a cycle with LINK_CYCLE and the cycle as keys; other links never count', async () => {
    const { projectId } = h.newProject();
    const [a, b, c] = [await h.createItem(projectId, { title: 'a' }), await h.createItem(projectId, { title: 'b' }), await h.createItem(projectId, { title: 'c' })];
    await link(projectId, a, b, 'BLOCKS');
    await link(projectId, b, c, 'BLOCKS');
    const cycle = await refusal(link(projectId, c, a, 'BLOCKS'));
    expect(cycle).toMatchObject({ code: 'LINK_CYCLE', details: { cycle: [c.key, a.key, b.key, c.key] } });
    // Non-ordering links may point "backwards".
    await link(projectId, c, a, 'RELATES_TO');
    // Still refused after a restart (the graph is loaded again from the database).
    await h.restart();
    expect(await refusal(link(projectId, c, a, 'BLOCKS'))).toMatchObject({ code: 'LINK_CYCLE' });
    // Removing b → c opens the way; the removed link stays listed as removed.
    const bc = (await h.rpc.request(RPC.backlogLinksList, { projectId, itemId: b.id })).outgoing[0]?.link;
    const removed = await h.rpc.request(RPC.backlogLinksRemove, { projectId, linkId: bc?.id as string, expectedVersion: (await current(projectId, b.id)).version });
    expect(removed.link.removedAt).not.toBeNull();
    expect(await refusal(h.rpc.request(RPC.backlogLinksRemove, { projectId, linkId: bc?.id as string, expectedVersion: removed.fromItemVersion }))).toMatchObject({ code: 'NOT_FOUND' });
    await link(projectId, c, a, 'BLOCKS');
    const withRemoved = await h.rpc.request(RPC.backlogLinksList, { projectId, itemId: b.id, includeRemoved: true });
    expect(withRemoved.outgoing.map((l) => [l.other.key, l.link.removedAt !== null])).toEqual([[c.key, true]]);
    // b → c again would now close c → a → b → c.
    // INSTRUMENTS goes from a DATA item only.
    expect(await refusal(link(projectId, b, c, 'INSTRUMENTS'))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await refusal(link(projectId, b, c, 'BLOCKS'))).toMatchObject({ code: 'LINK_CYCLE', details: { cycle: [b.key, c.key, a.key, b.key] } });
  });

  it('refuses a stale expectedVersion with CONFLICT before any other refusal, with the project in memory or not, and writes nothing refused', async () => {
    const { projectId } = h.newProject();
    const [a, b] = [await h.createItem(projectId, { title: 'a' }), await h.createItem(projectId, { title: 'b' })];
    await link(projectId, a, b, 'BLOCKS');
    // b → a would close a cycle, a → b is there already, the third target does not exist; b is at version 1, a at 2.
    const attempts = [
      { fromItemId: b.id, toItemId: a.id, expectedVersion: 2, currentVersion: 1 },
      { fromItemId: a.id, toItemId: b.id, expectedVersion: 1, currentVersion: 2 },
      { fromItemId: a.id, toItemId: randomUUID(), expectedVersion: 1, currentVersion: 2 },
    ];
    for (const inMemory of [false, true]) {
      for (const { currentVersion, ...attempt } of attempts) {
        // After a restart the backlog has no project in memory: the addition takes the locking path (and loads it).
        if (!inMemory) await h.restart();
        const refused = await refusal(h.rpc.request(RPC.backlogLinksAdd, { projectId, type: 'BLOCKS', ...attempt }));
        expect(refused).toMatchObject({ code: 'CONFLICT', details: { itemId: attempt.fromItemId, expectedVersion: attempt.expectedVersion, currentVersion } });
      }
    }
    // At the current versions, the refusals themselves.
    expect(await refusal(link(projectId, b, a, 'BLOCKS'))).toMatchObject({ code: 'LINK_CYCLE' });
    expect(await refusal(link(projectId, a, b, 'BLOCKS'))).toMatchObject({ code: 'CONFLICT', details: { from: a.key, to: b.key } });
    expect(await refusal(h.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId: a.id, toItemId: randomUUID(), type: 'BLOCKS', expectedVersion: 2 }))).toMatchObject({
      code: 'ITEM_NOT_FOUND',
    });
    expect(await refusal(h.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId: randomUUID(), toItemId: b.id, type: 'BLOCKS', expectedVersion: 1 }))).toMatchObject({
      code: 'ITEM_NOT_FOUND',
    });
    expect([(await current(projectId, a.id)).version, (await current(projectId, b.id)).version]).toEqual([2, 1]);
    expect((await h.rpc.request(RPC.backlogHistoryList, { projectId, itemId: b.id })).edges.map((e) => e.node.action)).toEqual(['item.created']);
    expect((await h.rpc.request(RPC.backlogLinksList, { projectId, itemId: a.id })).outgoing).toHaveLength(1);
  });

  it('refuses a duplicate the in-memory state cannot know of (a write that bypassed the graph version) through the unique index, as CONFLICT', async () => {
    const { projectId } = h.newProject();
    const [a, b] = [await h.createItem(projectId, { title: 'a' }), await h.createItem(projectId, { title: 'b' })];
    await link(projectId, b, a, 'RELATES_TO');
    // Another writer breaking the rules: a live link and no graph version bump.
    await h.dataSource().query(`INSERT INTO backlog_links (id, project_id, from_item_id, to_item_id, type, created_at, created_by) VALUES ($1, $2, $3, $4, 'DUPLICATES', now(), 'test')`, [
      randomUUID(),
      projectId,
      a.id,
      b.id,
    ]);
    expect(await refusal(link(projectId, a, b, 'DUPLICATES'))).toMatchObject({ code: 'CONFLICT', details: { type: 'DUPLICATES', fromItemId: a.id, toItemId: b.id } });
    expect((await current(projectId, a.id)).version).toBe(1);
    expect((await h.rpc.request(RPC.backlogHistoryList, { projectId, itemId: a.id })).edges.map((e) => e.node.action)).toEqual(['item.created']);
  });

  it('keeps an ordering edge while a second ordering type still orders the pair', async () => {
    const { projectId } = h.newProject();
    const data = await h.createItem(projectId, { track: 'DATA', kind: 'INSTRUMENTATION', title: 'Track checkout' });
    const release = await h.createItem(projectId, { track: 'ENGINEERING', title: 'Release' });
    const blocks = await link(projectId, data, release, 'BLOCKS');
    await link(projectId, data, release, 'INSTRUMENTS');
    await h.rpc.request(RPC.backlogLinksRemove, { projectId, linkId: blocks.link.id, expectedVersion: (await current(projectId, data.id)).version });
    expect(await refusal(link(projectId, release, data, 'BLOCKS'))).toMatchObject({ code: 'LINK_CYCLE' });
  });

  it('lets exactly one of two concurrent links that would each close half of a cycle through', async () => {
    for (let round = 0; round < 5; round++) {
      const { projectId } = h.newProject();
      const a = await h.createItem(projectId, { title: 'a' });
      const b = await h.createItem(projectId, { title: 'b' });
      const outcomes = await Promise.allSettled([
        h.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId: a.id, toItemId: b.id, type: 'BLOCKS', expectedVersion: 1 }),
        h.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId: b.id, toItemId: a.id, type: 'BLOCKS', expectedVersion: 1 }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(rejected?.reason).toMatchObject({ code: 'LINK_CYCLE' });
    }
  });

  it('answers the dependency view: readiness over all ancestors, blockers, critical path, track waits, truncation', async () => {
    const { projectId } = h.newProject();
    await h.rpc.request(RPC.backlogTrackSettingsSet, { projectId, track: 'DATA', estimateScale: 'FIBONACCI' });
    const hypothesis = await h.createItem(projectId, { kind: 'HYPOTHESIS', title: 'One-step checkout sells more', estimate: '3' });
    const design = await h.createItem(projectId, { track: 'DESIGN', title: 'Checkout flow' });
    const eng = await h.createItem(projectId, { track: 'ENGINEERING', title: 'Build checkout', estimate: '5' });
    const instrument = await h.createItem(projectId, { track: 'DATA', kind: 'INSTRUMENTATION', title: 'Track checkout', estimate: '2' });
    const release = await h.createItem(projectId, { track: 'ENGINEERING', title: 'Release', estimate: '8' });
    const analysis = await h.createItem(projectId, { track: 'DATA', kind: 'ANALYSIS', title: 'Funnel' });
    await link(projectId, design, eng, 'BLOCKS');
    await link(projectId, instrument, eng, 'INSTRUMENTS');
    await link(projectId, eng, release, 'BLOCKS');
    await link(projectId, analysis, hypothesis, 'VALIDATES');
    await link(projectId, eng, hypothesis, 'IMPLEMENTS');
    await move(projectId, design, 'BACKLOG', 'STARTED');

    const view = expandBacklogGraphReply(await h.rpc.request(RPC.backlogGraphGet, { projectId, roots: [release.id], direction: 'UPSTREAM' }));
    const byKey = new Map(view.nodes.map((n) => [n.key, n]));
    expect([...byKey.keys()].sort()).toEqual([design.key, eng.key, instrument.key, release.key].sort());
    expect(byKey.get(release.key)).toMatchObject({ ready: false, directBlockers: [{ id: eng.id, key: eng.key }], transitiveBlockerCount: 3, distance: 0 });
    expect(byKey.get(eng.key)?.directBlockers.map((b) => b.key).sort()).toEqual([design.key, instrument.key].sort());
    expect(byKey.get(design.key)).toMatchObject({ ready: true, transitiveBlockerCount: 0, distance: 2 });
    expect(view.criticalPath).toEqual({ items: [instrument, eng, release].map((i) => ({ id: i.id, key: i.key })), totalWeight: 15 });
    expect(view.trackWaits).toEqual([
      { waitingTrack: 'ENGINEERING', onTrack: 'DESIGN', items: 1 },
      { waitingTrack: 'ENGINEERING', onTrack: 'DATA', items: 1 },
    ]);
    expect(view.edges.map((e) => [e.type, e.ordersWork]).sort()).toEqual([['BLOCKS', true], ['BLOCKS', true], ['INSTRUMENTS', true]]);
    expect(view.truncated).toBe(false);

    // One hop up: the blockers of eng are not returned, but they still block it and count.
    const near = expandBacklogGraphReply(await h.rpc.request(RPC.backlogGraphGet, { projectId, roots: [release.id], direction: 'UPSTREAM', depth: 1 }));
    expect(near.nodes.map((n) => n.key).sort()).toEqual([eng.key, release.key].sort());
    expect(near.nodes.find((n) => n.id === eng.id)).toMatchObject({ ready: false, transitiveBlockerCount: 2 });
    expect(near.nodes.find((n) => n.id === release.id)).toMatchObject({ transitiveBlockerCount: 3 });
    expect(near.trackWaits).toEqual([
      { waitingTrack: 'ENGINEERING', onTrack: 'DESIGN', items: 1 },
      { waitingTrack: 'ENGINEERING', onTrack: 'DATA', items: 1 },
    ]);

    // Done blockers stop blocking: design finished, instrumentation delivered.
    await move(projectId, design, 'FINISHED');
    await move(projectId, instrument, 'BACKLOG', 'STARTED', 'FINISHED');
    const later = expandBacklogGraphReply(await h.rpc.request(RPC.backlogGraphGet, { projectId, roots: [eng.id] }));
    const engNode = later.nodes.find((n) => n.id === eng.id);
    expect(engNode).toMatchObject({ ready: true, directBlockers: [], transitiveBlockerCount: 0 });
    expect(later.nodes.map((n) => n.key).sort()).toEqual([analysis.key, design.key, eng.key, hypothesis.key, instrument.key, release.key].sort());
    expect(later.edges.find((e) => e.type === 'VALIDATES')).toMatchObject({ fromItemId: analysis.id, toItemId: hypothesis.id, ordersWork: false });

    const cut = expandBacklogGraphReply(await h.rpc.request(RPC.backlogGraphGet, { projectId, roots: [release.id], limit: 2 }));
    expect(cut).toMatchObject({ truncated: true });
    expect(cut.nodes).toHaveLength(2);

    const track = expandBacklogGraphReply(await h.rpc.request(RPC.backlogGraphGet, { projectId, track: 'ENGINEERING', depth: 1, direction: 'DOWNSTREAM' }));
    expect(track.nodes.map((n) => n.key).sort()).toEqual([eng.key, hypothesis.key, release.key].sort());
    expect(await refusal(h.rpc.request(RPC.backlogGraphGet, { projectId, roots: [randomUUID()] }))).toMatchObject({ code: 'ITEM_NOT_FOUND' });
    expect(await refusal(h.rpc.request(RPC.backlogGraphGet, { projectId }))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
