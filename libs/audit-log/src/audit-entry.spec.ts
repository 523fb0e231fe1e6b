import { createHash } from 'node:crypto';
import {
  auditEntryCanonicalJson,
  auditEntryLeafData,
  auditEntryLeafHash,
  auditEntryProblem,
  createAuditEntry,
  hashPayload,
  isIsoTimestamp,
  sealPayload,
  type AuditEntry,
} from './audit-entry';

const PAYLOAD_HASH = `sha256:${'ab'.repeat(32)}`;
const entry: AuditEntry = {
  seq: 7,
  at: '2025-03-01T09:30:00.000Z',
  actor: 'user:42',
  action: 'alias.moved',
  subject: 'model:churn/production',
  payloadHash: PAYLOAD_HASH,
};

describe('audit entries', () => {
  it('hashes exactly the six fields as canonical JSON, keys sorted', () => {
    const expected =
      '{"action":"alias.moved","actor":"user:42","at":"2025-03-01T09:30:00.000Z",' +
      `"payloadHash":"${PAYLOAD_HASH}","seq":7,"subject":"model:churn/production"}`;
    expect(auditEntryCanonicalJson(entry)).toBe(expected);
    expect(auditEntryLeafData(entry).toString('utf8')).toBe(expected);
    const independent = createHash('sha256').update(Buffer.from([0x00])).update(expected, 'utf8').digest('hex');
    expect(auditEntryLeafHash(entry).toString('hex')).toBe(independent);
  });

  it('ignores properties outside the six fields', () => {
    const withExtra = { ...entry, payload: { secret: 'x' } } as AuditEntry;
    expect(auditEntryLeafHash(withExtra).toString('hex')).toBe(auditEntryLeafHash(entry).toString('hex'));
    expect(Object.keys(createAuditEntry(withExtra)).sort()).toEqual(['action', 'actor', 'at', 'payloadHash', 'seq', 'subject']);
  });

  it('changes the leaf hash when any single field changes', () => {
    const base = auditEntryLeafHash(entry).toString('hex');
    const variants: AuditEntry[] = [
      { ...entry, seq: 8 },
      { ...entry, at: '2025-03-01T09:30:00.001Z' },
      { ...entry, actor: 'user:43' },
      { ...entry, action: 'alias.moveD' },
      { ...entry, subject: 'model:churn/staging' },
      { ...entry, payloadHash: `sha256:${'ab'.repeat(31)}ac` },
    ];
    const hashes = new Set(variants.map((v) => auditEntryLeafHash(v).toString('hex')));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(base)).toBe(false);
  });

  it('encodes non-ASCII text as UTF-8 in the leaf', () => {
    const data = auditEntryLeafData({ ...entry, actor: 'Zoë' });
    expect(data.includes(Buffer.from([0x5a, 0x6f, 0xc3, 0xab]))).toBe(true);
  });

  it('hashes a payload with its salt, independent of member order', () => {
    const a = hashPayload(sealPayload({ decisionId: 'd-1', outcome: 'approved', attributes: { sex: 'F' } }, '00'.repeat(16)));
    const b = hashPayload(sealPayload({ attributes: { sex: 'F' }, outcome: 'approved', decisionId: 'd-1' }, '00'.repeat(16)));
    expect(a).toBe(b);
    const canonical = `{"payload":{"attributes":{"sex":"F"},"decisionId":"d-1","outcome":"approved"},"salt":"${'00'.repeat(16)}"}`;
    expect(a).toBe(`sha256:${createHash('sha256').update(canonical).digest('hex')}`);
  });

  it('salts payloads randomly, so a low-entropy payload cannot be confirmed by guessing', () => {
    const first = sealPayload({ outcome: 'approved' });
    const second = sealPayload({ outcome: 'approved' });
    expect(first.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(first.salt).not.toBe(second.salt);
    expect(hashPayload(first)).not.toBe(hashPayload(second));
    expect(hashPayload(first)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('names what is wrong with a malformed entry', () => {
    expect(auditEntryProblem(entry)).toBeUndefined();
    expect(auditEntryProblem(null)).toBe('is not an object');
    expect(auditEntryProblem([entry])).toBe('is not an object');
    expect(auditEntryProblem({ ...entry, note: 'x' })).toBe('has unexpected field(s) note');
    expect(auditEntryProblem({ ...entry, seq: -1 })).toMatch(/^seq/);
    expect(auditEntryProblem({ ...entry, seq: '7' })).toMatch(/^seq/);
    expect(auditEntryProblem({ ...entry, seq: 1.5 })).toMatch(/^seq/);
    expect(auditEntryProblem({ ...entry, at: '2025-03-01T09:30:00Z' })).toMatch(/^at/);
    expect(auditEntryProblem({ ...entry, at: '2025-02-30T09:30:00.000Z' })).toMatch(/^at/);
    expect(auditEntryProblem({ ...entry, actor: '' })).toMatch(/^actor/);
    expect(auditEntryProblem({ ...entry, action: 3 })).toMatch(/^action/);
    const { subject: _subject, ...withoutSubject } = entry;
    expect(auditEntryProblem(withoutSubject)).toMatch(/^subject/);
    expect(auditEntryProblem({ ...entry, payloadHash: 'ab'.repeat(32) })).toMatch(/^payloadHash/);
    expect(auditEntryProblem({ ...entry, payloadHash: `sha256:${'AB'.repeat(32)}` })).toMatch(/^payloadHash/);
    expect(() => createAuditEntry({ ...entry, actor: '' })).toThrow(TypeError);
    expect(Object.isFrozen(createAuditEntry(entry))).toBe(true);
  });

  describe('v2 entries (project and actor name)', () => {
    const v2: AuditEntry = { ...entry, v: 2, actor: 'user:0b7c6f1e-0000-4000-8000-000000000001', actorName: 'Zoë Ng', projectId: '9dd61848-0a63-42c1-b9f1-03bca54d7eac' };

    it('hashes the nine fields as canonical JSON, keys sorted', () => {
      const expected =
        '{"action":"alias.moved","actor":"user:0b7c6f1e-0000-4000-8000-000000000001","actorName":"Zoë Ng","at":"2025-03-01T09:30:00.000Z",' +
        `"payloadHash":"${PAYLOAD_HASH}","projectId":"9dd61848-0a63-42c1-b9f1-03bca54d7eac","seq":7,"subject":"model:churn/production","v":2}`;
      expect(auditEntryCanonicalJson(v2)).toBe(expected);
      const independent = createHash('sha256').update(Buffer.from([0x00])).update(expected, 'utf8').digest('hex');
      expect(auditEntryLeafHash(v2).toString('hex')).toBe(independent);
    });

    it('commits to the project and the actor name: changing either changes the leaf', () => {
      const base = auditEntryLeafHash(v2).toString('hex');
      for (const variant of [{ ...v2, projectId: null }, { ...v2, projectId: 'another' }, { ...v2, actorName: null }, { ...v2, actorName: 'Zoe Ng' }]) {
        expect(auditEntryLeafHash(variant).toString('hex')).not.toBe(base);
      }
      // An instance-level action with no name is still a v2 leaf, distinct from the v1 leaf of the same six fields.
      expect(auditEntryCanonicalJson({ ...entry, v: 2, actorName: null, projectId: null })).toContain('"projectId":null');
      expect(auditEntryLeafHash({ ...entry, v: 2, actorName: null, projectId: null }).toString('hex')).not.toBe(auditEntryLeafHash(entry).toString('hex'));
    });

    it('leaves v1 leaves exactly as they were (stray v2 fields without v are not hashed)', () => {
      const stray = { ...entry, actorName: 'x', projectId: 'p' } as AuditEntry;
      expect(auditEntryLeafHash(stray).toString('hex')).toBe(auditEntryLeafHash(entry).toString('hex'));
      expect(Object.keys(createAuditEntry(stray)).sort()).toEqual(['action', 'actor', 'at', 'payloadHash', 'seq', 'subject']);
    });

    it('is validated strictly', () => {
      expect(auditEntryProblem(v2)).toBeUndefined();
      expect(auditEntryProblem({ ...v2, actorName: null, projectId: null })).toBeUndefined();
      expect(Object.keys(createAuditEntry(v2)).sort()).toEqual(['action', 'actor', 'actorName', 'at', 'payloadHash', 'projectId', 'seq', 'subject', 'v']);
      expect(auditEntryProblem({ ...v2, v: 3 })).toMatch(/^v is not 2/);
      expect(auditEntryProblem({ ...v2, v: 1 })).toMatch(/^v is not 2/);
      const { projectId: _projectId, ...withoutProject } = v2;
      expect(auditEntryProblem(withoutProject)).toMatch(/^projectId is missing/);
      expect(auditEntryProblem({ ...v2, actorName: '' })).toMatch(/^actorName/);
      expect(auditEntryProblem({ ...v2, projectId: 7 })).toMatch(/^projectId/);
      expect(auditEntryProblem({ ...v2, note: 'x' })).toBe('has unexpected field(s) note');
      // v1 entries may not carry the v2 fields.
      expect(auditEntryProblem({ ...entry, projectId: null })).toBe('has unexpected field(s) projectId');
    });
  });

  it('accepts timestamps only in toISOString form', () => {
    expect(isIsoTimestamp(new Date(0).toISOString())).toBe(true);
    expect(isIsoTimestamp('2025-03-01T09:30:00.000Z')).toBe(true);
    expect(isIsoTimestamp('2025-03-01T09:30:00.000+00:00')).toBe(false);
    expect(isIsoTimestamp('2025-03-01')).toBe(false);
    expect(isIsoTimestamp(1_700_000_000_000)).toBe(false);
  });
});
