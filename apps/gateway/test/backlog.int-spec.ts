import { randomUUID } from 'node:crypto';
import { type DomainErrorPayload, type EvidenceSourceDto, RPC, type TrendReply } from '@fulcrum/contracts';
import { FakeRpcError, type MemberToken, createMemberToken } from '@fulcrum/testing';
import type { RunningGateway } from '../src/gateway.bootstrap';
import { FakeBacklog, ITEM_ID, METRIC_ID, OTHER_ITEM_ID, evaluationDto, evidenceDto, itemDto, metricDto } from './support/fake-backlog';
import { ADMIN_TOKEN, type PeopleHarness, gqlOf, startPeopleHarness } from './support/gateway-people.harness';

type Member = 'pm' | 'designer' | 'engineer' | 'ds' | 'compliance' | 'outsider';
const ROLES: Record<Exclude<Member, 'outsider'>, string> = {
  pm: 'PM',
  designer: 'DESIGNER',
  engineer: 'ENGINEER',
  ds: 'DATA_SCIENTIST',
  compliance: 'COMPLIANCE',
};

const ITEM_FIELDS = 'id projectId key number track kind title description estimate owners labels state rank version deliveredAt acceptedAt acceptedBy acceptanceOverrideReason createdAt createdBy updatedAt';

/**
 * The backlog's GraphQL API (issue "The shared backlog", sections 2-5 and 7) against a real
 * nats-server and gateway, with a fake backlog service (support/fake-backlog.ts) that records what
 * the gateway sends and on whose behalf. The authorization matrix int-spec probes every field for
 * every role; here: the backlog's role rules as the team meets them, what only the gateway checks
 * (owners are members, decisions have their own mutations), what reaches the service, and that the
 * service's error details reach the client.
 */
