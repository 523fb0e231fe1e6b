import fc from 'fast-check';
import { auditEntryLeafHash, createAuditEntry, hashPayload, sealPayload, type AuditEntry, type PayloadEnvelope } from './audit-entry';
import { AUDIT_EXPORT_FORMAT, buildAuditExport, type AuditExport } from './audit-export';
import { verifyAuditExport, type AuditExportVerification } from './audit-export.verifier';
import { hashToHex } from './merkle-hash';
import { MerkleLog } from './merkle-tree';
import { TreeHeadSigner, type SignedTreeHead } from './tree-head.signer';

// A governance log as the service will keep it: entries appended in order, payloads off-log.
const ACTIONS = ['model.registered', 'model-version.registered', 'alias.moved', 'decisions.recorded', 'audit.completed'];
const START = Date.UTC(2025, 2, 1, 9, 0, 0);

interface Trail {
  log: MerkleLog;
  entries: AuditEntry[];
  payloads: Map<number, PayloadEnvelope>;
  signer: TreeHeadSigner;
}

function newTrail(signer: TreeHeadSigner = TreeHeadSigner.generate()): Trail {
  return { log: new MerkleLog(), entries: [], payloads: new Map(), signer };
}

function append(trail: Trail, count: number, variant = ''): Trail {
  for (let k = 0; k < count; k++) {
    const seq = trail.entries.length;
    const payload = sealPayload({ decisionId: `d-${seq}${variant}`, outcome: seq % 3 === 0 ? 'declined' : 'approved', attributes: { sex: seq % 2 ? 'F' : 'M' } });
    const entry = createAuditEntry({
      seq,
      at: new Date(START + seq * 60_000).toISOString(),
      actor: `user:${seq % 4}`,
      action: ACTIONS[seq % ACTIONS.length] as string,
      subject: `model-version:churn@${1 + Math.floor(seq / 5)}`,
      payloadHash: hashPayload(payload),
    });
    trail.entries.push(entry);
    trail.payloads.set(seq, payload);
    trail.log.append(auditEntryLeafHash(entry));
  }
  return trail;
}

function headAt(trail: Trail, size: number): SignedTreeHead {
  return trail.signer.signRoot(size, trail.log.root(size), new Date(START + 86_400_000 + size * 1000));
}

function exportAt(trail: Trail, size = trail.entries.length, previousSize?: number): AuditExport {
  return buildAuditExport({
    entries: trail.entries.slice(0, size),
    log: trail.log,
    treeHead: headAt(trail, size),
    publicKeyPem: trail.signer.exportPublicKey(),
    ...(previousSize === undefined ? {} : { previousTreeHead: headAt(trail, previousSize) }),
  });
}

// A mutable, JSON-shaped copy to tamper with (what an attacker edits is the exported file).
interface MutableEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  payloadHash: string;
}
interface MutableRecord {
  entry: MutableEntry;
  leafHash: string;
}
interface MutableHead {
  treeSize: number;
  timestamp: string;
  rootHash: string;
  signature: string;
}
interface MutableExport {
  format: string;
  entries: MutableRecord[];
  treeHead: MutableHead;
  publicKeyPem: string;
  previousTreeHead?: MutableHead;
  consistencyProof?: string[];
}
const clone = (exp: AuditExport): MutableExport => JSON.parse(JSON.stringify(exp)) as MutableExport;
const leafHex = (entry: MutableEntry): string => hashToHex(auditEntryLeafHash(entry));
const at = (exp: MutableExport, i: number): MutableRecord => exp.entries[i] as MutableRecord;

/** Replaces the character at `position` of a string with another one. */
const changeChar = (text: string, position: number, replacement = 'X'): string => {
  const char = text[position] === replacement ? 'Y' : replacement;
  return `${text.slice(0, position)}${char}${text.slice(position + 1)}`;
};

const failure = (result: AuditExportVerification): { code: string; firstBadIndex?: number } => {
  if (result.ok) throw new Error('expected the verification to fail');
  return result.firstBadIndex === undefined ? { code: result.code } : { code: result.code, firstBadIndex: result.firstBadIndex };
};

