import { decodeAuditAction } from './audit-action.decoder';

const valid = { v: 1, id: 'm-1', at: '2026-01-01T10:00:00Z', actor: 'service:ingest', action: 'project.created', subject: 'project:1', payload: { a: 1 } };
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('decodeAuditAction', () => {
  it('accepts a valid message and hashes its canonical form (member order does not matter)', () => {
    const a = decodeAuditAction(bytes(valid));
    const reordered = decodeAuditAction(bytes({ payload: { a: 1 }, subject: 'project:1', action: 'project.created', actor: 'service:ingest', at: valid.at, id: 'm-1', v: 1 }));
    expect(a).toEqual({ ok: true, message: valid, actor: 'service:ingest', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(reordered.ok && a.ok && reordered.hash === a.hash).toBe(true);
    const changed = decodeAuditAction(bytes({ ...valid, payload: { a: 2 } }));
    expect(changed.ok && a.ok && changed.hash !== a.hash).toBe(true);
  });

  it.each([
    ['not JSON', '{"v":1', /not UTF-8 JSON/, null],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), /not UTF-8 JSON/, null],
    ['a JSON array', '[1]', /must be object/, null],
    ['a missing field', { ...valid, actor: undefined }, /actor/, 'm-1'],
    ['an extra field', { ...valid, extra: true }, /extra/, 'm-1'],
    ['another version', { ...valid, v: 3 }, /v must be equal to constant/, 'm-1'],
    ['a v2 message with an actor in the payload', { ...valid, v: 2 }, /actor/, 'm-1'],
    ['a bad action name', { ...valid, action: 'Created' }, /action/, 'm-1'],
    ['a bad timestamp', { ...valid, at: 'yesterday' }, /at must match format/, 'm-1'],
    ['a payload that is not an object', { ...valid, payload: [1] }, /payload must be object/, 'm-1'],
    ['an empty id', { ...valid, id: '' }, /id/, ''],
    ['a NUL in the subject', { ...valid, subject: 'a\u0000b' }, /subject contains a NUL/, 'm-1'],
  ])('rejects %s with the reason', (_what, input, reason, messageId) => {
    const outcome = decodeAuditAction(Buffer.isBuffer(input) ? input : bytes(input));
    expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(reason), messageId });
  });

  describe('version 2: the actor is the envelope header', () => {
    const { actor: _payloadActor, ...fields } = valid;
    const v2 = { ...fields, v: 2 };

    it('takes the actor from the Fulcrum-Actor header and hashes it with the message', () => {
      const a = decodeAuditAction(bytes(v2), 'user:5f0c8a8e-2f7e-4c55-9d7e-0d7c5b1f9a10');
      expect(a).toEqual({ ok: true, message: v2, actor: 'user:5f0c8a8e-2f7e-4c55-9d7e-0d7c5b1f9a10', hash: expect.stringMatching(/^sha256:/) });
      const other = decodeAuditAction(bytes(v2), 'service:ingest');
      expect(a.ok && other.ok && a.hash !== other.hash).toBe(true);
    });

    it.each([
      ['without the header', null],
      ['with a free-text actor', 'Dana from risk'],
    ])('refuses one %s as ACTOR_MISSING', (_what, header) => {
      expect(decodeAuditAction(bytes(v2), header)).toEqual({ ok: false, reason: expect.stringMatching(/^ACTOR_MISSING/), messageId: 'm-1' });
    });
  });

  it('accepts a NUL inside the payload (stored as escaped JSON text)', () => {
    expect(decodeAuditAction(bytes({ ...valid, payload: { note: 'a\u0000b' } })).ok).toBe(true);
  });
});
