import { randomUUID } from 'node:crypto';
import { RPC, type RpcSubject } from '@fulcrum/contracts';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { type BacklogHarness, refusal, startBacklogHarness } from './support/backlog.harness';

/** Payloads sent raw (past the client's types), as a hostile or broken caller would. */
describe.each(databaseKinds())('backlog refuses hostile input on %s (real nats-server)', (kind: DatabaseKind) => {
  let h: BacklogHarness;
  let projectId: string;

  beforeAll(async () => {
    h = await startBacklogHarness(kind);
    ({ projectId } = h.newProject());
  });
  afterAll(() => h?.stop());

  const send = (subject: RpcSubject, payload: Record<string, unknown>) => h.rpc.request(subject as typeof RPC.backlogItemsCreate, payload as never);
  const create = (fields: Record<string, unknown>) => send(RPC.backlogItemsCreate, { projectId, track: 'PRODUCT', kind: 'FEATURE', title: 'ok', ...fields });

  it.each([
    ['a description over 64 KiB of UTF-8 (fewer characters)', { description: 'é'.repeat(32_769) }],
    ['a description over the character bound', { description: 'x'.repeat(65_537) }],
    ['21 labels', { labels: Array.from({ length: 21 }, (_, i) => `l${i}`) }],
    ['a label of 51 characters', { labels: ['x'.repeat(51)] }],
    ['a blank label', { labels: ['   '] }],
    ['21 owners', { owners: Array.from({ length: 21 }, () => randomUUID()) }],
    ['an unknown track', { track: 'SALES' }],
    ['an unknown kind', { kind: 'EPIC' }],
    ['a start state other than ICEBOX or BACKLOG', { state: 'ACCEPTED' }],
    ['an unknown field', { priority: 'urgent' }],
    ['an actor in the payload', { createdBy: 'user:00000000-0000-4000-8000-000000000000' }],
    ['a NUL byte in the title', { title: 'a\u0000b' }],
    ['a NUL byte in the description', { description: 'a\u0000b' }],
    ['a NUL byte in a label', { labels: ['a\u0000b'] }],
    ['a lone surrogate in the description', { description: 'a\uD800b' }],
    ['a blank title', { title: '   ' }],
    ['a title with a line break', { title: 'two\nlines' }],
    ['a number as title', { title: 42 }],
    ['an estimate off the scale', { estimate: '4' }],
    ['a projectId that is no UUID', { projectId: "x' OR '1'='1" }],
  ])('refuses an item with %s, storing nothing', async (_why, fields) => {
    const error = await refusal(create(fields));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect((await h.rpc.request(RPC.backlogBoardGet, { projectId, track: 'PRODUCT' })).totalCount).toBe(0);
  });

  it('refuses hostile queries: NUL in a filter, a huge depth, too many roots, a forged cursor', async () => {
    for (const [subject, payload] of [
      [RPC.backlogBoardGet, { projectId, track: 'PRODUCT', text: 'a\u0000' }],
      [RPC.backlogBoardGet, { projectId, track: 'PRODUCT', label: 'a\u0000' }],
      [RPC.backlogBoardGet, { projectId, track: 'PRODUCT', first: 100_000 }],
      [RPC.backlogBoardGet, { projectId, track: 'PRODUCT', after: Buffer.from(JSON.stringify(['backlog-board', "' OR 1=1 --"])).toString('base64url') }],
      [RPC.backlogGraphGet, { projectId, roots: [randomUUID()], depth: 1_000_000 }],
      [RPC.backlogGraphGet, { projectId, roots: [randomUUID()], limit: 1_000_000 }],
      [RPC.backlogGraphGet, { projectId, roots: Array.from({ length: 201 }, () => randomUUID()) }],
      [RPC.backlogItemsGet, { projectId, key: 'SHOP-1; DROP TABLE backlog_items' }],
      [RPC.backlogHistoryList, { projectId, itemId: randomUUID(), first: 0 }],
      [RPC.backlogLinksAdd, { projectId, fromItemId: randomUUID(), toItemId: randomUUID(), type: 'blocks', expectedVersion: 1 }],
    ] as const) {
      expect({ subject, code: (await refusal(send(subject, payload))).code }).toEqual({ subject, code: 'VALIDATION_FAILED' });
    }
  });

  it('refuses an update, move or rank that would store hostile text, leaving the item as it was', async () => {
    const item = (await create({ title: 'Intact' })).item;
    for (const fields of [{ description: 'é'.repeat(32_769) }, { title: '\u0000' }, { labels: Array(21).fill('x').map((x, i) => x + i) }, {}, { state: 'ICEBOX' }]) {
      const error = await refusal(send(RPC.backlogItemsUpdate, { projectId, itemId: item.id, expectedVersion: 1, ...fields }));
      expect(error.code).toBe('VALIDATION_FAILED');
    }
    expect(await refusal(send(RPC.backlogItemsMove, { projectId, itemId: item.id, expectedVersion: 1, state: 'BACKLOG', overrideReason: 'a\u0000' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    const now = (await h.rpc.request(RPC.backlogItemsGet, { projectId, itemId: item.id })).item;
    expect(now).toMatchObject({ title: 'Intact', version: 1, state: 'ICEBOX' });
  });
});
