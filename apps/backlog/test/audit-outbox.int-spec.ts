import { RPC, auditActionMessageV2Schema } from '@fulcrum/contracts';
import { assertMatchesSchema } from '@fulcrum/messaging';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { ACTORS, type BacklogHarness, type PublishedAuditAction, as, readAuditStream, startBacklogHarness } from './support/backlog.harness';

describe.each(databaseKinds())('backlog audit outbox on %s (real nats-server, AUDIT stream)', (kind: DatabaseKind) => {
  let h: BacklogHarness;

  beforeAll(async () => {
    h = await startBacklogHarness(kind);
  });
  afterAll(() => h?.stop());

  /** The stream's messages about `itemId`, once `count` of them arrived (the outbox publishes after each commit). */
  async function actionsOf(itemId: string, count: number): Promise<PublishedAuditAction[]> {
    for (let attempt = 0; attempt < 50; attempt++) {
      await h.outbox().publishPending();
      const mine = (await readAuditStream(h.nc)).filter((a) => a.message.subject === `backlog-item:${itemId}`);
      if (mine.length >= count) return mine;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`fewer than ${count} audit actions of ${itemId} arrived`);
  }

  it('publishes every change to the AUDIT stream with the actor, project and request of the change, once', async () => {
    const { projectId } = h.newProject();
    const created = await h.createItem(projectId, { title: 'Audited' }, ACTORS.dee);
    const editRequest = as(ACTORS.eli);
    const edited = (await h.rpc.request(RPC.backlogItemsUpdate, { projectId, itemId: created.id, expectedVersion: 1, title: 'Audited, edited' }, editRequest)).item;
    await h.rpc.request(RPC.backlogItemsMove, { projectId, itemId: created.id, expectedVersion: edited.version, state: 'BACKLOG' }, as(ACTORS.pam));

    const actions = await actionsOf(created.id, 3);
    expect(actions.map((a) => [a.message.action, a.actor, a.actorName, a.project])).toEqual([
      ['item.created', ACTORS.dee.actorId, 'Dee Designer', projectId],
      ['item.edited', ACTORS.eli.actorId, 'Eli Engineer', projectId],
      ['item.state-moved', ACTORS.pam.actorId, 'Pam PM', projectId],
    ]);
    for (const a of actions) {
      assertMatchesSchema(auditActionMessageV2Schema, a.message, 'AuditActionMessageV2');
      expect(a.msgId).toBe(a.message.id);
    }
    expect(actions[1]?.requestId).toBe(editRequest.envelope.requestId);
    expect(actions[1]?.message.payload).toEqual({
      projectId,
      itemId: created.id,
      itemKey: created.key,
      changes: [{ field: 'title', old: 'Audited', new: 'Audited, edited' }],
      detail: {},
    });
    // Each entry is the activity row of the same id, now marked published.
    const history = (await h.rpc.request(RPC.backlogHistoryList, { projectId, itemId: created.id, order: 'OLDEST_FIRST' })).edges.map((e) => e.node);
    expect(history.map((e) => e.id)).toEqual(actions.map((a) => a.message.id));
    const unpublished: Array<{ n: number }> = await h.dataSource().query(`SELECT count(*)::int AS n FROM backlog_activity WHERE item_id = $1 AND NOT audit_published`, [created.id]);
    expect(unpublished[0]?.n).toBe(0);
    // Publishing again (a crash between publish and flag) adds nothing: JetStream drops the same message id.
    await h.dataSource().query(`UPDATE backlog_activity SET audit_published = false WHERE item_id = $1`, [created.id]);
    expect(await h.outbox().publishPending()).toBe(3);
    expect(await actionsOf(created.id, 3)).toHaveLength(3);
  });

  it('publishes what was committed while the stream was unreachable once it is back (at start)', async () => {
    const { projectId } = h.newProject();
    const item = await h.createItem(projectId, { title: 'Before restart' });
    await actionsOf(item.id, 1);
    await h.dataSource().query(`UPDATE backlog_activity SET audit_published = false WHERE item_id = $1`, [item.id]);
    await h.restart();
    const unpublished: Array<{ n: number }> = await h.dataSource().query(`SELECT count(*)::int AS n FROM backlog_activity WHERE NOT audit_published`);
    expect(unpublished[0]?.n).toBe(0);
    expect(await actionsOf(item.id, 1)).toHaveLength(1);
  });

  it('puts a track scale change on the trail under the track', async () => {
    const { projectId } = h.newProject();
    await h.createItem(projectId);
    await h.rpc.request(RPC.backlogTrackSettingsSet, { projectId, track: 'DESIGN', estimateScale: 'TSHIRT' }, as(ACTORS.pam));
    await h.outbox().publishPending();
    const [action] = (await readAuditStream(h.nc)).filter((a) => a.message.subject === `backlog-track:${projectId}:DESIGN`);
    expect(action).toMatchObject({ actor: ACTORS.pam.actorId, project: projectId, message: { action: 'track.settings-changed', payload: { changes: [{ field: 'estimateScale', old: 'NONE', new: 'TSHIRT' }] } } });
  });
});
