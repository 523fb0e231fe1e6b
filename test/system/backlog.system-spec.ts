import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditEntryLeafHash, createAuditEntry, hashToHex, verifyInclusion, verifyTreeHead } from '@fulcrum/audit-log';
import { type Harness, startHarness } from './platform.harness';
import { type TeamMember, type TeamRole, assembleTeam, sendWithPosthog, settledDataVersion } from './support/backlog-team';

const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const hex = (h: string): Buffer => Buffer.from(h, 'hex');
const DAY_MS = 24 * 60 * 60 * 1000;

const ITEM = 'id key number track kind state version owners estimate createdBy deliveredAt acceptedAt acceptedBy acceptanceOverrideReason';
const CREATE_ITEM = `mutation($i: CreateBacklogItemInput!) { createBacklogItem(input: $i) { ${ITEM} } }`;
const READ_ITEM = `query($p: ID!, $id: ID!) { backlogItem(projectId: $p, id: $id) { ${ITEM} } }`;
const MOVE_ITEM = `mutation($i: MoveBacklogItemInput!) { moveBacklogItem(input: $i) { ${ITEM} } }`;
const ACCEPT_ITEM = `mutation($i: AcceptBacklogItemInput!) { acceptBacklogItem(input: $i) { ${ITEM} } }`;
const ADD_LINK = 'mutation($i: AddBacklogLinkInput!) { addBacklogLink(input: $i) { fromItemVersion link { id fromItemId toItemId type ordersWork createdBy } } }';
const GRAPH = `query($p: ID!, $i: BacklogGraphInput!) { backlogGraph(projectId: $p, input: $i) {
  nodes { id key track state ready directBlockers { key } transitiveBlockerCount }
  edges { fromItemId toItemId type ordersWork }
  criticalPath { items { key } totalWeight }
  trackWaits { waitingTrack onTrack items }
  truncated } }`;
const EVALUATION = 'id metricId verdict value target comparator dataVersion queryFingerprint trigger evaluatedBy reason windowComplete window { from to } range { from to }';
const EVALUATE = `mutation($p: ID!, $id: ID!) { evaluateSuccessMetrics(projectId: $p, itemId: $id) { ${EVALUATION} } }`;

interface Item {
  id: string;
  key: string;
  number: number;
  track: string;
  kind: string;
  state: string;
  version: number;
  owners: string[];
  estimate: string | null;
  createdBy: string;
  deliveredAt: string | null;
  acceptedAt: string | null;
  acceptedBy: string | null;
  acceptanceOverrideReason: string | null;
}

interface Graph {
  nodes: Array<{ id: string; key: string; track: string; state: string; ready: boolean; directBlockers: Array<{ key: string }>; transitiveBlockerCount: number }>;
  edges: Array<{ fromItemId: string; toItemId: string; type: string; ordersWork: boolean }>;
  criticalPath: { items: Array<{ key: string }>; totalWeight: number };
  trackWaits: Array<{ waitingTrack: string; onTrack: string; items: number }>;
  truncated: boolean;
}

interface Evaluation {
  id: string;
  metricId: string;
  verdict: string;
  value: number | null;
  target: number;
  comparator: string;
  dataVersion: string | null;
  queryFingerprint: string | null;
  trigger: string;
  evaluatedBy: string;
  reason: string | null;
  windowComplete: boolean;
  window: { from: string; to: string } | null;
  range: { from: string; to: string } | null;
}

interface Activity {
  id: string;
  action: string;
  actor: string;
  actorName: string | null;
  changes: Array<{ field: string; oldValue: unknown; newValue: unknown }>;
  detail: Record<string, unknown>;
}

interface TrailEntry {
  v: 1 | 2;
  seq: number;
  at: string;
  actor: string;
  actorName: string | null;
  projectId: string | null;
  action: string;
  subject: string;
  payloadHash: string;
  leafHash: string;
  payload: Record<string, unknown> | null;
}

/** The funnel the feature is measured by: people who saw the sign-up page, and of them those who signed up. */
const FUNNEL_STEPS = [{ event: 'signup page viewed' }, { event: 'signed up' }];
const VISITORS = 10;
const SIGN_UPS = 6;

