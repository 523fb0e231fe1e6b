import { randomUUID } from 'node:crypto';
import { type BacklogTrack, RPC } from '@fulcrum/contracts';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { type BacklogHarness, startBacklogHarness } from './support/backlog.harness';

/**
 * The board's `totalCount` comes from `backlog_item_counts` (kept by triggers) when it is filtered
 * at most by state and kind, and from `count(*)` otherwise. Both must always equal the number of
 * matching items, whatever wrote them.
 */
describe.each(databaseKinds())('backlog board totalCount on %s (real nats-server)', (kind: DatabaseKind) => {
  let h: BacklogHarness;

  beforeAll(async () => {
    h = await startBacklogHarness(kind);
  });
  afterAll(() => h?.stop());

  async function totalCount(projectId: string, track: BacklogTrack, filters: Record<string, unknown> = {}): Promise<number> {
    return (await h.rpc.request(RPC.backlogBoardGet, { projectId, track, first: 1, ...filters })).totalCount;
  }

  async function counted(projectId: string, track: string, where = 'true', params: unknown[] = []): Promise<number> {
    const [row] = (await h.dataSource().query(`SELECT count(*)::int AS n FROM backlog_items WHERE project_id = $1 AND track = $2 AND ${where}`, [projectId, track, ...params])) as [{ n: number }];
    return row.n;
  }

  /** The table holds exactly the grouped count of the project's items (no row is missing or off). */
  async function expectCountsTableExact(projectId: string): Promise<void> {
    const q = (sql: string) => h.dataSource().query(sql, [projectId]) as Promise<Array<{ track: string; state: string; kind: string; n: number }>>;
    const table = (await q(`SELECT track, state, kind, n FROM backlog_item_counts WHERE project_id = $1 AND n > 0 ORDER BY 1, 2, 3`)).map((r) => ({ ...r, n: Number(r.n) }));
    const truth = await q(`SELECT track, state, kind, count(*)::int AS n FROM backlog_items WHERE project_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
    expect(table).toEqual(truth);
  }

  it('counts creates, state moves, edits of kind and archiving, for every state and kind filter', async () => {
    const { projectId } = h.newProject();
    const feature = await h.createItem(projectId, { kind: 'FEATURE', labels: ['pay'] });
    const bug = await h.createItem(projectId, { kind: 'BUG', state: 'BACKLOG', owners: [randomUUID()] });
    await h.createItem(projectId, { kind: 'CHORE', title: 'Refactor payments' });
    await h.createItem(projectId, { track: 'DESIGN', kind: 'RESEARCH' });
    expect(await totalCount(projectId, 'PRODUCT')).toBe(3);
    expect(await totalCount(projectId, 'DESIGN')).toBe(1);
    expect(await totalCount(projectId, 'ENGINEERING')).toBe(0);
    expect(await totalCount(projectId, 'PRODUCT', { states: ['ICEBOX'] })).toBe(2);
    expect(await totalCount(projectId, 'PRODUCT', { states: ['ICEBOX', 'BACKLOG'], kinds: ['BUG'] })).toBe(1);

    const moved = (await h.rpc.request(RPC.backlogItemsMove, { projectId, itemId: feature.id, expectedVersion: feature.version, state: 'BACKLOG' })).item;
    const started = (await h.rpc.request(RPC.backlogItemsMove, { projectId, itemId: moved.id, expectedVersion: moved.version, state: 'STARTED' })).item;
    await h.rpc.request(RPC.backlogItemsUpdate, { projectId, itemId: bug.id, expectedVersion: bug.version, kind: 'CHORE' });
    // A rank move and a title edit change no count.
    await h.rpc.request(RPC.backlogItemsUpdate, { projectId, itemId: started.id, expectedVersion: started.version, title: 'Renamed' });
    await h.rpc.request(RPC.backlogItemsMove, { projectId, itemId: started.id, expectedVersion: started.version + 1, state: 'ARCHIVED' });

    const open = ['ICEBOX', 'BACKLOG', 'STARTED'];
    for (const [filters, where, params] of [
      [{}, 'true', []],
      [{ states: open }, 'state = ANY($3::text[])', [open]],
      [{ states: ['ARCHIVED'] }, `state = 'ARCHIVED'`, []],
      [{ kinds: ['CHORE'] }, `kind = 'CHORE'`, []],
      [{ kinds: ['BUG'] }, `kind = 'BUG'`, []],
      [{ states: ['BACKLOG'], kinds: ['CHORE', 'FEATURE'] }, `state = 'BACKLOG' AND kind IN ('CHORE', 'FEATURE')`, []],
    ] as Array<[Record<string, unknown>, string, unknown[]]>) {
      expect({ filters, total: await totalCount(projectId, 'PRODUCT', filters) }).toEqual({ filters, total: await counted(projectId, 'PRODUCT', where, params) });
    }
    expect(await totalCount(projectId, 'PRODUCT', { states: ['ARCHIVED'] })).toBe(1);
    expect(await totalCount(projectId, 'PRODUCT', { kinds: ['CHORE'] })).toBe(2);
    // Label, owner and text filters count their rows.
    expect(await totalCount(projectId, 'PRODUCT', { label: 'pay' })).toBe(1);
    expect(await totalCount(projectId, 'PRODUCT', { text: 'payments' })).toBe(1);
    expect(await totalCount(projectId, 'PRODUCT', { owner: randomUUID() })).toBe(0);
    // A cursor page counts the whole filtered list, not what follows the cursor.
    const first = await h.rpc.request(RPC.backlogBoardGet, { projectId, track: 'PRODUCT', first: 1 });
    expect((await h.rpc.request(RPC.backlogBoardGet, { projectId, track: 'PRODUCT', first: 1, after: first.edges[0]?.cursor })).totalCount).toBe(3);
    await expectCountsTableExact(projectId);
  });

  it('keeps the counts of a bulk insert and of a multi-row update written straight to the table', async () => {
    const { projectId } = h.newProject();
    await h.createItem(projectId); // the service writes the project row
    const n = 300;
    await h.dataSource().query(
      `INSERT INTO backlog_items (id, project_id, number, track, kind, title, description, state, rank, created_at, created_by, updated_at)
       SELECT gen_random_uuid(), $1, 100 + g, (ARRAY['PRODUCT', 'DATA'])[1 + g % 2], (ARRAY['FEATURE', 'BUG', 'CHORE'])[1 + g % 3], 'bulk ' || g, '',
              (ARRAY['ICEBOX', 'BACKLOG', 'STARTED', 'ACCEPTED'])[1 + g % 4], 'b' || lpad(g::text, 6, '0'), now(), 'test', now()
         FROM generate_series(1, $2::int) AS g`,
      [projectId, n],
    );
    await expectCountsTableExact(projectId);
    expect(await totalCount(projectId, 'DATA')).toBe(n / 2);
    expect(await totalCount(projectId, 'PRODUCT', { states: ['STARTED'] })).toBe(await counted(projectId, 'PRODUCT', `state = 'STARTED'`));
    await h.dataSource().query(`UPDATE backlog_items SET state = 'ARCHIVED', version = version + 1 WHERE project_id = $1 AND number % 5 = 0`, [projectId]);
    await h.dataSource().query(`UPDATE backlog_items SET version = version + 1, rank = rank || 'x' WHERE project_id = $1 AND number % 7 = 0`, [projectId]);
    await expectCountsTableExact(projectId);
    expect(await totalCount(projectId, 'DATA', { states: ['ARCHIVED'] })).toBe(await counted(projectId, 'DATA', `state = 'ARCHIVED'`));
  });
});
