import { setTimeout as sleep } from 'node:timers/promises';
import { type AuditTrailEntryDto, RPC, type TrackingPlanDocumentDto } from '@fulcrum/contracts';
import { runWithEnvelope } from '@fulcrum/messaging';
import { type BuiltServiceProcess, type TempDir, makeTempDir, startBuiltService, testEnvelope } from '@fulcrum/testing';
import { documentDigest } from '../src/tracking-plan/tracking-plan-audit.message';
import { type IngestStack, startIngestStack } from './support/ingest.harness';

const DANA = { actorId: 'user:6f1c1a52-9b8f-4e55-9a37-444444444444', actorName: 'Dana Data' };

const plan = (...names: string[]): TrackingPlanDocumentDto => ({
  events: names.map((name) => ({ name, description: '', owner: null, status: 'LIVE', schemaVer: '1-0-0', properties: { type: 'object' }, pii: [], instrumentationItemIds: [] })),
  traits: null,
});

/**
 * Plan publishes and mode changes reach the project's audit trail (issue 12, section 5): ingest in
 * process, the real governance service from the build as its own process (apps meet over NATS
 * only; `npm test` builds first, a direct run needs `node infra/scripts/build.mjs`).
 */
describe('the tracking plan on the audit trail (real nats-server, ingest and governance)', () => {
  let stack: IngestStack;
  let dir: TempDir;
  let governance: BuiltServiceProcess | undefined;

  beforeAll(async () => {
    stack = await startIngestStack('pglite');
    await stack.startIngest({ databaseUrl: undefined });
    dir = makeTempDir('fulcrum-plan-audit-');
    governance = await startBuiltService('governance', {
      env: { NATS_URL: stack.nats.url, FULCRUM_DATA_DIR: dir.path },
      ready: async () => {
        await stack.rpc.request(RPC.governanceAuditPublicKeyGet, {}, { timeoutMs: 1_000 });
        return true;
      },
    });
  });

  afterAll(async () => {
    await governance?.stop();
    await stack?.close();
    dir?.remove();
  });

  it('files each publish and mode change under the project, with who made it and the digest of the document', async () => {
    const projectId = (await stack.rpc.request(RPC.ingestProjectsCreate, { name: 'Audited' })).project.id;
    const first = plan('Signed Up');
    const second = plan('Signed Up', 'Order Completed');
    await runWithEnvelope(testEnvelope(DANA), async () => {
      await stack.rpc.request(RPC.ingestTrackingPlanPublish, { projectId, basedOnVersion: null, document: first, note: 'first' });
      await stack.rpc.request(RPC.ingestTrackingPlanModeSet, { projectId, mode: 'REPORT' });
      await stack.rpc.request(RPC.ingestTrackingPlanPublish, { projectId, basedOnVersion: 1, document: second });
    });
    const entries = await trailOf(projectId, 3);
    expect(entries.map((e) => [e.action, e.subject, e.actor, e.actorName, e.projectId])).toEqual([
      ['tracking-plan.published', `tracking-plan:${projectId}`, DANA.actorId, DANA.actorName, projectId],
      ['tracking-plan.mode-changed', `tracking-plan:${projectId}`, DANA.actorId, DANA.actorName, projectId],
      ['tracking-plan.published', `tracking-plan:${projectId}`, DANA.actorId, DANA.actorName, projectId],
    ]);
    const payloads = entries.map((e) => (e.payload as { payload: Record<string, unknown> }).payload);
    expect(payloads).toEqual([
      { projectId, version: 1, basedOnVersion: null, note: 'first', documentSha256: documentDigest(first), events: 1, changes: [{ event: 'Signed Up', from: null, to: '1-0-0', kind: 'NEW' }] },
      { projectId, from: 'OFF', to: 'REPORT' },
      { projectId, version: 2, basedOnVersion: 1, note: null, documentSha256: documentDigest(second), events: 2, changes: [{ event: 'Order Completed', from: null, to: '1-0-0', kind: 'NEW' }] },
    ]);
    // The digest on the trail is the stored version's.
    const stored = await stack.rpc.request(RPC.ingestTrackingPlanGet, { projectId, version: 2 });
    expect(documentDigest(stored.plan?.document as TrackingPlanDocumentDto)).toBe(payloads[2]?.['documentSha256']);
  });

  async function trailOf(projectId: string, count: number): Promise<AuditTrailEntryDto[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const page = await stack.rpc.request(RPC.governanceAuditTrailList, { projectId, first: 100 });
      const entries = page.edges.map((e) => e.node).filter((e) => e.action.startsWith('tracking-plan.'));
      if (entries.length >= count || Date.now() > deadline) return entries;
      await sleep(100);
    }
  }
});