describe('verifyAuditExport', () => {
  const trail = append(newTrail(), 12);
  const good = exportAt(trail);

  describe('an untampered export', () => {
    it('verifies, returning the signed size and root', () => {
      expect(verifyAuditExport(good)).toEqual({ ok: true, treeSize: 12, rootHash: trail.log.root().toString('hex') });
    });

    it('verifies after a round trip through a JSON file', () => {
      expect(verifyAuditExport(JSON.parse(JSON.stringify(good)))).toMatchObject({ ok: true, treeSize: 12 });
    });

    it('verifies against the pinned public key and an earlier head', () => {
      const earlier = headAt(trail, 5);
      expect(verifyAuditExport(good, { trustedPublicKeyPem: trail.signer.exportPublicKey(), previousHead: earlier })).toMatchObject({ ok: true });
      expect(verifyAuditExport(exportAt(trail, 12, 5), { previousHead: headAt(trail, 7) })).toMatchObject({ ok: true });
      expect(verifyAuditExport(exportAt(trail, 12, 12))).toMatchObject({ ok: true });
      expect(verifyAuditExport(exportAt(trail, 12, 0))).toMatchObject({ ok: true });
    });

    it('verifies the empty log and a one-entry log', () => {
      expect(verifyAuditExport(exportAt(trail, 0))).toEqual({ ok: true, treeSize: 0, rootHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
      expect(verifyAuditExport(exportAt(trail, 1))).toMatchObject({ ok: true, treeSize: 1 });
    });

    it('stays verifiable after a payload is erased, because only its salted hash is in the log', () => {
      const erasedSeq = 4;
      const rootBefore = trail.log.root().toString('hex');
      const payloads = new Map(trail.payloads);
      payloads.delete(erasedSeq); // GDPR erasure: payload and salt are gone
      expect(verifyAuditExport(exportAt(trail))).toMatchObject({ ok: true, rootHash: rootBefore });
      // Remaining payloads still prove themselves against their entries; the erased one cannot.
      for (const [seq, envelope] of payloads) expect(hashPayload(envelope)).toBe(trail.entries[seq]?.payloadHash);
      expect(payloads.has(erasedSeq)).toBe(false);
    });
  });

  describe('tampering with entries', () => {
    it.each(['actor', 'action', 'subject'] as const)('names the entry whose %s lost or changed a byte', (field) => {
      const exp = clone(good);
      at(exp, 6).entry[field] = changeChar(at(exp, 6).entry[field], 2);
      expect(failure(verifyAuditExport(exp))).toEqual({ code: 'LEAF_HASH_MISMATCH', firstBadIndex: 6 });
    });

    it('names the entry whose timestamp or payload hash changed', () => {
      const exp = clone(good);
      at(exp, 3).entry.at = '2025-03-01T09:03:00.001Z';
      expect(failure(verifyAuditExport(exp))).toEqual({ code: 'LEAF_HASH_MISMATCH', firstBadIndex: 3 });
      const other = clone(good);
      const hash = at(other, 9).entry.payloadHash;
      at(other, 9).entry.payloadHash = `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`;
      const result = verifyAuditExport(other);
      expect(failure(result)).toEqual({ code: 'LEAF_HASH_MISMATCH', firstBadIndex: 9 });
      expect(result.ok ? '' : result.message).toContain('changed after it was logged');
    });

    it('names the first of several changed entries', () => {
      const exp = clone(good);
      at(exp, 8).entry.actor = 'user:mallory';
      at(exp, 2).entry.actor = 'user:mallory';
      expect(failure(verifyAuditExport(exp))).toEqual({ code: 'LEAF_HASH_MISMATCH', firstBadIndex: 2 });
    });

    it('finds a changed byte anywhere in the entry text of the exported file (property)', () => {
      const text = JSON.stringify(good);
      fc.assert(
        fc.property(fc.nat(11), fc.constantFrom('actor', 'action', 'subject'), fc.nat(), fc.constantFrom('Q', 'z', '7', '_', ' '), (index, field, position, char) => {
          const exp = JSON.parse(text) as MutableExport;
          const value = at(exp, index).entry[field];
          at(exp, index).entry[field] = changeChar(value, position % value.length, char);
          expect(failure(verifyAuditExport(exp))).toEqual({ code: 'LEAF_HASH_MISMATCH', firstBadIndex: index });
        }),
      );
    });

    it('names the entry whose recorded leaf hash was changed, and says the entry itself is intact', () => {
      const exp = clone(good);
      at(exp, 5).leafHash = changeChar(at(exp, 5).leafHash, 0, at(exp, 5).leafHash.startsWith('a') ? 'b' : 'a');
      const result = verifyAuditExport(exp);
      expect(failure(result)).toEqual({ code: 'LEAF_HASH_MISMATCH', firstBadIndex: 5 });
      expect(result.ok ? '' : result.message).toContain('recorded leaf hash of entry 5 was changed');
    });

    it('reports a root mismatch when an entry and its recorded hash were changed together', () => {
      const exp = clone(good);
      at(exp, 7).entry.actor = 'user:mallory';
      at(exp, 7).leafHash = leafHex(at(exp, 7).entry);
      expect(failure(verifyAuditExport(exp))).toEqual({ code: 'ROOT_MISMATCH' });
    });
  });

  describe('reordering, insertion, removal', () => {
    it('names the first position of two swapped entries', () => {
      const exp = clone(good);
      [exp.entries[2], exp.entries[7]] = [at(exp, 7), at(exp, 2)];
      const result = verifyAuditExport(exp);
      expect(failure(result)).toEqual({ code: 'SEQUENCE_BROKEN', firstBadIndex: 2 });
      expect(result.ok ? '' : result.message).toContain('entry 2 has seq 7');
    });

    it('names the first swapped entry when the attacker also renumbered them', () => {
      const exp = clone(good);
      [exp.entries[2], exp.entries[7]] = [at(exp, 7), at(exp, 2)];
      at(exp, 2).entry.seq = 2;
      at(exp, 7).entry.seq = 7;
      expect(failure(verifyAuditExport(exp))).toEqual({ code: 'LEAF_HASH_MISMATCH', firstBadIndex: 2 });
      // …and recomputed the recorded hashes: only the root can tell.
      at(exp, 2).leafHash = leafHex(at(exp, 2).entry);
      at(exp, 7).leafHash = leafHex(at(exp, 7).entry);
      expect(failure(verifyAuditExport(exp))).toEqual({ code: 'ROOT_MISMATCH' });
    });

    it('reports a truncated export (last entry dropped)', () => {
      const exp = clone(good);
      exp.entries.pop();
      const result = verifyAuditExport(exp);
      expect(failure(result)).toEqual({ code: 'SIZE_MISMATCH' });
      expect(result.ok ? '' : result.message).toContain('entry 11 is missing');
    });

    it('names the gap when an entry is dropped from the middle or the start', () => {
      const middle = clone(good);
      middle.entries.splice(4, 1);
      expect(failure(verifyAuditExport(middle))).toEqual({ code: 'SEQUENCE_BROKEN', firstBadIndex: 4 });
      const first = clone(good);
      first.entries.shift();
      expect(failure(verifyAuditExport(first))).toEqual({ code: 'SEQUENCE_BROKEN', firstBadIndex: 0 });
    });

    it('names an inserted forged entry that reuses the seq of its position', () => {
      const exp = clone(good);
      const forged: MutableEntry = { ...at(exp, 4).entry, actor: 'user:mallory', action: 'audit.overridden' };
      exp.entries.splice(4, 0, { entry: forged, leafHash: leafHex(forged) });
      const result = verifyAuditExport(exp);
      expect(failure(result)).toEqual({ code: 'SEQUENCE_BROKEN', firstBadIndex: 4 });
      expect(result.ok ? '' : result.message).toContain('entry 4 (seq 4) was inserted');
    });

    it('names an inserted forged entry after the genuine entry with the same seq', () => {
      const exp = clone(good);
      const forged: MutableEntry = { ...at(exp, 4).entry, actor: 'user:mallory' };
      exp.entries.splice(5, 0, { entry: forged, leafHash: leafHex(forged) });
      expect(failure(verifyAuditExport(exp))).toEqual({ code: 'SEQUENCE_BROKEN', firstBadIndex: 5 });
    });

    it('names an inserted forged entry even when the later entries were renumbered', () => {
      const exp = clone(good);
      const forged: MutableEntry = { ...at(exp, 4).entry, actor: 'user:mallory' };
      exp.entries.splice(4, 0, { entry: forged, leafHash: leafHex(forged) });
      exp.entries.forEach((row, i) => (row.entry.seq = i));
      expect(failure(verifyAuditExport(exp))).toEqual({ code: 'SEQUENCE_BROKEN', firstBadIndex: 4 });
      // With every recorded hash recomputed too, the extra entry is caught by the size.
      exp.entries.forEach((row) => (row.leafHash = leafHex(row.entry)));
      expect(failure(verifyAuditExport(exp))).toEqual({ code: 'SIZE_MISMATCH' });
    });

    it('names the first entry appended beyond the signed head', () => {
      const longer = append(newTrail(trail.signer), 13);
      const exp = clone(exportAt(longer, 13));
      exp.treeHead = clone(exportAt(longer, 12)).treeHead;
      expect(failure(verifyAuditExport(exp))).toEqual({ code: 'SIZE_MISMATCH', firstBadIndex: 12 });
    });
  });

  describe('keys and signatures', () => {
    it('rejects an export whose public key was replaced', () => {
      const exp = clone(good);
      exp.publicKeyPem = TreeHeadSigner.generate().exportPublicKey();
      expect(failure(verifyAuditExport(exp))).toEqual({ code: 'SIGNATURE_INVALID' });
    });

    it('rejects an altered signature', () => {
      const exp = clone(good);
      const signature = Buffer.from(exp.treeHead.signature, 'base64');
      signature[0] = (signature[0] as number) ^ 0x80;
      exp.treeHead.signature = signature.toString('base64');
      expect(failure(verifyAuditExport(exp))).toEqual({ code: 'SIGNATURE_INVALID' });
    });

    it('rejects a tree head whose size or root was edited', () => {
      const size = clone(good);
      size.treeHead.treeSize = 11;
      size.entries.pop();
      expect(failure(verifyAuditExport(size))).toEqual({ code: 'SIGNATURE_INVALID' });
      const root = clone(good);
      root.treeHead.rootHash = hashToHex(auditEntryLeafHash(trail.entries[0] as AuditEntry));
      expect(failure(verifyAuditExport(root))).toEqual({ code: 'SIGNATURE_INVALID' });
    });

    it('catches a log rewritten and re-signed with another key only when the key is pinned', () => {
      const forger = newTrail();
      append(forger, 12, '-forged');
      const forged = exportAt(forger);
      expect(verifyAuditExport(forged)).toMatchObject({ ok: true }); // self-consistent…
      const result = verifyAuditExport(forged, { trustedPublicKeyPem: trail.signer.exportPublicKey() });
      expect(failure(result)).toEqual({ code: 'SIGNATURE_INVALID' }); // …but not the log's key
      expect(result.ok ? '' : result.message).toContain('is not the trusted key');
    });
  });

  describe('consistency with an earlier head', () => {
    it('rejects an earlier head from a forked history', () => {
      const fork = newTrail(trail.signer);
      fork.entries.push(...trail.entries.slice(0, 5));
      for (const entry of fork.entries) fork.log.append(auditEntryLeafHash(entry));
      append(fork, 3, '-fork'); // entries 5..7 differ from the real log
      const forkedHead = headAt(fork, 8);
      const result = verifyAuditExport(good, { previousHead: forkedHead });
      expect(failure(result)).toEqual({ code: 'CONSISTENCY_FAILED' });
      expect(result.ok ? '' : result.message).toContain('first 8 entries do not reproduce');
      // A head of the common prefix is fine.
      expect(verifyAuditExport(good, { previousHead: headAt(fork, 5) })).toMatchObject({ ok: true });
    });

    it('rejects an export older than a head the verifier already holds (rollback)', () => {
      const longer = newTrail(trail.signer);
      longer.entries.push(...trail.entries);
      for (const entry of trail.entries) longer.log.append(auditEntryLeafHash(entry));
      append(longer, 3);
      const later = headAt(longer, 15);
      const result = verifyAuditExport(good, { previousHead: later });
      expect(failure(result)).toEqual({ code: 'CONSISTENCY_FAILED' });
      expect(result.ok ? '' : result.message).toContain('truncated or rolled back');
      // Without that head, a genuine older export cannot be told from a truncated one.
      expect(verifyAuditExport(good)).toMatchObject({ ok: true });
    });

    it("rejects the export's own previous head when the proof or head was altered", () => {
      const withProof = exportAt(trail, 12, 5);
      const badProof = clone(withProof);
      badProof.consistencyProof = (badProof.consistencyProof ?? []).map((h, i) => (i === 0 ? changeChar(h, 0, h.startsWith('a') ? 'b' : 'a') : h));
      expect(failure(verifyAuditExport(badProof))).toEqual({ code: 'CONSISTENCY_FAILED' });
      const shortProof = clone(withProof);
      shortProof.consistencyProof = (shortProof.consistencyProof ?? []).slice(1);
      expect(failure(verifyAuditExport(shortProof))).toEqual({ code: 'CONSISTENCY_FAILED' });
      const foreignHead = clone(withProof);
      foreignHead.previousTreeHead = TreeHeadSigner.generate().signRoot(5, trail.log.root(5), new Date(START)) as MutableHead;
      expect(failure(verifyAuditExport(foreignHead))).toEqual({ code: 'SIGNATURE_INVALID' });
    });

    it('rejects an earlier head signed by someone else', () => {
      const foreign = TreeHeadSigner.generate().signRoot(5, trail.log.root(5), new Date(START));
      expect(failure(verifyAuditExport(good, { previousHead: foreign }))).toEqual({ code: 'SIGNATURE_INVALID' });
    });
  });

  describe('malformed exports', () => {
    const malformed = (mutate: (exp: MutableExport) => unknown): { code: string; firstBadIndex?: number } => {
      const exp = clone(good);
      const replaced = mutate(exp);
      return failure(verifyAuditExport(replaced === undefined ? exp : replaced));
    };

    it.each<[string, (exp: MutableExport) => unknown]>([
      ['null', () => null],
      ['an array', (exp) => [exp]],
      ['a string', () => 'export'],
      ['no format', (exp) => ({ ...exp, format: undefined })],
      ['another format', (exp) => ({ ...exp, format: 'fulcrum.audit-export.v2' })],
      ['an unknown top-level field', (exp) => ({ ...exp, note: 'hi' })],
      ['entries not an array', (exp) => ({ ...exp, entries: {} })],
      ['no tree head', (exp) => ({ ...exp, treeHead: undefined })],
      ['a tree head without signature', (exp) => ({ ...exp, treeHead: { ...exp.treeHead, signature: undefined } })],
      ['an uppercase root hash', (exp) => ({ ...exp, treeHead: { ...exp.treeHead, rootHash: exp.treeHead.rootHash.toUpperCase() } })],
      ['a fractional tree size', (exp) => ({ ...exp, treeHead: { ...exp.treeHead, treeSize: 11.5 } })],
      ['a garbage public key', (exp) => ({ ...exp, publicKeyPem: 'hello' })],
      ['a private key instead of the public key', (exp) => ({ ...exp, publicKeyPem: TreeHeadSigner.generate().exportPrivateKeyPem() })],
      ['a previous head without proof', (exp) => ({ ...exp, previousTreeHead: exp.treeHead })],
      ['a proof without previous head', (exp) => ({ ...exp, consistencyProof: [] })],
      ['a proof with a non-hash', (exp) => ({ ...exp, previousTreeHead: exp.treeHead, consistencyProof: ['00'] })],
    ])('rejects %s', (_name, mutate) => {
      expect(malformed(mutate)).toEqual({ code: 'MALFORMED_EXPORT' });
    });

    it.each<[string, (row: MutableRecord) => void]>([
      ['an unknown entry field', (row) => Object.assign(row.entry, { note: 'x' })],
      ['an unknown record field', (row) => Object.assign(row, { proof: [] })],
      ['a string seq', (row) => Object.assign(row.entry, { seq: '3' })],
      ['a negative seq', (row) => Object.assign(row.entry, { seq: -3 })],
      ['a timestamp that is not toISOString output', (row) => (row.entry.at = '2025-03-01 09:03')],
      ['an empty actor', (row) => (row.entry.actor = '')],
      ['a payload hash without algorithm', (row) => (row.entry.payloadHash = row.entry.payloadHash.slice(7))],
      ['a short leaf hash', (row) => (row.leafHash = row.leafHash.slice(2))],
      ['a missing entry', (row) => Object.assign(row, { entry: undefined })],
    ])('rejects %s and names the entry', (_name, mutate) => {
      expect(
        malformed((exp) => {
          mutate(at(exp, 3));
        }),
      ).toEqual({ code: 'MALFORMED_EXPORT', firstBadIndex: 3 });
    });

    it('rejects options it cannot use', () => {
      expect(failure(verifyAuditExport(good, { previousHead: { ...headAt(trail, 3), treeSize: -1 } }))).toEqual({ code: 'MALFORMED_EXPORT' });
      expect(failure(verifyAuditExport(good, { trustedPublicKeyPem: 'nope' }))).toEqual({ code: 'MALFORMED_EXPORT' });
    });

    it('never throws, even on hostile objects', () => {
      const hostile = new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('boom');
          },
        },
      );
      expect(failure(verifyAuditExport(hostile))).toEqual({ code: 'MALFORMED_EXPORT' });
      fc.assert(
        fc.property(fc.anything(), (value) => {
          expect(verifyAuditExport(value).ok).toBe(false);
        }),
      );
    });

    it('rejects every single-byte change to the exported file that still parses (property)', () => {
      const text = JSON.stringify(exportAt(trail, 6, 2));
      const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
      fc.assert(
        fc.property(fc.nat(text.length - 1), printable, (position, char) => {
          fc.pre(text[position] !== char);
          let parsed: unknown;
          try {
            parsed = JSON.parse(changeChar(text, position, char));
          } catch {
            return; // not JSON any more: nothing to verify
          }
          expect(verifyAuditExport(parsed).ok).toBe(false);
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('a log that changed entry format (v1 entries before projects, v2 after)', () => {
    function mixedTrail(): Trail {
      const mixed = append(newTrail(), 5);
      for (let k = 0; k < 4; k++) {
        const seq = mixed.entries.length;
        const payload = sealPayload({ modelId: `m-${seq}` });
        const entry = createAuditEntry({
          v: 2,
          seq,
          at: new Date(START + seq * 60_000).toISOString(),
          actor: `user:0b7c6f1e-0000-4000-8000-00000000000${k}`,
          actorName: k === 3 ? null : `Reviewer ${k}`,
          action: 'model.registered',
          subject: `model:m-${seq}`,
          payloadHash: hashPayload(payload),
          projectId: k === 2 ? null : '9dd61848-0a63-42c1-b9f1-03bca54d7eac',
        });
        mixed.entries.push(entry);
        mixed.payloads.set(seq, payload);
        mixed.log.append(auditEntryLeafHash(entry));
      }
      return mixed;
    }

    it('verifies old and new entries together, and the old head stays a prefix', () => {
      const mixed = mixedTrail();
      const before = headAt(mixed, 5);
      // The entries from before stay six-field leaves: the head signed before v2 existed still verifies.
      expect(mixed.entries.slice(0, 5).every((e) => Object.keys(e).length === 6)).toBe(true);
      expect(verifyAuditExport(JSON.parse(JSON.stringify(exportAt(mixed, 9, 5))), { previousHead: before })).toEqual({
        ok: true,
        treeSize: 9,
        rootHash: hashToHex(mixed.log.root(9)),
      });
    });

    it("catches a v2 entry moved to another project or given another actor's name", () => {
      const mixed = mixedTrail();
      for (const [field, value] of [
        ['projectId', '00000000-0000-4000-8000-000000000000'],
        ['projectId', null],
        ['actorName', 'Someone Else'],
      ] as const) {
        const exp = JSON.parse(JSON.stringify(exportAt(mixed, 9))) as { entries: Array<{ entry: Record<string, unknown> }> };
        exp.entries[6].entry[field] = value;
        expect(verifyAuditExport(exp)).toMatchObject({ ok: false, code: 'LEAF_HASH_MISMATCH', firstBadIndex: 6 });
      }
    });

    it('refuses a v1 entry dressed up with v2 fields, and an unknown version', () => {
      const mixed = mixedTrail();
      const dressed = JSON.parse(JSON.stringify(exportAt(mixed, 9))) as { entries: Array<{ entry: Record<string, unknown> }> };
      dressed.entries[1].entry['projectId'] = '9dd61848-0a63-42c1-b9f1-03bca54d7eac';
      expect(verifyAuditExport(dressed)).toMatchObject({ ok: false, code: 'MALFORMED_EXPORT', firstBadIndex: 1 });
      const future = JSON.parse(JSON.stringify(exportAt(mixed, 9))) as { entries: Array<{ entry: Record<string, unknown> }> };
      future.entries[7].entry['v'] = 3;
      expect(verifyAuditExport(future)).toMatchObject({ ok: false, code: 'MALFORMED_EXPORT', firstBadIndex: 7 });
    });
  });

  describe('buildAuditExport', () => {
    it('records the leaf hashes the log holds and a consistency proof from the previous head', () => {
      const exp = exportAt(trail, 12, 5);
      expect(exp.format).toBe(AUDIT_EXPORT_FORMAT);
      expect(exp.entries.map((row) => row.leafHash)).toEqual(trail.entries.map((entry) => auditEntryLeafHash(entry).toString('hex')));
      expect(exp.consistencyProof).toEqual(trail.log.consistencyProof(5, 12).map((h) => h.toString('hex')));
      expect(exp.previousTreeHead?.treeSize).toBe(5);
    });

    it('refuses a head that does not cover exactly the entries given', () => {
      expect(() =>
        buildAuditExport({ entries: trail.entries.slice(0, 11), log: trail.log, treeHead: headAt(trail, 12), publicKeyPem: trail.signer.exportPublicKey() }),
      ).toThrow(RangeError);
    });
  });
});