/**
 * The shared backlog end to end (issue "The shared backlog", section 8): a balanced team ships a
 * feature on the running platform (the launcher's `startPlatform`, what `npm run up` runs; every
 * service its own process, real NATS, embedded PGlite, DuckDB), each member through GraphQL with a
 * token of their own. The PM writes a hypothesis and the feature; the designer a design item; the
 * engineer an engineering item the design blocks and that implements the feature; the data
 * scientist the instrumentation the release waits for. A cycle is refused with its path, the
 * dependency view says who waits on whom, events arrive through posthog-node, the data scientist's
 * funnel analysis is attached as evidence and still answers the same, the feature's success metric
 * is NOT_MET (and blocks acceptance) until the sign-ups arrive, then MET from those real events;
 * the PM accepts; the compliance reviewer reads the history and proves the acceptance on the
 * audit trail, with the CLI.
 */
describe('a balanced team shipping a feature through the shared backlog (launcher)', () => {
  let h: Harness;
  let team: Record<TeamRole, TeamMember>;
  let projectId: string;
  /** The items by role in the story, as last read (their `version` is the next `expectedVersion`). */
  const items: Record<'hypothesis' | 'feature' | 'design' | 'engineering' | 'instrumentation', Item> = {} as never;
  let metricId: string;
  let deliveredAt: Date;
  let visitorsVersion: string;
  let signUpsVersion: string;
  let pending: Evaluation;
  let notMet: Evaluation;
  let met: Evaluation;
  let evidenceId: string;

  /** Moves an item through states in order, as `member`, keeping its version; the item as it ends. */
  async function move(member: TeamMember, name: keyof typeof items, ...states: string[]): Promise<Item> {
    for (const state of states) {
      const current = items[name];
      const { moveBacklogItem } = await member.data<{ moveBacklogItem: Item }>(MOVE_ITEM, {
        i: { projectId, itemId: current.id, expectedVersion: current.version, state },
      });
      expect({ state: moveBacklogItem.state, version: moveBacklogItem.version }).toEqual({ state, version: current.version + 1 });
      items[name] = moveBacklogItem;
    }
    return items[name];
  }

  async function link(member: TeamMember, from: keyof typeof items, type: string, to: keyof typeof items): Promise<void> {
    const { addBacklogLink } = await member.data<{ addBacklogLink: { fromItemVersion: number; link: { fromItemId: string; toItemId: string; type: string; ordersWork: boolean; createdBy: string } } }>(
      ADD_LINK,
      { i: { projectId, fromItemId: items[from].id, toItemId: items[to].id, type, expectedVersion: items[from].version } },
    );
    expect(addBacklogLink.link).toEqual({
      id: expect.any(String),
      fromItemId: items[from].id,
      toItemId: items[to].id,
      type,
      ordersWork: type === 'BLOCKS' || type === 'INSTRUMENTS',
      createdBy: member.actor,
    });
    expect(addBacklogLink.fromItemVersion).toBe(items[from].version + 1);
    items[from] = { ...items[from], version: addBacklogLink.fromItemVersion };
  }

  async function graph(member: TeamMember): Promise<Graph> {
    const ids = Object.values(items).map((i) => i.id);
    return (await member.data<{ backlogGraph: Graph }>(GRAPH, { p: projectId, i: { roots: ids, depth: 1 } })).backlogGraph;
  }

  /** Per item key: ready, the keys blocking it directly, how many open items it waits on in all. */
  function readiness(g: Graph): Record<string, { ready: boolean; blockedBy: string[]; waitsOn: number }> {
    return Object.fromEntries(g.nodes.map((n) => [n.key, { ready: n.ready, blockedBy: n.directBlockers.map((b) => b.key).sort(), waitsOn: n.transitiveBlockerCount }]));
  }

  const waits = (g: Graph): string[] => g.trackWaits.map((w) => `${w.waitingTrack} waits on ${w.onTrack}: ${w.items}`).sort();

  beforeAll(async () => {
    h = await startHarness();
    const { graphqlUrl, adminToken } = h.platform.credentials;
    projectId = h.platform.credentials.projectId;
    team = await assembleTeam(graphqlUrl, adminToken, projectId);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('lets each discipline write its item, numbered per project with the project key', async () => {
    const create = async (member: TeamMember, input: Record<string, unknown>): Promise<Item> =>
      (await member.data<{ createBacklogItem: Item }>(CREATE_ITEM, { i: { projectId, state: 'BACKLOG', owners: [member.member.userId], ...input } })).createBacklogItem;
    items.hypothesis = await create(team.pm, { track: 'PRODUCT', kind: 'HYPOTHESIS', title: 'Showing the price before sign-up makes more visitors sign up' });
    items.feature = await create(team.pm, { track: 'PRODUCT', kind: 'FEATURE', title: 'Show the price on the sign-up page', estimate: '3', labels: ['Sign-up'] });
    items.design = await create(team.designer, { track: 'DESIGN', kind: 'FEATURE', title: 'Design the price panel of the sign-up page' });
    items.engineering = await create(team.engineer, { track: 'ENGINEERING', kind: 'FEATURE', title: 'Build the price panel', estimate: '5' });
    items.instrumentation = await create(team.dataScientist, { track: 'DATA', kind: 'INSTRUMENTATION', title: 'Track sign-up page views and sign-ups' });

    const projectKey = items.hypothesis.key.replace(/-1$/, '');
    expect(projectKey).toMatch(/^[A-Z][A-Z0-9]*$/);
    const authors: Record<keyof typeof items, TeamMember> = {
      hypothesis: team.pm,
      feature: team.pm,
      design: team.designer,
      engineering: team.engineer,
      instrumentation: team.dataScientist,
    };
    const expected = (['hypothesis', 'feature', 'design', 'engineering', 'instrumentation'] as const).map((name, i) => ({
      key: `${projectKey}-${i + 1}`,
      number: i + 1,
      state: 'BACKLOG',
      version: 1,
      createdBy: authors[name].actor,
      owners: [authors[name].member.userId],
    }));
    expect(Object.values(items).map(({ key, number, state, version, createdBy, owners }) => ({ key, number, state, version, createdBy, owners }))).toEqual(expected);
    expect([items.feature.estimate, items.engineering.estimate, items.design.estimate]).toEqual(['3', '5', null]);

    // The compliance reviewer reads the backlog but writes none of it.
    const refused = await team.compliance.refusal(CREATE_ITEM, { i: { projectId, track: 'PRODUCT', kind: 'CHORE', title: 'Not mine to write' } });
    expect(refused.code).toBe('FORBIDDEN');
  });

  it('links the work across tracks: the design blocks engineering, engineering implements the feature, the release waits for its instrumentation', async () => {
    await link(team.engineer, 'design', 'BLOCKS', 'engineering');
    await link(team.engineer, 'engineering', 'IMPLEMENTS', 'feature');
    await link(team.dataScientist, 'instrumentation', 'INSTRUMENTS', 'feature');
    await link(team.dataScientist, 'instrumentation', 'VALIDATES', 'hypothesis');
  });

  it('refuses a link that would close a cycle of ordering links, with the cycle as item keys; a non-ordering link is no cycle', async () => {
    const { engineering, design, feature, instrumentation } = items;
    const blocksBack = await team.engineer.refusal(ADD_LINK, {
      i: { projectId, fromItemId: engineering.id, toItemId: design.id, type: 'BLOCKS', expectedVersion: engineering.version },
    });
    expect(blocksBack).toMatchObject({ code: 'BAD_USER_INPUT', domainCode: 'LINK_CYCLE' });
    expect(blocksBack.details).toEqual({ type: 'BLOCKS', cycle: [engineering.key, design.key, engineering.key] });

    // BLOCKS and INSTRUMENTS both order work: together they close a cycle too.
    const releaseFirst = await team.pm.refusal(ADD_LINK, {
      i: { projectId, fromItemId: feature.id, toItemId: instrumentation.id, type: 'BLOCKS', expectedVersion: feature.version },
    });
    expect(releaseFirst).toMatchObject({ code: 'BAD_USER_INPUT', domainCode: 'LINK_CYCLE' });
    expect(releaseFirst.details).toEqual({ type: 'BLOCKS', cycle: [feature.key, instrumentation.key, feature.key] });

    // The refused links changed nothing (the versions sent are still current); a RELATES_TO back is no cycle.
    expect((await team.pm.data<{ backlogItem: Item }>(READ_ITEM, { p: projectId, id: engineering.id })).backlogItem.version).toBe(engineering.version);
    await link(team.engineer, 'engineering', 'RELATES_TO', 'design');
  });

  it('shows in the dependency view that engineering waits on design and the release on data, with the critical path', async () => {
    const g = await graph(team.pm);
    const { hypothesis, feature, design, engineering, instrumentation } = items;
    expect(g.truncated).toBe(false);
    expect(readiness(g)).toEqual({
      [hypothesis.key]: { ready: true, blockedBy: [], waitsOn: 0 },
      [feature.key]: { ready: false, blockedBy: [instrumentation.key], waitsOn: 1 },
      [design.key]: { ready: true, blockedBy: [], waitsOn: 0 },
      [engineering.key]: { ready: false, blockedBy: [design.key], waitsOn: 1 },
      [instrumentation.key]: { ready: true, blockedBy: [], waitsOn: 0 },
    });
    expect(waits(g)).toEqual(['ENGINEERING waits on DESIGN: 1', 'PRODUCT waits on DATA: 1']);
    const edge = (from: Item, type: string, to: Item, ordersWork: boolean): string => `${from.key} ${type} ${to.key} ${ordersWork}`;
    expect(g.edges.map((e) => `${g.nodes.find((n) => n.id === e.fromItemId)?.key} ${e.type} ${g.nodes.find((n) => n.id === e.toItemId)?.key} ${e.ordersWork}`).sort()).toEqual(
      [
        edge(design, 'BLOCKS', engineering, true),
        edge(engineering, 'IMPLEMENTS', feature, false),
        edge(engineering, 'RELATES_TO', design, false),
        edge(instrumentation, 'INSTRUMENTS', feature, true),
        edge(instrumentation, 'VALIDATES', hypothesis, false),
      ].sort(),
    );
    // Design (unestimated: weighs 1) then engineering (5 points) outweighs instrumentation (1) then the feature (3).
    expect(g.criticalPath).toEqual({ items: [{ key: design.key }, { key: engineering.key }], totalWeight: 6 });
  });

  it('moves the work through the state machine as each role does it, until the feature is delivered and nothing waits', async () => {
    const refused = await team.engineer.refusal(MOVE_ITEM, {
      i: { projectId, itemId: items.engineering.id, expectedVersion: items.engineering.version, state: 'FINISHED' },
    });
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', domainCode: 'INVALID_TRANSITION' });
    expect(refused.details).toEqual({ from: 'BACKLOG', to: 'FINISHED', allowed: ['ICEBOX', 'STARTED', 'ARCHIVED'] });

    await move(team.designer, 'design', 'STARTED', 'FINISHED');
    const afterDesign = readiness(await graph(team.engineer));
    expect(afterDesign[items.engineering.key]).toEqual({ ready: true, blockedBy: [], waitsOn: 0 });
    expect(afterDesign[items.feature.key]).toEqual({ ready: false, blockedBy: [items.instrumentation.key], waitsOn: 1 });

    await move(team.dataScientist, 'instrumentation', 'STARTED', 'FINISHED');
    await move(team.engineer, 'engineering', 'STARTED', 'FINISHED');
    const done = await graph(team.pm);
    expect(readiness(done)[items.feature.key]).toEqual({ ready: true, blockedBy: [], waitsOn: 0 });
    expect(waits(done)).toEqual([]);
    // Only the hypothesis (1) and the feature (3 points) are open: the feature alone is the heaviest chain.
    expect(done.criticalPath).toEqual({ items: [{ key: items.feature.key }], totalWeight: 3 });
  });

  it('lets the data scientist define the feature’s success metric, PENDING until the feature is delivered', async () => {
    const { defineSuccessMetric } = await team.dataScientist.data<{
      defineSuccessMetric: { itemVersion: number; metric: { id: string; revision: number; createdBy: string; definition: Record<string, unknown> } };
    }>(
      `mutation($i: DefineSuccessMetricInput!) { defineSuccessMetric(input: $i) { itemVersion metric { id revision createdBy
        definition { name insightKind comparator target statistic { kind unit } window { anchor days offsetDays from to } } } } }`,
      {
        i: {
          projectId,
          itemId: items.feature.id,
          expectedVersion: items.feature.version,
          definition: {
            name: 'Sign-up conversion',
            insight: { funnel: { steps: FUNNEL_STEPS } },
            statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION' },
            comparator: 'AT_LEAST',
            target: 50,
            window: { anchor: 'DELIVERED', days: 14 },
          },
        },
      },
    );
    metricId = defineSuccessMetric.metric.id;
    expect(defineSuccessMetric.metric).toMatchObject({
      revision: 1,
      createdBy: team.dataScientist.actor,
      definition: {
        name: 'Sign-up conversion',
        insightKind: 'FUNNEL',
        comparator: 'AT_LEAST',
        target: 50,
        statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION', unit: 'PERCENT' },
        window: { anchor: 'DELIVERED', days: 14, offsetDays: 0, from: null, to: null },
      },
    });
    expect(defineSuccessMetric.itemVersion).toBe(items.feature.version + 1);
    items.feature = { ...items.feature, version: defineSuccessMetric.itemVersion };

    const { evaluateSuccessMetrics } = await team.dataScientist.data<{ evaluateSuccessMetrics: Evaluation[] }>(EVALUATE, { p: projectId, id: items.feature.id });
    expect(evaluateSuccessMetrics).toEqual([
      expect.objectContaining({ metricId, verdict: 'PENDING', value: null, window: null, range: null, dataVersion: null, trigger: 'REQUEST', evaluatedBy: team.dataScientist.actor }),
    ]);
    expect(evaluateSuccessMetrics[0]?.reason).toMatch(/DELIVERED/);
    pending = evaluateSuccessMetrics[0] as Evaluation;

    // The PM plans it; the engineer who built it ships it.
    await move(team.engineer, 'feature', 'STARTED', 'FINISHED', 'DELIVERED');
    expect(items.feature.deliveredAt).not.toBeNull();
    deliveredAt = new Date(items.feature.deliveredAt as string);
  });

  it('measures visitors without sign-ups as NOT_MET, and the PM cannot accept the feature then', async () => {
    // The events happen after the delivery (inside the 14-day window) and are sent once they are in the past.
    const at = (offsetMs: number): Date => new Date(deliveredAt.getTime() + offsetMs);
    while (Date.now() < deliveredAt.getTime() + 4_000) await new Promise((r) => setTimeout(r, 100));
    const { ingestUrl, writeKey } = h.platform.credentials;
    await sendWithPosthog(
      ingestUrl,
      writeKey,
      Array.from({ length: VISITORS }, (_, i) => ({ distinctId: `visitor-${i}`, event: 'signup page viewed', timestamp: at(1_000 + 10 * i) })),
    );
    visitorsVersion = await settledDataVersion(team.dataScientist, h.platform.natsUrl, projectId);

    const [evaluation] = (await team.dataScientist.data<{ evaluateSuccessMetrics: Evaluation[] }>(EVALUATE, { p: projectId, id: items.feature.id })).evaluateSuccessMetrics;
    notMet = evaluation as Evaluation;
    expect(notMet).toMatchObject({
      metricId,
      verdict: 'NOT_MET',
      value: 0,
      target: 50,
      comparator: 'AT_LEAST',
      dataVersion: visitorsVersion,
      trigger: 'REQUEST',
      windowComplete: false,
      window: { from: deliveredAt.toISOString(), to: new Date(deliveredAt.getTime() + 14 * DAY_MS).toISOString() },
    });
    expect(notMet.range?.from).toBe(deliveredAt.toISOString());

    const blocked = await team.pm.refusal(ACCEPT_ITEM, { i: { projectId, itemId: items.feature.id, expectedVersion: items.feature.version } });
    expect(blocked).toMatchObject({ code: 'BAD_USER_INPUT', domainCode: 'ACCEPTANCE_BLOCKED' });
    expect(blocked.details).toEqual({ metrics: [{ id: metricId, name: 'Sign-up conversion', verdict: 'NOT_MET' }] });
  });

  it('lets the data scientist attach a funnel analysis of the sign-ups as evidence that still answers the same', async () => {
    const at = (offsetMs: number): Date => new Date(deliveredAt.getTime() + offsetMs);
    const { ingestUrl, writeKey } = h.platform.credentials;
    await sendWithPosthog(
      ingestUrl,
      writeKey,
      Array.from({ length: SIGN_UPS }, (_, i) => ({ distinctId: `visitor-${i}`, event: 'signed up', timestamp: at(2_000 + 10 * i) })),
    );
    signUpsVersion = await settledDataVersion(team.dataScientist, h.platform.natsUrl, projectId);
    expect(BigInt(signUpsVersion)).toBeGreaterThan(BigInt(visitorsVersion));

    const funnel = {
      steps: FUNNEL_STEPS,
      from: new Date(deliveredAt.getTime() - 60 * 60 * 1000).toISOString(),
      to: new Date(deliveredAt.getTime() + 60 * 60 * 1000).toISOString(),
    };
    const { saveAnalysis } = await team.dataScientist.data<{
      saveAnalysis: { id: string; dataVersion: string; queryFingerprint: string; result: { steps: Array<{ event: string; count: number; conversionRate: number }> } };
    }>(
      'mutation($i: SaveAnalysisInput!) { saveAnalysis(input: $i) { id dataVersion queryFingerprint result { ... on FunnelResult { steps { event count conversionRate } } } } }',
      { i: { projectId, title: 'Sign-up page → sign-up, first hour after release', narrative: 'Six of ten visitors signed up.', insight: { funnel } } },
    );
    expect(saveAnalysis.dataVersion).toBe(signUpsVersion);
    expect(saveAnalysis.result.steps.map((s) => [s.event, s.count])).toEqual([
      ['signup page viewed', VISITORS],
      ['signed up', SIGN_UPS],
    ]);
    expect(saveAnalysis.result.steps[1]?.conversionRate).toBeCloseTo(SIGN_UPS / VISITORS, 12);

    const { attachAnalysisEvidence } = await team.dataScientist.data<{
      attachAnalysisEvidence: { itemVersion: number; evidence: { id: string; kind: string; stance: string; attachedBy: string; source: Record<string, unknown> } };
    }>(
      `mutation($i: AttachAnalysisEvidenceInput!) { attachAnalysisEvidence(input: $i) { itemVersion evidence { id kind stance attachedBy
        source { ... on AnalysisEvidenceSource { analysisId dataVersion queryFingerprint insightKind } } } } }`,
      {
        i: {
          projectId,
          itemId: items.feature.id,
          expectedVersion: items.feature.version,
          analysisId: saveAnalysis.id,
          stance: 'SUPPORTS',
          narrative: '60 % of the visitors of the new sign-up page signed up.',
        },
      },
    );
    evidenceId = attachAnalysisEvidence.evidence.id;
    expect(attachAnalysisEvidence.evidence).toMatchObject({
      kind: 'ANALYSIS',
      stance: 'SUPPORTS',
      attachedBy: team.dataScientist.actor,
      source: { analysisId: saveAnalysis.id, dataVersion: signUpsVersion, queryFingerprint: saveAnalysis.queryFingerprint, insightKind: 'FUNNEL' },
    });
    expect(attachAnalysisEvidence.itemVersion).toBe(items.feature.version + 1);
    items.feature = { ...items.feature, version: attachAnalysisEvidence.itemVersion };

    // Both directions: the analysis knows the item it supports.
    const { analysisBacklogItems } = await team.pm.data<{ analysisBacklogItems: Array<{ key: string; evidence: Array<{ evidenceId: string; stance: string; withdrawn: boolean }> }> }>(
      'query($p: ID!, $a: ID!) { analysisBacklogItems(projectId: $p, analysisId: $a) { key evidence { evidenceId stance withdrawn } } }',
      { p: projectId, a: saveAnalysis.id },
    );
    expect(analysisBacklogItems).toEqual([{ key: items.feature.key, evidence: [{ evidenceId, stance: 'SUPPORTS', withdrawn: false }] }]);

    const { evidenceFreshness } = await team.pm.data<{
      evidenceFreshness: { status: string; differences: string[]; attached: { dataVersion: string; queryFingerprint: string }; current: { dataVersion: string; queryFingerprint: string } };
    }>(
      'query($p: ID!, $e: ID!) { evidenceFreshness(projectId: $p, evidenceId: $e) { status differences attached { dataVersion queryFingerprint } current { dataVersion queryFingerprint } } }',
      { p: projectId, e: evidenceId },
    );
    expect(evidenceFreshness).toEqual({
      status: 'SAME',
      differences: [],
      attached: { dataVersion: signUpsVersion, queryFingerprint: saveAnalysis.queryFingerprint },
      current: { dataVersion: signUpsVersion, queryFingerprint: saveAnalysis.queryFingerprint },
    });
  });

  it('evaluates the success metric MET from those events (60 % ≥ 50 %), reproducibly at its data version', async () => {
    const [evaluation] = (await team.dataScientist.data<{ evaluateSuccessMetrics: Evaluation[] }>(EVALUATE, { p: projectId, id: items.feature.id })).evaluateSuccessMetrics;
    met = evaluation as Evaluation;
    expect(met).toMatchObject({
      metricId,
      verdict: 'MET',
      value: (100 * SIGN_UPS) / VISITORS,
      target: 50,
      dataVersion: signUpsVersion,
      trigger: 'REQUEST',
      evaluatedBy: team.dataScientist.actor,
      reason: null,
    });
    expect(met.queryFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);

    const { reproduceSuccessMetricEvaluation } = await team.compliance.data<{ reproduceSuccessMetricEvaluation: { same: boolean; recomputed: { value: number; verdict: string; dataVersion: string } } }>(
      'query($p: ID!, $e: ID!) { reproduceSuccessMetricEvaluation(projectId: $p, evaluationId: $e) { same recomputed { value verdict dataVersion } } }',
      { p: projectId, e: met.id },
    );
    expect(reproduceSuccessMetricEvaluation).toEqual({ same: true, recomputed: { value: 60, verdict: 'MET', dataVersion: signUpsVersion } });
  });

  it('lets only the PM accept, through the gate, now that the metric is MET', async () => {
    const notTheirs = await team.engineer.refusal(ACCEPT_ITEM, { i: { projectId, itemId: items.feature.id, expectedVersion: items.feature.version } });
    expect(notTheirs.code).toBe('FORBIDDEN');

    const { acceptBacklogItem } = await team.pm.data<{ acceptBacklogItem: Item }>(ACCEPT_ITEM, { i: { projectId, itemId: items.feature.id, expectedVersion: items.feature.version } });
    expect(acceptBacklogItem).toMatchObject({ state: 'ACCEPTED', acceptedBy: team.pm.actor, acceptanceOverrideReason: null, version: items.feature.version + 1 });
    items.feature = acceptBacklogItem;
  });

  it('lets the compliance reviewer read the history, find the acceptance on the audit trail and prove it with the CLI', async () => {
    const { feature } = items;
    const subject = `backlog-item:${feature.id}`;
    const readHistory = async (): Promise<Activity[]> => {
      const { backlogItemHistory } = await team.compliance.data<{ backlogItemHistory: { totalCount: number; nodes: Activity[] } }>(
        'query($p: ID!, $id: ID!) { backlogItemHistory(projectId: $p, itemId: $id, order: OLDEST_FIRST, first: 200) { totalCount nodes { id action actor actorName changes { field oldValue newValue } detail } } }',
        { p: projectId, id: feature.id },
      );
      expect(backlogItemHistory.totalCount).toBe(backlogItemHistory.nodes.length);
      return backlogItemHistory.nodes;
    };
    const readTrail = async (): Promise<TrailEntry[]> => {
      const entries: TrailEntry[] = [];
      let after: string | null = null;
      for (;;) {
        const page: { auditTrail: { nodes: TrailEntry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await team.compliance.data(
          `query($p: ID!, $after: String) { auditTrail(projectId: $p, first: 1000, after: $after) {
            nodes { v seq at actor actorName projectId action subject payloadHash leafHash payload } pageInfo { hasNextPage endCursor } } }`,
          { p: projectId, after },
        );
        entries.push(...page.auditTrail.nodes);
        if (!page.auditTrail.pageInfo.hasNextPage || page.auditTrail.pageInfo.endCursor === null) break;
        after = page.auditTrail.pageInfo.endCursor;
      }
      return entries.filter((e) => e.subject === subject);
    };
    // Every change of the item reaches the governance audit trail through the backlog's outbox, exactly
    // once and in order; governance keeps the activity's id as the message id. Polled until the outbox
    // has caught up (a live re-evaluation may add to both meanwhile), then compared.
    const fromHistory = (a: Activity): unknown[] => [a.action, a.actor, a.id];
    const fromTrail = (e: TrailEntry): unknown[] => [e.action, e.actor, e.payload?.['sourceMessageId']];
    let history: Activity[] = [];
    let trail: TrailEntry[] = [];
    const deadline = Date.now() + 60_000;
    for (;;) {
      history = await readHistory();
      trail = await readTrail();
      if (JSON.stringify(trail.map(fromTrail)) === JSON.stringify(history.map(fromHistory)) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(trail.map(fromTrail)).toEqual(history.map(fromHistory));

    // Live re-evaluations (the service's own, when the data version advances) may be interleaved: they are only evaluations.
    const live = history.filter((a) => a.actor === 'service:backlog');
    expect(live.every((a) => a.action === 'metric.evaluated')).toBe(true);
    const byPeople = history.filter((a) => a.actor !== 'service:backlog');
    const { pm, engineer, dataScientist } = team;
    const moved = (from: string, to: string): [string, string, unknown] => ['item.state-moved', engineer.actor, [{ field: 'state', oldValue: from, newValue: to }]];
    expect(byPeople.map((a) => [a.action, a.actor, a.action === 'item.state-moved' || a.action === 'item.accepted' ? a.changes : undefined])).toEqual([
      ['item.created', pm.actor, undefined],
      ['metric.defined', dataScientist.actor, undefined],
      ['metric.evaluated', dataScientist.actor, undefined],
      moved('BACKLOG', 'STARTED'),
      moved('STARTED', 'FINISHED'),
      moved('FINISHED', 'DELIVERED'),
      ['metric.evaluated', dataScientist.actor, undefined],
      ['evidence.attached', dataScientist.actor, undefined],
      ['metric.evaluated', dataScientist.actor, undefined],
      ['item.accepted', pm.actor, [{ field: 'state', oldValue: 'DELIVERED', newValue: 'ACCEPTED' }]],
    ]);
    const accepted = byPeople[byPeople.length - 1] as Activity;
    expect(accepted.actorName).toBe(pm.displayName);
    // The acceptance names the evaluation it passed the gate on: a MET evaluation of the metric at the sign-ups' data version.
    const gateMetrics = accepted.detail['metrics'] as Array<{ id: string; name: string; verdict: string; evaluationId: string }>;
    expect(gateMetrics).toEqual([expect.objectContaining({ id: metricId, name: 'Sign-up conversion', verdict: 'MET' })]);
    const { successMetricEvaluations } = await team.compliance.data<{ successMetricEvaluations: { nodes: Array<{ id: string; verdict: string; dataVersion: string | null; trigger: string }> } }>(
      'query($p: ID!, $m: ID!) { successMetricEvaluations(projectId: $p, metricId: $m, first: 200) { nodes { id verdict dataVersion trigger } } }',
      { p: projectId, m: metricId },
    );
    const gateEvaluation = successMetricEvaluations.nodes.find((e) => e.id === gateMetrics[0]?.evaluationId);
    expect(gateEvaluation).toMatchObject({ verdict: 'MET', dataVersion: signUpsVersion });
    const requested = successMetricEvaluations.nodes.filter((e) => e.trigger === 'REQUEST').map((e) => e.id);
    expect([...requested].sort()).toEqual([pending.id, notMet.id, met.id].sort());

    const acceptance = trail.find((e) => e.action === 'item.accepted') as TrailEntry;
    expect(acceptance).toMatchObject({ v: 2, actor: pm.actor, actorName: pm.displayName, projectId, subject });
    expect(acceptance.payload).toMatchObject({
      payload: { projectId, itemId: feature.id, itemKey: feature.key, changes: [{ field: 'state', old: 'DELIVERED', new: 'ACCEPTED' }], detail: { metrics: gateMetrics } },
    });

    // The entry's inclusion proof, checked here against the signed head…
    const { auditPublicKey } = await team.compliance.data<{ auditPublicKey: { publicKeyPem: string } }>('query { auditPublicKey { publicKeyPem } }');
    const { auditProof } = await team.compliance.data<{
      auditProof: { entry: TrailEntry; inclusion: { leafIndex: number; treeSize: number; leafHash: string; path: string[] }; treeHead: { treeSize: number; rootHash: string; timestamp: string; signature: string } };
    }>(
      `query($p: ID!, $s: Int!) { auditProof(projectId: $p, seq: $s) { entry { v seq at actor actorName projectId action subject payloadHash leafHash }
        inclusion { leafIndex treeSize leafHash path } treeHead { treeSize rootHash timestamp signature } } }`,
      { p: projectId, s: acceptance.seq },
    );
    const { treeHead, inclusion } = auditProof;
    expect(verifyTreeHead(treeHead, auditPublicKey.publicKeyPem)).toBe(true);
    expect(hashToHex(auditEntryLeafHash(createAuditEntry(acceptance)))).toBe(inclusion.leafHash);
    expect(inclusion.leafIndex).toBe(acceptance.seq);
    expect(verifyInclusion(hex(inclusion.leafHash), inclusion.leafIndex, inclusion.treeSize, inclusion.path.map(hex), hex(treeHead.rootHash))).toBe(true);

    // …and by the CLI, with the compliance reviewer's token and the pinned key: every entry of the
    // project, the acceptance among them, proven against one signed head.
    const keyFile = join(h.dir.path, 'audit-key.pem');
    writeFileSync(keyFile, auditPublicKey.publicKeyPem);
    const cli = spawnSync(
      process.execPath,
      [CLI, 'audit', 'verify-project', '--project', projectId, '--public-key', keyFile, '--graphql-url', h.platform.credentials.graphqlUrl, '--token', team.compliance.token],
      { encoding: 'utf8' },
    );
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
    const proved = new RegExp(`^OK: (\\d+) entries of project ${projectId} proven in the signed tree head of size (\\d+), root [0-9a-f]{64}, key sha256:[0-9a-f]{64} \\(pinned by --public-key\\)`);
    expect(cli.stdout).toMatch(proved);
    const ok = proved.exec(cli.stdout);
    const [proven, headSize] = [Number(ok?.[1]), Number(ok?.[2])];
    expect(headSize).toBeGreaterThan(acceptance.seq);
    expect(proven).toBeGreaterThanOrEqual(trail.length);
  });
});
