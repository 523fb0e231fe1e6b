import type { MsgHdrs } from 'nats';
import {
  type DecisionInputDto,
  GOVERNANCE_PAGES,
  type ListRejectedDecisionsReply,
  type ModelVersionDto,
  REJECTED_DECISION_LIMITS,
  RPC,
  type RejectedDecisionDto,
  SUBJECTS,
} from '@fulcrum/contracts';
import { envelopeHeaders, serviceEnvelope } from '@fulcrum/messaging';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { ACTORS, type GovernanceTestEnv, allPages, as, decisionsDrained, newProjectId, projectTrail, startGovernanceTestEnv } from './governance.test-helpers';

const sha = (c: string) => `sha256:${c.repeat(64)}`;
const MISSING_VERSION = '00000000-0000-4000-8000-000000000000';
/** The publisher's request envelope, as NATS headers. */
const screener = (): MsgHdrs => envelopeHeaders({ ...serviceEnvelope('screener'), actorName: 'CV screener' });

function decision(id: string, patch: Record<string, unknown> = {}): DecisionInputDto {
  return { decisionId: id, subjectRef: `subj-${id}`, occurredAt: '2025-04-01T12:00:00Z', purpose: 'hiring', outcome: 'advance', ...patch } as DecisionInputDto;
}

