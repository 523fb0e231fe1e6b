import { auditEntryLeafHash, hashPayload, hashToHex, type JsonValue } from '@fulcrum/audit-log';
import { type AuditEntryRow, payloadMatchesHash, rowToDto, rowToEntry, sealActions } from './audit-entry.mapper';

const now = new Date('2025-03-01T09:00:00.000Z');
const PROJECT = '9dd61848-0a63-42c1-b9f1-03bca54d7eac';
const who = { actorName: 'Ana', projectId: PROJECT };

describe('sealActions', () => {
  it('numbers v2 entries from the first seq, with the project and the actor name, and hashes them as the library does', () => {
    const sealed = sealActions(
      [
        { actor: 'user:ana', ...who, action: 'model.registered', subject: 'model:1', payload: { name: 'churn' } },
        { actor: 'service:ingest', actorName: null, projectId: null, action: 'alias.moved', subject: 'model:1/alias:staging', payload: { to: 2 }, at: new Date('2025-01-01T00:00:00Z') },
      ],
      41,
      now,
    );
    expect(sealed.map((s) => s.entry)).toEqual([
      { v: 2, seq: 41, at: '2025-03-01T09:00:00.000Z', actor: 'user:ana', actorName: 'Ana', projectId: PROJECT, action: 'model.registered', subject: 'model:1', payloadHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      { v: 2, seq: 42, at: '2025-01-01T00:00:00.000Z', actor: 'service:ingest', actorName: null, projectId: null, action: 'alias.moved', subject: 'model:1/alias:staging', payloadHash: expect.any(String) },
    ]);
    for (const s of sealed) {
      expect(s.leafHash).toBe(hashToHex(auditEntryLeafHash(s.entry)));
      expect(hashPayload({ payload: JSON.parse(s.payloadJson) as JsonValue, salt: s.salt })).toBe(s.entry.payloadHash);
      expect(s.salt).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('stores exactly what it hashes: plain canonical JSON, undefined dropped, Dates as ISO strings', () => {
    const [s] = sealActions([{ actor: 'a', ...who, action: 'x.y', subject: 's', payload: { b: 1, a: undefined, when: new Date(0), nul: '\u0000' } }], 0, now);
    expect(s.payloadJson).toBe('{"b":1,"nul":"\\u0000","when":"1970-01-01T00:00:00.000Z"}');
  });

  it('salts every payload afresh, so equal payloads do not have equal hashes', () => {
    const [a, b] = sealActions(
      [
        { actor: 'a', ...who, action: 'x.y', subject: 's', payload: { outcome: 'declined' } },
        { actor: 'a', ...who, action: 'x.y', subject: 's', payload: { outcome: 'declined' } },
      ],
      0,
      now,
    );
    expect(a.entry.payloadHash).not.toBe(b.entry.payloadHash);
  });

  it('refuses entries the library would not accept', () => {
    expect(() => sealActions([{ actor: '', ...who, action: 'x.y', subject: 's', payload: {} }], 0, now)).toThrow(/actor/);
    expect(() => sealActions([{ actor: 'a', ...who, action: 'x.y', subject: 's', payload: {}, at: new Date(Number.NaN) }], 0, now)).toThrow();
  });
});

describe('rows', () => {
  const [sealed] = sealActions([{ actor: 'a', ...who, action: 'x.y', subject: 's', payload: { k: 'v' } }], 7, now);
  const row: AuditEntryRow = {
    seq: '7',
    entry_version: 2,
    at: new Date(sealed.entry.at),
    actor: 'a',
    actor_name: 'Ana',
    project_id: PROJECT,
    action: 'x.y',
    subject: 's',
    payload_hash: sealed.entry.payloadHash,
    leaf_hash: sealed.leafHash,
    payload: sealed.payloadJson,
    payload_salt: sealed.salt,
    erased_at: null,
  };

  it('map back to the entry that was hashed, and to the DTO', () => {
    expect(rowToEntry(row)).toEqual(sealed.entry);
    expect(rowToDto(row)).toEqual({ ...sealed.entry, leafHash: sealed.leafHash, payload: { k: 'v' }, erased: false });
    expect(payloadMatchesHash(row)).toBe(true);
  });

  it('map a v1 row (from before projects) to its six hashed fields; an adopted project is shown but not hashed', () => {
    const v1 = { seq: 7, at: sealed.entry.at, actor: 'token:1:ana', action: 'x.y', subject: 's', payloadHash: sealed.entry.payloadHash };
    const old: AuditEntryRow = { ...row, entry_version: 1, actor: 'token:1:ana', actor_name: null, leaf_hash: hashToHex(auditEntryLeafHash(v1)) };
    expect(rowToEntry(old)).toEqual(v1);
    expect(hashToHex(auditEntryLeafHash(rowToEntry(old)))).toBe(old.leaf_hash);
    expect(rowToDto(old)).toMatchObject({ v: 1, actorName: null, projectId: PROJECT, leafHash: old.leaf_hash });
  });

  it('detect a payload changed behind the hash, and show an erased one as null', () => {
    expect(payloadMatchesHash({ ...row, payload: '{"k":"w"}' })).toBe(false);
    const erased = { ...row, payload: null, payload_salt: null, erased_at: new Date() };
    expect(payloadMatchesHash(erased)).toBeNull();
    expect(rowToDto(erased)).toMatchObject({ payload: null, erased: true, payloadHash: sealed.entry.payloadHash, leafHash: sealed.leafHash });
  });
});
