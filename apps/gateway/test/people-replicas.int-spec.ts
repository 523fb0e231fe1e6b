import type { ResolvedDatabase } from '@fulcrum/persistence';
import { createMemberToken, describeOnSharedDatabases, loginSession, startTestDatabase } from '@fulcrum/testing';
import type { RunningGateway } from '../src/gateway.bootstrap';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOKEN, type PeopleHarness, gqlOf, startPeopleHarness } from './support/gateway-people.harness';

const ME = '{ me { user { id } memberships { projectId roles } } }';
const TZ = 'mutation($p: ID!) { setProjectTimeZone(projectId: $p, timeZone: "Europe/Berlin") { timeZone } }';
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { csrfToken } }';
/** The promise: a change is seen by every replica within 1 s. */
const PROPAGATION_MS = 1_000;
const admin = { token: ADMIN_TOKEN };

// Several clients share the database at once: PostgreSQL only (see sharedDatabaseKinds).
describeOnSharedDatabases()('two gateway replicas on one %s database', (kind) => {
  let h: PeopleHarness;
  let db: ResolvedDatabase;
  let a: RunningGateway;
  let b: RunningGateway;
  let projectId: string;

  beforeAll(async () => {
    h = await startPeopleHarness();
    // PGlite serves several clients one query at a time (each replica has a pool of 10).
    db = await startTestDatabase(kind, { maxConnections: 30 });
    const shared = { databaseUrl: db.url, auth: { loginMaxFailuresPerEmail: 3, loginMaxFailuresPerAddress: 5, loginFailureWindowSeconds: 60 } };
    a = await h.startGateway(shared);
    b = await h.startGateway(shared);
    const created = await gqlOf(a)<{ createProject: { project: { id: string } } }>(admin, 'mutation { createProject(name: "Shared") { project { id } } }');
    projectId = created.data?.createProject.project.id as string;
  });

  afterAll(async () => {
    await h?.stop();
    await db?.stop();
  });

  it('stops a revoked token on both replicas within 1 s', async () => {
    const member = await createMemberToken(`${a.url}/graphql`, ADMIN_TOKEN, { projectId, roles: ['PM'], name: 'Rita Revoked' });
    const token = { token: member.token };
    // Both replicas have resolved (and cached) the token.
    expect((await gqlOf(a)(token, ME)).errors).toBeUndefined();
    expect((await gqlOf(b)(token, ME)).errors).toBeUndefined();
    expect((await gqlOf(a)(token, 'mutation($t: ID!) { revokeApiToken(tokenId: $t) { id } }', { t: member.tokenId })).errors).toBeUndefined();
    expect((await gqlOf(a)(token, ME)).code).toBe('UNAUTHENTICATED'); // the revoking replica: at once
    await new Promise((r) => setTimeout(r, PROPAGATION_MS));
    expect((await gqlOf(b)(token, ME)).code).toBe('UNAUTHENTICATED');
  });

  it('stops a removed membership on both replicas within 1 s', async () => {
    const member = await createMemberToken(`${a.url}/graphql`, ADMIN_TOKEN, { projectId, roles: ['PM'], name: 'Mo Member' });
    const token = { token: member.token };
    expect((await gqlOf(a)(token, TZ, { p: projectId })).errors).toBeUndefined();
    expect((await gqlOf(b)(token, TZ, { p: projectId })).errors).toBeUndefined();
    const removed = await gqlOf(b)(admin, 'mutation($p: ID!, $u: ID!) { setProjectMemberRoles(projectId: $p, userId: $u, roles: []) { roles } }', {
      p: projectId,
      u: member.userId,
    });
    expect(removed.data).toEqual({ setProjectMemberRoles: { roles: [] } });
    await new Promise((r) => setTimeout(r, PROPAGATION_MS));
    for (const gateway of [a, b]) expect((await gqlOf(gateway)(token, TZ, { p: projectId })).domainCode).toBe('PROJECT_NOT_FOUND');
  });

  it('shares sessions: a login on one replica works on the other, a logout ends it on both', async () => {
    const session = await loginSession(`${a.url}/graphql`, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await gqlOf(b)({ cookie: session.cookie }, ME)).errors).toBeUndefined();
    expect((await gqlOf(b)(session, 'mutation { logout }')).data).toEqual({ logout: true });
    await new Promise((r) => setTimeout(r, PROPAGATION_MS));
    expect((await gqlOf(a)({ cookie: session.cookie }, ME)).code).toBe('UNAUTHENTICATED');
  });

  it('limits failed logins per email and per address across both replicas (RATE_LIMITED with retryAfterSeconds)', async () => {
    // Per email: 3 failures within 60 s, alternating replicas.
    for (const gateway of [a, b, a]) expect((await gqlOf(gateway)(undefined, LOGIN, { e: ADMIN_EMAIL, p: 'wrong password!!' })).code).toBe('UNAUTHENTICATED');
    for (const gateway of [b, a]) {
      // Even the right password is refused now.
      const limited = await gqlOf(gateway)(undefined, LOGIN, { e: ADMIN_EMAIL.toUpperCase(), p: ADMIN_PASSWORD });
      expect(limited.code).toBe('RATE_LIMITED');
      const retryAfter = limited.errors?.[0]?.extensions?.['details'] as { retryAfterSeconds: number };
      expect(retryAfter.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(retryAfter.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    // Per address: refused attempts do not count; two more failures make five from this address.
    for (const gateway of [a, b]) expect((await gqlOf(gateway)(undefined, LOGIN, { e: 'someone@example.org', p: 'wrong password!!' })).code).toBe('UNAUTHENTICATED');
    const anyEmail = await gqlOf(b)(undefined, LOGIN, { e: 'fresh@example.org', p: 'whatever password' });
    expect(anyEmail.code).toBe('RATE_LIMITED');
    // API tokens are not affected.
    expect((await gqlOf(a)(admin, ME)).errors).toBeUndefined();
  });
});
