import { randomUUID } from 'node:crypto';
import { type BacklogItemDto, RPC, type SuccessMetricDefinition, type SuccessMetricEvaluationDto } from '@fulcrum/contracts';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { type AnalyticsBackedHarness, startAnalyticsBackedHarness } from './support/analytics-backed.harness';
import { ACTORS, type TestActor, as, refusal } from './support/backlog.harness';

/**
 * Success metrics against the real analytics service: a signup funnel whose conversion is known
 * (2 of 5 persons in the first half of January 2026, 1 of 4 in the two weeks before), metrics
 * defined on it, evaluated, stored, reproduced at their data version, and the acceptance gate.
 */
describe.each(databaseKinds())('success metrics on %s (real nats-server, real analytics)', (kind: DatabaseKind) => {
  let h: AnalyticsBackedHarness;
  let projectId: string;

  const january = { anchor: 'FIXED', from: '2026-01-01T00:00:00Z', to: '2026-01-15T00:00:00Z' } as const;
  const signup = (name: string, rest: Partial<SuccessMetricDefinition> = {}): SuccessMetricDefinition => ({
    name,
    insight: { kind: 'FUNNEL', query: { steps: [{ event: 'signup_started' }, { event: 'signup_completed' }] } },
    statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION' },
    comparator: 'AT_LEAST',
    target: 40,
    window: january,
    ...rest,
  });
  const define = async (item: Pick<BacklogItemDto, 'id' | 'version'>, definition: SuccessMetricDefinition, actor: TestActor = ACTORS.pam) =>
    h.backlog.rpc.request(RPC.backlogSuccessMetricsDefine, { projectId, itemId: item.id, expectedVersion: item.version, definition }, as(actor));
  const evaluate = async (itemId: string, actor: TestActor = ACTORS.pam) => (await h.backlog.rpc.request(RPC.backlogSuccessMetricsEvaluate, { projectId, itemId }, as(actor))).evaluations;
  const item = async (itemId: string) => (await h.backlog.rpc.request(RPC.backlogItemsGet, { projectId, itemId })).item;
  const history = async (itemId: string) =>
    (await h.backlog.rpc.request(RPC.backlogHistoryList, { projectId, itemId, first: 200 })).edges.map((e) => e.node);
  const started = (user: string, timestamp: string) => ({ event: 'signup_started', userId: user, timestamp });
  const completed = (user: string, timestamp: string) => ({ event: 'signup_completed', userId: user, timestamp });
  let firstDataVersion: string;

  beforeAll(async () => {
    // Live re-evaluation is its own spec (success-metrics-live): here its first pass comes long after these tests.
    h = await startAnalyticsBackedHarness(kind, { metricReevaluationIntervalSeconds: 86_400 });
    ({ projectId } = h.backlog.newProject('GROW'));
    const seq = await h.publish(projectId, [
      // window (1–15 Jan): u1..u5 start, u1 and u2 complete → 40 %
      ...['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => started(u, '2026-01-05T10:00:00.000Z')),
      completed('u1', '2026-01-05T10:05:00.000Z'),
      completed('u2', '2026-01-05T10:06:00.000Z'),
      // the two weeks before (18–31 Dec): u6..u9 start, u6 completes → 25 %
      ...['u6', 'u7', 'u8', 'u9'].map((u) => started(u, '2025-12-28T10:00:00.000Z')),
      completed('u6', '2025-12-28T10:05:00.000Z'),
    ]);
    firstDataVersion = await h.settled(seq);
  });
  afterAll(() => h?.stop());

  it('evaluates MET, NOT_MET, INSUFFICIENT_DATA and PENDING from live data and stores each evaluation with its data version', async () => {
    let target = await h.backlog.createItem(projectId, { title: 'Shorter signup', state: 'BACKLOG' });
    const metrics = [];
    for (const definition of [
      signup('Conversion at least 40 %'),
      signup('Conversion at least 50 %', { target: 50 }),
      signup('Conversion up 50 % on the two weeks before', { comparator: 'INCREASE_BY_PERCENT', target: 50 }),
      signup('Nobody in this funnel', { insight: { kind: 'FUNNEL', query: { steps: [{ event: 'never_happens' }, { event: 'signup_completed' }] } } }),
      signup('Next year', { window: { anchor: 'FIXED', from: '2030-01-01T00:00:00Z', to: '2030-01-15T00:00:00Z' } }),
    ]) {
      const reply = await define(target, definition);
      expect(reply.itemVersion).toBe(target.version + 1);
      target = { ...target, version: reply.itemVersion };
      metrics.push(reply.metric);
    }
    const evaluations = await evaluate(target.id, ACTORS.dee);
    expect(evaluations.map((e) => [e.verdict, e.value, e.baseline, e.changePercent])).toEqual([
      ['MET', 40, null, null],
      ['NOT_MET', 40, null, null],
      ['MET', 40, 25, 60],
      ['INSUFFICIENT_DATA', null, null, null],
      ['PENDING', null, null, null],
    ]);
    const [atLeast40, , relative, empty, future] = evaluations as SuccessMetricEvaluationDto[];
    expect(atLeast40).toMatchObject({
      metricId: metrics[0]?.id,
      itemId: target.id,
      metricRevision: 1,
      target: 40,
      comparator: 'AT_LEAST',
      window: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-15T00:00:00.000Z' },
      range: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-15T00:00:00.000Z' },
      windowComplete: true,
      dataVersion: firstDataVersion,
      trigger: 'REQUEST',
      evaluatedBy: ACTORS.dee.actorId,
      evaluatedByName: 'Dee Designer',
    });
    expect(atLeast40?.queryFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(relative).toMatchObject({ baselineRange: { from: '2025-12-18T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }, dataVersion: firstDataVersion });
    expect(relative?.baselineQueryFingerprint).toMatch(/^sha256:/);
    expect(relative?.baselineQueryFingerprint).not.toBe(relative?.queryFingerprint);
    expect(empty).toMatchObject({ reason: 'Nobody entered the funnel (step 0) in the window.', windowComplete: true });
    expect(future).toMatchObject({ reason: 'The window starts at 2030-01-01T00:00:00.000Z.', dataVersion: null, range: null });

    // Stored: listed as each metric's latest evaluation and in its history; evaluating does not bump the item.
    const listed = (await h.backlog.rpc.request(RPC.backlogSuccessMetricsList, { projectId, itemId: target.id })).metrics;
    expect(listed.map((m) => m.latestEvaluation?.id)).toEqual(evaluations.map((e) => e.id));
    expect((await item(target.id)).version).toBe(target.version);
    const evaluated = (await history(target.id)).filter((a) => a.action === 'metric.evaluated');
    expect(evaluated).toHaveLength(5);
    expect(evaluated[0]).toMatchObject({ actor: ACTORS.dee.actorId, detail: { trigger: 'REQUEST' } });
  });

  it('refuses a sixth active metric, a statistic of another insight and a step the funnel lacks; a retired metric frees a place', async () => {
    let target = await h.backlog.createItem(projectId, { title: 'Five at most', state: 'BACKLOG' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const reply = await define(target, signup(`Metric ${i}`));
      target = { ...target, version: reply.itemVersion };
      ids.push(reply.metric.id);
    }
    expect(await refusal(define(target, signup('Sixth')))).toMatchObject({ code: 'VALIDATION_FAILED', details: { limit: 5, active: 5 } });
    expect(await refusal(define(target, signup('Trend statistic on a funnel', { statistic: { kind: 'TREND_TOTAL' } })))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'definition.statistic' },
    });
    expect(await refusal(define(target, signup('Step 2 of 2', { statistic: { kind: 'FUNNEL_STEP_CONVERSION', step: 2 } })))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'definition.statistic' },
    });
    expect(await refusal(define({ ...target, version: target.version - 1 }, signup('Stale')))).toMatchObject({ code: 'CONFLICT', details: { currentVersion: target.version } });

    const retired = await h.backlog.rpc.request(RPC.backlogSuccessMetricsRetire, { projectId, metricId: ids[0] ?? '', expectedVersion: target.version, reason: 'Replaced by a better one' });
    expect(retired.metric.retirement).toMatchObject({ by: ACTORS.pam.actorId, reason: 'Replaced by a better one' });
    target = { ...target, version: retired.itemVersion };
    const sixth = await define(target, signup('Now there is room'));
    target = { ...target, version: sixth.itemVersion };
    const all = (await h.backlog.rpc.request(RPC.backlogSuccessMetricsList, { projectId, itemId: target.id })).metrics;
    expect(all.map((m) => [m.definition.name, m.retirement === null])).toEqual([
      ['Metric 1', true],
      ['Metric 2', true],
      ['Metric 3', true],
      ['Metric 4', true],
      ['Now there is room', true],
      ['Metric 0', false],
    ]);
    expect(await refusal(h.backlog.rpc.request(RPC.backlogSuccessMetricsRetire, { projectId, metricId: ids[0] ?? '', expectedVersion: target.version, reason: 'again' }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await refusal(h.backlog.rpc.request(RPC.backlogSuccessMetricsEdit, { projectId, metricId: randomUUID(), expectedVersion: target.version, definition: signup('x') }))).toMatchObject({
      code: 'SUCCESS_METRIC_NOT_FOUND',
    });
    const actions = (await history(target.id)).map((a) => a.action);
    expect(actions.filter((a) => a === 'metric.defined')).toHaveLength(6);
    expect(actions.filter((a) => a === 'metric.edited')).toHaveLength(1);
  });

  it('re-evaluating at the stored data version gives the stored value after more data arrived; the history lists both', async () => {
    let target = await h.backlog.createItem(projectId, { title: 'Reproducible', state: 'BACKLOG' });
    const { metric, itemVersion } = await define(target, signup('Conversion at least 40 %', { comparator: 'INCREASE_BY_PERCENT', target: 50 }));
    target = { ...target, version: itemVersion };
    const [before] = await evaluate(target.id);
    expect(before).toMatchObject({ verdict: 'MET', value: 40, baseline: 25 });

    // u3 completes in the window: 3 of 5 = 60 %.
    const seq = await h.publish(projectId, [completed('u3', '2026-01-05T11:00:00.000Z')]);
    const later = await h.settled(seq);
    const [after] = await evaluate(target.id);
    expect(after).toMatchObject({ verdict: 'MET', value: 60, baseline: 25, changePercent: 140, dataVersion: later });
    expect(BigInt(later)).toBeGreaterThan(BigInt(before?.dataVersion ?? '0'));

    const again = await h.backlog.rpc.request(RPC.backlogSuccessMetricsReevaluateAt, { projectId, evaluationId: before?.id ?? '' });
    expect(again.same).toBe(true);
    expect(again.recomputed).toEqual({
      verdict: 'MET',
      value: 40,
      baseline: 25,
      dataVersion: before?.dataVersion,
      queryFingerprint: before?.queryFingerprint,
      baselineQueryFingerprint: before?.baselineQueryFingerprint,
    });
    expect(again.evaluation).toEqual(before);

    const page1 = await h.backlog.rpc.request(RPC.backlogSuccessMetricsEvaluationsList, { projectId, metricId: metric.id, first: 1 });
    expect(page1).toMatchObject({ totalCount: 2, hasNextPage: true });
    expect(page1.edges.map((e) => e.node.id)).toEqual([after?.id]);
    const page2 = await h.backlog.rpc.request(RPC.backlogSuccessMetricsEvaluationsList, { projectId, metricId: metric.id, after: page1.edges[0]?.cursor ?? '' });
    expect(page2.edges.map((e) => e.node.id)).toEqual([before?.id]);
    expect(await refusal(h.backlog.rpc.request(RPC.backlogSuccessMetricsReevaluateAt, { projectId: randomUUID(), evaluationId: before?.id ?? '' }))).toMatchObject({
      code: 'SUCCESS_METRIC_NOT_FOUND',
    });

    // Evaluations are immutable in the database itself.
    await expect(h.backlog.dataSource().query(`UPDATE backlog_success_metric_evaluations SET value = 99 WHERE id = $1`, [before?.id])).rejects.toThrow(/immutable/);
  });

  it('is PENDING for a DELIVERED window before delivery, then counts from the delivery', async () => {
    let target = await h.backlog.createItem(projectId, { title: 'Delivered window', state: 'BACKLOG' });
    const definition = signup('Conversion after delivery', { window: { anchor: 'DELIVERED', days: 14 } });
    target = { ...target, version: (await define(target, definition)).itemVersion };
    const [pending] = await evaluate(target.id);
    expect(pending).toMatchObject({ verdict: 'PENDING', window: null, reason: 'The item has not reached DELIVERED yet: its window starts when it does.' });

    for (const state of ['STARTED', 'FINISHED', 'DELIVERED'] as const) target = await h.move({ ...target, projectId }, state);
    const deliveredAt = target.deliveredAt ?? '';
    const seq = await h.publish(projectId, [started('d1', new Date(Date.parse(deliveredAt) + 1).toISOString()), completed('d1', new Date(Date.parse(deliveredAt) + 2).toISOString())]);
    await h.settled(seq);
    const [open] = await evaluate(target.id);
    expect(open).toMatchObject({ verdict: 'MET', value: 100, windowComplete: false, window: { from: deliveredAt } });
    expect(Date.parse(open?.window?.to ?? '') - Date.parse(deliveredAt)).toBe(14 * 24 * 3600 * 1000);
    expect(open?.range?.from).toBe(deliveredAt);
  });

  it('gates acceptance: ACCEPTANCE_BLOCKED naming the metrics, accepted with an override reason, accepted when every metric is MET', async () => {
    // Blocked: one metric NOT_MET, one never evaluated.
    let blocked = await h.deliveredItem(projectId, 'Blocked until met');
    const fifty = await define(blocked, signup('Conversion at least 70 %', { target: 70 }));
    blocked = { ...blocked, version: fifty.itemVersion };
    await evaluate(blocked.id);
    const forty = await define(blocked, signup('Conversion at least 40 %'));
    blocked = { ...blocked, version: forty.itemVersion };
    const refused = await refusal(h.move(blocked, 'ACCEPTED'));
    expect(refused).toMatchObject({
      code: 'ACCEPTANCE_BLOCKED',
      details: {
        metrics: [
          { id: fifty.metric.id, name: 'Conversion at least 70 %', verdict: 'NOT_MET' },
          { id: forty.metric.id, name: 'Conversion at least 40 %', verdict: null },
        ],
      },
    });
    expect((await item(blocked.id)).state).toBe('DELIVERED');

    const overridden = await h.move(blocked, 'ACCEPTED', 'Signed off by the board: the trend is what matters');
    expect(overridden).toMatchObject({ state: 'ACCEPTED', acceptanceOverrideReason: 'Signed off by the board: the trend is what matters' });
    const [overrideEntry] = await history(blocked.id);
    expect(overrideEntry).toMatchObject({
      action: 'item.acceptance-overridden',
      actor: ACTORS.pam.actorId,
      detail: { reason: 'Signed off by the board: the trend is what matters', metrics: [{ verdict: 'NOT_MET' }, { verdict: null }] },
    });

    // Met: every metric's latest evaluation of its current definition is MET.
    let met = await h.deliveredItem(projectId, 'Met');
    const metMetric = await define(met, signup('Conversion at least 40 %'));
    met = { ...met, version: metMetric.itemVersion };
    expect((await evaluate(met.id)).map((e) => e.verdict)).toEqual(['MET']);
    // An edit after the evaluation needs a new one: the gate looks at the current definition only.
    const edited = await h.backlog.rpc.request(RPC.backlogSuccessMetricsEdit, {
      projectId,
      metricId: metMetric.metric.id,
      expectedVersion: met.version,
      definition: signup('Conversion at least 30 %', { target: 30 }),
    });
    met = { ...met, version: edited.itemVersion };
    expect(edited.metric).toMatchObject({ revision: 2, latestEvaluation: { metricRevision: 1 } });
    expect(await refusal(h.move(met, 'ACCEPTED'))).toMatchObject({ code: 'ACCEPTANCE_BLOCKED', details: { metrics: [{ verdict: null }] } });
    expect((await evaluate(met.id)).map((e) => [e.verdict, e.metricRevision, e.target])).toEqual([['MET', 2, 30]]);
    const accepted = await h.move(met, 'ACCEPTED');
    expect(accepted).toMatchObject({ state: 'ACCEPTED', acceptanceOverrideReason: null });
    expect((await history(met.id))[0]).toMatchObject({ action: 'item.accepted', detail: { metrics: [{ id: metMetric.metric.id, verdict: 'MET' }] } });

    // No metrics: nothing to block.
    const plain = await h.deliveredItem(projectId, 'No metrics');
    expect(await h.move(plain, 'ACCEPTED')).toMatchObject({ state: 'ACCEPTED' });
  });

  it('records define, edit and evaluate as activity of the acting person, handed to the audit outbox in the same transaction', async () => {
    let target = await h.backlog.createItem(projectId, { title: 'Audited', state: 'BACKLOG' });
    const defined = await define(target, signup('Audited metric'), ACTORS.eli);
    target = { ...target, version: defined.itemVersion };
    const edited = await h.backlog.rpc.request(
      RPC.backlogSuccessMetricsEdit,
      { projectId, metricId: defined.metric.id, expectedVersion: target.version, definition: signup('Audited metric, stricter', { target: 45 }) },
      as(ACTORS.pam),
    );
    expect(edited.metric).toMatchObject({ revision: 2, updatedBy: ACTORS.pam.actorId, definition: { target: 45 } });
    await evaluate(target.id, ACTORS.dee);
    const entries = await history(target.id);
    const byAction = (action: string) => entries.find((a) => a.action === action);
    expect(byAction('metric.defined')).toMatchObject({ actor: ACTORS.eli.actorId, detail: { metricId: defined.metric.id } });
    expect(byAction('metric.edited')).toMatchObject({
      actor: ACTORS.pam.actorId,
      changes: [{ field: 'definition', old: expect.objectContaining({ target: 40 }), new: expect.objectContaining({ target: 45 }) }],
    });
    expect(byAction('metric.evaluated')).toMatchObject({ actor: ACTORS.dee.actorId, detail: { verdict: 'MET', value: 60, target: 45 } });
    // The outbox publishes each committed row to the AUDIT stream (subject backlog-item:<id>) and marks it.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rows: Array<{ action: string; audit_published: boolean }> = await h.backlog
        .dataSource()
        .query(`SELECT action, audit_published FROM backlog_activity WHERE item_id = $1 AND action LIKE 'metric.%'`, [target.id]);
      if (rows.length === 3 && rows.every((r) => r.audit_published)) break;
      if (Date.now() > deadline) throw new Error(`activity not published: ${JSON.stringify(rows)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
});
