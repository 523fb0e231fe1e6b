import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AuditProofReply, type AuditTrailEntryDto, RPC } from '@fulcrum/contracts';
import {
  type AuditExport,
  type JsonValue,
  auditEntryLeafHash,
  createAuditEntry,
  hashFromHex,
  hashPayload,
  hashToHex,
  publicKeyFingerprint,
  verifyAuditExport,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
} from '@fulcrum/audit-log';
import { type DatabaseKind, type TempDir, databaseKinds, makeTempDir } from '@fulcrum/testing';
import { type AuditAction, AuditTrailPort } from '../src/audit-trail/audit-trail.port';
import { type GovernanceTestEnv, allPages, newProjectId, startGovernanceTestEnv } from './governance.test-helpers';

const PROJECT = newProjectId();

/** The CLI as `npm run build` leaves it (npm test builds before running the tiers). */
const CLI = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');

function hex(value: string): Uint8Array {
  const bytes = hashFromHex(value);
  if (!bytes) throw new Error(`not a hash: ${value}`);
  return bytes;
}

/**
 * Checks a proof reply the way an outside verifier would: leaf from the entry (its hashed fields:
 * six for v 1, nine for v 2), path to the signed root, signature.
 */
function proofVerifies(reply: AuditProofReply, publicKeyPem: string): boolean {
  const { keyId: _keyId, ...head } = reply.treeHead;
  const leaf = auditEntryLeafHash(createAuditEntry(reply.entry));
  return (
    verifyTreeHead(head, publicKeyPem) &&
    hashToHex(leaf) === reply.inclusion.leafHash &&
    verifyInclusion(leaf, reply.inclusion.leafIndex, reply.inclusion.treeSize, reply.inclusion.path.map(hex), hex(head.rootHash))
  );
}

