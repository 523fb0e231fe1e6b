import { JSONCodec, type NatsConnection } from 'nats';
import { type AnalysisDto, type DomainErrorPayload, type PathsReply, RPC } from '@fulcrum/contracts';
import { type RequestEnvelope, envelopeFromHeaders } from '@fulcrum/messaging';
import { createMemberToken, joinProject } from '@fulcrum/testing';
import { type RunningGateway } from '../src/gateway.bootstrap';
import { type GatewayUnderTest, startGatewayUnderTest } from './support/gateway-under-test';

const ADMIN_TOKEN = 'ful_test_admin_token_insights_0123456789';
const PROJECT_ID = '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const UNKNOWN_PROJECT_ID = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';
const ANALYSIS_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const TIME_ZONE = 'Europe/Berlin';
const FINGERPRINT = `sha256:${'cd'.repeat(32)}`;
const DIGEST = `sha256:${'ef'.repeat(32)}`;
const ENVELOPE = { dataVersion: '4711', queryFingerprint: FINGERPRINT, timeZone: TIME_ZONE };

type Handler = (data: Record<string, unknown>) => unknown;
interface Call {
  subject: string;
  data: Record<string, unknown>;
  /** The request envelope the gateway sent in the NATS headers. */
  envelope: RequestEnvelope;
}

/** Thrown by a fake handler: answered the way Nest's NATS transport answers a DomainError. */
class FakeError {
  constructor(readonly payload: DomainErrorPayload) {}
}

/**
 * Stands in for the analytics and ingest services: answers `analytics.*` and `ingest.*` requests
 * in the reply format of Nest's NATS transport and records every request, so the tests see
 * exactly what the gateway sent. The project lookup answers by default (PROJECT_ID in Berlin).
 */
