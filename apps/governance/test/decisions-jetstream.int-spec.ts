import type { MsgHdrs } from 'nats';
import { type DecisionBatchMessage, type DecisionInputDto, type ModelVersionDto, RPC, SUBJECTS } from '@fulcrum/contracts';
import { envelopeHeaders, serviceEnvelope } from '@fulcrum/messaging';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { bootstrapGovernance } from '../src/governance.bootstrap';
import { ACTORS, type GovernanceTestEnv, as, decisionsDrained, newProjectId, projectTrail, startGovernanceTestEnv } from './governance.test-helpers';

const sha = (c: string) => `sha256:${c.repeat(64)}`;
const MISSING_VERSION = '00000000-0000-4000-8000-000000000000';
const PROJECT = newProjectId();
const OTHER_PROJECT = newProjectId();
/** The publisher's request envelope, as NATS headers. */
const screener = (): MsgHdrs => envelopeHeaders({ ...serviceEnvelope('screener'), actorName: 'CV screener' });

function decision(id: string, patch: Partial<DecisionInputDto> = {}): DecisionInputDto {
  return { decisionId: id, subjectRef: `subj-${id}`, occurredAt: '2025-04-01T12:00:00Z', purpose: 'hiring', outcome: 'advance', score: 0.4, attributes: { sex: 'Female' }, ...patch };
}

