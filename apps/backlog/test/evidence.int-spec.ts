import { randomUUID } from 'node:crypto';
import { type AuditDto, type BacklogItemDto, type EvidenceDto, RPC, type RpcRequest } from '@fulcrum/contracts';
import { type DatabaseKind, FakeRpcError, databaseKinds } from '@fulcrum/testing';
import { type AnalyticsBackedHarness, startAnalyticsBackedHarness } from './support/analytics-backed.harness';
import { ACTORS, as, refusal } from './support/backlog.harness';

/**
 * Evidence on items against the real analytics service (saved analyses, freshness) and governance
 * faked on NATS (model versions, audits, fairness reports): attach, withdraw, list, both
 * directions between analyses and items, and freshness SAME then CHANGED after more events.
 */
describe.each(databaseKinds())('evidence on %s (real nats-server, real analytics)', (kind: DatabaseKind) => {
  let h: AnalyticsBackedHarness;
  let projectId: string;
  let analysisId: string;
  let analysisDataVersion: string;
  const MODEL_VERSION = '5b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  const AUDIT_ON_PAGE_2 = '6c2f3d4e-5f60-4b7c-9d8e-0f1a2b3c4d5e';

  const attach = (item: Pick<BacklogItemDto, 'id' | 'version'>, source: RpcRequest<'backlog.evidence.attach.v1'>['source'], extra: Partial<RpcRequest<'backlog.evidence.attach.v1'>> = {}) =>
    h.backlog.rpc.request(
      RPC.backlogEvidenceAttach,
      { projectId, itemId: item.id, expectedVersion: item.version, source, stance: 'SUPPORTS', narrative: 'Because the numbers say so.', ...extra },
      as(ACTORS.dee),
    );
  const audit = (id: string): AuditDto => ({
    id,
    modelVersionId: MODEL_VERSION,
    from: '2026-01-01T00:00:00.000Z',
    to: '2026-02-01T00:00:00.000Z',
    rules: ['four-fifths'],
    outcome: 'PASSED',
    findings: [],
    ranAt: '2026-02-02T00:00:00.000Z',
    ranBy: 'user:x',
    auditSeq: 7,
  });

  beforeAll(async () => {
    h = await startAnalyticsBackedHarness(kind, { metricReevaluationIntervalSeconds: 86_400 });
    ({ projectId } = h.backlog.newProject('PROOF'));
    await h.settled(
      await h.publish(projectId, [
        { event: 'viewed', userId: 'a', timestamp: '2026-02-01T10:00:00.000Z' },
        { event: 'viewed', userId: 'b', timestamp: '2026-02-01T11:00:00.000Z' },
      ]),
    );
    const { analysis } = await h.backlog.rpc.request(
      RPC.analyticsAnalysesSave,
      {
        projectId,
        timeZone: 'UTC',
        title: 'Viewers on 1 February',
        narrative: 'Two people looked.',
        insight: { kind: 'TREND', query: { series: [{ event: 'viewed', math: 'UNIQUE_PERSONS' }], interval: 'DAY', dateRange: { from: '2026-02-01', to: '2026-02-01' } } },
      },
      as(ACTORS.dee),
    );
    analysisId = analysis.id;
    analysisDataVersion = analysis.dataVersion;

    h.governance.on(RPC.governanceModelVersionsGet, (data) => {
      if (data['versionId'] !== MODEL_VERSION || data['projectId'] !== projectId) {
        throw new FakeRpcError({ code: 'MODEL_VERSION_NOT_FOUND', message: 'No model version' });
      }
      return { version: { id: MODEL_VERSION, modelId: 'm1', modelName: 'credit-risk', version: 3, artifactDigest: `sha256:${'c'.repeat(64)}` } };
    });
    // Two pages of audits, newest first: the attached one is on the second.
    h.governance.on(RPC.governanceAuditsList, (data) =>
      data['after'] === undefined
        ? { edges: [{ cursor: 'c1', node: audit(randomUUID()) }], totalCount: 2, hasNextPage: true }
        : { edges: [{ cursor: 'c2', node: audit(AUDIT_ON_PAGE_2) }], totalCount: 2, hasNextPage: false },
    );
    h.governance.on(RPC.governanceFairnessReportGet, () => ({
      summary: { demographicParityDifference: 0.05, demographicParityRatio: 0.9, equalizedOddsDifference: 0.1, equalizedOddsRatio: 0.8 },
      totals: { n: 1000, favorable: 400, labeled: 900, groups: 2 },
    }));
  });
  afterAll(() => h?.stop());

  it('attaches each kind of evidence verified with its owner, bumping the item version and recording who did it', async () => {
    let item = await h.backlog.createItem(projectId, { title: 'Credit limit nudges' });
    const analysis = await attach(item, { kind: 'ANALYSIS', analysisId });
    expect(analysis.itemVersion).toBe(item.version + 1);
    expect(analysis.evidence).toMatchObject({
      itemId: item.id,
      stance: 'SUPPORTS',
      narrative: 'Because the numbers say so.',
      source: { kind: 'ANALYSIS', analysisId, title: 'Viewers on 1 February', insightKind: 'TREND', dataVersion: analysisDataVersion },
      attachedBy: ACTORS.dee.actorId,
      attachedByName: 'Dee Designer',
      withdrawal: null,
    });
    expect(analysis.evidence.source).toMatchObject({ queryFingerprint: expect.stringMatching(/^sha256:/) });
    item = { ...item, version: analysis.itemVersion };

    const model = await attach(item, { kind: 'MODEL_VERSION', modelVersionId: MODEL_VERSION }, { stance: 'INFORMS' });
    expect(model.evidence.source).toEqual({ kind: 'MODEL_VERSION', modelVersionId: MODEL_VERSION, modelId: 'm1', modelName: 'credit-risk', version: 3, artifactDigest: `sha256:${'c'.repeat(64)}` });
    item = { ...item, version: model.itemVersion };
    const audited = await attach(item, { kind: 'AUDIT', auditId: AUDIT_ON_PAGE_2 });
    expect(audited.evidence.source).toEqual({ kind: 'AUDIT', auditId: AUDIT_ON_PAGE_2, modelVersionId: MODEL_VERSION, outcome: 'PASSED', ranAt: '2026-02-02T00:00:00.000Z' });
    item = { ...item, version: audited.itemVersion };
    const report = { modelVersionId: MODEL_VERSION, attributes: ['sex'], positiveOutcome: 'approve', positiveGroundTruth: 'repaid', favorableOutcome: 'approve' };
    const fairness = await attach(item, { kind: 'FAIRNESS_REPORT', report }, { stance: 'CONTRADICTS' });
    expect(fairness.evidence.source).toMatchObject({ kind: 'FAIRNESS_REPORT', modelVersionId: MODEL_VERSION, parameters: report, totals: { n: 1000 } });
    expect(h.governance.callsTo(RPC.governanceFairnessReportGet)).toEqual([{ projectId, ...report }]);
    item = { ...item, version: fairness.itemVersion };
    const link = await attach(item, { kind: 'URL', url: 'https://research.example.com/interviews/42' }, { narrative: '# Interviews\n\n*Five of six* wanted it.' });
    expect(link.evidence.source).toEqual({ kind: 'URL', url: 'https://research.example.com/interviews/42' });
    item = { ...item, version: link.itemVersion };

    const entries = (await h.backlog.rpc.request(RPC.backlogHistoryList, { projectId, itemId: item.id, first: 200 })).edges.map((e) => e.node);
    const attached = entries.filter((e) => e.action === 'evidence.attached');
    expect(attached).toHaveLength(5);
    expect(attached.every((e) => e.actor === ACTORS.dee.actorId)).toBe(true);

    const listed = await h.backlog.rpc.request(RPC.backlogEvidenceList, { projectId, itemId: item.id, first: 3 });
    expect(listed).toMatchObject({ totalCount: 5, hasNextPage: true });
    const rest = await h.backlog.rpc.request(RPC.backlogEvidenceList, { projectId, itemId: item.id, after: listed.edges[2]?.cursor ?? '' });
    expect([...listed.edges, ...rest.edges].map((e) => e.node.source.kind)).toEqual(['ANALYSIS', 'MODEL_VERSION', 'AUDIT', 'FAIRNESS_REPORT', 'URL']);
  });

  it('refuses unknown or foreign sources, a stale version, a non-web URL and an oversized narrative, storing nothing', async () => {
    const item = await h.backlog.createItem(projectId, { title: 'Refusals' });
    const { projectId: other } = h.backlog.newProject();
    expect(await refusal(attach(item, { kind: 'ANALYSIS', analysisId: randomUUID() }))).toMatchObject({ code: 'ANALYSIS_NOT_FOUND' });
    expect(await refusal(attach(item, { kind: 'MODEL_VERSION', modelVersionId: randomUUID() }))).toMatchObject({ code: 'MODEL_VERSION_NOT_FOUND' });
    expect(await refusal(attach(item, { kind: 'AUDIT', auditId: randomUUID() }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(attach(item, { kind: 'URL', url: 'javascript:alert(1)' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await refusal(attach(item, { kind: 'URL', url: 'https://' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'source.url' } });
    expect(await refusal(attach(item, { kind: 'URL', url: 'https://e.com' }, { narrative: '€'.repeat(21_846) }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'narrative' },
    });
    expect(await refusal(attach({ ...item, version: item.version + 1 }, { kind: 'URL', url: 'https://e.com' }))).toMatchObject({
      code: 'CONFLICT',
      details: { currentVersion: item.version },
    });
    // An analysis of another project is exactly as unknown.
    expect(
      await refusal(
        h.backlog.rpc.request(RPC.backlogEvidenceAttach, {
          projectId: other,
          itemId: item.id,
          expectedVersion: item.version,
          source: { kind: 'URL', url: 'https://e.com' },
          stance: 'INFORMS',
          narrative: '',
        }),
      ),
    ).toMatchObject({ code: 'ITEM_NOT_FOUND' });
    expect((await h.backlog.rpc.request(RPC.backlogEvidenceList, { projectId, itemId: item.id })).totalCount).toBe(0);
    expect(await refusal(h.backlog.rpc.request(RPC.backlogEvidenceList, { projectId, itemId: randomUUID() }))).toMatchObject({ code: 'ITEM_NOT_FOUND' });
  });

  it('withdraws with a reason, never deletes, lists withdrawn evidence as such, and refuses a second withdrawal', async () => {
    let item = await h.backlog.createItem(projectId, { title: 'Withdrawals' });
    const { evidence, itemVersion } = await attach(item, { kind: 'URL', url: 'https://e.com/old-study' });
    item = { ...item, version: itemVersion };
    const withdrawn = await h.backlog.rpc.request(
      RPC.backlogEvidenceWithdraw,
      { projectId, evidenceId: evidence.id, expectedVersion: item.version, reason: ' The study was retracted. ' },
      as(ACTORS.pam),
    );
    expect(withdrawn.itemVersion).toBe(item.version + 1);
    expect(withdrawn.evidence.withdrawal).toMatchObject({ by: ACTORS.pam.actorId, byName: 'Pam PM', reason: 'The study was retracted.' });
    item = { ...item, version: withdrawn.itemVersion };
    const listed = (await h.backlog.rpc.request(RPC.backlogEvidenceList, { projectId, itemId: item.id })).edges.map((e) => e.node);
    expect(listed.map((e: EvidenceDto) => [e.id, e.withdrawal?.reason])).toEqual([[evidence.id, 'The study was retracted.']]);
    expect(
      await refusal(h.backlog.rpc.request(RPC.backlogEvidenceWithdraw, { projectId, evidenceId: evidence.id, expectedVersion: item.version, reason: 'again' })),
    ).toMatchObject({ code: 'CONFLICT', details: { evidenceId: evidence.id } });
    expect(
      await refusal(h.backlog.rpc.request(RPC.backlogEvidenceWithdraw, { projectId, evidenceId: randomUUID(), expectedVersion: item.version, reason: 'r' })),
    ).toMatchObject({ code: 'EVIDENCE_NOT_FOUND' });
    const [last] = (await h.backlog.rpc.request(RPC.backlogHistoryList, { projectId, itemId: item.id, first: 1 })).edges.map((e) => e.node);
    expect(last).toMatchObject({ action: 'evidence.withdrawn', actor: ACTORS.pam.actorId, detail: { evidenceId: evidence.id, reason: 'The study was retracted.' } });
    // The database refuses deletes and any change but the one withdrawal.
    await expect(h.backlog.dataSource().query(`DELETE FROM backlog_evidence WHERE id = $1`, [evidence.id])).rejects.toThrow(/never deleted/);
    await expect(h.backlog.dataSource().query(`UPDATE backlog_evidence SET narrative = 'x' WHERE id = $1`, [evidence.id])).rejects.toThrow(/never deleted/);
  });

  it('knows the items an analysis is attached to, withdrawn evidence marked', async () => {
    const { projectId: p } = { projectId };
    const one = await h.backlog.createItem(p, { title: 'Uses the analysis' });
    const two = await h.backlog.createItem(p, { title: 'Used to use it', track: 'DATA', kind: 'ANALYSIS' });
    await attach(one, { kind: 'ANALYSIS', analysisId });
    const attachedTwo = await attach(two, { kind: 'ANALYSIS', analysisId }, { stance: 'CONTRADICTS' });
    await h.backlog.rpc.request(RPC.backlogEvidenceWithdraw, { projectId, evidenceId: attachedTwo.evidence.id, expectedVersion: attachedTwo.itemVersion, reason: 'Wrong item' });
    const { items } = await h.backlog.rpc.request(RPC.backlogEvidenceItemsForAnalysis, { projectId, analysisId });
    const mine = items.filter((i) => i.id === one.id || i.id === two.id);
    expect(mine).toEqual([
      { id: one.id, key: one.key, title: 'Uses the analysis', state: 'ICEBOX', evidence: [{ evidenceId: expect.any(String), stance: 'SUPPORTS', withdrawn: false }] },
      { id: two.id, key: two.key, title: 'Used to use it', state: 'ICEBOX', evidence: [{ evidenceId: attachedTwo.evidence.id, stance: 'CONTRADICTS', withdrawn: true }] },
    ]);
    expect(items.map((i) => i.key)).toEqual([...items.map((i) => i.key)].sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1])));
    expect((await h.backlog.rpc.request(RPC.backlogEvidenceItemsForAnalysis, { projectId: randomUUID(), analysisId })).items).toEqual([]);
  });

  it('answers freshness SAME while the data agrees, CHANGED with both results and data versions once more events arrive', async () => {
    const item = await h.backlog.createItem(projectId, { title: 'Fresh?' });
    const { evidence } = await attach(item, { kind: 'ANALYSIS', analysisId });
    // Unrelated data moves the data version but not the answer.
    const unrelated = await h.settled(await h.publish(projectId, [{ event: 'clicked', userId: 'z', timestamp: '2026-02-01T12:00:00.000Z' }]));
    const same = await h.backlog.rpc.request(RPC.backlogEvidenceFreshness, { projectId, evidenceId: evidence.id });
    expect(same).toMatchObject({ evidenceId: evidence.id, analysisId, status: 'SAME', differences: [], attached: { dataVersion: analysisDataVersion }, current: { dataVersion: unrelated } });
    expect(BigInt(unrelated)).toBeGreaterThan(BigInt(analysisDataVersion));

    const later = await h.settled(await h.publish(projectId, [{ event: 'viewed', userId: 'c', timestamp: '2026-02-01T13:00:00.000Z' }]));
    const changed = await h.backlog.rpc.request(RPC.backlogEvidenceFreshness, { projectId, evidenceId: evidence.id });
    expect(changed).toMatchObject({ status: 'CHANGED', attached: { dataVersion: analysisDataVersion }, current: { dataVersion: later }, differences: ['series'] });
    const totals = (r: { result: Record<string, unknown> }) => (r.result['series'] as Array<{ total: number }>)[0]?.total;
    expect([totals(changed.attached), totals(changed.current)]).toEqual([2, 3]);
    expect(changed.attached.queryFingerprint).toBe(changed.current.queryFingerprint);

    const url = await attach({ ...item, version: item.version + 1 }, { kind: 'URL', url: 'https://e.com' });
    expect(await refusal(h.backlog.rpc.request(RPC.backlogEvidenceFreshness, { projectId, evidenceId: url.evidence.id }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { kind: 'URL' },
    });
    expect(await refusal(h.backlog.rpc.request(RPC.backlogEvidenceFreshness, { projectId, evidenceId: randomUUID() }))).toMatchObject({ code: 'EVIDENCE_NOT_FOUND' });
  });
});