class FakeServices {
  readonly calls: Call[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly codec = JSONCodec<Record<string, unknown>>();

  constructor(private readonly nc: NatsConnection) {}

  start(): void {
    for (const pattern of ['analytics.>', 'ingest.>']) {
      const sub = this.nc.subscribe(pattern);
      void (async () => {
        for await (const msg of sub) {
          const packet = this.codec.decode(msg.data) as { id: string; data: Record<string, unknown> };
          this.calls.push({ subject: msg.subject, data: packet.data, envelope: envelopeFromHeaders(msg.headers) });
          const handler = this.handlers.get(msg.subject) ?? this.defaults(msg.subject);
          let reply: Record<string, unknown>;
          try {
            if (!handler) throw new FakeError({ code: 'INTERNAL', message: `no fake for ${msg.subject}` });
            reply = { id: packet.id, response: await handler(packet.data), isDisposed: true };
          } catch (error) {
            if (!(error instanceof FakeError)) throw error;
            reply = { id: packet.id, err: error.payload, isDisposed: true };
          }
          msg.respond(this.codec.encode(reply));
        }
      })();
    }
  }

  private defaults(subject: string): Handler | undefined {
    if (subject !== RPC.ingestProjectsGet) return undefined;
    return (data) => {
      if (data['projectId'] !== PROJECT_ID) throw new FakeError({ code: 'PROJECT_NOT_FOUND', message: `No project ${String(data['projectId'])}.` });
      return { project: { id: PROJECT_ID, name: 'Shop', createdAt: '2026-01-01T00:00:00.000Z', timeZone: TIME_ZONE } };
    };
  }

  on(subject: string, handler: Handler): void {
    this.handlers.set(subject, handler);
  }

  reset(): void {
    this.calls.length = 0;
    this.handlers.clear();
  }

  callsTo(subject: string): Call[] {
    return this.calls.filter((c) => c.subject === subject);
  }

  /** The one request sent on a subject. */
  only(subject: string): Record<string, unknown> {
    const calls = this.callsTo(subject);
    expect(calls).toHaveLength(1);
    return calls[0].data;
  }
}

const PATHS_REPLY: PathsReply = {
  ...ENVELOPE,
  anchor: { event: 'signup', paths: 10, persons: 8 },
  edges: [
    { depth: 1, source: ['signup'], target: 'onboarding', paths: 7, persons: 6 },
    { depth: 2, source: ['signup', 'onboarding'], target: 'pay', paths: 3, persons: 3 },
  ],
  truncated: false,
};

describe('gateway insights API (real nats-server and gateway, fake analytics and ingest responders)', () => {
  let gateway: RunningGateway;
  let harness: GatewayUnderTest;
  let nc: NatsConnection;
  let fake: FakeServices;
  const tokens: Record<'pm' | 'ds' | 'engineer', { id: string; token: string; name: string }> = {} as never;

  async function gql(query: string, variables: Record<string, unknown>, token: string) {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as {
      data?: Record<string, unknown> | null;
      errors?: Array<{ message: string; extensions: Record<string, unknown> }>;
    };
    return { status: res.status, ...body };
  }

  beforeAll(async () => {
    harness = await startGatewayUnderTest({ bootstrapAdminToken: ADMIN_TOKEN });
    gateway = harness.gateway;
    nc = harness.nc;
    fake = new FakeServices(nc);
    fake.start();
    await nc.flush();
    for (const [key, role, name] of [
      ['pm', 'PM', 'Pat PM'],
      ['ds', 'DATA_SCIENTIST', 'Dana DS'],
      ['engineer', 'ENGINEER', 'Eli Engineer'],
    ] as const) {
      // A member of the project with this one role, and a token of theirs.
      const member = await createMemberToken(`${gateway.url}/graphql`, ADMIN_TOKEN, { projectId: PROJECT_ID, roles: [role], name });
      tokens[key] = { id: member.tokenId, token: member.token, name };
    }
    await joinProject(`${gateway.url}/graphql`, ADMIN_TOKEN, PROJECT_ID, ['ADMIN']);
    fake.reset(); // the setup's project lookups are no test's calls
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await harness?.stop();
  });

  /** The request envelope of the one request on a subject: the actor is the token's user. */
  const envelopeOf = (subject: string) => {
    const calls = fake.callsTo(subject);
    expect(calls).toHaveLength(1);
    return calls[0].envelope;
  };

  describe('trend and lifecycle', () => {
    const TREND = `query($p: ID!, $i: TrendInput!, $v: String) { trend(projectId: $p, input: $i, asOfDataVersion: $v) {
      dataVersion queryFingerprint timeZone buckets series { index event math label breakdown { value other } data total nonNumericEvents } } }`;

    it('maps a trend: from/to become dateRange, enums their contract values, nulls are left out, the zone is the project\'s', async () => {
      const reply = {
        ...ENVELOPE,
        buckets: ['2026-03-01T00:00:00', '2026-03-02T00:00:00'],
        series: [
          { index: 0, event: null, math: 'TOTAL', label: null, breakdown: { value: 'Chrome', other: false }, data: [3, 0], total: 3, nonNumericEvents: null },
          { index: 0, event: null, math: 'TOTAL', label: null, breakdown: { value: null, other: true }, data: [1, 1], total: 2, nonNumericEvents: null },
          { index: 1, event: 'pay', math: 'AVG', label: 'basket', breakdown: null, data: [9.5, null], total: 9.5, nonNumericEvents: 2 },
        ],
      };
      fake.on(RPC.analyticsTrendGet, () => reply);
      const res = await gql(
        TREND,
        {
          p: PROJECT_ID,
          v: '4711',
          i: {
            series: [
              { event: null, math: null },
              { event: 'pay', math: 'AVG', mathProperty: 'amount', label: 'basket', filters: [{ property: 'amount', operator: 'GT', value: 0, type: null }] },
            ],
            interval: 'DAY',
            from: '2026-03-01',
            to: '2026-03-02',
            filters: [{ property: 'country', operator: 'IS_NOT_SET', type: 'PERSON' }],
            breakdown: { property: '$browser', limit: null },
          },
        },
        tokens.pm.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.only(RPC.ingestProjectsGet)).toEqual({ projectId: PROJECT_ID });
      expect(fake.only(RPC.analyticsTrendGet)).toEqual({
        projectId: PROJECT_ID,
        timeZone: TIME_ZONE,
        asOfDataVersion: '4711',
        query: {
          series: [
            { event: null },
            { event: 'pay', math: 'AVG', mathProperty: 'amount', label: 'basket', filters: [{ property: 'amount', operator: 'gt', value: 0 }] },
          ],
          interval: 'DAY',
          dateRange: { from: '2026-03-01', to: '2026-03-02' },
          filters: [{ property: 'country', operator: 'is_not_set', type: 'person' }],
          breakdown: { property: '$browser' },
        },
      });
      expect(res.data?.['trend']).toEqual(reply);
    });

    it('refuses a filter value that is an object before asking any service', async () => {
      const res = await gql(
        TREND,
        { p: PROJECT_ID, i: { series: [{ event: 'pay' }], interval: 'DAY', from: '2026-03-01', to: '2026-03-02', filters: [{ property: 'a', operator: 'EQ', value: { b: 1 } }] } },
        tokens.pm.token,
      );
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'filters[0].value' } });
      expect(fake.calls).toEqual([]);
    });

    it('maps lifecycle buckets', async () => {
      const reply = { ...ENVELOPE, buckets: [{ bucket: '2026-03-02T00:00:00', new: 4, returning: 2, resurrecting: 1, dormant: -3 }] };
      fake.on(RPC.analyticsLifecycleGet, () => reply);
      const res = await gql(
        `query($p: ID!, $i: LifecycleInput!) { lifecycle(projectId: $p, input: $i) { dataVersion queryFingerprint timeZone buckets { bucket new returning resurrecting dormant } } }`,
        { p: PROJECT_ID, i: { event: 'login', interval: 'WEEK', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', filters: null } },
        tokens.engineer.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsLifecycleGet)).toEqual({
        projectId: PROJECT_ID,
        timeZone: TIME_ZONE,
        query: { event: 'login', interval: 'WEEK', dateRange: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' } },
      });
      expect(res.data?.['lifecycle']).toEqual(reply);
    });
  });

  describe('retention and stickiness', () => {
    it('maps a retention question and its cohort table with breakdowns', async () => {
      const cohort = { cohort: '2026-03-02T00:00:00', size: 4, values: [{ period: 0, persons: 4, percentage: 100 }, { period: 1, persons: 1, percentage: 25 }] };
      const reply = {
        ...ENVELOPE,
        cohorts: [cohort],
        breakdowns: [
          { value: 'de', other: false, cohorts: [{ ...cohort, size: 3, values: [{ period: 0, persons: 3, percentage: 100 }, { period: 1, persons: 1, percentage: 33.333333333333336 }] }] },
          { value: null, other: true, cohorts: [{ ...cohort, size: 1, values: [{ period: 0, persons: 1, percentage: 100 }, { period: 1, persons: 0, percentage: 0 }] }] },
        ],
      };
      fake.on(RPC.analyticsRetentionGet, () => reply);
      const res = await gql(
        `query($p: ID!, $i: RetentionInput!) { retention(projectId: $p, input: $i) {
          dataVersion queryFingerprint timeZone cohorts { cohort size values { period persons percentage } }
          breakdowns { value other cohorts { cohort size values { period persons percentage } } } } }`,
        {
          p: PROJECT_ID,
          i: {
            startEvent: { event: 'signup', filters: [{ property: 'utm_source', operator: 'CONTAINS', value: 'news' }] },
            returnEvent: { event: 'login', filters: null },
            period: 'WEEK',
            periods: 8,
            cohortType: 'RECURRING',
            mode: null,
            from: '2026-03-02',
            to: '2026-04-26',
            breakdown: { property: 'country', limit: 1 },
          },
        },
        tokens.pm.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsRetentionGet)).toEqual({
        projectId: PROJECT_ID,
        timeZone: TIME_ZONE,
        query: {
          startEvent: { event: 'signup', filters: [{ property: 'utm_source', operator: 'contains', value: 'news' }] },
          returnEvent: { event: 'login' },
          period: 'WEEK',
          periods: 8,
          cohortType: 'RECURRING',
          dateRange: { from: '2026-03-02', to: '2026-04-26' },
          breakdown: { property: 'country', limit: 1 },
        },
      });
      expect(res.data?.['retention']).toEqual(reply);
    });

    it('maps stickiness rows and breakdowns', async () => {
      const rows = [{ intervals: 1, persons: 3, percentage: 75 }, { intervals: 2, persons: 1, percentage: 25 }];
      const reply = { ...ENVELOPE, totalIntervals: 2, rows, breakdowns: [{ value: 'ios', other: false, rows }] };
      fake.on(RPC.analyticsStickinessGet, () => reply);
      const res = await gql(
        `query($p: ID!, $i: StickinessInput!) { stickiness(projectId: $p, input: $i) {
          dataVersion queryFingerprint timeZone totalIntervals rows { intervals persons percentage } breakdowns { value other rows { intervals persons percentage } } } }`,
        { p: PROJECT_ID, i: { event: 'open', interval: 'HOUR', from: '2026-03-01T10:00:00+01:00', to: '2026-03-01T12:00:00+01:00', breakdown: { property: '$os' } } },
        tokens.ds.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsStickinessGet)).toEqual({
        projectId: PROJECT_ID,
        timeZone: TIME_ZONE,
        query: { event: 'open', interval: 'HOUR', dateRange: { from: '2026-03-01T10:00:00+01:00', to: '2026-03-01T12:00:00+01:00' }, breakdown: { property: '$os' } },
      });
      expect(res.data?.['stickiness']).toEqual(reply);
    });
  });

  describe('funnels', () => {
    const FUNNEL = `query($p: ID!, $i: FunnelInput!, $v: String) { funnel(projectId: $p, input: $i, asOfDataVersion: $v) {
      dataVersion queryFingerprint timeZone
      steps { index event count conversionRate conversionRateFromPrevious medianTimeToConvertSeconds averageTimeToConvertSeconds droppedOff }
      breakdowns { value other steps { index event count conversionRate droppedOff } } } }`;
    const step = (index: number, event: string, count: number, first: number, previous: number, median: number | null, dropped: number) => ({
      index, event, count, conversionRateFromFirst: first, conversionRateFromPrevious: previous, medianTimeToConvertSeconds: median, averageTimeToConvertSeconds: median, droppedOff: dropped,
    });
    const shown = ({ conversionRateFromFirst, ...rest }: ReturnType<typeof step>) => ({ ...rest, conversionRate: conversionRateFromFirst });
    const input = {
      steps: [
        { event: 'view_item', filters: null },
        { event: 'add_to_cart', filters: [{ property: 'plan', operator: 'IN', value: ['pro', 'team'], type: 'PERSON' }] },
        { event: 'purchase' },
      ],
      conversionWindow: { value: 2, unit: 'HOUR' },
      order: 'STRICT',
      breakdown: { property: '$browser', limit: null, attribution: 'LAST_TOUCH' },
      exclusions: null,
      filters: [{ property: 'country', operator: 'NEQ', value: 'DE', type: null }, { property: '$os', operator: 'IS_SET', value: null }],
      from: '2026-03-01',
      to: '2026-03-31T00:00:00+02:00',
    };
    const query = {
      steps: [
        { event: 'view_item' },
        { event: 'add_to_cart', filters: [{ property: 'plan', operator: 'in', value: ['pro', 'team'], type: 'person' }] },
        { event: 'purchase' },
      ],
      dateRange: { from: '2026-03-01', to: '2026-03-31T00:00:00+02:00' },
      conversionWindow: { value: 2, unit: 'HOUR' },
      order: 'STRICT',
      filters: [{ property: 'country', operator: 'neq', value: 'DE' }, { property: '$os', operator: 'is_set' }],
      breakdown: { property: '$browser', attribution: 'LAST_TOUCH' },
    };

    it('maps a funnel: steps, window, enums, from/to → dateRange, nulls left out, the project zone', async () => {
      const steps = [step(0, 'view_item', 10, 1, 1, null, 4), step(1, 'add_to_cart', 6, 0.6, 0.6, 30.5, 3), step(2, 'purchase', 3, 0.3, 0.5, 120, 0)];
      const chrome = [step(0, 'view_item', 7, 1, 1, null, 2), step(1, 'add_to_cart', 5, 0.7142857142857143, 0.7142857142857143, 20, 3), step(2, 'purchase', 2, 0.2857142857142857, 0.4, 100, 0)];
      fake.on(RPC.analyticsFunnelGet, () => ({ ...ENVELOPE, steps, breakdowns: [{ value: 'Chrome', other: false, steps: chrome }] }));
      const res = await gql(FUNNEL, { p: PROJECT_ID, i: input, v: '4711' }, tokens.pm.token);
      expect(res.errors).toBeUndefined();
      // Asked once, or not at all when an earlier test's lookup is reused (ProjectTimeZoneLookup).
      expect(fake.callsTo(RPC.ingestProjectsGet).length).toBeLessThanOrEqual(1);
      expect(fake.only(RPC.analyticsFunnelGet)).toEqual({ projectId: PROJECT_ID, timeZone: TIME_ZONE, asOfDataVersion: '4711', query });
      expect(res.data?.['funnel']).toEqual({
        ...ENVELOPE,
        steps: steps.map(shown),
        breakdowns: [
          {
            value: 'Chrome',
            other: false,
            steps: chrome.map((s) => ({ index: s.index, event: s.event, count: s.count, conversionRate: s.conversionRateFromFirst, droppedOff: s.droppedOff })),
          },
        ],
      });
    });

    it('lists the persons behind a step, with paging and a breakdown row', async () => {
      fake.on(RPC.analyticsFunnelPersonsGet, () => ({ ...ENVELOPE, step: 1, status: 'DROPPED', total: 3, persons: ['p-1', 'p-2'], nextCursor: 'p-2' }));
      const res = await gql(
        `query($p: ID!, $i: FunnelInput!, $b: BreakdownValueInput) { funnelPersons(projectId: $p, input: $i, step: 1, status: DROPPED, first: 2, after: "p-0", breakdownValue: $b) {
          dataVersion queryFingerprint timeZone step status totalCount nodes edges { cursor node } pageInfo { hasNextPage endCursor } } }`,
        { p: PROJECT_ID, i: input, b: { value: null, other: true } },
        tokens.ds.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsFunnelPersonsGet)).toEqual({
        projectId: PROJECT_ID,
        timeZone: TIME_ZONE,
        query: { ...query, personsAt: { step: 1, status: 'DROPPED', limit: 2, after: 'p-0', breakdownValue: { value: null, other: true } } },
      });
      expect(res.data?.['funnelPersons']).toEqual({
        ...ENVELOPE, step: 1, status: 'DROPPED', totalCount: 3, nodes: ['p-1', 'p-2'],
        edges: [{ cursor: 'p-1', node: 'p-1' }, { cursor: 'p-2', node: 'p-2' }], pageInfo: { hasNextPage: true, endCursor: 'p-2' },
      });

      fake.reset();
      fake.on(RPC.analyticsFunnelPersonsGet, () => ({ ...ENVELOPE, step: 0, status: 'REACHED', total: 0, persons: [], nextCursor: null }));
      const first = await gql(
        'query($p: ID!, $i: FunnelInput!) { funnelPersons(projectId: $p, input: $i, step: 0, status: REACHED) { nodes pageInfo { hasNextPage endCursor } } }',
        { p: PROJECT_ID, i: input },
        tokens.ds.token,
      );
      expect(first.data?.['funnelPersons']).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
      expect((fake.only(RPC.analyticsFunnelPersonsGet)['query'] as Record<string, unknown>)['personsAt']).toEqual({ step: 0, status: 'REACHED' });
    });

    it('saves a funnel as an analysis (kind FUNNEL) and resolves its result as a FunnelResult', async () => {
      const steps = [step(0, 'view_item', 2, 1, 1, null, 1), step(1, 'add_to_cart', 1, 0.5, 0.5, 60, 0)];
      fake.on(RPC.analyticsAnalysesSave, (data) => ({
        analysis: {
          id: ANALYSIS_ID, projectId: PROJECT_ID, title: 'Checkout', narrative: 'Half add to cart.', insight: data['insight'], timeZone: data['timeZone'],
          dataVersion: '4711', queryFingerprint: FINGERPRINT, resultDigest: DIGEST, result: { ...ENVELOPE, steps, breakdowns: [] },
          createdBy: 'Dana DS', createdAt: '2026-03-05T12:00:00.000Z',
        },
      }));
      const res = await gql(
        `mutation($i: SaveAnalysisInput!) { saveAnalysis(input: $i) { kind createdBy insight result { __typename ... on FunnelResult { steps { event count conversionRate } breakdowns { value } } } } }`,
        { i: { projectId: PROJECT_ID, title: 'Checkout', narrative: 'Half add to cart.', insight: { funnel: input } } },
        tokens.ds.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsAnalysesSave)).toEqual({
        projectId: PROJECT_ID, timeZone: TIME_ZONE, title: 'Checkout', narrative: 'Half add to cart.', insight: { kind: 'FUNNEL', query },
      });
      expect(envelopeOf(RPC.analyticsAnalysesSave)).toMatchObject({ actorId: expect.stringMatching(/^user:/), actorName: tokens.ds.name, projectId: PROJECT_ID });
      expect(res.data?.['saveAnalysis']).toEqual({
        kind: 'FUNNEL',
        createdBy: 'Dana DS',
        insight: query,
        result: { __typename: 'FunnelResult', steps: [{ event: 'view_item', count: 2, conversionRate: 1 }, { event: 'add_to_cart', count: 1, conversionRate: 0.5 }], breakdowns: [] },
      });
    });
  });


  describe("the project's time zone", () => {
    const TREND = 'query($p: ID!) { trend(projectId: $p, input: { series: [{ event: "view" }], interval: DAY, from: "2026-03-01", to: "2026-03-02" }) { timeZone } }';

    it('is reused across insights, and a change made through this gateway is used by the next insight at once', async () => {
      fake.on(RPC.analyticsTrendGet, (data) => ({ ...ENVELOPE, timeZone: data['timeZone'], buckets: [], series: [] }));
      const first = await gql(TREND, { p: PROJECT_ID }, tokens.pm.token);
      const second = await gql(TREND, { p: PROJECT_ID }, tokens.pm.token);
      expect([first.data, second.data]).toEqual([{ trend: { timeZone: TIME_ZONE } }, { trend: { timeZone: TIME_ZONE } }]);
      expect(fake.callsTo(RPC.ingestProjectsGet).length).toBeLessThanOrEqual(1);

      fake.on(RPC.ingestProjectsSetTimeZone, (data) => ({
        project: { id: PROJECT_ID, name: 'Shop', createdAt: '2026-01-01T00:00:00.000Z', timeZone: data['timeZone'] },
      }));
      const set = await gql(
        'mutation($p: ID!) { setProjectTimeZone(projectId: $p, timeZone: "Asia/Tokyo") { timeZone } }',
        { p: PROJECT_ID },
        tokens.pm.token,
      );
      expect(set.data).toEqual({ setProjectTimeZone: { timeZone: 'Asia/Tokyo' } });
      const third = await gql(TREND, { p: PROJECT_ID }, tokens.pm.token);
      expect(third.data).toEqual({ trend: { timeZone: 'Asia/Tokyo' } });
      expect(fake.callsTo(RPC.analyticsTrendGet).map((c) => c.data['timeZone'])).toEqual([TIME_ZONE, TIME_ZONE, 'Asia/Tokyo']);

      // Back to the zone the other tests expect.
      await gql(`mutation($p: ID!) { setProjectTimeZone(projectId: $p, timeZone: "${TIME_ZONE}") { timeZone } }`, { p: PROJECT_ID }, tokens.pm.token);
    });
  });

  describe('errors of the services', () => {
    const LIFECYCLE = 'query($p: ID!, $v: String) { lifecycle(projectId: $p, asOfDataVersion: $v, input: { event: "login", interval: DAY, from: "2026-03-01", to: "2026-03-31" }) { dataVersion } }';

    it('answers NOT_FOUND for an unknown project without asking the analytics service', async () => {
      const res = await gql(LIFECYCLE, { p: UNKNOWN_PROJECT_ID }, tokens.pm.token);
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', domainCode: 'PROJECT_NOT_FOUND' });
      // Not one of the caller's projects: refused by the guard before any service is asked.
      expect(fake.callsTo(RPC.ingestProjectsGet)).toEqual([]);
      expect(fake.callsTo(RPC.analyticsLifecycleGet)).toEqual([]);
    });

    it('maps a data version that is not there yet to BAD_USER_INPUT', async () => {
      fake.on(RPC.analyticsLifecycleGet, () => {
        throw new FakeError({ code: 'DATA_VERSION_UNAVAILABLE', message: 'Data version 9999 is above the current one (4711).', details: { current: '4711' } });
      });
      const res = await gql(LIFECYCLE, { p: PROJECT_ID, v: '9999' }, tokens.pm.token);
      expect(res.errors?.[0]).toMatchObject({
        message: 'Data version 9999 is above the current one (4711).',
        extensions: { code: 'BAD_USER_INPUT', domainCode: 'DATA_VERSION_UNAVAILABLE', details: { current: '4711' } },
      });
      expect(fake.only(RPC.analyticsLifecycleGet)).toMatchObject({ asOfDataVersion: '9999' });
    });
  });

  describe('analyses', () => {
    const RESULT_FIELDS = `__typename ... on TrendResult { dataVersion buckets series { index data } } ... on PathsResult { dataVersion anchor { event paths } edges { target } }`;
    const SAVE = `mutation($i: SaveAnalysisInput!) { saveAnalysis(input: $i) {
      id projectId title narrative kind timeZone dataVersion queryFingerprint resultDigest createdBy createdAt insight result { ${RESULT_FIELDS} } } }`;
    const trendReply = { ...ENVELOPE, buckets: ['2026-03-01T00:00:00'], series: [{ index: 0, event: 'pay', math: 'TOTAL', label: null, breakdown: null, data: [7], total: 7, nonNumericEvents: null }] };
    const trendInput = { series: [{ event: 'pay' }], interval: 'DAY', from: '2026-03-01', to: '2026-03-01', breakdown: null };
    const trendQuery = { series: [{ event: 'pay' }], interval: 'DAY', dateRange: { from: '2026-03-01', to: '2026-03-01' } };

    function analysis(overrides: Partial<AnalysisDto> = {}): AnalysisDto {
      return {
        id: ANALYSIS_ID, projectId: PROJECT_ID, title: 'Payments in March', narrative: 'Steady.', insight: { kind: 'TREND', query: trendQuery },
        timeZone: TIME_ZONE, dataVersion: '4711', queryFingerprint: FINGERPRINT, resultDigest: DIGEST, result: trendReply,
        createdBy: 'token:x:Pat PM', createdAt: '2026-03-05T12:00:00.000Z', ...overrides,
      };
    }

    it("saves a PM's insight: kind and contract query, the project's zone, the actor from the token (in the envelope); the result resolves to its type", async () => {
      fake.on(RPC.analyticsAnalysesSave, (data) => ({
        analysis: analysis({ insight: data['insight'] as AnalysisDto['insight'], createdBy: 'Pat PM', timeZone: String(data['timeZone']) }),
      }));
      const res = await gql(SAVE, { i: { projectId: PROJECT_ID, title: 'Payments in March', narrative: 'Steady.', insight: { trend: trendInput, funnel: null } } }, tokens.pm.token);
      expect(res.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsAnalysesSave)).toEqual({
        projectId: PROJECT_ID,
        timeZone: TIME_ZONE,
        title: 'Payments in March',
        narrative: 'Steady.',
        insight: { kind: 'TREND', query: trendQuery },
      });
      expect(envelopeOf(RPC.analyticsAnalysesSave)).toMatchObject({ actorId: expect.stringMatching(/^user:/), actorName: tokens.pm.name });
      expect(res.data?.['saveAnalysis']).toEqual({
        id: ANALYSIS_ID, projectId: PROJECT_ID, title: 'Payments in March', narrative: 'Steady.', kind: 'TREND', timeZone: TIME_ZONE,
        dataVersion: '4711', queryFingerprint: FINGERPRINT, resultDigest: DIGEST, createdBy: 'Pat PM', createdAt: '2026-03-05T12:00:00.000Z',
        insight: trendQuery,
        result: { __typename: 'TrendResult', dataVersion: '4711', buckets: ['2026-03-01T00:00:00'], series: [{ index: 0, data: [7] }] },
      });
    });

    it('refuses engineers, and an insight input without exactly one kind, before asking any service', async () => {
      const base = { projectId: PROJECT_ID, title: 't', narrative: '' };
      const forbidden = await gql(SAVE, { i: { ...base, insight: { trend: trendInput } } }, tokens.engineer.token);
      expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      const none = await gql(SAVE, { i: { ...base, insight: { trend: null } } }, tokens.ds.token);
      expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'insight', given: [] } });
      const two = await gql(SAVE, { i: { ...base, insight: { trend: trendInput, paths: { event: 'a', depth: 1, from: '2026-03-01', to: '2026-03-02' } } } }, tokens.ds.token);
      expect(two.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'insight', given: ['trend', 'paths'] } });
      expect(two.errors?.[0]?.message).toMatch(/exactly one of trend, funnel, retention, stickiness, lifecycle, paths, propertyCatalog/);
      const badFilter = await gql(
        SAVE,
        { i: { ...base, insight: { trend: { ...trendInput, series: [{ event: 'pay', filters: [{ property: 'a', operator: 'IN', value: [[1]] }] }] } } } },
        tokens.ds.token,
      );
      expect(badFilter.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'insight.trend.series[0].filters[0].value' } });
      expect(fake.calls).toEqual([]);
    });

    it('reads one analysis and pages them, each result as the type of its kind', async () => {
      const paths = analysis({ id: 'b2', insight: { kind: 'PATHS', query: { event: 'signup', depth: 2, dateRange: { from: '2026-03-01', to: '2026-03-31' } } }, result: { ...PATHS_REPLY } });
      fake.on(RPC.analyticsAnalysesGet, () => ({ analysis: paths }));
      fake.on(RPC.analyticsAnalysesList, () => ({ edges: [{ cursor: 'c1', node: analysis() }, { cursor: 'c2', node: paths }], totalCount: 12, hasNextPage: true }));
      const one = await gql(`query($p: ID!, $id: ID!) { analysis(projectId: $p, id: $id) { id kind result { ${RESULT_FIELDS} } } }`, { p: PROJECT_ID, id: 'b2' }, tokens.engineer.token);
      expect(one.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsAnalysesGet)).toEqual({ projectId: PROJECT_ID, analysisId: 'b2' });
      expect(one.data?.['analysis']).toEqual({
        id: 'b2', kind: 'PATHS', result: { __typename: 'PathsResult', dataVersion: '4711', anchor: { event: 'signup', paths: 10 }, edges: [{ target: 'onboarding' }, { target: 'pay' }] },
      });
      const page = await gql(`query($p: ID!) { analyses(projectId: $p, first: 2, after: "c0") { totalCount pageInfo { hasNextPage endCursor } nodes { id kind result { __typename } } } }`, { p: PROJECT_ID }, tokens.engineer.token);
      expect(page.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsAnalysesList)).toEqual({ projectId: PROJECT_ID, first: 2, after: 'c0' });
      expect(page.data?.['analyses']).toEqual({
        totalCount: 12,
        pageInfo: { hasNextPage: true, endCursor: 'c2' },
        nodes: [
          { id: ANALYSIS_ID, kind: 'TREND', result: { __typename: 'TrendResult' } },
          { id: 'b2', kind: 'PATHS', result: { __typename: 'PathsResult' } },
        ],
      });
    });

    it('reproduces an analysis: the recomputed result as the type of its kind, with the erasures since', async () => {
      fake.on(RPC.analyticsAnalysesGet, () => ({ analysis: analysis() }));
      const recomputed = { ...trendReply, series: [{ ...trendReply.series[0], data: [6], total: 6 }] };
      fake.on(RPC.analyticsAnalysesReproduce, () => ({
        analysisId: ANALYSIS_ID, identical: false, dataVersion: '4711', resultDigest: `sha256:${'01'.repeat(32)}`, result: recomputed,
        erasures: [{ id: 'er-1', erasedAt: '2026-03-06T09:00:00.000Z', eventsErased: 1, reason: 'GDPR Art. 17 request' }], differences: ['series'],
      }));
      const res = await gql(
        `query($p: ID!, $id: ID!) { reproduceAnalysis(projectId: $p, id: $id) { analysisId identical dataVersion resultDigest differences erasures { id erasedAt eventsErased reason } result { ${RESULT_FIELDS} } } }`,
        { p: PROJECT_ID, id: ANALYSIS_ID },
        tokens.engineer.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsAnalysesReproduce)).toEqual({ projectId: PROJECT_ID, analysisId: ANALYSIS_ID });
      expect(res.data?.['reproduceAnalysis']).toEqual({
        analysisId: ANALYSIS_ID, identical: false, dataVersion: '4711', resultDigest: `sha256:${'01'.repeat(32)}`, differences: ['series'],
        erasures: [{ id: 'er-1', erasedAt: '2026-03-06T09:00:00.000Z', eventsErased: 1, reason: 'GDPR Art. 17 request' }],
        result: { __typename: 'TrendResult', dataVersion: '4711', buckets: ['2026-03-01T00:00:00'], series: [{ index: 0, data: [6] }] },
      });
    });

    it('maps an unknown analysis to NOT_FOUND', async () => {
      fake.on(RPC.analyticsAnalysesGet, () => {
        throw new FakeError({ code: 'ANALYSIS_NOT_FOUND', message: `No analysis ${ANALYSIS_ID}.` });
      });
      const res = await gql('query($p: ID!, $id: ID!) { analysis(projectId: $p, id: $id) { id } }', { p: PROJECT_ID, id: ANALYSIS_ID }, tokens.pm.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', domainCode: 'ANALYSIS_NOT_FOUND' });
    });
  });

  describe('paths and property catalog', () => {
    it('maps a paths question and its tree', async () => {
      fake.on(RPC.analyticsPathsGet, () => PATHS_REPLY);
      const res = await gql(
        `query($p: ID!, $i: PathsInput!) { paths(projectId: $p, input: $i) {
          dataVersion queryFingerprint timeZone anchor { event paths persons } edges { depth source target paths persons } truncated } }`,
        {
          p: PROJECT_ID,
          i: {
            event: 'signup', direction: 'PREVIOUS', depth: 2, from: '2026-03-01T00:00:00+01:00', to: '2026-03-31',
            anchorFilters: [{ property: 'plan', operator: 'IN', value: ['pro', 'team'] }], sessionGapMinutes: null, fanout: 5, excludeEvents: ['$pageview'],
          },
        },
        tokens.engineer.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsPathsGet)).toEqual({
        projectId: PROJECT_ID,
        timeZone: TIME_ZONE,
        query: {
          event: 'signup', direction: 'PREVIOUS', depth: 2, dateRange: { from: '2026-03-01T00:00:00+01:00', to: '2026-03-31' },
          anchorFilters: [{ property: 'plan', operator: 'in', value: ['pro', 'team'] }], fanout: 5, excludeEvents: ['$pageview'],
        },
      });
      expect(res.data?.['paths']).toEqual(PATHS_REPLY);
    });

    it('maps the property catalog, with an optional range that must be whole', async () => {
      const reply = {
        ...ENVELOPE,
        totalEvents: 120,
        events: [{ name: 'pay', count: 120, persons: 40, firstSeen: '2026-03-01T08:00:00.000Z', lastSeen: '2026-03-02T08:00:00.000Z' }],
        properties: [{ key: 'amount', count: 118, types: [{ type: 'NUMBER', count: 117 }, { type: 'NULL', count: 1 }], topValues: [{ value: '9.99', count: 80 }] }],
        truncated: true,
      };
      fake.on(RPC.analyticsPropertyCatalogGet, () => reply);
      const QUERY = `query($p: ID!, $i: PropertyCatalogInput!, $v: String) { propertyCatalog(projectId: $p, input: $i, asOfDataVersion: $v) {
        dataVersion timeZone totalEvents events { name count persons firstSeen lastSeen } properties { key count types { type count } topValues { value count } } truncated } }`;
      const res = await gql(QUERY, { p: PROJECT_ID, i: { event: 'pay', order: 'NAME', topValues: 3, limit: null }, v: '4711' }, tokens.pm.token);
      expect(res.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsPropertyCatalogGet)).toEqual({
        projectId: PROJECT_ID, timeZone: TIME_ZONE, asOfDataVersion: '4711', query: { event: 'pay', order: 'NAME', topValues: 3 },
      });
      const { queryFingerprint: _fingerprint, ...shown } = reply;
      expect(res.data?.['propertyCatalog']).toEqual(shown);

      fake.reset();
      const half = await gql(QUERY, { p: PROJECT_ID, i: { from: '2026-03-01' } }, tokens.pm.token);
      expect(half.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'to' } });
      expect(fake.callsTo(RPC.analyticsPropertyCatalogGet)).toEqual([]);
    });
  });

  describe('sandboxed SQL', () => {
    const SQL = 'query($p: ID!, $q: String!, $t: Int, $m: Int, $v: String) { sql(projectId: $p, query: $q, timeoutMs: $t, maxRows: $m, asOfDataVersion: $v) { dataVersion columns { name type } rows rowCount truncated elapsedMs } }';
    const query = 'SELECT event, count(*) AS n, max(timestamp) AS last, any_value(properties) AS p FROM events GROUP BY event';

    it('refuses PMs and engineers with FORBIDDEN before asking any service', async () => {
      for (const key of ['pm', 'engineer'] as const) {
        const res = await gql(SQL, { p: PROJECT_ID, q: query }, tokens[key].token);
        expect(res.data).toBeNull();
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(fake.calls).toEqual([]);
    });

    it("runs a data scientist's query and returns columns and rows (nulls and nested JSON included)", async () => {
      const reply = {
        dataVersion: '4711',
        columns: [{ name: 'event', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }, { name: 'last', type: 'TIMESTAMP WITH TIME ZONE' }, { name: 'p', type: 'JSON' }],
        rows: [
          ['pay', 12, '2026-03-02T08:00:00.000Z', { amount: 9.99, tags: ['a'] }],
          ['signup', '9007199254740993', null, null],
        ],
        rowCount: 2,
        truncated: false,
        elapsedMs: 17,
      };
      fake.on(RPC.analyticsSqlRun, () => reply);
      const res = await gql(SQL, { p: PROJECT_ID, q: query, t: 5000, m: 2, v: null }, tokens.ds.token);
      expect(res.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsSqlRun)).toEqual({ projectId: PROJECT_ID, query, timeoutMs: 5000, maxRows: 2 });
      expect(res.data?.['sql']).toEqual(reply);
    });

    it('caps timeoutMs at 10,000 ms in the gateway (BAD_USER_INPUT) and allows exactly 10,000', async () => {
      const res = await gql(SQL, { p: PROJECT_ID, q: query, t: 10_001 }, tokens.ds.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', domainCode: 'VALIDATION_FAILED', details: { field: 'timeoutMs', max: 10_000 } });
      expect(fake.calls).toEqual([]);
      fake.on(RPC.analyticsSqlRun, () => ({ dataVersion: '1', columns: [], rows: [], rowCount: 0, truncated: false, elapsedMs: 1 }));
      expect((await gql(SQL, { p: PROJECT_ID, q: query, t: 10_000 }, ADMIN_TOKEN)).errors).toBeUndefined();
      expect(fake.only(RPC.analyticsSqlRun)).toMatchObject({ timeoutMs: 10_000 });
    });

    it('passes the sandbox refusals on with their own codes', async () => {
      fake.on(RPC.analyticsSqlRun, (data) => {
        if (String(data['query']).startsWith('COPY')) {
          throw new FakeError({ code: 'SQL_NOT_ALLOWED', message: 'Only SELECT is allowed.', details: { statement: 'COPY' } });
        }
        if (String(data['query']).startsWith('SELEC ')) throw new FakeError({ code: 'SQL_INVALID', message: 'syntax error at or near "SELEC"' });
        throw new FakeError({ code: 'SQL_TIMEOUT', message: 'Interrupted after 100 ms.' });
      });
      const notAllowed = await gql(SQL, { p: PROJECT_ID, q: "COPY events TO '/tmp/x.csv'" }, tokens.ds.token);
      expect(notAllowed.errors?.[0]).toMatchObject({
        message: 'Only SELECT is allowed.',
        extensions: { code: 'SQL_NOT_ALLOWED', domainCode: 'SQL_NOT_ALLOWED', details: { statement: 'COPY' } },
      });
      const invalid = await gql(SQL, { p: PROJECT_ID, q: 'SELEC 1' }, tokens.ds.token);
      expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', domainCode: 'SQL_INVALID' });
      const slow = await gql(SQL, { p: PROJECT_ID, q: 'SELECT sleep()', t: 100 }, tokens.ds.token);
      expect(slow.errors?.[0]?.extensions).toMatchObject({ code: 'SQL_TIMEOUT' });
    });

    it('answers NOT_FOUND for an unknown project without running the query', async () => {
      const res = await gql(SQL, { p: UNKNOWN_PROJECT_ID, q: query }, tokens.ds.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', domainCode: 'PROJECT_NOT_FOUND' });
      expect(fake.callsTo(RPC.analyticsSqlRun)).toEqual([]);
    });
  });

  describe('identity conflicts', () => {
    it('pages the refused identity links as a Relay connection', async () => {
      const conflict = {
        eventId: 'evt-1', sourceId: 'anon-1', targetId: 'user-2', reason: 'ALREADY_MERGED', existingPersonId: 'user-1', recordedAt: '2026-03-01T10:00:00.000Z',
      };
      fake.on(RPC.analyticsIdentityConflictsList, () => ({ edges: [{ cursor: 'c3', node: conflict }], totalCount: 3, hasNextPage: true }));
      const res = await gql(
        'query($p: ID!) { identityConflicts(projectId: $p, first: 1, after: "c2") { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { eventId } } nodes { eventId sourceId targetId reason existingPersonId recordedAt } } }',
        { p: PROJECT_ID },
        tokens.pm.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.only(RPC.analyticsIdentityConflictsList)).toEqual({ projectId: PROJECT_ID, first: 1, after: 'c2' });
      expect(res.data?.['identityConflicts']).toEqual({
        totalCount: 3,
        pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: 'c3', endCursor: 'c3' },
        edges: [{ cursor: 'c3', node: { eventId: 'evt-1' } }],
        nodes: [conflict],
      });
    });
  });
});