describe.each(databaseKinds())('audit trail on %s (real nats-server)', (kind: DatabaseKind) => {
  let env: GovernanceTestEnv;
  let dir: TempDir;
  let publicKeyPem: string;

  const port = () => env.governance.app.get(AuditTrailPort, { strict: false });
  const append = (actions: AuditAction[]) => env.dataSource().transaction((em) => port().append(em, actions));
  const action = (name: string, payload: Record<string, unknown> = { name }): AuditAction => ({
    actor: 'user:0b7c6f1e-0000-4000-8000-0000000000a1',
    actorName: 'Ana Analyst',
    projectId: PROJECT,
    action: `test.${name}`,
    subject: `thing:${name}`,
    payload,
  });
  const proof = (seq: number, extra: { treeSize?: number; fromTreeSize?: number } = {}) =>
    env.rpc.request(RPC.governanceAuditProofGet, { projectId: PROJECT, seq, ...extra });
  /** The current tree size, from the signed head of a proof. */
  const treeSize = async () => (await proof(0)).treeHead.treeSize;

  function allEntries(pageSize = 3): Promise<AuditTrailEntryDto[]> {
    return allPages((after) => env.rpc.request(RPC.governanceAuditTrailList, { projectId: PROJECT, first: pageSize, ...(after && { after }) }));
  }

  function cli(path: string): { status: number | null; stdout: string } {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
    const result = spawnSync(process.execPath, [CLI, 'audit', 'verify', path], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout };
  }

  async function exportTrail(): Promise<AuditExport> {
    return (await env.rpc.request(RPC.governanceAuditTrailExport, {})).export as unknown as AuditExport;
  }

  beforeAll(async () => {
    env = await startGovernanceTestEnv(kind);
    dir = makeTempDir('fulcrum-audit-export-');
    publicKeyPem = (await env.rpc.request(RPC.governanceAuditPublicKeyGet, {})).publicKeyPem;
  });

  afterAll(async () => {
    await env?.stop();
    dir?.remove();
  });

  it("appends in the caller's transaction with contiguous seqs, and leaves nothing behind on rollback", async () => {
    const first = await append([action('a'), action('b'), action('c', { when: new Date('2025-03-01T00:00:00Z'), skipped: undefined })]);
    expect(first.map((e) => e.seq)).toEqual([0, 1, 2]);
    // Catch the cache up before the rollback, so a stale cache would show afterwards.
    expect(proofVerifies(await proof(2), publicKeyPem)).toBe(true);

    await expect(
      env.dataSource().transaction(async (em) => {
        await port().append(em, [action('rolled-back')]);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const next = await append([action('d')]);
    expect(next.map((e) => e.seq)).toEqual([3]);

    const entries = await allEntries();
    expect(entries.map((e) => [e.seq, e.action])).toEqual([
      [0, 'test.a'],
      [1, 'test.b'],
      [2, 'test.c'],
      [3, 'test.d'],
    ]);
    // v2 entries: the leaf commits to the project and the actor's name too.
    for (const e of entries) expect(e).toMatchObject({ v: 2, projectId: PROJECT, actor: 'user:0b7c6f1e-0000-4000-8000-0000000000a1', actorName: 'Ana Analyst' });
    // Payloads are stored as JSON (undefined dropped, Date as its ISO string) and re-hash with their salt.
    expect(entries[2].payload).toEqual({ when: '2025-03-01T00:00:00.000Z' });
    const salts: Array<{ seq: string; payload_salt: string }> = await env.dataSource().query('SELECT seq, payload_salt FROM audit_entries ORDER BY seq');
    for (const e of entries) {
      const salt = salts[e.seq].payload_salt;
      expect(hashPayload({ payload: e.payload as JsonValue, salt })).toBe(e.payloadHash);
      expect(hashToHex(auditEntryLeafHash(createAuditEntry(e)))).toBe(e.leafHash);
    }
    expect([...first, ...next].map((e) => e.leafHash)).toEqual(entries.map((e) => e.leafHash));
  });

  it("pages the project's trail by seq with cursors", async () => {
    await append([action('e'), action('f'), action('g')]);
    const list = (first: number, after?: string) => env.rpc.request(RPC.governanceAuditTrailList, { projectId: PROJECT, first, ...(after && { after }) });
    const page1 = await list(2);
    expect(page1).toMatchObject({ totalCount: 7, hasNextPage: true });
    expect(page1.edges.map((e) => e.node.seq)).toEqual([0, 1]);
    const page2 = await list(5, page1.edges[1].cursor);
    expect(page2).toMatchObject({ totalCount: 7, hasNextPage: false });
    expect(page2.edges.map((e) => e.node.seq)).toEqual([2, 3, 4, 5, 6]);
    // Every page size walks the whole list exactly once, in order.
    for (const size of [1, 2, 3, 7, 100]) expect((await allEntries(size)).map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await expect(list(1_001)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(list(1, 'not-a-cursor')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'after' } });
    // Another project has none of these entries.
    expect(await env.rpc.request(RPC.governanceAuditTrailList, { projectId: newProjectId() })).toEqual({ edges: [], totalCount: 0, hasNextPage: false });
  });

  it('proves every entry against a signed head, and that later heads extend earlier ones', async () => {
    const { keyId } = await env.rpc.request(RPC.governanceAuditPublicKeyGet, {});
    expect(keyId).toBe(publicKeyFingerprint(publicKeyPem));
    const size = await treeSize();
    for (let seq = 0; seq < size; seq++) {
      const reply = await proof(seq);
      expect(reply.treeHead).toMatchObject({ treeSize: size, keyId });
      expect(reply.inclusion).toMatchObject({ leafIndex: seq, treeSize: size });
      expect(reply.consistency).toBeNull();
      expect(proofVerifies(reply, publicKeyPem)).toBe(true);
      // The check can fail: another entry's leaf is not at this position.
      const other = await proof((seq + 1) % size);
      expect(verifyInclusion(hex(other.inclusion.leafHash), seq, size, reply.inclusion.path.map(hex), hex(reply.treeHead.rootHash))).toBe(false);
    }

    const old = await proof(1, { treeSize: 3 });
    expect(proofVerifies(old, publicKeyPem)).toBe(true);
    expect(old.treeHead.treeSize).toBe(3);
    const latest = await proof(1, { fromTreeSize: 3 });
    expect(latest.consistency).toMatchObject({ fromSize: 3, toSize: size });
    const path = latest.consistency?.path.map(hex) ?? [];
    expect(verifyConsistency(3, size, hex(old.treeHead.rootHash), hex(latest.treeHead.rootHash), path)).toBe(true);
    expect(verifyConsistency(3, size, hex(latest.treeHead.rootHash), hex(latest.treeHead.rootHash), path)).toBe(false);
    // One signed head per size: asking again returns the same head, not a fresh signature.
    expect((await proof(0, { treeSize: 3 })).treeHead).toEqual(old.treeHead);

    const fromPort = await port().proof(2, 3);
    expect(fromPort.treeHead).toEqual(old.treeHead);
    expect(proofVerifies(fromPort, publicKeyPem)).toBe(true);
  });

  it('refuses proofs it cannot give, with codes', async () => {
    const size = await treeSize();
    await expect(proof(size)).rejects.toMatchObject({ code: 'AUDIT_ENTRY_NOT_FOUND', details: { seq: size } });
    await expect(proof(0, { treeSize: size + 1 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'treeSize' },
    });
    await expect(proof(3, { treeSize: 3 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'seq' } });
    await expect(proof(0, { treeSize: 2, fromTreeSize: 3 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'fromTreeSize' },
    });
    await expect(proof(-1)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(port().proof(size + 5)).rejects.toMatchObject({ code: 'AUDIT_ENTRY_NOT_FOUND' });
  });

  it('exports a trail that verifies with the library and the CLI, then records the export', async () => {
    const size = await treeSize();
    const exported = await exportTrail();
    expect(verifyAuditExport(exported, { trustedPublicKeyPem: publicKeyPem })).toMatchObject({ ok: true, treeSize: size });
    expect(exported.entries).toHaveLength(size);
    // The largest head handed out before (the proofs above signed one for `size`, not below it: 3).
    expect(exported.previousTreeHead?.treeSize).toBe(3);

    // The export is an instance-level action: on the tree, not in any project's list.
    expect((await allEntries(1_000)).map((e) => e.seq)).not.toContain(size);
    await expect(proof(size)).rejects.toMatchObject({ code: 'AUDIT_ENTRY_NOT_FOUND' });

    const file = join(dir.path, 'export.json');
    writeFileSync(file, JSON.stringify(exported, null, 2));
    const ok = cli(file);
    expect(ok.stdout).toContain(`OK: ${size} entries, root ${exported.treeHead.rootHash}`);
    expect(ok.status).toBe(0);

    const tampered = JSON.parse(JSON.stringify(exported)) as { entries: Array<{ entry: { actor: string } }> };
    tampered.entries[1].entry.actor = 'user:mallory';
    const bad = join(dir.path, 'tampered.json');
    writeFileSync(bad, JSON.stringify(tampered));
    const refused = cli(bad);
    expect(refused.stdout).toContain('TAMPERED: LEAF_HASH_MISMATCH at entry 1');
    expect(refused.status).toBe(1);

    // The next export covers the first one's entry and proves it extends the head handed out then.
    const second = await exportTrail();
    expect(second.treeHead.treeSize).toBe(size + 1);
    expect(second.entries[size].entry).toEqual({
      v: 2,
      seq: size,
      at: expect.any(String),
      actor: 'service:test',
      actorName: null,
      projectId: null,
      action: 'audit-trail.exported',
      subject: 'audit-trail',
      payloadHash: expect.stringMatching(/^sha256:/),
    });
    expect(verifyAuditExport(second, { trustedPublicKeyPem: publicKeyPem, previousHead: exported.treeHead })).toMatchObject({ ok: true });
    expect(second.previousTreeHead).toEqual(exported.treeHead);
  });

  it('erases payloads and keeps every proof and export verifying', async () => {
    const [target, kept] = await append([action('personal', { email: 'ana@example.com' }), action('kept')]);
    const before = await proof(target.seq);
    await env.dataSource().transaction((em) => port().erasePayloads(em, [target.seq, target.seq]));

    const after = await proof(target.seq);
    expect(after.entry).toEqual({ ...before.entry, payload: null, erased: true });
    expect(after.inclusion.leafHash).toBe(before.inclusion.leafHash);
    expect(proofVerifies(after, publicKeyPem)).toBe(true);
    const [row] = await env.dataSource().query('SELECT payload, payload_salt, erased_at FROM audit_entries WHERE seq = $1', [target.seq]);
    expect(row).toMatchObject({ payload: null, payload_salt: null, erased_at: expect.any(Date) });

    const exported = await exportTrail();
    expect(verifyAuditExport(exported, { trustedPublicKeyPem: publicKeyPem })).toMatchObject({ ok: true });
    const file = join(dir.path, 'erased.json');
    writeFileSync(file, JSON.stringify(exported));
    expect(cli(file).status).toBe(0);

    // An unknown seq fails the whole erasure (the caller's transaction rolls back).
    await expect(env.dataSource().transaction((em) => port().erasePayloads(em, [kept.seq, 1_000_000]))).rejects.toMatchObject({
      code: 'AUDIT_ENTRY_NOT_FOUND',
      details: { seqs: [1_000_000] },
    });
    expect((await proof(kept.seq)).entry).toMatchObject({ erased: false, payload: { name: 'kept' } });

    // The table itself refuses anything but erasure.
    await expect(env.dataSource().query(`UPDATE audit_entries SET actor = 'user:mallory' WHERE seq = 0`)).rejects.toThrow(/append-only/);
    await expect(env.dataSource().query(`UPDATE audit_entries SET payload = '{}' WHERE seq = $1`, [target.seq])).rejects.toThrow(/append-only/);
    await expect(env.dataSource().query('DELETE FROM audit_entries WHERE seq = 0')).rejects.toThrow(/append-only/);
    // A v2 entry's project is in its leaf: it can be neither moved nor dropped (only v1 entries are adopted).
    await expect(env.dataSource().query(`UPDATE audit_entries SET project_id = $1 WHERE seq = 0`, [newProjectId()])).rejects.toThrow(/append-only/);
    await expect(env.dataSource().query(`UPDATE audit_entries SET project_id = NULL WHERE seq = 0`)).rejects.toThrow(/append-only/);
    await expect(env.dataSource().query(`UPDATE audit_entries SET actor_name = 'Mallory' WHERE seq = 0`)).rejects.toThrow(/append-only/);
  });
});