/** `{ a: { a: … 1 } }`, `levels` objects deep. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe.each(databaseKinds())('rejected decisions list on %s (real nats-server, JetStream consumer)', (kind: DatabaseKind) => {
  const PROJECT = newProjectId();
  const OTHER = newProjectId();
  let env: GovernanceTestEnv;
  let version: ModelVersionDto;
  let otherVersion: ModelVersionDto;
  const startedAt = new Date().toISOString();

  /** A v2 message of PROJECT's version (patch: another project or version). */
  const message = (decisions: unknown[], patch: Record<string, unknown> = {}) =>
    JSON.stringify({ v: 2, projectId: PROJECT, modelVersionId: version.id, decisions, ...patch });

  /** Publishes with the screener's envelope headers (or `headers: null` for none); the stream sequence. */
  async function publish(payload: string, headers: MsgHdrs | null = screener()): Promise<number> {
    return (await env.nc.jetstream().publish(SUBJECTS.decisionsRecorded, Buffer.from(payload), headers ? { headers } : undefined)).seq;
  }

  const list = (projectId: string, page: { first?: number; after?: string } = {}): Promise<ListRejectedDecisionsReply> =>
    env.rpc.request(RPC.governanceRejectedDecisionsList, { projectId, ...page });
  const everything = (projectId: string, first?: number): Promise<RejectedDecisionDto[]> =>
    allPages((after) => list(projectId, { ...(first !== undefined && { first }), ...(after !== undefined && { after }) }));

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

  /** Stream sequences of the messages published in beforeAll. */
  const seq = { rows: 0, other: 0, noActor: 0, notJson: 0, orphanV1: 0, odd: 0 };
  const deepRow = decision('deep-1', { attributes: nested(REJECTED_DECISION_LIMITS.payloadMaxDepth + 5) });
  const { outcome: _dropped, ...withoutOutcome } = decision('bad-2');

  beforeAll(async () => {
    env = await startGovernanceTestEnv(kind);
    version = await registerVersion(PROJECT, 'Screener');
    otherVersion = await registerVersion(OTHER, 'Other screener');
    seq.rows = await publish(message([decision('ok-1'), decision('bad-1', { occurredAt: 'tomorrow' }), withoutOutcome]));
    seq.other = await publish(message([decision('other-bad', { occurredAt: 'x' })], { projectId: OTHER, modelVersionId: otherVersion.id }));
    seq.noActor = await publish(message([decision('anon-1')]), null);
    // No project can be read from these: they are kept with project_id NULL.
    seq.notJson = await publish('{"v":2, oops');
    seq.orphanV1 = await publish(JSON.stringify({ v: 1, modelVersionId: MISSING_VERSION, actor: 'service:old-scorer', decisions: [decision('v1-1')] }), null);
    seq.odd = await publish(message([decision('bad-3', { score: 'high' }), 42, deepRow]));
    await decisionsDrained(env.nc);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it("pages the project's rejected rows and kept-aside messages oldest first, two at a time, with totalCount", async () => {
    const pages: ListRejectedDecisionsReply[] = [await list(PROJECT, { first: 2 })];
    while (pages[pages.length - 1].hasNextPage) {
      const last = pages[pages.length - 1];
      pages.push(await list(PROJECT, { first: 2, after: last.edges[last.edges.length - 1].cursor }));
    }
    expect(pages.map((p) => [p.edges.length, p.totalCount, p.hasNextPage])).toEqual([
      [2, 6, true],
      [2, 6, true],
      [2, 6, false],
    ]);
    const rows = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(rows.map((r) => [r.streamSeq, r.rowIndex, r.code])).toEqual([
      [seq.rows, 1, 'INVALID_FIELD'],
      [seq.rows, 2, 'MISSING_FIELD'],
      [seq.noActor, -1, 'ACTOR_MISSING'],
      [seq.odd, 0, 'INVALID_FIELD'],
      [seq.odd, 1, 'INVALID_FIELD'],
      [seq.odd, 2, 'INVALID_FIELD'],
    ]);
    const ids = rows.map((r) => r.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // Any page size walks the same list.
    for (const first of [1, 5, 6, 7, GOVERNANCE_PAGES.rejectedDecisions.max]) expect((await everything(PROJECT, first)).map((r) => r.id)).toEqual(ids);
    expect((await list(PROJECT)).edges).toHaveLength(6);

    const [bad1, bad2, whole, score, fortyTwo, deep] = rows;
    expect(bad1).toEqual({
      id: expect.any(Number),
      streamSeq: seq.rows,
      rowIndex: 1,
      modelVersionId: version.id,
      decisionId: 'bad-1',
      code: 'INVALID_FIELD',
      reason: expect.stringContaining('occurredAt'),
      payload: decision('bad-1', { occurredAt: 'tomorrow' }),
      payloadText: null,
      actor: 'service:screener',
      rejectedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      erasedAt: null,
    });
    expect(bad1.rejectedAt >= startedAt && bad1.rejectedAt <= new Date().toISOString()).toBe(true);
    expect(bad2).toMatchObject({ decisionId: 'bad-2', reason: expect.stringContaining('outcome'), payload: withoutOutcome });
    // A message kept aside whole: its payload is the message, its publisher unknown (no actor header).
    expect(whole).toMatchObject({ decisionId: null, modelVersionId: version.id, actor: null, payload: JSON.parse(message([decision('anon-1')])), payloadText: null });
    expect(score).toMatchObject({ decisionId: 'bad-3', reason: expect.stringContaining('score'), payload: decision('bad-3', { score: 'high' }) });
    expect(fortyTwo).toMatchObject({ decisionId: null, payload: 42, payloadText: null });
    // Nested deeper than the API's JSON carries: given as the stored text instead.
    expect(deep).toMatchObject({ decisionId: 'deep-1', payload: null, payloadText: JSON.stringify(deepRow) });
  });

  it("shows no row of another project, nor rows whose project is unknown, in any project's list", async () => {
    const other = await everything(OTHER);
    expect(other.map((r) => [r.streamSeq, r.decisionId, r.modelVersionId])).toEqual([[seq.other, 'other-bad', otherVersion.id]]);
    expect((await everything(PROJECT)).map((r) => r.streamSeq)).not.toContain(seq.other);
    expect(await list(newProjectId())).toEqual({ edges: [], totalCount: 0, hasNextPage: false });
    // The rows without a project are kept (never dropped), and listed nowhere.
    const unscoped: Array<{ stream_seq: string; code: string }> = await env
      .dataSource()
      .query('SELECT stream_seq::text AS stream_seq, code FROM rejected_decisions WHERE project_id IS NULL ORDER BY id');
    expect(unscoped).toEqual([
      { stream_seq: String(seq.notJson), code: 'INVALID_MESSAGE' },
      { stream_seq: String(seq.orphanV1), code: 'MODEL_VERSION_NOT_FOUND' },
    ]);
    const listed = [...(await everything(PROJECT)), ...other].map((r) => r.streamSeq);
    expect(listed).not.toContain(seq.notJson);
    expect(listed).not.toContain(seq.orphanV1);
  });

  it('refuses hostile paging with the coded VALIDATION_FAILED of the other lists', async () => {
    const refusal = (page: Record<string, unknown>) =>
      env.rpc.request(RPC.governanceRejectedDecisionsList, { projectId: PROJECT, ...page } as never).then(
        () => 'answered',
        (error: { code?: string; details?: Record<string, unknown> }) => ({ code: error.code, field: error.details?.['field'] ?? null }),
      );
    const invalid = { code: 'VALIDATION_FAILED' };
    for (const first of [0, -1, GOVERNANCE_PAGES.rejectedDecisions.max + 1, 10_001, 1.5]) expect([first, await refusal({ first })]).toEqual([first, expect.objectContaining(invalid)]);
    expect(await refusal({ after: '' })).toEqual(expect.objectContaining(invalid));
    expect(await refusal({ after: 'x'.repeat(513) })).toEqual(expect.objectContaining(invalid));
    expect(await refusal({ projectId: 'default' })).toEqual(expect.objectContaining(invalid));
    // Cursors: malformed, of another list (the audit trail's, the models'), tampered.
    const trailCursor = (await env.rpc.request(RPC.governanceAuditTrailList, { projectId: PROJECT, first: 1 })).edges[0].cursor;
    const modelsCursor = (await env.rpc.request(RPC.governanceModelsList, { projectId: PROJECT, first: 1 })).edges[0].cursor;
    const forged = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    const tampered = [forged('["rejected-decisions","DROP TABLE"]'), forged('["rejected-decisions",1'), forged('["rejected-decisions",1,2]'), forged('["rejected-decisions",0.5]')];
    for (const after of ['not-a-cursor', trailCursor, modelsCursor, ...tampered]) {
      expect([after, await refusal({ after })]).toEqual([after, { code: 'VALIDATION_FAILED', field: 'after' }]);
    }
    // Nothing was lost to the refusals.
    expect((await list(PROJECT)).totalCount).toBe(6);
  });

  it('keeps a cursor valid: rows rejected later come after it, and an erased row stays in its place without its payload', async () => {
    const before = await everything(PROJECT, 4);
    const end = (await list(PROJECT, { first: GOVERNANCE_PAGES.rejectedDecisions.max })).edges.at(-1)?.cursor as string;
    expect(await list(PROJECT, { after: end })).toEqual({ edges: [], totalCount: 6, hasNextPage: false });
    const later = await publish(message([decision('late-1', { purpose: '' })]));
    await decisionsDrained(env.nc);
    const after = await list(PROJECT, { after: end });
    expect(after.edges.map((e) => [e.node.streamSeq, e.node.decisionId])).toEqual([[later, 'late-1']]);
    expect(after).toMatchObject({ totalCount: 7, hasNextPage: false });

    await env.rpc.request(RPC.governanceDecisionSubjectErase, { projectId: PROJECT, subjectRef: 'subj-bad-1', reason: 'Art. 17 request' }, as(ACTORS.cleo));
    const now = await everything(PROJECT, 3);
    expect(now.map((r) => r.id)).toEqual([...before.map((r) => r.id), after.edges[0].node.id]);
    const erased = now.find((r) => r.decisionId === 'bad-1');
    expect(erased).toMatchObject({ payload: null, payloadText: null, code: 'INVALID_FIELD', erasedAt: expect.stringMatching(/Z$/) });
    expect(now.filter((r) => r.erasedAt !== null).map((r) => r.decisionId)).toEqual(['bad-1']);
    // Reading records nothing on the trail.
    const trailSize = (await projectTrail(env.rpc, PROJECT)).length;
    await everything(PROJECT, 1);
    expect((await projectTrail(env.rpc, PROJECT)).length).toBe(trailSize);
  });

  it('ends a page early when large kept-aside messages would not fit one NATS reply, and still walks them all', async () => {
    const BIG = newProjectId();
    const budget = REJECTED_DECISION_LIMITS.pagePayloadBytes;
    const big = 3 * budget;
    const small = Math.floor(0.4 * budget);
    // Messages without an actor header are kept aside whole, payload and all.
    const sized = (id: string, bytes: number) => message([decision(id, { purpose: 'x'.repeat(bytes) })], { projectId: BIG });
    const seqs: number[] = [];
    for (const [id, bytes] of [['big-1', big], ['big-2', big], ['big-3', big], ['small-1', small], ['small-2', small], ['small-3', small]] as const) {
      seqs.push(await publish(sized(id, bytes), null));
    }
    await decisionsDrained(env.nc);
    // About 10 MiB in all: more than one NATS message may hold (8 MiB), so one page of 200 could not be sent.
    // Each big one is a page of its own; two small ones fit the budget, a third does not.
    const sizes: number[] = [];
    const rows = await allPages(async (after) => {
      const page = await list(BIG, { first: GOVERNANCE_PAGES.rejectedDecisions.max, ...(after !== undefined && { after }) });
      sizes.push(page.edges.length);
      return page;
    });
    expect(sizes).toEqual([1, 1, 1, 2, 1]);
    expect(rows.map((r) => r.streamSeq)).toEqual(seqs);
    expect(rows.map((r) => (r.payload as { decisions: Array<{ purpose: string }> }).decisions[0].purpose.length)).toEqual([big, big, big, small, small, small]);
  });
});
