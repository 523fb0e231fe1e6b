import { createHash } from 'node:crypto';
import { erasureAuditEnvelope, erasureAuditMessage, personHash } from './erasure-audit.message';

const P = '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

describe('person.erased audit action', () => {
  it('names the person by sha256(projectId LF personId) only', () => {
    const record = {
      id: '0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e',
      projectId: P,
      personHash: personHash(P, 'ua'),
      distinctIds: 2,
      eventsErased: 5,
      streamMessagesRewritten: 2,
      streamMessagesDeleted: 1,
      rejectedMessagesDeleted: 1,
      reason: 'ticket 42',
      requestedBy: 'token:t1:Cleo',
      erasedAt: '2026-11-21T10:00:00.000Z',
      dataVersion: 9,
    };
    expect(record.personHash).toBe(createHash('sha256').update(`${P}\nua`).digest('hex'));
    const message = erasureAuditMessage(record);
    expect(message).toEqual({
      v: 1,
      id: record.id,
      at: record.erasedAt,
      actor: 'token:t1:Cleo',
      action: 'person.erased',
      subject: `person:${record.personHash}`,
      payload: {
        projectId: P,
        erasureId: record.id,
        distinctIds: 2,
        eventsErased: 5,
        streamMessagesRewritten: 2,
        streamMessagesDeleted: 1,
        rejectedMessagesDeleted: 1,
        reason: 'ticket 42',
      },
    });
    // the same record gives the same message (a re-publication is a duplicate, not a conflict)
    expect(JSON.stringify(erasureAuditMessage({ ...record }))).toBe(JSON.stringify(message));
  });

  it('leaves the actor to the envelope (v2) once the record names an actor id', () => {
    const record = {
      id: '0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e', projectId: P, personHash: personHash(P, 'ua'), distinctIds: 1, eventsErased: 1,
      streamMessagesRewritten: 0, streamMessagesDeleted: 1, rejectedMessagesDeleted: 0, reason: 'r', erasedAt: '2026-11-21T10:00:00.000Z', dataVersion: 9,
      requestedBy: 'user:5f0c8a8e-2f7e-4c55-9d7e-0d7c5b1f9a10',
    };
    const message = erasureAuditMessage(record);
    expect(message).toMatchObject({ v: 2, id: record.id, action: 'person.erased' });
    expect(message).not.toHaveProperty('actor');
    expect(erasureAuditEnvelope(record).actorId).toBe(record.requestedBy);
  });

  it("is published in the erasure request's envelope, rebuilt from the record; an older record acts as service:analytics", () => {
    const base = {
      id: '0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e', projectId: P, personHash: personHash(P, 'ua'), distinctIds: 1, eventsErased: 1,
      streamMessagesRewritten: 0, streamMessagesDeleted: 1, rejectedMessagesDeleted: 0, reason: 'r', erasedAt: '2026-11-21T10:00:00.000Z', dataVersion: 9,
    };
    const trace = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const record = { ...base, requestedBy: 'user:5d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d', requestedByName: 'Cleo', requestId: 'req-1', traceparent: trace };
    expect(erasureAuditEnvelope(record)).toEqual({ actorId: record.requestedBy, actorName: 'Cleo', projectId: P, requestId: 'req-1', traceparent: trace });
    expect(erasureAuditEnvelope(record)).toEqual(erasureAuditEnvelope({ ...record }));
    const older = erasureAuditEnvelope({ ...base, requestedBy: 'token:t1:Cleo' });
    expect(older).toMatchObject({ actorId: 'service:analytics', projectId: P });
    expect(older).not.toHaveProperty('actorName');
  });
});
