import { createHash } from 'node:crypto';
import { erasureAuditMessage, personHash } from './erasure-audit.message';

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
});
