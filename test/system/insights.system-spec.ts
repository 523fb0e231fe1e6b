import { Analytics } from '@segment/analytics-node';
import { PostHog } from 'posthog-node';
import { callGraphql } from '@fulcrum/launcher';
import { createMemberToken } from '@fulcrum/testing';
import { type Harness, startHarness } from './platform.harness';

/**
 * The insight engine end to end: the official SDKs send anonymous events, identify and alias
 * calls; GraphQL answers count persons (merged across ids), a saved analysis reproduces
 * identically after more data arrived, refused merges are listed, sandboxed SQL is read-only, and
 * a person's erasure reaches the insights, names itself in the reproduction, and is on the audit trail.
 */
describe('insights through GraphQL on events sent by the official SDKs', () => {
  let h: Harness;
  const tokens: Record<string, string> = {};

  async function gql<T>(role: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await callGraphql<T>(h.platform.credentials.graphqlUrl, tokens[role], query, variables);
    if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }
  async function gqlError(role: string, query: string, variables: Record<string, unknown> = {}): Promise<string | undefined> {
    const res = await callGraphql(h.platform.credentials.graphqlUrl, tokens[role], query, variables);
    return res.errors?.[0]?.extensions?.code as string | undefined;
  }

  const FUNNEL = `query($p: ID!, $i: FunnelInput!) { funnel(projectId: $p, input: $i) { dataVersion queryFingerprint timeZone steps { event count conversionRate medianTimeToConvertSeconds } } }`;
  const funnelInput = {
    steps: [{ event: 'viewed pricing' }, { event: 'signed up' }, { event: 'purchased' }],
    conversionWindow: { value: 14, unit: 'DAY' },
    from: '2026-06-01',
    to: '2026-06-30',
  };

  beforeAll(async () => {
    h = await startHarness();
    tokens['admin'] = h.platform.credentials.adminToken;
    // A member of the demo project per role, with a token of theirs.
    const { graphqlUrl: url, adminToken, projectId: demo } = h.platform.credentials;
    for (const role of ['data_scientist', 'pm', 'compliance']) {
      tokens[role] = (await createMemberToken(url, adminToken, { projectId: demo, roles: [role.toUpperCase()], name: `${role} member` })).token;
    }
    await gql('admin', 'mutation($p: ID!) { setProjectTimeZone(projectId: $p, timeZone: "Europe/Paris") { timeZone } }', { p: h.platform.credentials.projectId });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('answers funnels and trends in persons across anonymous and identified ids, reproducibly', async () => {
    const { ingestUrl, writeKey, projectId } = h.platform.credentials;
    const at = (iso: string) => new Date(iso);

    // PostHog: an anonymous visitor, then alias to the user id, then the user converts.
    const posthog = new PostHog(writeKey, { host: ingestUrl, flushAt: 20, flushInterval: 0 });
    posthog.capture({ distinctId: 'ph-anon', event: 'viewed pricing', timestamp: at('2026-06-01T10:00:00Z') });
    posthog.alias({ distinctId: 'ph-user', alias: 'ph-anon' });
    posthog.capture({ distinctId: 'ph-user', event: 'signed up', timestamp: at('2026-06-01T10:05:00Z') });
    posthog.capture({ distinctId: 'ph-user', event: 'purchased', timestamp: at('2026-06-02T10:05:00Z') });
    await posthog.shutdown(30_000);

    // Segment: an anonymous visitor identifies and signs up; a second one only looks; then a
    // conflicting identify tries to move the first anonymous id to another user (refused).
    const segment = new Analytics({ writeKey, host: ingestUrl, flushAt: 15, maxRetries: 3 });
    const errors: unknown[] = [];
    segment.on('error', (e) => errors.push(e));
    segment.track({ anonymousId: 'seg-anon', event: 'viewed pricing', timestamp: at('2026-06-03T09:00:00Z') });
    segment.identify({ userId: 'seg-user', anonymousId: 'seg-anon', traits: { plan: 'pro' }, timestamp: at('2026-06-03T09:01:00Z') });
    segment.track({ userId: 'seg-user', event: 'signed up', timestamp: at('2026-06-03T09:11:00Z') });
    segment.track({ anonymousId: 'seg-looker', event: 'viewed pricing', timestamp: at('2026-06-04T09:00:00Z') });
    segment.identify({ userId: 'someone-else', anonymousId: 'seg-anon', timestamp: at('2026-06-05T09:00:00Z') });
    await segment.closeAndFlush({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await h.settledCatalog();

    const { funnel } = await gql<{ funnel: { dataVersion: string; timeZone: string; steps: Array<{ event: string; count: number; conversionRate: number; medianTimeToConvertSeconds: number | null }> } }>(
      'pm',
      FUNNEL,
      { p: projectId, i: funnelInput },
    );
    expect(funnel.timeZone).toBe('Europe/Paris');
    expect(funnel.steps.map((s) => [s.event, s.count])).toEqual([
      ['viewed pricing', 3],
      ['signed up', 2],
      ['purchased', 1],
    ]);
    expect(funnel.steps[1]?.conversionRate).toBeCloseTo(2 / 3, 12);
    // Times to sign up: 5 min (PostHog person) and 11 min (Segment person) → median 8 min.
    expect(funnel.steps[1]?.medianTimeToConvertSeconds).toBe(480);

    const { identityConflicts } = await gql<{ identityConflicts: { totalCount: number; nodes: Array<{ sourceId: string; reason: string; existingPersonId: string }> } }>(
      'pm',
      'query($p: ID!) { identityConflicts(projectId: $p) { totalCount nodes { sourceId reason existingPersonId } } }',
      { p: projectId },
    );
    expect(identityConflicts.totalCount).toBe(1);
    expect(identityConflicts.nodes).toEqual([{ sourceId: 'seg-anon', reason: 'ALREADY_MERGED', existingPersonId: 'seg-user' }]);

    // Save the funnel as an analysis, add data, and reproduce it exactly.
    const { saveAnalysis } = await gql<{ saveAnalysis: { id: string; dataVersion: string; resultDigest: string } }>(
      'pm',
      'mutation($i: SaveAnalysisInput!) { saveAnalysis(input: $i) { id dataVersion resultDigest } }',
      { i: { projectId, title: 'Pricing → purchase, June', narrative: 'Two of three visitors sign up.', insight: { funnel: funnelInput } } },
    );
    const late = new Analytics({ writeKey, host: ingestUrl, flushAt: 15, maxRetries: 3 });
    late.track({ anonymousId: 'late-visitor', event: 'viewed pricing', timestamp: at('2026-06-10T09:00:00Z') });
    await late.closeAndFlush({ timeout: 30_000 });
    await h.settledCatalog();
    const after = await gql<{ funnel: { steps: Array<{ count: number }> } }>('pm', FUNNEL, { p: projectId, i: funnelInput });
    expect(after.funnel.steps[0]?.count).toBe(4);

    const { reproduceAnalysis } = await gql<{ reproduceAnalysis: { identical: boolean; dataVersion: string; resultDigest: string; differences: string[] } }>(
      'data_scientist',
      'query($p: ID!, $id: ID!) { reproduceAnalysis(projectId: $p, id: $id) { identical dataVersion resultDigest differences } }',
      { p: projectId, id: saveAnalysis.id },
    );
    expect(reproduceAnalysis).toEqual({ identical: true, dataVersion: saveAnalysis.dataVersion, resultDigest: saveAnalysis.resultDigest, differences: [] });
  });

  it('runs read-only SQL for data scientists only, over this project', async () => {
    const { projectId } = h.platform.credentials;
    const SQL = 'query($p: ID!, $q: String!) { sql(projectId: $p, query: $q) { columns { name } rows rowCount truncated } }';
    const r = await gql<{ sql: { rows: unknown[][] } }>('data_scientist', SQL, {
      p: projectId,
      q: "SELECT count(DISTINCT person_id) AS persons FROM events WHERE event = 'viewed pricing'",
    });
    expect(r.sql.rows).toEqual([[4]]);
    expect(await gqlError('data_scientist', SQL, { p: projectId, q: "COPY (SELECT * FROM events) TO '/tmp/x.csv'" })).toBe('SQL_NOT_ALLOWED');
    expect(await gqlError('data_scientist', SQL, { p: projectId, q: "SELECT * FROM read_csv('/etc/passwd')" })).toBe('SQL_NOT_ALLOWED');
    expect(await gqlError('pm', SQL, { p: projectId, q: 'SELECT 1' })).toBe('FORBIDDEN');
  });

  it("erases a person on request: gone from the insights, named by the saved analysis' reproduction, on the audit trail by hash only", async () => {
    const { projectId } = h.platform.credentials;
    const SQL = 'query($p: ID!, $q: String!) { sql(projectId: $p, query: $q) { rows } }';
    const before = await gql<{ sql: { rows: number[][] } }>('data_scientist', SQL, { p: projectId, q: "SELECT count(*) FROM events WHERE person_id = 'ph-user'" });
    const personEvents = before.sql.rows[0]?.[0] as number;
    expect(personEvents).toBeGreaterThanOrEqual(4); // viewed pricing (anonymous), the alias, signed up, purchased

    const { saveAnalysis } = await gql<{ saveAnalysis: { id: string } }>('pm', 'mutation($i: SaveAnalysisInput!) { saveAnalysis(input: $i) { id } }', {
      i: { projectId, title: 'Funnel before the erasure', narrative: 'Kept as evidence.', insight: { funnel: funnelInput } },
    });
    const ERASE = `mutation($p: ID!, $d: String!) { erasePerson(projectId: $p, distinctId: $d, reason: "request DSR-1") {
      erasureId distinctIds eventsErased auditPublished } }`;
    expect(await gqlError('pm', ERASE, { p: projectId, d: 'ph-anon' })).toBe('FORBIDDEN');
    const { erasePerson } = await gql<{ erasePerson: { erasureId: string; distinctIds: number; eventsErased: number; auditPublished: boolean } }>('compliance', ERASE, {
      p: projectId,
      d: 'ph-anon',
    });
    expect(erasePerson).toMatchObject({ distinctIds: 2, eventsErased: personEvents, auditPublished: true });
    expect(await gqlError('compliance', ERASE, { p: projectId, d: 'ph-user' })).toBe('NOT_FOUND');

    const { funnel } = await gql<{ funnel: { steps: Array<{ count: number }> } }>('pm', FUNNEL, { p: projectId, i: funnelInput });
    expect(funnel.steps.map((s) => s.count)).toEqual([3, 1, 0]);
    const left = await gql<{ sql: { rows: number[][] } }>('data_scientist', SQL, {
      p: projectId,
      q: "SELECT count(*) FROM events WHERE distinct_id IN ('ph-anon', 'ph-user') OR person_id IN ('ph-anon', 'ph-user')",
    });
    expect(left.sql.rows).toEqual([[0]]);

    const { reproduceAnalysis } = await gql<{ reproduceAnalysis: { identical: boolean; differences: string[]; erasures: Array<{ id: string; eventsErased: number; reason: string }> } }>(
      'data_scientist',
      'query($p: ID!, $id: ID!) { reproduceAnalysis(projectId: $p, id: $id) { identical differences erasures { id eventsErased reason } } }',
      { p: projectId, id: saveAnalysis.id },
    );
    expect(reproduceAnalysis.identical).toBe(false);
    expect(reproduceAnalysis.differences).toContain('steps');
    expect(reproduceAnalysis.erasures).toEqual([{ id: erasePerson.erasureId, eventsErased: personEvents, reason: 'request DSR-1' }]);

    // The governance service records the analytics service's `person.erased` action (via the AUDIT
    // stream) as `{ occurredAt, sourceMessageId, payload }`, in the project's trail, under the actor of
    // the erasure request's envelope (id and display name at that time).
    type Entry = { action: string; subject: string; actor: string; actorName: string | null; projectId: string | null; payload: Record<string, unknown> | null };
    const erasedEntry = async (): Promise<Entry | undefined> => {
      let after: string | null = null;
      for (;;) {
        const page: { auditTrail: { nodes: Entry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await gql(
          'compliance',
          'query($p: ID!, $a: String) { auditTrail(projectId: $p, first: 100, after: $a) { nodes { action subject actor actorName projectId payload } pageInfo { hasNextPage endCursor } } }',
          { p: projectId, a: after },
        );
        const hit = page.auditTrail.nodes.find((e) => e.action === 'person.erased' && e.payload?.['sourceMessageId'] === erasePerson.erasureId);
        if (hit || !page.auditTrail.pageInfo.hasNextPage) return hit;
        after = page.auditTrail.pageInfo.endCursor;
      }
    };
    let entry = await erasedEntry();
    for (let i = 0; !entry && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 200));
      entry = await erasedEntry();
    }
    expect(entry).toMatchObject({
      action: 'person.erased',
      actor: expect.stringMatching(/^user:[0-9a-f-]{36}$/),
      actorName: 'compliance member',
      projectId,
      subject: expect.stringMatching(/^person:[0-9a-f]{64}$/),
      payload: { sourceMessageId: erasePerson.erasureId, payload: { projectId, erasureId: erasePerson.erasureId, distinctIds: 2, eventsErased: personEvents } },
    });
    expect(JSON.stringify(entry)).not.toMatch(/ph-anon|ph-user/);
  });
});
