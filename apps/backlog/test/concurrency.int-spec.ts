import fc from 'fast-check';
import { type BacklogItemDto, RPC } from '@fulcrum/contracts';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { type BacklogHarness, startBacklogHarness } from './support/backlog.harness';

/**
 * Concurrent requests against one service. On PostgreSQL (pool of ten) they really run at once and
 * meet at the row locks; on PGlite (one connection) they queue for the connection, which must give
 * the same outcomes.
 */
describe.each(databaseKinds())('backlog under concurrent requests on %s (real nats-server)', (kind: DatabaseKind) => {
  let h: BacklogHarness;

  beforeAll(async () => {
    h = await startBacklogHarness(kind);
  });
  afterAll(() => h?.stop());

  it('of concurrent edits sent with the same expectedVersion, exactly one wins and the others get CONFLICT with the current version', async () => {
    const { projectId } = h.newProject();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('title', 'labels', 'kind', 'move', 'link'), { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 0, max: 3 }),
        async (edits, priorEdits) => {
          let item = await h.createItem(projectId, { title: 'Contended' });
          // A link changes its `from` item: it contends like any edit (checked on the in-memory state, written in one statement).
          const target = await h.createItem(projectId, { title: 'Linked to' });
          for (let i = 0; i < priorEdits; i++) item = (await h.rpc.request(RPC.backlogItemsUpdate, { projectId, itemId: item.id, expectedVersion: item.version, title: `prior ${i}` })).item;
          const base = { projectId, itemId: item.id, expectedVersion: item.version };
          const outcomes = await Promise.allSettled(
            edits.map((edit, i) => {
              if (edit === 'move') return h.rpc.request(RPC.backlogItemsMove, { ...base, state: 'BACKLOG' });
              if (edit === 'link') return h.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId: item.id, toItemId: target.id, type: i % 2 ? 'BLOCKS' : 'RELATES_TO', expectedVersion: item.version });
              if (edit === 'labels') return h.rpc.request(RPC.backlogItemsUpdate, { ...base, labels: [`l${i}`] });
              if (edit === 'kind') return h.rpc.request(RPC.backlogItemsUpdate, { ...base, kind: i % 2 ? 'BUG' : 'CHORE' });
              return h.rpc.request(RPC.backlogItemsUpdate, { ...base, title: `edit ${i}` });
            }),
          );
          const won = outcomes.filter((o) => o.status === 'fulfilled');
          const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(won).toHaveLength(1);
          for (const o of lost) expect(o.reason).toMatchObject({ code: 'CONFLICT', details: { currentVersion: item.version + 1 } });
          const after = (await h.rpc.request(RPC.backlogItemsGet, { projectId, itemId: item.id })).item;
          expect(after.version).toBe(item.version + 1);
          const history = await h.rpc.request(RPC.backlogHistoryList, { projectId, itemId: item.id, first: 200 });
          expect(history.totalCount).toBe(1 + priorEdits + 1);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('keeps ranks strictly ordered while neighbours are moved concurrently', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 8 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            // Each move: which item moves, next to which (possibly one that is moving too), on which side.
            fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 2, maxLength: n }).chain((movers) =>
              fc.tuple(fc.constant(movers), fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.boolean()), { minLength: movers.length, maxLength: movers.length })),
            ),
          ),
        ),
        async ([n, [movers, anchors]]) => {
          const { projectId } = h.newProject();
          const items: BacklogItemDto[] = [];
          for (let i = 0; i < n; i++) items.push(await h.createItem(projectId, { title: `#${i}` }));
          const moves = movers.map((m, k) => {
            const [anchorIndex, before] = anchors[k] as [number, boolean];
            const anchor = anchorIndex === m ? (m + 1) % n : anchorIndex;
            const item = items[m] as (typeof items)[number];
            const side = before ? { before: items[anchor]?.id as string } : { after: items[anchor]?.id as string };
            return h.rpc.request(RPC.backlogItemsRank, { projectId, itemId: item.id, expectedVersion: item.version, ...side });
          });
          const replies = await Promise.all(moves);
          expect(replies.every((r) => r.item.version === 2)).toBe(true);
          const board = await h.board(projectId, 'PRODUCT');
          const ranks = board.map((i) => i.rank);
          expect(board).toHaveLength(n);
          expect(new Set(ranks).size).toBe(n);
          // Byte order (what COLLATE "C" and the board use) is strictly increasing.
          for (let i = 1; i < ranks.length; i++) expect((ranks[i - 1] as string) < (ranks[i] as string)).toBe(true);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('places many items concurrently right after the same item, each strictly between its neighbours at its turn', async () => {
    for (let round = 0; round < 3; round++) {
      const { projectId } = h.newProject();
      const items: BacklogItemDto[] = [];
      for (let i = 0; i < 8; i++) items.push(await h.createItem(projectId, { title: `#${i}` }));
      const [anchor, ...movers] = items as [(typeof items)[number], ...typeof items];
      // All seven aim at the same gap: without serialising the track, they would compute the same key.
      await Promise.all(movers.map((m) => h.rpc.request(RPC.backlogItemsRank, { projectId, itemId: m.id, expectedVersion: m.version, after: anchor.id })));
      const board = await h.board(projectId, 'PRODUCT');
      expect(board[0]?.id).toBe(anchor.id);
      expect(new Set(board.map((i) => i.rank)).size).toBe(8);
      for (let i = 1; i < board.length; i++) expect((board[i - 1] as { rank: string }).rank < (board[i] as { rank: string }).rank).toBe(true);
      // The rank each move recorded is the one it still has: no move overwrote another's.
      for (const item of board.slice(1)) {
        const [ranked] = (await h.rpc.request(RPC.backlogHistoryList, { projectId, itemId: item.id })).edges.map((e) => e.node);
        expect(ranked).toMatchObject({ action: 'item.ranked', changes: [{ field: 'rank', new: item.rank }] });
      }
    }
  });
});