describe.each(databaseKinds())('decisions over JetStream on %s (real nats-server)', (kind: DatabaseKind) => {
  let env: GovernanceTestEnv;
  let version: ModelVersionDto;

  const message = (decisions: unknown[], patch: Partial<DecisionBatchMessage> = {}) =>
    JSON.stringify({ v: 2, projectId: PROJECT, modelVersionId: version.id, decisions, ...patch });

  /** Publishes with the screener's envelope headers (or `headers: null` for none). */
  async function publish(payload: string, headers: MsgHdrs | null = screener()): Promise<number> {
    return (await env.nc.jetstream().publish(SUBJECTS.decisionsRecorded, Buffer.from(payload), headers ? { headers } : undefined)).seq;
  }

  /** Until the durable consumer has acknowledged everything published so far. */
  const drained = (): Promise<void> => decisionsDrained(env.nc);

  const countStored = async (prefix: string): Promise<number> =>
    (await env.dataSource().query(`SELECT count(*)::int AS n FROM decisions WHERE decision_id LIKE $1`, [`${prefix}%`]))[0].n;

  const rejectedFor = (seq: number): Promise<Array<Record<string, unknown>>> =>
    env
      .dataSource()
      .query(
        `SELECT row_index, code, reason, decision_id, subject_ref, project_id::text AS project_id, model_version_id, actor, payload
         FROM rejected_decisions WHERE stream_seq = $1 ORDER BY row_index`,
        [seq],
      );

  async function recordingEntries(projectId = PROJECT): Promise<Array<{ decisionIds: string[]; via: string; streamSeq?: number; actor: string; actorName: string | null }>> {
    const entries = await projectTrail(env.rpc, projectId);
    return entries
      .filter((e) => e.action === 'decisions.recorded')
      .map((e) => ({ ...(e.payload as { decisionIds: string[]; via: string; streamSeq?: number }), actor: e.actor, actorName: e.actorName }));
  }

  async function registerVersion(projectId: string, name: string): Promise<ModelVersionDto> {
    const { model } = await env.rpc.request(RPC.governanceModelsRegister, { projectId, name, description: '', owner: 'hr', riskLevel: 'HIGH' });
    return (
      await env.rpc.request(RPC.governanceModelVersionsRegister, {
        projectId,
        modelId: model.id,
        artifactDigest: sha('1'),
        trainingDataset: { name: 'cv', version: '1', contentHash: sha('2'), rows: 1, source: 'test' },
        features: [],
        purposes: ['hiring'],
        legalBasis: 'LEGITIMATE_INTERESTS',
        solelyAutomatedSignificantDecisions: false,
        humanReviewAvailable: true,
        retentionDays: 400,
      })
    ).version;
  }

  beforeAll(async () => {
    env = await startGovernanceTestEnv(kind);
    version = await registerVersion(PROJECT, 'Screener');
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('stores the valid rows once and keeps the invalid ones with their reason, even when the message is published again', async () => {
    const payload = message([decision('js-1'), decision('js-2', { occurredAt: 'tomorrow' }), decision('js-3'), decision('js-1', { outcome: 'reject' })]);
    const seq1 = await publish(payload);
    await drained();
    expect(await countStored('js-')).toBe(2);
    const known = { project_id: PROJECT, model_version_id: version.id, actor: 'service:screener' };
    expect(await rejectedFor(seq1)).toEqual([
      { row_index: 1, code: 'INVALID_FIELD', reason: expect.stringContaining('occurredAt'), decision_id: 'js-2', subject_ref: 'subj-js-2', ...known, payload: JSON.stringify(decision('js-2', { occurredAt: 'tomorrow' })) },
      { row_index: 3, code: 'DECISION_ID_CONFLICT', reason: expect.any(String), decision_id: 'js-1', subject_ref: 'subj-js-1', ...known, payload: expect.any(String) },
    ]);

    // A producer retry (outside the stream's duplicate window, or without a message id) is a new message.
    const seq2 = await publish(payload);
    await drained();
    expect(await countStored('js-')).toBe(2);
    expect((await rejectedFor(seq2)).map((r) => r['row_index'])).toEqual([1, 3]);
    const entries = (await recordingEntries()).filter((e) => e.decisionIds.some((id) => id.startsWith('js-')));
    // Who published is the message's envelope actor, with its name, on the trail entry.
    expect(entries).toEqual([
      expect.objectContaining({ decisionIds: ['js-1', 'js-3'], via: 'jetstream', streamSeq: seq1, actor: 'service:screener', actorName: 'CV screener' }),
    ]);
    const [row] = await env.dataSource().query(`SELECT recorded_by, project_id::text AS project_id FROM decisions WHERE decision_id = 'js-1'`);
    expect(row).toEqual({ recorded_by: 'service:screener', project_id: PROJECT });
  });

  it('keeps whole messages it cannot apply (not JSON, bad envelope, no actor header, unknown or foreign model version), then goes on', async () => {
    const foreign = await registerVersion(OTHER_PROJECT, 'Foreign screener');
    const bad = await publish('{"v":2, oops');
    const envelope = await publish(JSON.stringify({ v: 2, modelVersionId: version.id, decisions: [decision('env-1')] }));
    const noActor = await publish(message([decision('anon-1')]), null);
    const unknown = await publish(message([decision('unk-1')], { modelVersionId: MISSING_VERSION }));
    // A version of another project is answered exactly as an unknown one.
    const elsewhere = await publish(message([decision('unk-2')], { modelVersionId: foreign.id }));
    const good = await publish(message([decision('after-1')]));
    await drained();
    expect(await rejectedFor(bad)).toEqual([expect.objectContaining({ row_index: -1, code: 'INVALID_MESSAGE', reason: expect.stringContaining('not JSON'), payload: '{"v":2, oops' })]);
    expect(await rejectedFor(envelope)).toEqual([
      expect.objectContaining({ row_index: -1, code: 'INVALID_MESSAGE', reason: 'projectId must be a UUID', model_version_id: version.id, actor: 'service:screener' }),
    ]);
    expect(await rejectedFor(noActor)).toEqual([expect.objectContaining({ row_index: -1, code: 'ACTOR_MISSING', project_id: PROJECT, actor: null })]);
    const notFound = (r: Record<string, unknown>) => [r['code'], String(r['reason']).replace(/[0-9a-f-]{36}/g, '<id>'), r['project_id']];
    const [unknownRow] = await rejectedFor(unknown);
    const [elsewhereRow] = await rejectedFor(elsewhere);
    expect(notFound(unknownRow)).toEqual(['MODEL_VERSION_NOT_FOUND', 'No model version <id>', PROJECT]);
    expect(notFound(elsewhereRow)).toEqual(notFound(unknownRow));
    expect(await rejectedFor(good)).toEqual([]);
    for (const prefix of ['env-', 'anon-', 'unk-']) expect(await countStored(prefix)).toBe(0);
    expect(await countStored('after-')).toBe(1);
  });

  it('still applies a v1 message from before projects: under its version\'s project, as the actor it names', async () => {
    const legacy = await publish(JSON.stringify({ v: 1, modelVersionId: version.id, actor: 'service:old-scorer', decisions: [decision('v1-1')] }), null);
    const orphan = await publish(JSON.stringify({ v: 1, modelVersionId: MISSING_VERSION, actor: 'service:old-scorer', decisions: [decision('v1-2')] }), null);
    await drained();
    expect(await countStored('v1-')).toBe(1);
    expect((await recordingEntries()).find((e) => e.decisionIds.includes('v1-1'))).toMatchObject({ streamSeq: legacy, actor: 'service:old-scorer', actorName: null });
    expect(await rejectedFor(orphan)).toEqual([expect.objectContaining({ code: 'MODEL_VERSION_NOT_FOUND', project_id: null, actor: 'service:old-scorer' })]);
  });

  it('catches up after a restart: messages published while down are stored exactly once, re-sent ones are duplicates', async () => {
    await env.governance.close();
    const down1 = await publish(message([decision('down-1'), decision('down-2')]));
    await publish(message([decision('down-2'), decision('down-3')]));
    env.governance = await bootstrapGovernance(env.config);
    await drained();
    expect(await countStored('down-')).toBe(3);
    await publish(message([decision('down-1'), decision('down-2'), decision('down-3')]));
    await drained();
    expect(await countStored('down-')).toBe(3);
    const entries = (await recordingEntries()).filter((e) => e.decisionIds.some((id) => id.startsWith('down-')));
    expect(entries.map((e) => e.decisionIds)).toEqual([['down-1', 'down-2'], ['down-3']]);
    expect(entries[0].streamSeq).toBe(down1);
    // The same decision through RPC afterwards is a duplicate too: both doors share the log.
    expect(await env.rpc.request(RPC.governanceDecisionsRecord, { projectId: PROJECT, modelVersionId: version.id, decisions: [decision('down-3')] })).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
  });

  it("erasure also clears the subject from the project's rejected JetStream rows and from messages of no known project", async () => {
    const subject = 'pseudo-js-erase';
    const rowSeq = await publish(message([decision('jse-1', { subjectRef: subject, outcome: '' })]));
    const msgSeq = await publish(JSON.stringify({ v: 3, decisions: [decision('jse-2', { subjectRef: subject })] }));
    // Another project's rejected message naming the same pseudonym is that project's business.
    const foreignSeq = await publish(message([decision('jse-3', { subjectRef: subject, outcome: '' })], { projectId: OTHER_PROJECT }));
    await drained();
    expect(await rejectedFor(rowSeq)).toEqual([expect.objectContaining({ subject_ref: subject, payload: expect.stringContaining(subject) })]);
    await env.rpc.request(RPC.governanceDecisionSubjectErase, { projectId: PROJECT, subjectRef: subject, reason: 'request' }, as(ACTORS.cleo));
    expect(await rejectedFor(rowSeq)).toEqual([expect.objectContaining({ subject_ref: null, payload: null, code: 'INVALID_FIELD' })]);
    expect(await rejectedFor(msgSeq)).toEqual([expect.objectContaining({ payload: null, code: 'INVALID_MESSAGE', project_id: null })]);
    expect(await rejectedFor(foreignSeq)).toEqual([expect.objectContaining({ payload: expect.stringContaining(subject), project_id: OTHER_PROJECT })]);
  });
});