describe('the backlog API (real nats-server and gateway, fake backlog service)', () => {
  let h: PeopleHarness;
  let gateway: RunningGateway;
  let gql: ReturnType<typeof gqlOf>;
  let backlog: FakeBacklog;
  let projectId: string;
  const members = {} as Record<Member, MemberToken>;

  const as = (member: Member) => ({ token: members[member].token });

  beforeAll(async () => {
    h = await startPeopleHarness();
    gateway = await h.startGateway();
    gql = gqlOf(gateway);
    backlog = new FakeBacklog(h.nc, ['backlog.>', 'analytics.>']);
    await h.nc.flush();
    const created = await gql<{ createProject: { project: { id: string } } }>({ token: ADMIN_TOKEN }, 'mutation { createProject(name: "Shop") { project { id } } }');
    projectId = created.data?.createProject.project.id as string;
    // Success metrics are computed in the project's zone: one that is not the default shows it is used.
    const zoned = await gql({ token: ADMIN_TOKEN }, 'mutation($p: ID!) { setProjectTimeZone(projectId: $p, timeZone: "Europe/Berlin") { timeZone } }', { p: projectId });
    expect(zoned.data).toEqual({ setProjectTimeZone: { timeZone: 'Europe/Berlin' } });
    const other = await gql<{ createProject: { project: { id: string } } }>({ token: ADMIN_TOKEN }, 'mutation { createProject(name: "Elsewhere") { project { id } } }');
    const url = `${gateway.url}/graphql`;
    const entries = await Promise.all([
      ...Object.entries(ROLES).map(async ([member, role]) => [member, await createMemberToken(url, ADMIN_TOKEN, { projectId, roles: [role], name: `Only ${role}` })] as const),
      (async () => ['outsider', await createMemberToken(url, ADMIN_TOKEN, { projectId: other.data?.createProject.project.id as string, roles: ['PM'], name: 'Olga Outsider' })] as const)(),
    ]);
    for (const [member, token] of entries) members[member as Member] = token;
  });

  afterEach(() => backlog.reset());

  afterAll(async () => {
    backlog?.stop();
    await h?.stop();
  });

  /** The backlog answers every item-changing subject with the item (so a call that passes the guard succeeds). */
  function answerWithItem(overrides: Parameters<typeof itemDto>[1] = {}) {
    for (const subject of [RPC.backlogItemsCreate, RPC.backlogItemsUpdate, RPC.backlogItemsMove, RPC.backlogItemsRank, RPC.backlogItemsGet]) {
      backlog.on(subject, () => ({ item: itemDto(projectId, overrides) }));
    }
  }

  describe('who may do what (section 7)', () => {
    const MUTATIONS = {
      create: ['mutation($i: CreateBacklogItemInput!) { createBacklogItem(input: $i) { id } }', () => ({ projectId, track: 'DESIGN', kind: 'RESEARCH', title: 'Interview five shoppers' })],
      accept: ['mutation($i: AcceptBacklogItemInput!) { acceptBacklogItem(input: $i) { id } }', () => ({ projectId, itemId: ITEM_ID, expectedVersion: 4 })],
      reject: ['mutation($i: RejectBacklogItemInput!) { rejectBacklogItem(input: $i) { id } }', () => ({ projectId, itemId: ITEM_ID, expectedVersion: 4 })],
      attachAnalysis: [
        'mutation($i: AttachAnalysisEvidenceInput!) { attachAnalysisEvidence(input: $i) { itemVersion } }',
        () => ({ projectId, itemId: ITEM_ID, expectedVersion: 2, analysisId: randomUUID(), stance: 'SUPPORTS' }),
      ],
      attachLink: [
        'mutation($i: AttachLinkEvidenceInput!) { attachLinkEvidence(input: $i) { itemVersion } }',
        () => ({ projectId, itemId: ITEM_ID, expectedVersion: 2, url: 'https://example.com/interviews', stance: 'INFORMS' }),
      ],
      scale: ['mutation($i: SetBacklogTrackEstimateScaleInput!) { setBacklogTrackEstimateScale(input: $i) { track } }', () => ({ projectId, track: 'DESIGN', estimateScale: 'TSHIRT' })],
    } as const;
    type Action = keyof typeof MUTATIONS;

    async function attempt(member: Member, action: Action): Promise<string> {
      const [document, input] = MUTATIONS[action];
      const res = await gql(as(member), document, { i: input() });
      return res.errors ? `${res.code}/${res.domainCode}` : 'done';
    }

    it('lets every role but compliance create, keeps decisions to PMs, analyses to data scientists, and outsiders out', async () => {
      answerWithItem({ state: 'DELIVERED' });
      const reply = { evidence: evidenceDto(projectId, { kind: 'URL', url: 'https://example.com/interviews' }), itemVersion: 3 };
      backlog.on(RPC.backlogEvidenceAttach, () => reply);
      backlog.on(RPC.backlogTrackSettingsSet, () => ({ settings: { track: 'DESIGN', estimateScale: 'TSHIRT', estimateValues: ['XS', 'S', 'M', 'L', 'XL'], updatedAt: null, updatedBy: null } }));
      const cases: Array<[Member, Action, string]> = [
        ['designer', 'create', 'done'],
        ['engineer', 'create', 'done'],
        ['compliance', 'create', 'FORBIDDEN/FORBIDDEN'],
        ['outsider', 'create', 'NOT_FOUND/PROJECT_NOT_FOUND'],
        ['designer', 'accept', 'FORBIDDEN/FORBIDDEN'],
        ['ds', 'accept', 'FORBIDDEN/FORBIDDEN'],
        ['pm', 'accept', 'done'],
        ['engineer', 'reject', 'FORBIDDEN/FORBIDDEN'],
        ['pm', 'reject', 'done'],
        ['engineer', 'attachAnalysis', 'FORBIDDEN/FORBIDDEN'],
        ['pm', 'attachAnalysis', 'FORBIDDEN/FORBIDDEN'],
        ['ds', 'attachAnalysis', 'done'],
        ['designer', 'attachLink', 'done'],
        ['compliance', 'attachLink', 'FORBIDDEN/FORBIDDEN'],
        ['designer', 'scale', 'FORBIDDEN/FORBIDDEN'],
        ['pm', 'scale', 'done'],
      ];
      const outcomes: string[] = [];
      for (const [member, action] of cases) outcomes.push(`${member} ${action}: ${await attempt(member, action)}`);
      expect(outcomes).toEqual(cases.map(([member, action, outcome]) => `${member} ${action}: ${outcome}`));
      // Only the calls the guard let through reached the backlog: 2 creates, 1 accept and 1 reject
      // (both moves), 2 attaches, 1 scale.
      expect(backlog.callsTo(RPC.backlogItemsCreate)).toHaveLength(2);
      expect(backlog.callsTo(RPC.backlogItemsMove).map((call) => call.data['state'])).toEqual(['ACCEPTED', 'REJECTED']);
      expect(backlog.callsTo(RPC.backlogEvidenceAttach).map((call) => (call.data['source'] as { kind: string }).kind)).toEqual(['ANALYSIS', 'URL']);
      expect(backlog.callsTo(RPC.backlogTrackSettingsSet)).toHaveLength(1);
    });

    it('lets compliance read, answers an outsider NOT_FOUND as for a project that does not exist, and lets PMs but not designers evaluate metrics', async () => {
      answerWithItem();
      backlog.on(RPC.backlogSuccessMetricsEvaluate, () => ({ evaluations: [evaluationDto(projectId)] }));
      const read = 'query($p: ID!, $id: ID) { backlogItem(projectId: $p, id: $id) { key } }';
      expect((await gql(as('compliance'), read, { p: projectId, id: ITEM_ID })).data).toEqual({ backlogItem: { key: 'SHOP-7' } });
      const outsider = await gql(as('outsider'), read, { p: projectId, id: ITEM_ID });
      expect([outsider.code, outsider.errors?.[0]?.extensions?.['details']]).toEqual(['NOT_FOUND', { projectId }]);
      const evaluate = 'mutation($p: ID!, $i: ID!) { evaluateSuccessMetrics(projectId: $p, itemId: $i) { verdict value } }';
      expect((await gql(as('designer'), evaluate, { p: projectId, i: ITEM_ID })).code).toBe('FORBIDDEN');
      expect((await gql(as('pm'), evaluate, { p: projectId, i: ITEM_ID })).data).toEqual({ evaluateSuccessMetrics: [{ verdict: 'MET', value: 42.5 }] });
      expect(backlog.callsTo(RPC.backlogItemsGet)).toHaveLength(1);
      expect(backlog.callsTo(RPC.backlogSuccessMetricsEvaluate)).toHaveLength(1);
    });
  });

  describe('items (section 2)', () => {
    const CREATE = `mutation($i: CreateBacklogItemInput!) { createBacklogItem(input: $i) { ${ITEM_FIELDS} } }`;

    it('creates an item with member owners and sends the request with the caller in the envelope', async () => {
      answerWithItem({ owners: [members.designer.userId] });
      const res = await gql<{ createBacklogItem: Record<string, unknown> }>(as('pm'), CREATE, {
        i: { projectId, track: 'PRODUCT', kind: 'HYPOTHESIS', title: 'Guest checkout lifts conversion', owners: [members.designer.userId.toUpperCase()], labels: ['Checkout'], estimate: null, state: 'BACKLOG' },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data?.createBacklogItem).toMatchObject({
        key: 'SHOP-7',
        description: '# Why\n<script>alert(1)</script> stays as sent',
        owners: [members.designer.userId],
        createdAt: '2026-03-01T10:00:00.000Z',
        deliveredAt: null,
      });
      const [call] = backlog.callsTo(RPC.backlogItemsCreate);
      // Owners lower-cased as the contract's uuids; the explicit null estimate left out (not estimated).
      expect(call?.data).toEqual({ projectId, track: 'PRODUCT', kind: 'HYPOTHESIS', title: 'Guest checkout lifts conversion', owners: [members.designer.userId], labels: ['Checkout'], state: 'BACKLOG' });
      expect(call?.envelope).toMatchObject({ actorId: `user:${members.pm.userId}`, actorName: 'Only PM', projectId });
      expect(call?.envelope.requestId).toEqual(expect.any(String));
    });

    it('refuses owners who are not members of the project, naming them, before anything reaches the backlog', async () => {
      answerWithItem();
      const stranger = randomUUID();
      const res = await gql(as('engineer'), CREATE, {
        i: { projectId, track: 'ENGINEERING', kind: 'FEATURE', title: 'Guest checkout', owners: [members.engineer.userId, members.outsider.userId, stranger] },
      });
      expect(res.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.['details']).toEqual({ field: 'owners', nonMembers: [members.outsider.userId, stranger] });
      const update = await gql(as('engineer'), 'mutation($i: UpdateBacklogItemInput!) { updateBacklogItem(input: $i) { id } }', {
        i: { projectId, itemId: ITEM_ID, expectedVersion: 2, owners: ['not-a-uuid'] },
      });
      expect([update.code, update.errors?.[0]?.extensions?.['details']]).toEqual(['BAD_USER_INPUT', { field: 'owners[0]' }]);
      expect(backlog.calls).toEqual([]);
    });

    it('updates only the fields given: an explicit null estimate clears it, an absent one keeps it', async () => {
      answerWithItem({ estimate: null, version: 3 });
      const UPDATE = 'mutation($i: UpdateBacklogItemInput!) { updateBacklogItem(input: $i) { estimate version } }';
      const cleared = await gql(as('designer'), UPDATE, { i: { projectId, itemId: ITEM_ID, expectedVersion: 2, estimate: null, title: null, owners: [members.compliance.userId] } });
      expect(cleared.data).toEqual({ updateBacklogItem: { estimate: null, version: 3 } });
      await gql(as('designer'), UPDATE, { i: { projectId, itemId: ITEM_ID, expectedVersion: 3, title: 'Guest checkout, v2' } });
      expect(backlog.callsTo(RPC.backlogItemsUpdate).map((call) => call.data)).toEqual([
        { projectId, itemId: ITEM_ID, expectedVersion: 2, estimate: null, owners: [members.compliance.userId] },
        { projectId, itemId: ITEM_ID, expectedVersion: 3, title: 'Guest checkout, v2' },
      ]);
    });

    it('keeps ACCEPTED and REJECTED out of moveBacklogItem, pointing to their own mutations; sends other moves and the override reason', async () => {
      answerWithItem({ state: 'ACCEPTED', acceptanceOverrideReason: 'Launch deadline' });
      const MOVE = 'mutation($i: MoveBacklogItemInput!) { moveBacklogItem(input: $i) { state } }';
      for (const [state, use] of [
        ['ACCEPTED', 'acceptBacklogItem'],
        ['REJECTED', 'rejectBacklogItem'],
      ]) {
        const res = await gql(as('pm'), MOVE, { i: { projectId, itemId: ITEM_ID, expectedVersion: 4, state } });
        expect([res.code, res.errors?.[0]?.extensions?.['details']]).toEqual(['BAD_USER_INPUT', { field: 'state', use }]);
      }
      expect(backlog.calls).toEqual([]);
      await gql(as('engineer'), MOVE, { i: { projectId, itemId: ITEM_ID, expectedVersion: 4, state: 'FINISHED' } });
      const accepted = await gql(as('pm'), 'mutation($i: AcceptBacklogItemInput!) { acceptBacklogItem(input: $i) { state acceptanceOverrideReason } }', {
        i: { projectId, itemId: ITEM_ID, expectedVersion: 5, overrideReason: 'Launch deadline' },
      });
      expect(accepted.data).toEqual({ acceptBacklogItem: { state: 'ACCEPTED', acceptanceOverrideReason: 'Launch deadline' } });
      expect(backlog.callsTo(RPC.backlogItemsMove).map((call) => call.data)).toEqual([
        { projectId, itemId: ITEM_ID, expectedVersion: 4, state: 'FINISHED' },
        { projectId, itemId: ITEM_ID, expectedVersion: 5, state: 'ACCEPTED', overrideReason: 'Launch deadline' },
      ]);
    });

    it('reads an item by id or by key (exactly one) and ranks before or after a neighbour (exactly one)', async () => {
      answerWithItem();
      const GET = 'query($p: ID!, $id: ID, $key: String) { backlogItem(projectId: $p, id: $id, key: $key) { id } }';
      expect((await gql(as('ds'), GET, { p: projectId, key: 'shop-7' })).data).toEqual({ backlogItem: { id: ITEM_ID } });
      expect((await gql(as('ds'), GET, { p: projectId })).errors?.[0]?.extensions?.['details']).toEqual({ fields: ['id', 'key'] });
      expect((await gql(as('ds'), GET, { p: projectId, id: ITEM_ID, key: 'SHOP-7' })).code).toBe('BAD_USER_INPUT');
      const RANK = 'mutation($i: RankBacklogItemInput!) { rankBacklogItem(input: $i) { rank } }';
      expect((await gql(as('ds'), RANK, { i: { projectId, itemId: ITEM_ID, expectedVersion: 1 } })).code).toBe('BAD_USER_INPUT');
      await gql(as('ds'), RANK, { i: { projectId, itemId: ITEM_ID, expectedVersion: 1, after: OTHER_ITEM_ID, before: null } });
      expect(backlog.callsTo(RPC.backlogItemsGet).map((call) => call.data)).toEqual([{ projectId, key: 'shop-7' }]);
      expect(backlog.callsTo(RPC.backlogItemsRank).map((call) => call.data)).toEqual([{ projectId, itemId: ITEM_ID, expectedVersion: 1, after: OTHER_ITEM_ID }]);
    });

    it('pages a board as a Relay connection, filters and cursor passed through', async () => {
      backlog.on(RPC.backlogBoardGet, () => ({
        edges: [
          { cursor: 'c1', node: itemDto(projectId) },
          { cursor: 'c2', node: itemDto(projectId, { id: OTHER_ITEM_ID, key: 'SHOP-8', number: 8, rank: 'a1' }) },
        ],
        totalCount: 5,
        hasNextPage: true,
      }));
      const res = await gql(
        as('compliance'),
        `query($p: ID!, $f: BacklogBoardFilter, $after: String) { backlogBoard(projectId: $p, track: PRODUCT, filter: $f, first: 2, after: $after) {
          totalCount edges { cursor node { key } } nodes { rank } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
        { p: projectId, f: { states: ['BACKLOG', 'STARTED'], text: 'checkout', owner: null }, after: 'c0' },
      );
      expect(res.data).toEqual({
        backlogBoard: {
          totalCount: 5,
          edges: [
            { cursor: 'c1', node: { key: 'SHOP-7' } },
            { cursor: 'c2', node: { key: 'SHOP-8' } },
          ],
          nodes: [{ rank: 'a0' }, { rank: 'a1' }],
          pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: 'c1', endCursor: 'c2' },
        },
      });
      expect(backlog.only(RPC.backlogBoardGet)).toEqual({ projectId, track: 'PRODUCT', states: ['BACKLOG', 'STARTED'], text: 'checkout', first: 2, after: 'c0' });
    });

    it("pages an item's history with its changes as JSON, oldest first when asked", async () => {
      backlog.on(RPC.backlogHistoryList, () => ({
        edges: [
          {
            cursor: 'h1',
            node: {
              id: randomUUID(),
              itemId: ITEM_ID,
              action: 'item.updated',
              changes: [
                { field: 'labels', old: [], new: ['checkout'] },
                { field: 'estimate', old: null, new: '3' },
              ],
              detail: {},
              actor: `user:${members.pm.userId}`,
              actorName: 'Only PM',
              requestId: 'req-1',
              occurredAt: '2026-03-01T11:00:00.000Z',
            },
          },
        ],
        totalCount: 1,
        hasNextPage: false,
      }));
      const res = await gql(as('engineer'), 'query($p: ID!, $i: ID!) { backlogItemHistory(projectId: $p, itemId: $i, order: OLDEST_FIRST) { nodes { action changes { field oldValue newValue } actorName occurredAt } pageInfo { endCursor } } }', {
        p: projectId,
        i: ITEM_ID,
      });
      expect(res.data).toEqual({
        backlogItemHistory: {
          nodes: [
            {
              action: 'item.updated',
              changes: [
                { field: 'labels', oldValue: [], newValue: ['checkout'] },
                { field: 'estimate', oldValue: null, newValue: '3' },
              ],
              actorName: 'Only PM',
              occurredAt: '2026-03-01T11:00:00.000Z',
            },
          ],
          pageInfo: { endCursor: 'h1' },
        },
      });
      expect(backlog.only(RPC.backlogHistoryList)).toEqual({ projectId, itemId: ITEM_ID, order: 'OLDEST_FIRST' });
    });
  });

  describe("the service's refusals reach the client with their details", () => {
    const cases: Array<{ name: string; subject: string; document: string; variables: () => Record<string, unknown>; error: DomainErrorPayload; graphqlCode: string }> = [
      {
        name: 'LINK_CYCLE with the cycle as item keys',
        subject: RPC.backlogLinksAdd,
        document: 'mutation($i: AddBacklogLinkInput!) { addBacklogLink(input: $i) { fromItemVersion } }',
        variables: () => ({ i: { projectId, fromItemId: ITEM_ID, toItemId: OTHER_ITEM_ID, type: 'BLOCKS', expectedVersion: 3 } }),
        error: { code: 'LINK_CYCLE', message: 'SHOP-7 → SHOP-8 → SHOP-7 would be a cycle of ordering links', details: { cycle: ['SHOP-7', 'SHOP-8', 'SHOP-7'] } },
        graphqlCode: 'BAD_USER_INPUT',
      },
      {
        name: 'INVALID_TRANSITION with the allowed states',
        subject: RPC.backlogItemsMove,
        document: 'mutation($i: MoveBacklogItemInput!) { moveBacklogItem(input: $i) { state } }',
        variables: () => ({ i: { projectId, itemId: ITEM_ID, expectedVersion: 3, state: 'DELIVERED' } }),
        error: { code: 'INVALID_TRANSITION', message: 'ICEBOX → DELIVERED is not allowed', details: { from: 'ICEBOX', to: 'DELIVERED', allowed: ['BACKLOG', 'ARCHIVED'] } },
        graphqlCode: 'BAD_USER_INPUT',
      },
      {
        name: 'CONFLICT with the current version',
        subject: RPC.backlogItemsUpdate,
        document: 'mutation($i: UpdateBacklogItemInput!) { updateBacklogItem(input: $i) { version } }',
        variables: () => ({ i: { projectId, itemId: ITEM_ID, expectedVersion: 3, title: 'Stale edit' } }),
        error: { code: 'CONFLICT', message: 'The item changed since version 3', details: { expectedVersion: 3, currentVersion: 5 } },
        graphqlCode: 'CONFLICT',
      },
      {
        name: 'ACCEPTANCE_BLOCKED with the metrics that are not MET',
        subject: RPC.backlogItemsMove,
        document: 'mutation($i: AcceptBacklogItemInput!) { acceptBacklogItem(input: $i) { state } }',
        variables: () => ({ i: { projectId, itemId: ITEM_ID, expectedVersion: 6 } }),
        error: { code: 'ACCEPTANCE_BLOCKED', message: '1 success metric is not MET', details: { metrics: [{ metricId: METRIC_ID, name: 'Checkout conversion', verdict: 'NOT_MET' }] } },
        graphqlCode: 'BAD_USER_INPUT',
      },
      {
        name: 'ITEM_NOT_FOUND as NOT_FOUND',
        subject: RPC.backlogLinksList,
        document: 'query($p: ID!, $i: ID!) { backlogItemLinks(projectId: $p, itemId: $i) { outgoing { link { id } } } }',
        variables: () => ({ p: projectId, i: ITEM_ID }),
        error: { code: 'ITEM_NOT_FOUND', message: `No item ${ITEM_ID}`, details: { itemId: ITEM_ID } },
        graphqlCode: 'NOT_FOUND',
      },
    ];

    it.each(cases)('$name', async ({ subject, document, variables, error, graphqlCode }) => {
      backlog.on(subject, () => {
        throw new FakeRpcError(error);
      });
      const res = await gql(as('pm'), document, variables());
      expect(res.errors?.[0]).toMatchObject({ message: error.message, extensions: { code: graphqlCode, domainCode: error.code, details: error.details } });
      expect(backlog.callsTo(subject)).toHaveLength(1);
    });
  });

  describe('links and the dependency view (section 3)', () => {
    const link = (overrides: Record<string, unknown> = {}) => ({
      id: randomUUID(),
      projectId,
      fromItemId: ITEM_ID,
      toItemId: OTHER_ITEM_ID,
      type: 'INSTRUMENTS',
      ordersWork: true,
      createdAt: '2026-03-03T08:00:00.000Z',
      createdBy: 'user:x',
      removedAt: null,
      removedBy: null,
      ...overrides,
    });

    it("adds and removes links, and lists an item's links with the item at the other end", async () => {
      backlog.on(RPC.backlogLinksAdd, () => ({ link: link(), fromItemVersion: 4 }));
      backlog.on(RPC.backlogLinksRemove, () => ({ link: link({ removedAt: '2026-03-04T08:00:00.000Z', removedBy: 'user:y' }), fromItemVersion: 5 }));
      backlog.on(RPC.backlogLinksList, () => ({
        outgoing: [{ link: link(), other: { id: OTHER_ITEM_ID, key: 'SHOP-8', title: 'Release', track: 'ENGINEERING', kind: 'FEATURE', state: 'BACKLOG' } }],
        incoming: [],
      }));
      const added = await gql(as('ds'), 'mutation($i: AddBacklogLinkInput!) { addBacklogLink(input: $i) { fromItemVersion link { type ordersWork removedAt } } }', {
        i: { projectId, fromItemId: ITEM_ID, toItemId: OTHER_ITEM_ID, type: 'INSTRUMENTS', expectedVersion: 3 },
      });
      expect(added.data).toEqual({ addBacklogLink: { fromItemVersion: 4, link: { type: 'INSTRUMENTS', ordersWork: true, removedAt: null } } });
      const removed = await gql(as('designer'), 'mutation($i: RemoveBacklogLinkInput!) { removeBacklogLink(input: $i) { fromItemVersion link { removedAt removedBy } } }', {
        i: { projectId, linkId: randomUUID(), expectedVersion: 4 },
      });
      expect(removed.data).toEqual({ removeBacklogLink: { fromItemVersion: 5, link: { removedAt: '2026-03-04T08:00:00.000Z', removedBy: 'user:y' } } });
      const listed = await gql(as('compliance'), 'query($p: ID!, $i: ID!) { backlogItemLinks(projectId: $p, itemId: $i, includeRemoved: true) { outgoing { other { key track state } } incoming { other { key } } } }', {
        p: projectId,
        i: ITEM_ID,
      });
      expect(listed.data).toEqual({ backlogItemLinks: { outgoing: [{ other: { key: 'SHOP-8', track: 'ENGINEERING', state: 'BACKLOG' } }], incoming: [] } });
      expect(backlog.only(RPC.backlogLinksAdd)).toEqual({ projectId, fromItemId: ITEM_ID, toItemId: OTHER_ITEM_ID, type: 'INSTRUMENTS', expectedVersion: 3 });
      expect(backlog.only(RPC.backlogLinksList)).toEqual({ projectId, itemId: ITEM_ID, includeRemoved: true });
    });

    it('asks for the dependency view from roots or a track (exactly one) and returns readiness, blockers, the critical path and track waits', async () => {
      const owner = randomUUID();
      const linkId = randomUUID();
      // The reply travels as columns (BacklogGraphReply): items by index, keys from the project key and numbers, owners by index into
      // `people`, enum values by index into the reply's own vocabulary (here in an order of its own).
      backlog.on(RPC.backlogGraphGet, () => ({
        projectKey: 'SHOP',
        vocabulary: {
          tracks: ['ENGINEERING', 'DATA'],
          kinds: ['FEATURE', 'INSTRUMENTATION'],
          states: ['BACKLOG', 'STARTED'],
          linkTypes: ['RELATES_TO', 'INSTRUMENTS'],
          linkTypeOrdersWork: [false, true],
        },
        items: { ids: [ITEM_ID, OTHER_ITEM_ID], numbers: [7, 8] },
        nodes: {
          count: 2,
          titles: ['Track checkout', 'Release checkout'],
          tracks: [1, 0],
          kinds: [1, 0],
          states: [1, 0],
          estimates: [null, '5'],
          ownerCounts: [1, 1],
          owners: [0, 0],
          distances: [0, 1],
          blockerCounts: [0, 1],
          blockers: [0],
          transitiveBlockerCounts: [0, 1],
        },
        people: [owner],
        edges: { linkIds: [linkId], from: [0], to: [1], types: [1] },
        criticalPath: { items: [0, 1], totalWeight: 6 },
        trackWaits: [{ waitingTrack: 'ENGINEERING', onTrack: 'DATA', items: 1 }],
        truncated: false,
      }));
      const GRAPH = `query($p: ID!, $i: BacklogGraphInput!) { backlogGraph(projectId: $p, input: $i) {
        nodes { id key title track kind state estimate owners ready directBlockers { id key } transitiveBlockerCount distance }
        edges { linkId fromItemId toItemId type ordersWork } criticalPath { items { key } totalWeight } trackWaits { waitingTrack onTrack items } truncated } }`;
      const res = await gql(as('designer'), GRAPH, { p: projectId, i: { roots: [ITEM_ID], depth: 2, direction: 'DOWNSTREAM', nodeLimit: 100 } });
      expect(res.data).toEqual({
        backlogGraph: {
          nodes: [
            { id: ITEM_ID, key: 'SHOP-7', title: 'Track checkout', track: 'DATA', kind: 'INSTRUMENTATION', state: 'STARTED', estimate: null, owners: [owner], ready: true, directBlockers: [], transitiveBlockerCount: 0, distance: 0 },
            {
              id: OTHER_ITEM_ID,
              key: 'SHOP-8',
              title: 'Release checkout',
              track: 'ENGINEERING',
              kind: 'FEATURE',
              state: 'BACKLOG',
              estimate: '5',
              owners: [owner],
              ready: false,
              directBlockers: [{ id: ITEM_ID, key: 'SHOP-7' }],
              transitiveBlockerCount: 1,
              distance: 1,
            },
          ],
          edges: [{ linkId, fromItemId: ITEM_ID, toItemId: OTHER_ITEM_ID, type: 'INSTRUMENTS', ordersWork: true }],
          criticalPath: { items: [{ key: 'SHOP-7' }, { key: 'SHOP-8' }], totalWeight: 6 },
          trackWaits: [{ waitingTrack: 'ENGINEERING', onTrack: 'DATA', items: 1 }],
          truncated: false,
        },
      });
      const both = await gql(as('designer'), GRAPH, { p: projectId, i: { roots: [ITEM_ID], track: 'DATA' } });
      expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { fields: ['roots', 'track'] } });
      await gql(as('designer'), GRAPH, { p: projectId, i: { track: 'DATA', states: ['BACKLOG'] } });
      expect(backlog.callsTo(RPC.backlogGraphGet).map((call) => call.data)).toEqual([
        { projectId, roots: [ITEM_ID], depth: 2, direction: 'DOWNSTREAM', limit: 100 },
        { projectId, track: 'DATA', states: ['BACKLOG'] },
      ]);
    });

    it('reads and sets track estimate scales', async () => {
      const settings = (track: string, estimateScale: string, estimateValues: string[]) => ({ track, estimateScale, estimateValues, updatedAt: null, updatedBy: null });
      backlog.on(RPC.backlogTrackSettingsGet, () => ({
        tracks: [settings('PRODUCT', 'FIBONACCI', ['0', '1', '2', '3', '5', '8', '13', '21']), settings('DESIGN', 'NONE', []), settings('ENGINEERING', 'FIBONACCI', []), settings('DATA', 'NONE', [])],
      }));
      const res = await gql(as('compliance'), 'query($p: ID!) { backlogTrackSettings(projectId: $p) { track estimateScale estimateValues updatedAt } }', { p: projectId });
      expect((res.data?.['backlogTrackSettings'] as Array<{ track: string }>).map((s) => s.track)).toEqual(['PRODUCT', 'DESIGN', 'ENGINEERING', 'DATA']);
      expect(backlog.only(RPC.backlogTrackSettingsGet)).toEqual({ projectId });
      backlog.on(RPC.backlogTrackSettingsSet, () => ({ settings: { ...settings('DESIGN', 'TSHIRT', ['XS', 'S', 'M', 'L', 'XL']), updatedAt: '2026-03-06T00:00:00.000Z', updatedBy: `user:${members.pm.userId}` } }));
      const set = await gql(as('pm'), 'mutation($i: SetBacklogTrackEstimateScaleInput!) { setBacklogTrackEstimateScale(input: $i) { track estimateScale estimateValues updatedAt updatedBy } }', {
        i: { projectId, track: 'DESIGN', estimateScale: 'TSHIRT' },
      });
      expect(set.data).toEqual({
        setBacklogTrackEstimateScale: { track: 'DESIGN', estimateScale: 'TSHIRT', estimateValues: ['XS', 'S', 'M', 'L', 'XL'], updatedAt: '2026-03-06T00:00:00.000Z', updatedBy: `user:${members.pm.userId}` },
      });
      expect(backlog.only(RPC.backlogTrackSettingsSet)).toEqual({ projectId, track: 'DESIGN', estimateScale: 'TSHIRT' });
    });
  });

  describe('evidence (section 4)', () => {
    const ATTACH_GOVERNANCE = 'mutation($i: AttachGovernanceEvidenceInput!) { attachGovernanceEvidence(input: $i) { itemVersion evidence { kind source { __typename } } } }';
    const modelVersionId = '5a4f6f73-be81-42a3-9ec5-4f6071829304';

    it('attaches governance evidence of exactly one kind, the fairness report with its parameters', async () => {
      const source: EvidenceSourceDto = {
        kind: 'FAIRNESS_REPORT',
        modelVersionId,
        parameters: { modelVersionId, attributes: ['sex'], positiveOutcome: 'approve', positiveGroundTruth: 'repaid', favorableOutcome: 'approve', referenceGroup: { sex: 'M' }, from: null, to: null, minGroupSize: null },
        summary: { demographicParityDifference: 0.1, demographicParityRatio: 0.8, equalizedOddsDifference: null, equalizedOddsRatio: null },
        totals: { n: 100, favorable: 60, labeled: 90, groups: 2 },
        computedAt: '2026-03-02T12:00:00.000Z',
      };
      backlog.on(RPC.backlogEvidenceAttach, () => ({ evidence: evidenceDto(projectId, source), itemVersion: 3 }));
      const report = { modelVersionId, attributes: ['sex'], positiveOutcome: 'approve', positiveGroundTruth: 'repaid', favorableOutcome: 'approve', referenceGroup: [{ attribute: 'sex', value: 'M' }] };
      const none = await gql(as('ds'), ATTACH_GOVERNANCE, { i: { projectId, itemId: ITEM_ID, expectedVersion: 2, stance: 'INFORMS' } });
      expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { given: [] } });
      const two = await gql(as('ds'), ATTACH_GOVERNANCE, { i: { projectId, itemId: ITEM_ID, expectedVersion: 2, stance: 'INFORMS', auditId: randomUUID(), fairnessReport: report } });
      expect(two.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { given: ['auditId', 'fairnessReport'] } });
      const res = await gql(
        as('ds'),
        'mutation($i: AttachGovernanceEvidenceInput!) { attachGovernanceEvidence(input: $i) { itemVersion evidence { kind narrative source { ... on FairnessReportEvidenceSource { parameters { referenceGroup { attribute value } } summary { demographicParityRatio } totals { n } } } } } }',
        { i: { projectId, itemId: ITEM_ID, expectedVersion: 2, stance: 'INFORMS', fairnessReport: report } },
      );
      expect(res.data).toEqual({
        attachGovernanceEvidence: {
          itemVersion: 3,
          evidence: {
            kind: 'FAIRNESS_REPORT',
            narrative: 'Conversion rose **4 points**.',
            source: { parameters: { referenceGroup: [{ attribute: 'sex', value: 'M' }] }, summary: { demographicParityRatio: 0.8 }, totals: { n: 100 } },
          },
        },
      });
      expect(backlog.only(RPC.backlogEvidenceAttach)).toEqual({
        projectId,
        itemId: ITEM_ID,
        expectedVersion: 2,
        stance: 'INFORMS',
        narrative: '',
        source: {
          kind: 'FAIRNESS_REPORT',
          report: { modelVersionId, attributes: ['sex'], positiveOutcome: 'approve', positiveGroundTruth: 'repaid', favorableOutcome: 'approve', referenceGroup: { sex: 'M' }, from: null, to: null, minGroupSize: null },
        },
      });
    });

    it("pages an item's evidence, each source as its own type, withdrawn evidence marked", async () => {
      const analysis: EvidenceSourceDto = { kind: 'ANALYSIS', analysisId: randomUUID(), title: 'Funnel', insightKind: 'FUNNEL', dataVersion: '77', queryFingerprint: 'sha256:q', resultDigest: 'sha256:r' };
      backlog.on(RPC.backlogEvidenceList, () => ({
        edges: [
          { cursor: 'e1', node: evidenceDto(projectId, analysis) },
          { cursor: 'e2', node: evidenceDto(projectId, { kind: 'AUDIT', auditId: randomUUID(), modelVersionId, outcome: 'PASSED', ranAt: '2026-03-01T00:00:00.000Z' }) },
          {
            cursor: 'e3',
            node: evidenceDto(projectId, { kind: 'URL', url: 'https://example.com' }, { withdrawal: { at: '2026-03-05T00:00:00.000Z', by: 'user:z', byName: 'Zoe', reason: 'Outdated' } }),
          },
        ],
        totalCount: 3,
        hasNextPage: false,
      }));
      const res = await gql(
        as('compliance'),
        `query($p: ID!, $i: ID!) { backlogItemEvidence(projectId: $p, itemId: $i, first: 3) { totalCount nodes { kind withdrawal { reason byName }
          source { __typename ... on AnalysisEvidenceSource { insightKind dataVersion } ... on AuditEvidenceSource { outcome } ... on UrlEvidenceSource { url } } } } }`,
        { p: projectId, i: ITEM_ID },
      );
      expect(res.data).toEqual({
        backlogItemEvidence: {
          totalCount: 3,
          nodes: [
            { kind: 'ANALYSIS', withdrawal: null, source: { __typename: 'AnalysisEvidenceSource', insightKind: 'FUNNEL', dataVersion: '77' } },
            { kind: 'AUDIT', withdrawal: null, source: { __typename: 'AuditEvidenceSource', outcome: 'PASSED' } },
            { kind: 'URL', withdrawal: { reason: 'Outdated', byName: 'Zoe' }, source: { __typename: 'UrlEvidenceSource', url: 'https://example.com' } },
          ],
        },
      });
      expect(backlog.only(RPC.backlogEvidenceList)).toEqual({ projectId, itemId: ITEM_ID, first: 3 });
    });

    it("says whether analysis evidence is still fresh, both answers typed by the analysis's kind, and which items an analysis supports", async () => {
      const analysisId = randomUUID();
      const trend = (dataVersion: string, total: number): TrendReply => ({
        dataVersion,
        queryFingerprint: 'sha256:q',
        timeZone: 'Europe/Berlin',
        buckets: ['2026-03-01T00:00:00'],
        series: [{ index: 0, event: 'paid', math: 'TOTAL', label: null, breakdown: null, data: [total], total, nonNumericEvents: null }],
      });
      backlog.on(RPC.backlogEvidenceFreshness, () => ({
        evidenceId: ITEM_ID,
        analysisId,
        status: 'CHANGED',
        attached: { dataVersion: '10', queryFingerprint: 'sha256:q', result: trend('10', 5) },
        current: { dataVersion: '12', queryFingerprint: 'sha256:q', result: trend('12', 7) },
        differences: ['series'],
      }));
      backlog.on(RPC.analyticsAnalysesGet, () => ({ analysis: { insight: { kind: 'TREND', query: {} } } }));
      backlog.on(RPC.backlogEvidenceItemsForAnalysis, () => ({
        analysisId,
        items: [{ id: ITEM_ID, key: 'SHOP-7', title: 'Guest checkout', state: 'DELIVERED', evidence: [{ evidenceId: randomUUID(), stance: 'SUPPORTS', withdrawn: false }] }],
      }));
      const res = await gql(
        as('engineer'),
        `query($p: ID!, $e: ID!, $a: ID!) {
          evidenceFreshness(projectId: $p, evidenceId: $e) { status differences attached { dataVersion result { ... on TrendResult { series { total } } } } current { result { ... on TrendResult { series { total } } } } }
          analysisBacklogItems(projectId: $p, analysisId: $a) { key state evidence { stance withdrawn } } }`,
        { p: projectId, e: ITEM_ID, a: analysisId },
      );
      expect(res.data).toEqual({
        evidenceFreshness: { status: 'CHANGED', differences: ['series'], attached: { dataVersion: '10', result: { series: [{ total: 5 }] } }, current: { result: { series: [{ total: 7 }] } } },
        analysisBacklogItems: [{ key: 'SHOP-7', state: 'DELIVERED', evidence: [{ stance: 'SUPPORTS', withdrawn: false }] }],
      });
      expect(backlog.only(RPC.analyticsAnalysesGet)).toEqual({ projectId, analysisId });
    });

    it('withdraws evidence with a reason', async () => {
      backlog.on(RPC.backlogEvidenceWithdraw, () => ({
        evidence: evidenceDto(projectId, { kind: 'URL', url: 'https://example.com' }, { withdrawal: { at: '2026-03-05T00:00:00.000Z', by: `user:${members.engineer.userId}`, byName: 'Only ENGINEER', reason: 'Broken link' } }),
        itemVersion: 9,
      }));
      const evidenceId = randomUUID();
      const res = await gql(as('engineer'), 'mutation($i: WithdrawEvidenceInput!) { withdrawEvidence(input: $i) { itemVersion evidence { withdrawal { reason at } } } }', {
        i: { projectId, evidenceId, expectedVersion: 8, reason: 'Broken link' },
      });
      expect(res.data).toEqual({ withdrawEvidence: { itemVersion: 9, evidence: { withdrawal: { reason: 'Broken link', at: '2026-03-05T00:00:00.000Z' } } } });
      expect(backlog.only(RPC.backlogEvidenceWithdraw)).toEqual({ projectId, evidenceId, expectedVersion: 8, reason: 'Broken link' });
    });
  });

  describe('success metrics (section 5)', () => {
    const DEFINE = `mutation($i: DefineSuccessMetricInput!) { defineSuccessMetric(input: $i) { itemVersion metric { id definition {
      name insightKind insight statistic { kind unit step series period } comparator target window { anchor days offsetDays from to } baseline { from } timeZone } latestEvaluation { verdict } } } }`;
    const definition = (overrides: Record<string, unknown> = {}) => ({
      name: 'Checkout conversion',
      insight: { funnel: { steps: [{ event: 'cart' }, { event: 'paid', filters: [{ property: 'amount', operator: 'GT', value: 0 }] }], conversionWindow: { value: 1, unit: 'DAY' } } },
      statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION' },
      comparator: 'AT_LEAST',
      target: 40,
      window: { anchor: 'DELIVERED', days: 14 },
      ...overrides,
    });

    it("defines a metric from the insights API's funnel input, without a range, in the project's time zone", async () => {
      backlog.on(RPC.backlogSuccessMetricsDefine, () => ({ metric: metricDto(projectId), itemVersion: 3 }));
      const res = await gql(as('ds'), DEFINE, { i: { projectId, itemId: ITEM_ID, expectedVersion: 2, definition: definition() } });
      expect(res.data).toEqual({
        defineSuccessMetric: {
          itemVersion: 3,
          metric: {
            id: METRIC_ID,
            definition: {
              name: 'Checkout conversion',
              insightKind: 'FUNNEL',
              insight: { steps: [{ event: 'cart' }, { event: 'paid' }] },
              statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION', unit: 'PERCENT', step: null, series: null, period: null },
              comparator: 'AT_LEAST',
              target: 40,
              window: { anchor: 'DELIVERED', days: 14, offsetDays: 0, from: null, to: null },
              baseline: null,
              timeZone: 'Europe/Berlin',
            },
            latestEvaluation: { verdict: 'MET' },
          },
        },
      });
      expect(backlog.only(RPC.backlogSuccessMetricsDefine)).toEqual({
        projectId,
        itemId: ITEM_ID,
        expectedVersion: 2,
        definition: {
          name: 'Checkout conversion',
          insight: { kind: 'FUNNEL', query: { steps: [{ event: 'cart' }, { event: 'paid', filters: [{ property: 'amount', operator: 'gt', value: 0 }] }], conversionWindow: { value: 1, unit: 'DAY' } } },
          statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION' },
          comparator: 'AT_LEAST',
          target: 40,
          window: { anchor: 'DELIVERED', days: 14 },
          timeZone: 'Europe/Berlin',
        },
      });
    });

    it('edits a metric with a fixed window and a relative baseline, and refuses fields the statistic or window does not take', async () => {
      backlog.on(RPC.backlogSuccessMetricsEdit, () => ({ metric: metricDto(projectId, { revision: 2 }), itemVersion: 4 }));
      const EDIT = 'mutation($i: EditSuccessMetricInput!) { editSuccessMetric(input: $i) { itemVersion metric { revision } } }';
      const edit = (d: Record<string, unknown>) => gql(as('ds'), EDIT, { i: { projectId, metricId: METRIC_ID, expectedVersion: 3, definition: definition(d) } });
      const refusals = await Promise.all([
        edit({ statistic: { kind: 'FUNNEL_STEP_CONVERSION' } }),
        edit({ statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION', period: 2 } }),
        edit({ window: { anchor: 'FIXED', from: '2026-03-01T00:00:00Z' } }),
        edit({ window: { anchor: 'DELIVERED', days: 14, from: '2026-03-01T00:00:00Z' } }),
        edit({ insight: {} }),
      ]);
      expect(refusals.map((res) => [res.code, (res.errors?.[0]?.extensions?.['details'] as { field: string }).field])).toEqual([
        ['BAD_USER_INPUT', 'definition.statistic.step'],
        ['BAD_USER_INPUT', 'definition.statistic.period'],
        ['BAD_USER_INPUT', 'definition.window.to'],
        ['BAD_USER_INPUT', 'definition.window.from'],
        ['BAD_USER_INPUT', 'definition.insight'],
      ]);
      expect(backlog.calls).toEqual([]);
      const res = await edit({
        insight: { trend: { series: [{ event: 'paid', math: 'UNIQUE_PERSONS' }], interval: 'DAY' } },
        statistic: { kind: 'TREND_MEAN_PER_BUCKET', series: 0 },
        comparator: 'INCREASE_BY_PERCENT',
        target: 5,
        window: { anchor: 'FIXED', from: '2026-04-01T00:00:00+02:00', to: '2026-04-15T00:00:00+02:00' },
        baseline: { from: '2026-03-01T00:00:00Z', to: '2026-03-15T00:00:00Z' },
      });
      expect(res.data).toEqual({ editSuccessMetric: { itemVersion: 4, metric: { revision: 2 } } });
      expect((backlog.only(RPC.backlogSuccessMetricsEdit) as { definition: unknown }).definition).toEqual({
        name: 'Checkout conversion',
        insight: { kind: 'TREND', query: { series: [{ event: 'paid', math: 'UNIQUE_PERSONS' }], interval: 'DAY' } },
        statistic: { kind: 'TREND_MEAN_PER_BUCKET', series: 0 },
        comparator: 'INCREASE_BY_PERCENT',
        target: 5,
        window: { anchor: 'FIXED', from: '2026-03-31T22:00:00.000Z', to: '2026-04-14T22:00:00.000Z' },
        baseline: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-15T00:00:00.000Z' },
        timeZone: 'Europe/Berlin',
      });
    });

    it('lists metrics with their latest evaluation, pages the evaluation history, reproduces an evaluation, retires a metric', async () => {
      backlog.on(RPC.backlogSuccessMetricsList, () => ({ metrics: [metricDto(projectId), metricDto(projectId, { id: randomUUID(), retirement: { at: '2026-03-03T00:00:00.000Z', by: 'user:x', reason: 'Wrong funnel' }, latestEvaluation: null })] }));
      backlog.on(RPC.backlogSuccessMetricsEvaluationsList, () => ({
        edges: [
          { cursor: 'v2', node: evaluationDto(projectId) },
          { cursor: 'v1', node: evaluationDto(projectId, { id: randomUUID(), verdict: 'PENDING', value: null, reason: 'The item has not been delivered.', trigger: 'LIVE', window: null, range: null, dataVersion: null, queryFingerprint: null }) },
        ],
        totalCount: 4,
        hasNextPage: true,
      }));
      backlog.on(RPC.backlogSuccessMetricsReevaluateAt, () => ({
        evaluation: evaluationDto(projectId),
        recomputed: { verdict: 'MET', value: 42.5, baseline: null, dataVersion: '812', queryFingerprint: `sha256:${'ab'.repeat(32)}`, baselineQueryFingerprint: null },
        same: true,
      }));
      backlog.on(RPC.backlogSuccessMetricsRetire, () => ({ metric: metricDto(projectId, { retirement: { at: '2026-03-03T00:00:00.000Z', by: `user:${members.ds.userId}`, reason: 'Wrong funnel' } }), itemVersion: 7 }));
      const evaluationId = randomUUID();
      const res = await gql(
        as('compliance'),
        `query($p: ID!, $i: ID!, $m: ID!, $e: ID!) {
          backlogItemSuccessMetrics(projectId: $p, itemId: $i) { retirement { reason } latestEvaluation { verdict value window { from to } windowComplete evaluatedAt evaluatedByName } }
          successMetricEvaluations(projectId: $p, metricId: $m, first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { verdict reason trigger window { from } } }
          reproduceSuccessMetricEvaluation(projectId: $p, evaluationId: $e) { same recomputed { verdict value dataVersion } evaluation { value } } }`,
        { p: projectId, i: ITEM_ID, m: METRIC_ID, e: evaluationId },
      );
      expect(res.data).toEqual({
        backlogItemSuccessMetrics: [
          { retirement: null, latestEvaluation: { verdict: 'MET', value: 42.5, window: { from: '2026-03-05T00:00:00.000Z', to: '2026-03-19T00:00:00.000Z' }, windowComplete: true, evaluatedAt: '2026-03-20T08:00:00.000Z', evaluatedByName: 'Pat PM' } },
          { retirement: { reason: 'Wrong funnel' }, latestEvaluation: null },
        ],
        successMetricEvaluations: {
          totalCount: 4,
          pageInfo: { hasNextPage: true, endCursor: 'v1' },
          nodes: [
            { verdict: 'MET', reason: null, trigger: 'REQUEST', window: { from: '2026-03-05T00:00:00.000Z' } },
            { verdict: 'PENDING', reason: 'The item has not been delivered.', trigger: 'LIVE', window: null },
          ],
        },
        reproduceSuccessMetricEvaluation: { same: true, recomputed: { verdict: 'MET', value: 42.5, dataVersion: '812' }, evaluation: { value: 42.5 } },
      });
      expect(backlog.only(RPC.backlogSuccessMetricsEvaluationsList)).toEqual({ projectId, metricId: METRIC_ID, first: 2 });
      expect(backlog.only(RPC.backlogSuccessMetricsReevaluateAt)).toEqual({ projectId, evaluationId });
      const retired = await gql(as('ds'), 'mutation($i: RetireSuccessMetricInput!) { retireSuccessMetric(input: $i) { itemVersion metric { retirement { reason } } } }', {
        i: { projectId, metricId: METRIC_ID, expectedVersion: 6, reason: 'Wrong funnel' },
      });
      expect(retired.data).toEqual({ retireSuccessMetric: { itemVersion: 7, metric: { retirement: { reason: 'Wrong funnel' } } } });
      expect(backlog.only(RPC.backlogSuccessMetricsRetire)).toEqual({ projectId, metricId: METRIC_ID, expectedVersion: 6, reason: 'Wrong funnel' });
    });

    it('evaluates with the caller in the envelope', async () => {
      backlog.on(RPC.backlogSuccessMetricsEvaluate, () => ({ evaluations: [evaluationDto(projectId, { verdict: 'NOT_MET', value: 31.2 })] }));
      const res = await gql(as('ds'), 'mutation($p: ID!, $i: ID!) { evaluateSuccessMetrics(projectId: $p, itemId: $i) { verdict value definition { name } } }', { p: projectId, i: ITEM_ID });
      expect(res.data).toEqual({ evaluateSuccessMetrics: [{ verdict: 'NOT_MET', value: 31.2, definition: { name: 'Checkout conversion' } }] });
      const [call] = backlog.callsTo(RPC.backlogSuccessMetricsEvaluate);
      expect(call?.data).toEqual({ projectId, itemId: ITEM_ID });
      expect(call?.envelope).toMatchObject({ actorId: `user:${members.ds.userId}`, actorName: 'Only DATA_SCIENTIST', projectId });
    });
  });
});
