import { join } from 'node:path';
import { type BuiltServiceProcess, type MemberToken, type TempDir, type TestNats, createMemberToken, freePort, makeTempDir, startBuiltService, startTestNats } from '@fulcrum/testing';
import { type RunningGateway, bootstrapGateway } from '../src/gateway.bootstrap';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOKEN, gqlOf } from './support/gateway-people.harness';

type Member = 'ds' | 'engineer' | 'pm' | 'compliance' | 'outsider';
const ROLES: Record<Exclude<Member, 'outsider'>, string> = { ds: 'DATA_SCIENTIST', engineer: 'ENGINEER', pm: 'PM', compliance: 'COMPLIANCE' };

const checkout = { type: 'object', properties: { cartId: { type: 'string' }, total: { type: 'number' } }, required: ['cartId'], additionalProperties: false };
const definition = (name: string, schemaVer = '1-0-0', properties: Record<string, unknown> = checkout) => ({
  name,
  description: `${name} happened`,
  owner: null,
  status: 'LIVE',
  schemaVer,
  properties,
  pii: [],
  instrumentationItemIds: [],
});

const PUBLISH = `mutation($i: PublishTrackingPlanInput!) { publishTrackingPlan(input: $i) {
  projectId mode currentVersion updatedByName
  version { version note publishedBy publishedByName events { name schemaVer status properties } traits { schemaVer } changes { event from to kind incompatibilities { path keyword reach } } document }
} }`;
const PLAN = 'query($p: ID!, $v: Int) { trackingPlan(projectId: $p, version: $v) { mode currentVersion version { version events { name schemaVer } document } } }';
const VERSIONS =
  'query($p: ID!, $f: Int, $a: String) { trackingPlanVersions(projectId: $p, first: $f, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { version note changes { event kind } } } }';
const EXPORT = 'query($p: ID!, $v: Int) { exportTrackingPlan(projectId: $p, version: $v) }';
const MODE = 'mutation($p: ID!, $m: TrackingPlanMode!) { setTrackingPlanMode(projectId: $p, mode: $m) { mode currentVersion updatedByName } }';

/**
 * The tracking plan's GraphQL API (issue 12, sections 1, 2 and 5) through a real gateway and the
 * real ingest service, run from the build as its own process (apps meet over NATS only; `npm test`
 * builds first, a direct run needs `node infra/scripts/build.mjs`). Who may do what as the team
 * meets it, a publish/import/export round trip, the publish rules' refusals with their details,
 * and the mode. The authorization matrix int-spec probes every field for every role besides.
 */
