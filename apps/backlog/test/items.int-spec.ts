import { randomUUID } from 'node:crypto';
import { JSONCodec } from 'nats';
import { type BacklogItemDto, RPC } from '@fulcrum/contracts';
import { ENVELOPE_HEADERS } from '@fulcrum/messaging';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { ACTORS, type BacklogHarness, type TestActor, as, refusal, startBacklogHarness } from './support/backlog.harness';

describe.each(databaseKinds())('backlog items on %s (real nats-server)', (kind: DatabaseKind) => {
  let h: BacklogHarness;
  let projectId: string;
  let key: string;

  beforeAll(async () => {
    h = await startBacklogHarness(kind);
    ({ projectId, key } = h.newProject('SHOP'));
  });
  afterAll(() => h?.stop());

  const update = (item: Pick<BacklogItemDto, 'id' | 'version'> & { projectId?: string }, fields: Record<string, unknown>, actor: TestActor = ACTORS.pam) =>
    h.rpc
      .request(RPC.backlogItemsUpdate, { projectId: item.projectId ?? projectId, itemId: item.id, expectedVersion: item.version, ...fields }, as(actor))
      .then((r) => r.item);
  const move = (item: Pick<BacklogItemDto, 'id' | 'version'>, state: BacklogItemDto['state'], overrideReason?: string) =>
    h.rpc.request(RPC.backlogItemsMove, { projectId, itemId: item.id, expectedVersion: item.version, state, ...(overrideReason && { overrideReason }) }).then((r) => r.item);
  const history = (itemId: string, order?: 'OLDEST_FIRST' | 'NEWEST_FIRST') =>
    h.rpc.request(RPC.backlogHistoryList, { projectId, itemId, first: 200, ...(order && { order }) }).then((p) => p.edges.map((e) => e.node));

  it('creates an item in ICEBOX at version 1 with the next key of the project, recording who did it', async () => {
    const first = await h.createItem(projectId, { title: '  Checkout in one step  ', description: '# Why\n\nFewer *clicks*.  \n', labels: ['UX', ' checkout ', 'ux'], estimate: '5' }, ACTORS.dee);
    const second = await h.createItem(projectId, { track: 'ENGINEERING', kind: 'CHORE', title: 'Upgrade', state: 'BACKLOG' });
    expect(first).toMatchObject({
      projectId,
      key: `${key}-${first.number}`,
      track: 'PRODUCT',
      kind: 'FEATURE',
      title: 'Checkout in one step',
      description: '# Why\n\nFewer *clicks*.  \n',
      estimate: '5',
      owners: [],
      labels: ['ux', 'checkout'],
      state: 'ICEBOX',
      version: 1,
      deliveredAt: null,
      acceptedAt: null,
      createdBy: ACTORS.dee.actorId,
    });
    expect(second).toMatchObject({ number: first.number + 1, key: `${key}-${first.number + 1}`, state: 'BACKLOG', version: 1 });
    const [created] = await history(first.id);
    expect(created).toMatchObject({ action: 'item.created', actor: ACTORS.dee.actorId, actorName: 'Dee Designer', itemId: first.id });
    expect(created?.changes).toEqual(expect.arrayContaining([{ field: 'title', old: null, new: 'Checkout in one step' }, { field: 'state', old: null, new: 'ICEBOX' }]));
  });

  it('hands out distinct consecutive numbers to concurrent creations', async () => {
    const { projectId: other, key: otherKey } = h.newProject();
    const items = await Promise.all(Array.from({ length: 12 }, (_, i) => h.createItem(other, { title: `item ${i}`, track: i % 2 ? 'DESIGN' : 'PRODUCT' })));
    expect(items.map((i) => i.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(new Set(items.map((i) => i.key)).size).toBe(12);
    expect(items.every((i) => i.key.startsWith(`${otherKey}-`))).toBe(true);
  });

  it('edits only the fields sent, records field, old and new, and bumps the version', async () => {
    const item = await h.createItem(projectId, { title: 'Original', description: 'keep me', labels: ['a'], estimate: '3' });
    const owner = randomUUID();
    const edited = await update(item, { title: 'Renamed', owners: [owner], estimate: null }, ACTORS.eli);
    expect(edited).toMatchObject({ title: 'Renamed', description: 'keep me', labels: ['a'], owners: [owner], estimate: null, kind: 'FEATURE', version: 2 });
    const [latest] = await history(item.id);
    expect(latest).toMatchObject({ action: 'item.edited', actor: ACTORS.eli.actorId, actorName: 'Eli Engineer' });
    expect(latest?.changes).toEqual([
      { field: 'title', old: 'Original', new: 'Renamed' },
      { field: 'estimate', old: '3', new: null },
      { field: 'owners', old: [], new: [owner] },
    ]);
    // Sending the current values changes nothing: no version bump, no activity.
    const same = await update(edited, { title: 'Renamed', labels: ['A'] });
    expect(same.version).toBe(2);
    expect(await history(item.id)).toHaveLength(2);
  });

  it('refuses a stale expectedVersion with CONFLICT and the current version, and changes nothing', async () => {
    const item = await h.createItem(projectId, { title: 'Versioned' });
    await update(item, { title: 'v2' });
    const error = await refusal(update(item, { title: 'stale' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.details).toMatchObject({ currentVersion: 2, expectedVersion: 1 });
    const stale = await refusal(move(item, 'BACKLOG'));
    expect(stale.code).toBe('CONFLICT');
    const now = await h.rpc.request(RPC.backlogItemsGet, { projectId, itemId: item.id });
    expect(now.item).toMatchObject({ title: 'v2', state: 'ICEBOX', version: 2 });
  });

  it('moves through the state machine, refuses other moves naming the allowed ones, stamps delivery', async () => {
    let item = await h.createItem(projectId, { title: 'Flow' });
    const invalid = await refusal(move(item, 'STARTED'));
    expect(invalid.code).toBe('INVALID_TRANSITION');
    expect(invalid.details).toMatchObject({ from: 'ICEBOX', to: 'STARTED', allowed: ['BACKLOG', 'ARCHIVED'] });
    for (const state of ['BACKLOG', 'STARTED', 'FINISHED', 'DELIVERED'] as const) item = await move(item, state);
    expect(item.state).toBe('DELIVERED');
    expect(item.deliveredAt).not.toBeNull();
    const delivered = item.deliveredAt;
    item = await move(item, 'REJECTED');
    expect(item).toMatchObject({ state: 'REJECTED', deliveredAt: delivered, version: 6 });
    const moves = (await history(item.id, 'OLDEST_FIRST')).filter((a) => a.action === 'item.state-moved');
    expect(moves.map((m) => m.changes)).toEqual([
      [{ field: 'state', old: 'ICEBOX', new: 'BACKLOG' }],
      [{ field: 'state', old: 'BACKLOG', new: 'STARTED' }],
      [{ field: 'state', old: 'STARTED', new: 'FINISHED' }],
      [{ field: 'state', old: 'FINISHED', new: 'DELIVERED' }],
      [{ field: 'state', old: 'DELIVERED', new: 'REJECTED' }],
    ]);
  });

  it('accepts through the acceptance gate and records an override as such', async () => {
    const deliver = async (title: string) => {
      let item = await h.createItem(projectId, { title, state: 'BACKLOG' });
      for (const state of ['STARTED', 'FINISHED', 'DELIVERED'] as const) item = await move(item, state);
      return item;
    };
    const plain = await move(await deliver('Accept me'), 'ACCEPTED');
    expect(plain).toMatchObject({ state: 'ACCEPTED', acceptedBy: ACTORS.pam.actorId, acceptanceOverrideReason: null });
    expect(plain.acceptedAt).not.toBeNull();
    expect((await history(plain.id))[0]).toMatchObject({ action: 'item.accepted', changes: [{ field: 'state', old: 'DELIVERED', new: 'ACCEPTED' }] });

    const overridden = await move(await deliver('Override me'), 'ACCEPTED', 'Launch date is contractual');
    expect(overridden).toMatchObject({ state: 'ACCEPTED', acceptanceOverrideReason: 'Launch date is contractual' });
    expect((await history(overridden.id))[0]).toMatchObject({ action: 'item.acceptance-overridden', detail: { overrideReason: 'Launch date is contractual' } });

    const notAcceptance = await refusal(move(await h.createItem(projectId, { title: 'x' }), 'BACKLOG', 'why not'));
    expect(notAcceptance).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'overrideReason' } });
  });

  it('ranks before and after another item of the track, strictly between the neighbours', async () => {
    const { projectId: p } = h.newProject();
    const [a, b, c] = [await h.createItem(p, { title: 'a' }), await h.createItem(p, { title: 'b' }), await h.createItem(p, { title: 'c' })];
    const titles = async () => (await h.board(p, 'PRODUCT')).map((i) => i.title);
    expect(await titles()).toEqual(['a', 'b', 'c']);
    const c2 = (await h.rpc.request(RPC.backlogItemsRank, { projectId: p, itemId: c.id, expectedVersion: c.version, before: a.id })).item;
    expect(await titles()).toEqual(['c', 'a', 'b']);
    expect(c2.version).toBe(2);
    await h.rpc.request(RPC.backlogItemsRank, { projectId: p, itemId: a.id, expectedVersion: a.version, after: b.id });
    expect(await titles()).toEqual(['c', 'b', 'a']);
    const ranks = (await h.board(p, 'PRODUCT')).map((i) => i.rank);
    expect([...ranks].sort()).toEqual(ranks);
    const [ranked] = await h.rpc.request(RPC.backlogHistoryList, { projectId: p, itemId: a.id }).then((page) => page.edges.map((e) => e.node));
    expect(ranked).toMatchObject({ action: 'item.ranked', detail: { after: { id: b.id } } });

    const other = await h.createItem(p, { track: 'DESIGN', title: 'elsewhere' });
    expect(await refusal(h.rpc.request(RPC.backlogItemsRank, { projectId: p, itemId: b.id, expectedVersion: 1, before: other.id }))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await refusal(h.rpc.request(RPC.backlogItemsRank, { projectId: p, itemId: b.id, expectedVersion: 1 }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await refusal(h.rpc.request(RPC.backlogItemsRank, { projectId: p, itemId: b.id, expectedVersion: 1, before: randomUUID() }))).toMatchObject({ code: 'ITEM_NOT_FOUND' });
  });

  it('filters the board by state, kind, label, owner and literal text, and pages with cursors', async () => {
    const { projectId: p } = h.newProject();
    const owner = randomUUID();
    await h.createItem(p, { title: 'Pay with 100% less friction', kind: 'FEATURE', labels: ['Pay'], owners: [owner] });
    await h.createItem(p, { title: 'Crash on pay_button', kind: 'BUG', state: 'BACKLOG', description: 'The PAY button...' });
    await h.createItem(p, { title: 'Refactor payments', kind: 'CHORE', labels: ['pay'] });
    const titles = async (filters: Record<string, unknown>) => (await h.board(p, 'PRODUCT', filters)).map((i) => i.title);
    expect(await titles({ states: ['BACKLOG'] })).toEqual(['Crash on pay_button']);
    expect(await titles({ kinds: ['FEATURE', 'CHORE'] })).toEqual(['Pay with 100% less friction', 'Refactor payments']);
    expect(await titles({ label: ' PAY ' })).toEqual(['Pay with 100% less friction', 'Refactor payments']);
    expect(await titles({ owner })).toEqual(['Pay with 100% less friction']);
    expect(await titles({ text: 'pay button' })).toEqual(['Crash on pay_button']);
    // `%` and `_` match themselves, not any text.
    expect(await titles({ text: '100%' })).toEqual(['Pay with 100% less friction']);
    expect(await titles({ text: 'pay_' })).toEqual(['Crash on pay_button']);
    expect(await titles({ text: "'; DROP TABLE backlog_items; --" })).toEqual([]);
    const page1 = await h.rpc.request(RPC.backlogBoardGet, { projectId: p, track: 'PRODUCT', first: 2 });
    expect(page1).toMatchObject({ totalCount: 3, hasNextPage: true });
    const page2 = await h.rpc.request(RPC.backlogBoardGet, { projectId: p, track: 'PRODUCT', first: 2, after: page1.edges[1]?.cursor });
    expect(page2.edges.map((e) => e.node.title)).toEqual(['Refactor payments']);
    expect(page2.hasNextPage).toBe(false);
    expect(await refusal(h.rpc.request(RPC.backlogBoardGet, { projectId: p, track: 'PRODUCT', after: 'bm90IGEgY3Vyc29y' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'after' } });
  });

  it('gets an item by id or by key (project part case-insensitive), and nothing of another project', async () => {
    const item = await h.createItem(projectId, { title: 'Find me' });
    expect((await h.rpc.request(RPC.backlogItemsGet, { projectId, key: item.key.toLowerCase() })).item.id).toBe(item.id);
    expect((await h.rpc.request(RPC.backlogItemsGet, { projectId, itemId: item.id })).item.key).toBe(item.key);
    const { projectId: other } = h.newProject();
    expect(await refusal(h.rpc.request(RPC.backlogItemsGet, { projectId: other, itemId: item.id }))).toMatchObject({ code: 'ITEM_NOT_FOUND' });
    expect(await refusal(h.rpc.request(RPC.backlogItemsGet, { projectId, key: `${key}-9999999999` }))).toMatchObject({ code: 'ITEM_NOT_FOUND' });
    expect(await refusal(update({ id: item.id, version: 1 }, { title: 'x' }).then(() => h.rpc.request(RPC.backlogItemsUpdate, { projectId: other, itemId: item.id, expectedVersion: 2, title: 'y' })))).toMatchObject({
      code: 'ITEM_NOT_FOUND',
    });
  });

  it('refuses items of a project ingest does not know with PROJECT_NOT_FOUND', async () => {
    expect(await refusal(h.createItem(randomUUID()))).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });

  it("validates estimates against the track's scale, and refuses a scale change that strands estimates", async () => {
    const { projectId: p, key: k } = h.newProject();
    expect(await refusal(h.createItem(p, { track: 'DESIGN', estimate: '3' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { scale: 'NONE' } });
    const pointed = await h.createItem(p, { track: 'ENGINEERING', estimate: '8' });
    expect(await refusal(update(pointed, { estimate: 'M' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { scale: 'FIBONACCI' } });
    const defaults = await h.rpc.request(RPC.backlogTrackSettingsGet, { projectId: p });
    expect(defaults.tracks.map((t) => [t.track, t.estimateScale])).toEqual([
      ['PRODUCT', 'FIBONACCI'],
      ['DESIGN', 'NONE'],
      ['ENGINEERING', 'FIBONACCI'],
      ['DATA', 'NONE'],
    ]);
    const refused = await refusal(h.rpc.request(RPC.backlogTrackSettingsSet, { projectId: p, track: 'ENGINEERING', estimateScale: 'TSHIRT' }));
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', details: { itemCount: 1, items: [{ key: `${k}-${pointed.number}`, estimate: '8' }] } });
    const cleared = await update(pointed, { estimate: null });
    const changed = await h.rpc.request(RPC.backlogTrackSettingsSet, { projectId: p, track: 'ENGINEERING', estimateScale: 'TSHIRT' }, as(ACTORS.eli));
    expect(changed.settings).toMatchObject({ track: 'ENGINEERING', estimateScale: 'TSHIRT', estimateValues: ['XS', 'S', 'M', 'L', 'XL'], updatedBy: ACTORS.eli.actorId });
    expect((await update(cleared, { estimate: 'M' })).estimate).toBe('M');
  });

  it('refuses a request without an actor with ACTOR_MISSING and stores nothing', async () => {
    const codec = JSONCodec<Record<string, unknown>>();
    const { projectId: p } = h.newProject();
    const packet = { pattern: RPC.backlogItemsCreate, data: { projectId: p, track: 'PRODUCT', kind: 'BUG', title: 'anonymous' }, id: randomUUID() };
    const reply = codec.decode((await h.nc.request(RPC.backlogItemsCreate, codec.encode(packet), { timeout: 5_000 })).data);
    expect(reply['err']).toMatchObject({ code: 'ACTOR_MISSING', details: { header: ENVELOPE_HEADERS.actorId } });
    expect(await h.board(p, 'PRODUCT')).toEqual([]);
  });
});
