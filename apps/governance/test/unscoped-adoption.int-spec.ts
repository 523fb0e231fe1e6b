import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { type AuditTrailEntryDto, RPC } from '@fulcrum/contracts';
import {
  type AuditExport,
  type JsonValue,
  auditEntryLeafHash,
  canonicalJson,
  createAuditEntry,
  hashFromHex,
  hashPayload,
  hashToHex,
  sealPayload,
  verifyAuditExport,
  verifyInclusion,
} from '@fulcrum/audit-log';
import { buildDataSourceOptions, resolveDatabase } from '@fulcrum/persistence';
import { type DatabaseKind, type TempDir, databaseKinds, makeTempDir } from '@fulcrum/testing';
import { CreateAuditTrail1763800000000 } from '../src/audit-trail/1763800000000-create-audit-trail.migration';
import { CreateAudits1763800003000 } from '../src/audits/1763800003000-create-audits.migration';
import type { GovernanceConfig } from '../src/config/governance.env';
import { CreateDecisions1763800002000 } from '../src/decisions/1763800002000-create-decisions.migration';
import { CreateRegistry1763800001000 } from '../src/registry/1763800001000-create-registry.migration';
import { ACTORS, type GovernanceTestEnv, allPages, as, newProjectId, projectTrail, startGovernanceTestEnv } from './governance.test-helpers';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const sha = (c: string) => `sha256:${c.repeat(64)}`;
const MODEL = '5f0c6e3e-0000-4000-8000-000000000001';
const VERSION = '5f0c6e3e-0000-4000-8000-000000000002';
const MOVE = '5f0c6e3e-0000-4000-8000-000000000003';
const AUDIT = '5f0c6e3e-0000-4000-8000-000000000004';
const AT = '2025-06-01T10:00:00.000Z';

/** The trail of an installation from before projects: v1 entries (six hashed fields), as the old code wrote them. */
const LEGACY_ACTIONS: Array<{ action: string; subject: string; actor: string; payload: Record<string, unknown>; sourceMessageId?: string }> = [
  { action: 'model.registered', subject: `model:${MODEL}`, actor: 'token:1:ana', payload: { id: MODEL, name: 'Legacy scorer' } },
  { action: 'model-version.registered', subject: `model-version:${VERSION}`, actor: 'token:1:ana', payload: { id: VERSION, version: 1 } },
  { action: 'alias.moved', subject: `model:${MODEL}/alias:staging`, actor: 'token:2:ben', payload: { moveId: MOVE } },
  { action: 'decisions.recorded', subject: 'decision-batch:1', actor: 'service:scorer', payload: { decisionIds: ['legacy-1', 'legacy-2'] } },
  { action: 'audit.completed', subject: `audit:${AUDIT}`, actor: 'token:3:cleo', payload: { auditId: AUDIT } },
  { action: 'project.created', subject: 'project:p-0', actor: 'service:ingest', payload: { name: 'P0' }, sourceMessageId: 'src-1' },
  { action: 'audit-trail.exported', subject: 'audit-trail', actor: 'token:9:admin', payload: { treeSize: 6 } },
];

