import { auditActionMessageV2Schema } from '@fulcrum/contracts';
import { assertMatchesSchema, envelopeHeaders } from '@fulcrum/messaging';
import { BACKLOG_ACTIONS } from './backlog-action';
import { type StoredActivity, auditSubject, backlogAuditEnvelope, backlogAuditMessage } from './backlog-audit.message';

const row: StoredActivity = {
  id: '5d0c2f7e-1111-4000-8000-000000000001',
  projectId: '5d0c2f7e-2222-4000-8000-000000000002',
  itemId: '5d0c2f7e-3333-4000-8000-000000000003',
  itemKey: 'SHOP-7',
  action: 'item.edited',
  changes: [{ field: 'title', old: 'a', new: 'b' }],
  detail: {},
  actor: 'user:5d0c2f7e-4444-4000-8000-000000000004',
  actorName: 'Ünal Øverby',
  requestId: 'req-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  occurredAt: new Date('2026-05-01T10:00:00.123Z'),
};

describe('backlog audit actions', () => {
  it('every action name is one the AUDIT stream accepts', () => {
    for (const action of BACKLOG_ACTIONS) assertMatchesSchema(auditActionMessageV2Schema, backlogAuditMessage({ ...row, action }), action);
  });

  it('is rebuilt from the stored row alone, identically each time', () => {
    expect(backlogAuditMessage(row)).toEqual({
      v: 2,
      id: row.id,
      at: '2026-05-01T10:00:00.123Z',
      action: 'item.edited',
      subject: `backlog-item:${row.itemId}`,
      payload: { projectId: row.projectId, itemId: row.itemId, itemKey: 'SHOP-7', changes: row.changes, detail: {} },
    });
    expect(JSON.stringify(backlogAuditMessage(structuredClone(row)))).toBe(JSON.stringify(backlogAuditMessage(row)));
  });

  it('travels with the envelope of the request that made the change, project included', () => {
    const headers = envelopeHeaders(backlogAuditEnvelope(row));
    expect([headers.get('Fulcrum-Actor'), headers.get('Fulcrum-Project'), headers.get('X-Request-Id'), headers.get('traceparent')]).toEqual([
      row.actor,
      row.projectId,
      'req-1',
      row.traceparent,
    ]);
    expect(backlogAuditEnvelope({ ...row, actorName: null })).not.toHaveProperty('actorName');
  });

  it('files a project-level change under its track', () => {
    expect(auditSubject({ ...row, itemId: null, itemKey: null, detail: { track: 'DESIGN' } })).toBe(`backlog-track:${row.projectId}:DESIGN`);
  });
});