describe('the tracking plan API (real nats-server, gateway and ingest)', () => {
  let nats: TestNats;
  let dir: TempDir;
  let gateway: RunningGateway;
  let ingest: BuiltServiceProcess | undefined;
  let gql: ReturnType<typeof gqlOf>;
  let projectId: string;
  const members = {} as Record<Member, MemberToken>;
  const as = (member: Member) => ({ token: members[member].token });
  const admin = { token: ADMIN_TOKEN };

  beforeAll(async () => {
    nats = await startTestNats();
    dir = makeTempDir('fulcrum-gateway-plan-');
    gateway = await bootstrapGateway({
      natsUrl: nats.url,
      host: '127.0.0.1',
      port: 0,
      embeddedDatabaseDir: join(dir.path, 'gateway-pg'),
      bootstrapAdminToken: ADMIN_TOKEN,
      bootstrapAdmin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    gql = gqlOf(gateway);
    ingest = await startBuiltService('ingest', {
      env: { NATS_URL: nats.url, FULCRUM_DATA_DIR: join(dir.path, 'ingest'), FULCRUM_INGEST_PORT: String(await freePort()) },
      ready: async () => (await gql(admin, 'query { projects { totalCount } }')).errors === undefined,
    });
    const created = await gql<{ createProject: { project: { id: string } } }>(admin, 'mutation { createProject(name: "Shop") { project { id } } }');
    projectId = created.data?.createProject.project.id as string;
    const other = await gql<{ createProject: { project: { id: string } } }>(admin, 'mutation { createProject(name: "Elsewhere") { project { id } } }');
    const url = `${gateway.url}/graphql`;
    for (const [member, role] of Object.entries(ROLES)) members[member as Member] = await createMemberToken(url, ADMIN_TOKEN, { projectId, roles: [role], name: `Only ${role}` });
    members.outsider = await createMemberToken(url, ADMIN_TOKEN, { projectId: other.data?.createProject.project.id as string, roles: ['ADMIN'], name: 'Olga Outsider' });
  });

  afterAll(async () => {
    await ingest?.stop();
    await gateway?.close();
    await nats?.stop();
    dir?.remove();
  });

  it('keeps publishing to data scientists, engineers and admins, the mode to data scientists and admins, reading to every member, and outsiders out', async () => {
    const document = { events: [definition('Order Completed')], traits: null };
    const publish = async (member: Member) => {
      const res = await gql(as(member), PUBLISH, { i: { projectId, basedOnVersion: null, document } });
      return res.errors ? `${res.code}/${res.domainCode}` : 'done';
    };
    expect(await publish('pm')).toBe('FORBIDDEN/FORBIDDEN');
    expect(await publish('compliance')).toBe('FORBIDDEN/FORBIDDEN');
    expect(await publish('outsider')).toBe('NOT_FOUND/PROJECT_NOT_FOUND');
    expect(await publish('engineer')).toBe('done');
    // The data scientist publishes on the same (now stale) version: CONFLICT, not FORBIDDEN.
    const stale = await gql(as('ds'), PUBLISH, { i: { projectId, basedOnVersion: null, document } });
    expect([stale.code, stale.domainCode, stale.errors?.[0]?.extensions?.['details']]).toEqual([
      'CONFLICT',
      'CONFLICT',
      { field: 'basedOnVersion', basedOnVersion: null, currentVersion: 1 },
    ]);
    for (const member of ['pm', 'compliance', 'engineer', 'ds'] as const) {
      expect((await gql(as(member), PLAN, { p: projectId })).data).toMatchObject({ trackingPlan: { currentVersion: 1 } });
    }
    expect((await gql(as('outsider'), EXPORT, { p: projectId })).domainCode).toBe('PROJECT_NOT_FOUND');
    expect((await gql(as('engineer'), MODE, { p: projectId, m: 'REPORT' })).code).toBe('FORBIDDEN');
    expect((await gql(as('pm'), MODE, { p: projectId, m: 'REPORT' })).code).toBe('FORBIDDEN');
    expect((await gql(as('ds'), MODE, { p: projectId, m: 'REPORT' })).data).toEqual({ setTrackingPlanMode: { mode: 'REPORT', currentVersion: 1, updatedByName: 'Only DATA_SCIENTIST' } });
    expect((await gql(as('compliance'), PLAN, { p: projectId })).data).toMatchObject({ trackingPlan: { mode: 'REPORT' } });
  });

  it('publishes a change, lists the versions, reads and exports an old one, and imports an export as the next version', async () => {
    const current = await gql<{ trackingPlan: { currentVersion: number; version: { document: { events: unknown[] } } } }>(as('ds'), PLAN, { p: projectId });
    const basedOn = current.data?.trackingPlan.currentVersion as number;
    const withCoupon = { ...checkout, properties: { ...checkout.properties, coupon: { type: 'string' } } };
    const next = { events: [definition('Order Completed', '1-0-1', withCoupon), definition('Signed Up')], traits: { schemaVer: '1-0-0', properties: { type: 'object' }, pii: [] } };
    const published = await gql<{ publishTrackingPlan: Record<string, unknown> }>(as('ds'), PUBLISH, { i: { projectId, basedOnVersion: basedOn, document: next, note: 'coupon codes' } });
    expect(published.errors).toBeUndefined();
    const userId = members.ds.userId;
    expect(published.data?.publishTrackingPlan).toEqual({
      projectId,
      mode: 'REPORT',
      currentVersion: basedOn + 1,
      updatedByName: 'Only DATA_SCIENTIST',
      version: {
        version: basedOn + 1,
        note: 'coupon codes',
        publishedBy: `user:${userId}`,
        publishedByName: 'Only DATA_SCIENTIST',
        events: [
          { name: 'Order Completed', schemaVer: '1-0-1', status: 'LIVE', properties: withCoupon },
          { name: 'Signed Up', schemaVer: '1-0-0', status: 'LIVE', properties: checkout },
        ],
        traits: { schemaVer: '1-0-0' },
        changes: [
          { event: 'Order Completed', from: '1-0-0', to: '1-0-1', kind: 'ADDITION', incompatibilities: [] },
          { event: 'Signed Up', from: null, to: '1-0-0', kind: 'NEW', incompatibilities: [] },
          { event: '$traits', from: null, to: '1-0-0', kind: 'NEW', incompatibilities: [] },
        ],
        document: next,
      },
    });

    const page1 = await gql<{ trackingPlanVersions: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Array<{ version: number; note: string | null }> } }>(
      as('compliance'),
      VERSIONS,
      { p: projectId, f: 1 },
    );
    expect(page1.data?.trackingPlanVersions).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, nodes: [{ version: 2, note: 'coupon codes' }] });
    const page2 = await gql<{ trackingPlanVersions: { pageInfo: { hasNextPage: boolean }; nodes: Array<{ version: number; changes: unknown[] }> } }>(as('compliance'), VERSIONS, {
      p: projectId,
      f: 1,
      a: page1.data?.trackingPlanVersions.pageInfo.endCursor,
    });
    expect(page2.data?.trackingPlanVersions).toEqual({ totalCount: 2, pageInfo: { hasNextPage: false, endCursor: expect.any(String) }, nodes: [{ version: 1, note: null, changes: [{ event: 'Order Completed', kind: 'NEW' }] }] });

    expect((await gql(as('pm'), PLAN, { p: projectId, v: 1 })).data).toMatchObject({ trackingPlan: { currentVersion: 2, version: { version: 1, events: [{ name: 'Order Completed', schemaVer: '1-0-0' }] } } });
    const missing = await gql(as('pm'), PLAN, { p: projectId, v: 9 });
    expect([missing.code, missing.domainCode, missing.errors?.[0]?.extensions?.['details']]).toEqual(['NOT_FOUND', 'NOT_FOUND', { projectId, version: 9 }]);

    // Export → edit offline → import: the exported document is exactly what publishing takes.
    const exported = await gql<{ exportTrackingPlan: { events: Array<Record<string, unknown>>; traits: unknown } }>(as('engineer'), EXPORT, { p: projectId });
    expect(exported.data?.exportTrackingPlan).toEqual(next);
    const edited = { ...exported.data?.exportTrackingPlan, events: [...(exported.data?.exportTrackingPlan.events ?? []), definition('Viewed Cart')] };
    const imported = await gql<{ publishTrackingPlan: { currentVersion: number } }>(as('engineer'), PUBLISH, { i: { projectId, basedOnVersion: 2, document: edited } });
    expect(imported.data?.publishTrackingPlan.currentVersion).toBe(3);
    expect((await gql(as('engineer'), EXPORT, { p: projectId, v: 3 })).data).toEqual({ exportTrackingPlan: edited });
    expect((await gql(as('engineer'), EXPORT, { p: projectId, v: 1 })).data).toMatchObject({ exportTrackingPlan: { events: [{ name: 'Order Completed', schemaVer: '1-0-0' }] } });
  });

  it("hands the publish rules' refusals to the client with their codes and details", async () => {
    const { data } = await gql<{ exportTrackingPlan: { events: Array<ReturnType<typeof definition>>; traits: unknown } }>(as('ds'), EXPORT, { p: projectId });
    const plan = data?.exportTrackingPlan as { events: Array<ReturnType<typeof definition>>; traits: unknown };
    const version = ((await gql<{ trackingPlan: { currentVersion: number } }>(as('ds'), PLAN, { p: projectId })).data?.trackingPlan.currentVersion ?? 0) as number;

    const breaking = { ...plan, events: plan.events.map((e) => (e.name === 'Signed Up' ? { ...e, schemaVer: '1-0-1', properties: { ...checkout, required: ['cartId', 'total'] } } : e)) };
    const mislabelled = await gql(as('ds'), PUBLISH, { i: { projectId, basedOnVersion: version, document: breaking } });
    expect([mislabelled.code, mislabelled.domainCode]).toEqual(['BAD_USER_INPUT', 'SCHEMA_CHANGE_MISLABELLED']);
    expect(mislabelled.errors?.[0]?.extensions?.['details']).toEqual({
      definitions: [
        {
          event: 'Signed Up',
          from: '1-0-0',
          to: '1-0-1',
          labelledStep: 'ADDITION',
          kind: 'REVISION',
          expected: '1-1-0',
          incompatibilities: [{ path: '/', keyword: 'required', reach: 'SOME', message: 'property total is now required' }],
        },
      ],
    });

    const removed = await gql(as('ds'), PUBLISH, { i: { projectId, basedOnVersion: version, document: { ...plan, events: plan.events.filter((e) => e.name !== 'Viewed Cart') } } });
    expect([removed.code, removed.domainCode, removed.errors?.[0]?.extensions?.['details']]).toEqual(['BAD_USER_INPUT', 'DEFINITION_REMOVED', { events: ['Viewed Cart'] }]);

    const invalid = await gql(as('ds'), PUBLISH, { i: { projectId, basedOnVersion: version, document: { ...plan, events: [...plan.events, definition('Bad', '1-0-0', { type: 'object', properties: { n: { type: 'integr' } } })] } } });
    expect([invalid.code, invalid.domainCode]).toEqual(['BAD_USER_INPUT', 'VALIDATION_FAILED']);
    expect(invalid.errors?.[0]?.extensions?.['details']).toMatchObject({ field: `document.events.${plan.events.length}.properties`, keyword: 'INVALID_SCHEMA' });

    const notAnObject = await gql(as('ds'), PUBLISH, { i: { projectId, basedOnVersion: version, document: [plan] } });
    expect([notAnObject.code, notAnObject.domainCode, notAnObject.errors?.[0]?.extensions?.['details']]).toEqual(['BAD_USER_INPUT', 'VALIDATION_FAILED', { field: 'input.document' }]);

    const badMode = await gql(as('ds'), MODE, { p: projectId, m: 'STRICT' });
    expect(badMode.status).toBe(400);
    // Nothing of it was stored.
    expect((await gql(as('ds'), PLAN, { p: projectId })).data).toMatchObject({ trackingPlan: { currentVersion: version, mode: 'REPORT' } });
  });
});