/** Lays down the schema and rows of a governance database from before projects (its first four migrations only). */
async function seedLegacyInstallation(config: GovernanceConfig): Promise<void> {
  const db = await resolveDatabase({ url: config.databaseUrl, embeddedDataDir: config.embeddedDatabaseDir });
  const ds = new DataSource(
    buildDataSourceOptions(db, {
      entities: [],
      migrations: [CreateAuditTrail1763800000000, CreateRegistry1763800001000, CreateDecisions1763800002000, CreateAudits1763800003000],
    }),
  );
  try {
    await ds.initialize();
    await ds.query(`INSERT INTO models VALUES ($1, 'Legacy scorer', 'from before projects', 'risk', 'HIGH', $2, 'token:1:ana', 0)`, [MODEL, AT]);
    await ds.query(
      `INSERT INTO model_versions VALUES ($1, $2, 1, $3, $4, '[]', '["credit"]', 'CONTRACT', NULL, false, NULL, true, 365, $5, 'token:1:ana', 1)`,
      [VERSION, MODEL, sha('a'), JSON.stringify({ name: 'loans', version: '1', contentHash: sha('b'), rows: 1, source: 'old' }), AT],
    );
    await ds.query(`INSERT INTO aliases VALUES ($1, 'staging', $2, $3, 'token:2:ben')`, [MODEL, VERSION, AT]);
    await ds.query(`INSERT INTO alias_moves VALUES ($1, $2, 'staging', NULL, $3, 'token:2:ben', 'first', $4, NULL, 2)`, [MOVE, MODEL, VERSION, AT]);
    for (const id of ['legacy-1', 'legacy-2']) {
      await ds.query(
        `INSERT INTO decisions (decision_id, model_version_id, subject_ref, occurred_at, purpose, outcome, attributes, content_hash, content_salt, recorded_by, audit_seq)
         VALUES ($1, $2, $3, '2025-05-01T00:00:00Z', 'credit', 'approve', '{"sex":"Male"}', $4, 'salt', 'service:scorer', 3)`,
        [id, VERSION, `subj-${id}`, sha('c')],
      );
    }
    await ds.query(`INSERT INTO audits VALUES ($1, $2, '2025-04-01T00:00:00Z', '2025-06-01T00:00:00Z', '{gdpr-art-5-1-b}', 'PASSED', $3, 'token:3:cleo', 4)`, [
      AUDIT,
      VERSION,
      AT,
    ]);
    for (const [seq, a] of LEGACY_ACTIONS.entries()) {
      const envelope = sealPayload(a.payload as JsonValue);
      const entry = createAuditEntry({ seq, at: AT, actor: a.actor, action: a.action, subject: a.subject, payloadHash: hashPayload(envelope) });
      await ds.query(
        `INSERT INTO audit_entries (seq, at, actor, action, subject, payload_hash, leaf_hash, payload, payload_salt, source_message_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [seq, AT, a.actor, a.action, a.subject, entry.payloadHash, hashToHex(auditEntryLeafHash(entry)), canonicalJson(a.payload as JsonValue), envelope.salt, a.sourceMessageId ?? null],
      );
    }
    await ds.query('UPDATE audit_log_state SET next_seq = $1 WHERE id = 1', [LEGACY_ACTIONS.length]);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.stop();
  }
}

/**
 * An installation from before projects, upgraded: its rows have no project and are invisible to
 * every project-scoped read until `governance.projects.adopt-unscoped.v1` assigns them to the
 * first project. Adoption touches only rows without a project, is idempotent, and leaves the trail
 * one tree whose old (v1) and new (v2) entries verify offline together.
 */
describe.each(databaseKinds())('adopting rows from before projects on %s (real nats-server)', (kind: DatabaseKind) => {
  let env: GovernanceTestEnv;
  let dir: TempDir;
  const FIRST = newProjectId();
  const LATER = newProjectId();

  const modelsOf = (projectId: string) => allPages((after) => env.rpc.request(RPC.governanceModelsList, { projectId, ...(after && { after }) }));
  const adopt = (projectId: string) => env.rpc.request(RPC.governanceProjectsAdoptUnscoped, { projectId }, as({ actorId: 'service:gateway', actorName: 'Fulcrum gateway' }));

  beforeAll(async () => {
    env = await startGovernanceTestEnv(kind, {}, seedLegacyInstallation);
    dir = makeTempDir('fulcrum-adoption-');
  });

  afterAll(async () => {
    await env?.stop();
    dir?.remove();
  });

  it('keeps old rows out of every project until adopted, then moves exactly the rows without a project into the first one', async () => {
    // Before: nothing of the old installation is visible in any project.
    expect(await modelsOf(FIRST)).toEqual([]);
    await expect(env.rpc.request(RPC.governanceModelVersionsGet, { projectId: FIRST, versionId: VERSION })).rejects.toMatchObject({ code: 'MODEL_VERSION_NOT_FOUND' });
    await expect(env.rpc.request(RPC.governanceDecisionProvenanceGet, { projectId: FIRST, decisionId: 'legacy-1' })).rejects.toMatchObject({ code: 'DECISION_NOT_FOUND' });
    expect(await projectTrail(env.rpc, FIRST)).toEqual([]);
    // …but their names and decision ids stay reserved, so adoption cannot collide.
    await expect(env.rpc.request(RPC.governanceModelsRegister, { projectId: FIRST, name: 'LEGACY SCORER', description: '', owner: 'o', riskLevel: 'HIGH' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    // A model registered after the upgrade, in a later project: adoption must leave it alone.
    const later = (await env.rpc.request(RPC.governanceModelsRegister, { projectId: LATER, name: 'New model', description: '', owner: 'o', riskLevel: 'HIGH' }, as(ACTORS.ana))).model;

    const reply = await adopt(FIRST);
    expect(reply).toEqual({ projectId: FIRST, adopted: { models: 1, decisions: 2, audits: 1, auditEntries: 5 }, auditSeq: expect.any(Number) });

    expect((await modelsOf(FIRST)).map((m) => [m.id, m.versionCount, m.aliases.map((a) => a.alias)])).toEqual([[MODEL, 1, ['staging']]]);
    expect((await modelsOf(LATER)).map((m) => m.id)).toEqual([later.id]);
    expect((await env.rpc.request(RPC.governanceModelVersionsGet, { projectId: FIRST, versionId: VERSION })).version).toMatchObject({ modelId: MODEL, version: 1 });
    const audits = await env.rpc.request(RPC.governanceAuditsList, { projectId: FIRST });
    expect(audits.edges.map((e) => e.node.id)).toEqual([AUDIT]);

    // The governance entries of the old trail are the first project's now (v1: their leaves are as they were).
    const trail = await projectTrail(env.rpc, FIRST);
    expect(trail.map((e) => [e.seq, e.v, e.action])).toEqual([
      [0, 1, 'model.registered'],
      [1, 1, 'model-version.registered'],
      [2, 1, 'alias.moved'],
      [3, 1, 'decisions.recorded'],
      [4, 1, 'audit.completed'],
      [reply.auditSeq, 2, 'governance.unscoped-adopted'],
    ]);
    expect(trail[0]).toMatchObject({ actor: 'token:1:ana', actorName: null, projectId: FIRST });
    expect(trail[5]).toMatchObject({
      actor: 'service:gateway',
      actorName: 'Fulcrum gateway',
      projectId: FIRST,
      payload: { projectId: FIRST, adopted: reply.adopted },
    });

    // Provenance of an old decision, with a proof of its (v1) batch entry that verifies.
    const p = await env.rpc.request(RPC.governanceDecisionProvenanceGet, { projectId: FIRST, decisionId: 'legacy-1' });
    expect(p).toMatchObject({ model: { id: MODEL }, version: { id: VERSION }, audits: [{ id: AUDIT }], recordedIn: { entry: { seq: 3, v: 1 } } });
    const leaf = auditEntryLeafHash(createAuditEntry(p.recordedIn.entry));
    expect(hashToHex(leaf)).toBe(p.recordedIn.inclusion.leafHash);
    const hex = (h: string) => hashFromHex(h) as Uint8Array;
    expect(verifyInclusion(leaf, 3, p.recordedIn.inclusion.treeSize, p.recordedIn.inclusion.path.map(hex), hex(p.recordedIn.treeHead.rootHash))).toBe(true);
  });

  it('is idempotent: a second call, or a call for another project, adopts and records nothing', async () => {
    const trailBefore: AuditTrailEntryDto[] = await projectTrail(env.rpc, FIRST);
    expect(await adopt(FIRST)).toEqual({ projectId: FIRST, adopted: { models: 0, decisions: 0, audits: 0, auditEntries: 0 }, auditSeq: null });
    expect(await adopt(LATER)).toEqual({ projectId: LATER, adopted: { models: 0, decisions: 0, audits: 0, auditEntries: 0 }, auditSeq: null });
    expect(await projectTrail(env.rpc, FIRST)).toEqual(trailBefore);
    expect((await modelsOf(LATER)).map((m) => m.name)).toEqual(['New model']);
    // The instance-level entries of the old trail (an AUDIT-stream action, an export) stay instance-level.
    const [{ n }] = await env.dataSource().query('SELECT count(*)::int AS n FROM audit_entries WHERE project_id IS NULL AND seq < 7');
    expect(n).toBe(2);
    // An adopted entry's project is set once: the table refuses to move it again.
    await expect(env.dataSource().query('UPDATE audit_entries SET project_id = $1 WHERE seq = 0', [LATER])).rejects.toThrow(/append-only/);
  });

  it('exports one tree whose old and new entries verify offline, with the library and `fulcrum audit verify`', async () => {
    const { publicKeyPem } = await env.rpc.request(RPC.governanceAuditPublicKeyGet, {});
    const exported = (await env.rpc.request(RPC.governanceAuditTrailExport, {})).export as unknown as AuditExport;
    const formats = exported.entries.map((r) => (r.entry.v === 2 ? 2 : 1));
    expect(formats.slice(0, LEGACY_ACTIONS.length)).toEqual(LEGACY_ACTIONS.map(() => 1));
    expect(formats.slice(LEGACY_ACTIONS.length).every((v) => v === 2)).toBe(true);
    expect(exported.entries[0].entry).toEqual({ seq: 0, at: AT, actor: 'token:1:ana', action: 'model.registered', subject: `model:${MODEL}`, payloadHash: expect.any(String) });
    expect(verifyAuditExport(exported, { trustedPublicKeyPem: publicKeyPem })).toMatchObject({ ok: true, treeSize: exported.entries.length });

    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
    const file = join(dir.path, 'mixed.json');
    writeFileSync(file, JSON.stringify(exported));
    const ok = spawnSync(process.execPath, [CLI, 'audit', 'verify', file], { encoding: 'utf8' });
    expect(ok.stdout).toContain(`OK: ${exported.entries.length} entries`);
    expect(ok.status).toBe(0);

    // Moving a new entry to another project is caught offline, at that entry.
    const moved = JSON.parse(JSON.stringify(exported)) as { entries: Array<{ entry: Record<string, unknown> }> };
    const last = moved.entries.length - 1;
    moved.entries[last].entry['projectId'] = LATER;
    writeFileSync(file, JSON.stringify(moved));
    const tampered = spawnSync(process.execPath, [CLI, 'audit', 'verify', file], { encoding: 'utf8' });
    expect(tampered.stdout).toContain(`TAMPERED: LEAF_HASH_MISMATCH at entry ${last}`);
    expect(tampered.status).toBe(1);
  });
});
