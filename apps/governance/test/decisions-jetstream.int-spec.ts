import { CONSUMERS, type DecisionBatchMessage, type DecisionInputDto, type ModelVersionDto, RPC, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { bootstrapGovernance } from '../src/governance.bootstrap';
import { type GovernanceTestEnv, startGovernanceTestEnv } from './governance.test-helpers';

const sha = (c: string) => `sha256:${c.repeat(64)}`;
const MISSING_VERSION = '00000000-0000-4000-8000-000000000000';

function decision(id: string, patch: Partial<DecisionInputDto> = {}): DecisionInputDto {
  return { decisionId: id, subjectRef: `subj-${id}`, occurredAt: '2025-04-01T12:00:00Z', purpose: 'hiring', outcome: 'advance', score: 0.4, attributes: { sex: 'Female' }, ...patch };
}

describe.each(databaseKinds())('decisions over JetStream on %s (real nats-server)', (kind: DatabaseKind) => {
  let env: GovernanceTestEnv;
  let version: ModelVersionDto;

  const message = (decisions: unknown[], patch: Partial<DecisionBatchMessage> = {}) => JSON.stringify({ v: 1, modelVersionId: version.id, actor: 'service:screener', decisions, ...patch });

  async function publish(payload: string): Promise<number> {
    return (await env.nc.jetstream().publish(SUBJECTS.decisionsRecorded, Buffer.from(payload))).seq;
  }

  /** Until the durable consumer has acknowledged everything published so far. */
  async function drained(): Promise<void> {
    const jsm = await env.nc.jetstreamManager();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const info = await jsm.consumers.info(STREAMS.decisions.name, CONSUMERS.governanceDecisions).catch(() => undefined);
      const last = (await jsm.streams.info(STREAMS.decisions.name)).state.last_seq;
      if (info && info.num_pending === 0 && info.num_ack_pending === 0 && info.ack_floor.stream_seq >= last) return;
      if (Date.now() > deadline) throw new Error(`consumer not drained: ${JSON.stringify(info?.ack_floor)} of ${last}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const countStored = async (prefix: string): Promise<number> =>
    (await env.dataSource().query(`SELECT count(*)::int AS n FROM decisions WHERE decision_id LIKE $1`, [`${prefix}%`]))[0].n;

  const rejectedFor = (seq: number): Promise<Array<Record<string, unknown>>> =>
    env
      .dataSource()
      .query(`SELECT row_index, code, reason, decision_id, subject_ref, model_version_id, actor, payload FROM rejected_decisions WHERE stream_seq = $1 ORDER BY row_index`, [seq]);

  async function recordingEntries(): Promise<Array<{ decisionIds: string[]; via: string; streamSeq?: number }>> {
    const page = await env.rpc.request(RPC.governanceAuditTrailList, { limit: 1_000 });
    return page.entries.filter((e) => e.action === 'decisions.recorded').map((e) => e.payload as { decisionIds: string[]; via: string; streamSeq?: number });
  }

  beforeAll(async () => {
    env = await startGovernanceTestEnv(kind);
    const { model } = await env.rpc.request(RPC.governanceModelsRegister, { actor: 'a', name: 'Screener', description: '', owner: 'hr', riskLevel: 'HIGH' });
    version = (
      await env.rpc.request(RPC.governanceModelVersionsRegister, {
        actor: 'a',
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
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('stores the valid rows once and keeps the invalid ones with their reason, even when the message is published again', async () => {
    const payload = message([decision('js-1'), decision('js-2', { occurredAt: 'tomorrow' }), decision('js-3'), decision('js-1', { outcome: 'reject' })]);
    const seq1 = await publish(payload);
    await drained();
    expect(await countStored('js-')).toBe(2);
    expect(await rejectedFor(seq1)).toEqual([
      { row_index: 1, code: 'INVALID_FIELD', reason: expect.stringContaining('occurredAt'), decision_id: 'js-2', subject_ref: 'subj-js-2', model_version_id: version.id, actor: 'service:screener', payload: JSON.stringify(decision('js-2', { occurredAt: 'tomorrow' })) },
      { row_index: 3, code: 'DECISION_ID_CONFLICT', reason: expect.any(String), decision_id: 'js-1', subject_ref: 'subj-js-1', model_version_id: version.id, actor: 'service:screener', payload: expect.any(String) },
    ]);

    // A producer retry (outside the stream's duplicate window, or without a message id) is a new message.
    const seq2 = await publish(payload);
    await drained();
    expect(await countStored('js-')).toBe(2);
    expect((await rejectedFor(seq2)).map((r) => r['row_index'])).toEqual([1, 3]);
    const entries = (await recordingEntries()).filter((e) => e.decisionIds.some((id) => id.startsWith('js-')));
    expect(entries).toEqual([expect.objectContaining({ decisionIds: ['js-1', 'js-3'], via: 'jetstream', streamSeq: seq1 })]);
    const [row] = await env.dataSource().query(`SELECT recorded_by FROM decisions WHERE decision_id = 'js-1'`);
    expect(row.recorded_by).toBe('service:screener');
  });

  it('keeps whole messages it cannot apply (not JSON, bad envelope, unknown model version), then goes on', async () => {
    const bad = await publish('{"v":1, oops');
    const envelope = await publish(JSON.stringify({ v: 2, modelVersionId: version.id, actor: 'svc', decisions: [decision('env-1')] }));
    const unknown = await publish(message([decision('unk-1')], { modelVersionId: MISSING_VERSION }));
    const good = await publish(message([decision('after-1')]));
    await drained();
    expect(await rejectedFor(bad)).toEqual([expect.objectContaining({ row_index: -1, code: 'INVALID_MESSAGE', reason: expect.stringContaining('not JSON'), payload: '{"v":1, oops' })]);
    expect(await rejectedFor(envelope)).toEqual([expect.objectContaining({ row_index: -1, code: 'INVALID_MESSAGE', reason: 'v must be 1', model_version_id: version.id })]);
    expect(await rejectedFor(unknown)).toEqual([expect.objectContaining({ row_index: -1, code: 'MODEL_VERSION_NOT_FOUND', model_version_id: MISSING_VERSION, actor: 'service:screener' })]);
    expect(await rejectedFor(good)).toEqual([]);
    expect(await countStored('env-')).toBe(0);
    expect(await countStored('unk-')).toBe(0);
    expect(await countStored('after-')).toBe(1);
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
    expect(await env.rpc.request(RPC.governanceDecisionsRecord, { actor: 'a', modelVersionId: version.id, decisions: [decision('down-3')] })).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('erasure also clears the subject from rejected JetStream rows and messages', async () => {
    const subject = 'pseudo-js-erase';
    const rowSeq = await publish(message([decision('jse-1', { subjectRef: subject, outcome: '' })]));
    const msgSeq = await publish(JSON.stringify({ v: 3, decisions: [decision('jse-2', { subjectRef: subject })] }));
    await drained();
    expect(await rejectedFor(rowSeq)).toEqual([expect.objectContaining({ subject_ref: subject, payload: expect.stringContaining(subject) })]);
    await env.rpc.request(RPC.governanceDecisionSubjectErase, { actor: 'dpo', subjectRef: subject, reason: 'request' });
    expect(await rejectedFor(rowSeq)).toEqual([expect.objectContaining({ subject_ref: null, payload: null, code: 'INVALID_FIELD' })]);
    expect(await rejectedFor(msgSeq)).toEqual([expect.objectContaining({ payload: null, code: 'INVALID_MESSAGE' })]);
  });
});
