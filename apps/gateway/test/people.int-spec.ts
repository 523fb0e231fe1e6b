import { createMemberToken, loginSession } from '@fulcrum/testing';
import type { RunningGateway } from '../src/gateway.bootstrap';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOKEN, type PeopleHarness, gqlOf, startPeopleHarness } from './support/gateway-people.harness';

const ME = '{ me { user { id email displayName instanceAdmin } credential tokenId instanceAdmin memberships { projectId roles allowedOperations } allowedOperations } }';
const admin = { token: ADMIN_TOKEN };

describe('people, sessions and API tokens (real nats-server and gateway, fake ingest)', () => {
  let h: PeopleHarness;
  let gateway: RunningGateway;
  let gql: ReturnType<typeof gqlOf>;

  beforeAll(async () => {
    h = await startPeopleHarness();
    gateway = await h.startGateway();
    gql = gqlOf(gateway);
  });

  afterAll(async () => {
    await h?.stop();
  });

  async function createProject(name: string): Promise<string> {
    const res = await gql<{ createProject: { project: { id: string } } }>(admin, 'mutation($n: String!) { createProject(name: $n) { project { id } } }', { n: name });
    expect(res.errors).toBeUndefined();
    return res.data?.createProject.project.id as string;
  }

  async function createUser(email: string, password?: string) {
    const res = await gql<{ createUser: { user: { id: string }; generatedPassword: string | null } }>(
      admin,
      'mutation($e: String!, $p: String) { createUser(email: $e, displayName: "Pat", password: $p) { user { id } generatedPassword } }',
      { e: email, p: password ?? null },
    );
    expect(res.errors).toBeUndefined();
    return { id: res.data?.createUser.user.id as string, password: password ?? (res.data?.createUser.generatedPassword as string) };
  }

  async function setRoles(projectId: string, userId: string, roles: string[], as: { token: string } | { cookie: string; csrfToken: string } = admin) {
    return gql(as, 'mutation($p: ID!, $u: ID!, $r: [ProjectRole!]!) { setProjectMemberRoles(projectId: $p, userId: $u, roles: $r) { user { id } roles } }', {
      p: projectId,
      u: userId,
      r: roles,
    });
  }

  describe('sessions', () => {
    it('logs in with the bootstrap admin: an HttpOnly, SameSite=Strict cookie and a CSRF token; `me` by cookie', async () => {
      const res = await gql<{ login: { csrfToken: string; user: { email: string }; idleTimeoutSeconds: number; expiresAt: string } }>(
        undefined,
        'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { csrfToken user { email } idleTimeoutSeconds expiresAt } }',
        { e: 'Admin@LOCALHOST', p: ADMIN_PASSWORD },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.login.user.email).toBe(ADMIN_EMAIL);
      expect(res.data?.login.idleTimeoutSeconds).toBe(43_200);
      expect(Date.parse(res.data?.login.expiresAt as string) - Date.now()).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
      expect(res.setCookie).toMatch(/^fulcrum_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=60479\d$/);
      const cookie = (res.setCookie as string).split(';')[0] as string;
      const me = await gql<{ me: { user: { email: string }; credential: string; instanceAdmin: boolean; allowedOperations: string[] } }>({ cookie }, ME);
      expect(me.data?.me).toMatchObject({ user: { email: ADMIN_EMAIL }, credential: 'SESSION', instanceAdmin: true });
      expect(me.data?.me.allowedOperations).toEqual(expect.arrayContaining(['Mutation.createUser', 'Query.me', 'Query.users']));
    });

    it('answers a wrong password and an unknown email alike, with UNAUTHENTICATED', async () => {
      const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { csrfToken } }';
      const wrong = await gql(undefined, LOGIN, { e: ADMIN_EMAIL, p: 'not the password at all' });
      const unknown = await gql(undefined, LOGIN, { e: 'nobody@example.org', p: ADMIN_PASSWORD });
      expect(wrong.code).toBe('UNAUTHENTICATED');
      expect(wrong.setCookie).toBeNull();
      expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
    });

    it('refuses a mutation by cookie without the anti-CSRF header, and serves it with the header', async () => {
      const session = await loginSession(`${gateway.url}/graphql`, ADMIN_EMAIL, ADMIN_PASSWORD);
      const UPDATE = 'mutation { updateMyProfile(displayName: "Ada Admin") { displayName } }';
      for (const csrfToken of [undefined, 'x'.repeat(43)]) {
        const refused = await gql({ cookie: session.cookie, csrfToken }, UPDATE);
        expect(refused).toMatchObject({ code: 'FORBIDDEN', domainCode: 'CSRF_TOKEN_INVALID', data: null });
      }
      // Queries need no header (SameSite=Strict keeps other sites from sending the cookie at all).
      expect((await gql({ cookie: session.cookie }, ME)).errors).toBeUndefined();
      const served = await gql(session, UPDATE);
      expect(served.errors).toBeUndefined();
      expect(served.data).toEqual({ updateMyProfile: { displayName: 'Ada Admin' } });
      // API tokens need no CSRF header: they are not sent by browsers on their own.
      expect((await gql(admin, 'mutation { updateMyProfile(displayName: "Admin") { displayName } }')).errors).toBeUndefined();
    });

    it('never serves a mutation over GET', async () => {
      const session = await loginSession(`${gateway.url}/graphql`, ADMIN_EMAIL, ADMIN_PASSWORD);
      const res = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('mutation { logout }')}`, {
        headers: { cookie: session.cookie, 'x-fulcrum-csrf': session.csrfToken, 'apollo-require-preflight': 'true' },
      });
      expect(res.status).toBe(405);
      expect(JSON.stringify(await res.json())).toContain('GET requests only support query operations');
      // The session was not ended.
      expect((await gql({ cookie: session.cookie }, ME)).errors).toBeUndefined();
    });

    it('ends the session at logout and clears the cookie; a dead cookie does not block logging in again', async () => {
      const session = await loginSession(`${gateway.url}/graphql`, ADMIN_EMAIL, ADMIN_PASSWORD);
      const out = await gql(session, 'mutation { logout }');
      expect(out.data).toEqual({ logout: true });
      expect(out.setCookie).toBe('fulcrum_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
      const after = await gql({ cookie: session.cookie }, ME);
      expect(after.code).toBe('UNAUTHENTICATED');
      expect(after.setCookie).toContain('Max-Age=0');
      const again = await gql({ cookie: session.cookie }, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { csrfToken } }', {
        e: ADMIN_EMAIL,
        p: ADMIN_PASSWORD,
      });
      expect(again.errors).toBeUndefined();
      expect(await gql(admin, 'mutation { logout }')).toMatchObject({ data: { logout: false } });
    });
  });

  describe('users', () => {
    it('creates users with a generated password shown once, emails unique case-insensitively, inputs validated', async () => {
      const res = await gql<{ createUser: { user: { email: string; instanceAdmin: boolean; disabled: boolean }; generatedPassword: string } }>(
        admin,
        'mutation { createUser(email: "Dana@Example.org", displayName: " Dana ") { user { email displayName instanceAdmin disabled } generatedPassword } }',
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.createUser).toMatchObject({ user: { email: 'Dana@Example.org', displayName: 'Dana', instanceAdmin: false, disabled: false } });
      expect(res.data?.createUser.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      await loginSession(`${gateway.url}/graphql`, 'dana@example.org', res.data?.createUser.generatedPassword as string);

      const duplicate = await gql(admin, 'mutation { createUser(email: "dana@EXAMPLE.org", displayName: "Other") { user { id } } }');
      expect(duplicate).toMatchObject({ code: 'CONFLICT', errors: [{ extensions: { details: { field: 'email' } } }] });
      for (const [args, field] of [
        ['email: "not-an-email", displayName: "X"', 'email'],
        ['email: "x@example.org", displayName: "bad\\u0007name"', 'displayName'],
        ['email: "x@example.org", displayName: "X", password: "too short"', 'password'],
      ] as const) {
        const bad = await gql(admin, `mutation { createUser(${args}) { user { id } } }`);
        expect([field, bad.code, bad.errors?.[0]?.extensions?.['details']]).toEqual([field, 'BAD_USER_INPUT', { field }]);
      }
    });

    it('lists users as a Relay connection for instance admins only', async () => {
      const page1 = await gql<{ users: { nodes: Array<{ email: string }>; pageInfo: { hasNextPage: boolean; endCursor: string }; totalCount: number } }>(
        admin,
        '{ users(first: 1) { nodes { email } pageInfo { hasNextPage endCursor } totalCount } }',
      );
      expect(page1.data?.users.nodes).toEqual([{ email: ADMIN_EMAIL }]);
      expect(page1.data?.users.pageInfo.hasNextPage).toBe(true);
      const total = page1.data?.users.totalCount as number;
      const page2 = await gql<{ users: { nodes: Array<{ email: string }> } }>(admin, 'query($a: String) { users(first: 100, after: $a) { nodes { email } } }', {
        a: page1.data?.users.pageInfo.endCursor,
      });
      expect(page2.data?.users.nodes).toHaveLength(total - 1);
      expect(page2.data?.users.nodes.map((u) => u.email)).not.toContain(ADMIN_EMAIL);
      const pat = await createUser('pat.lister@example.org');
      const session = await loginSession(`${gateway.url}/graphql`, 'pat.lister@example.org', pat.password);
      expect((await gql(session, '{ users { totalCount } }')).code).toBe('FORBIDDEN');
      expect((await gql(admin, '{ users(first: 0) { totalCount } }')).code).toBe('BAD_USER_INPUT');
    });

    it('changes a password only with the current one; the other sessions end, this one stays', async () => {
      const user = await createUser('carol@example.org', 'first password 123');
      const other = await loginSession(`${gateway.url}/graphql`, 'carol@example.org', 'first password 123');
      const current = await loginSession(`${gateway.url}/graphql`, 'carol@example.org', 'first password 123');
      const CHANGE = 'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';
      expect(await gql(current, CHANGE, { c: 'wrong password 123', n: 'second password 456' })).toMatchObject({
        code: 'FORBIDDEN',
        errors: [{ extensions: { details: { field: 'currentPassword' } } }],
      });
      expect((await gql(current, CHANGE, { c: 'first password 123', n: 'short' })).code).toBe('BAD_USER_INPUT');
      expect((await gql(current, CHANGE, { c: 'first password 123', n: 'second password 456' })).data).toEqual({ changePassword: true });
      expect((await gql({ cookie: other.cookie }, ME)).code).toBe('UNAUTHENTICATED');
      expect((await gql({ cookie: current.cookie }, ME)).errors).toBeUndefined();
      await expect(loginSession(`${gateway.url}/graphql`, 'carol@example.org', 'first password 123')).rejects.toThrow('UNAUTHENTICATED');
      expect((await loginSession(`${gateway.url}/graphql`, 'carol@example.org', 'second password 456')).userId).toBe(user.id);
    });

    it('disables a user: no login, sessions and tokens stop; enabling brings the tokens back', async () => {
      const projectId = await createProject('Disable me');
      const member = await createMemberToken(`${gateway.url}/graphql`, ADMIN_TOKEN, { projectId, roles: ['PM'], name: 'Dora Disabled' });
      const session = await loginSession(`${gateway.url}/graphql`, member.email, member.password);
      const disabled = await gql(admin, 'mutation($u: ID!) { disableUser(userId: $u) { disabled } }', { u: member.userId });
      expect(disabled.data).toEqual({ disableUser: { disabled: true } });
      expect((await gql({ cookie: session.cookie }, ME)).code).toBe('UNAUTHENTICATED');
      expect((await gql({ token: member.token }, ME)).code).toBe('UNAUTHENTICATED');
      await expect(loginSession(`${gateway.url}/graphql`, member.email, member.password)).rejects.toThrow('UNAUTHENTICATED');
      expect((await gql(admin, 'mutation($u: ID!) { enableUser(userId: $u) { disabled } }', { u: member.userId })).data).toEqual({ enableUser: { disabled: false } });
      expect((await gql({ token: member.token }, ME)).errors).toBeUndefined();
      // The session ended for good.
      expect((await gql({ cookie: session.cookie }, ME)).code).toBe('UNAUTHENTICATED');
    });

    it('keeps the last instance admin: no self-disable, no demoting the last one', async () => {
      const me = await gql<{ me: { user: { id: string } } }>(admin, ME);
      const adminId = me.data?.me.user.id as string;
      expect((await gql(admin, 'mutation($u: ID!) { disableUser(userId: $u) { id } }', { u: adminId })).code).toBe('CONFLICT');
      expect((await gql(admin, 'mutation($u: ID!) { setInstanceAdmin(userId: $u, value: false) { id } }', { u: adminId })).code).toBe('CONFLICT');
      const second = await createUser('second.admin@example.org');
      expect((await gql(admin, 'mutation($u: ID!) { setInstanceAdmin(userId: $u, value: true) { instanceAdmin } }', { u: second.id })).data).toEqual({
        setInstanceAdmin: { instanceAdmin: true },
      });
      expect((await gql(admin, 'mutation($u: ID!) { setInstanceAdmin(userId: $u, value: false) { instanceAdmin } }', { u: second.id })).data).toEqual({
        setInstanceAdmin: { instanceAdmin: false },
      });
      expect((await gql(admin, 'mutation { disableUser(userId: "not-a-uuid") { id } }')).code).toBe('BAD_USER_INPUT');
      expect((await gql(admin, 'mutation { disableUser(userId: "00000000-0000-4000-8000-000000000000") { id } }')).code).toBe('NOT_FOUND');
    });
  });

  describe('projects and memberships', () => {
    it('makes the creator of a project its ADMIN; `projects` shows members their projects only', async () => {
      const a = await createProject('Alpha');
      const me = await gql<{ me: { memberships: Array<{ projectId: string; roles: string[]; allowedOperations: string[] }> } }>(admin, ME);
      const alpha = me.data?.me.memberships.find((m) => m.projectId === a);
      expect(alpha?.roles).toEqual(['ADMIN']);
      expect(alpha?.allowedOperations).toEqual(expect.arrayContaining(['Mutation.setProjectMemberRoles', 'Query.sql', 'Query.trend']));

      const pat = await createUser('pat.projects@example.org');
      expect((await setRoles(a, pat.id, ['PM', 'DESIGNER', 'PM'])).data).toEqual({ setProjectMemberRoles: { user: { id: pat.id }, roles: ['PM', 'DESIGNER'] } });
      const session = await loginSession(`${gateway.url}/graphql`, 'pat.projects@example.org', pat.password);
      const patMe = await gql<{ me: { instanceAdmin: boolean; memberships: Array<{ projectId: string; roles: string[]; allowedOperations: string[] }> } }>(session, ME);
      expect(patMe.data?.me.instanceAdmin).toBe(false);
      expect(patMe.data?.me.memberships).toHaveLength(1);
      expect(patMe.data?.me.memberships[0]).toMatchObject({ projectId: a, roles: ['PM', 'DESIGNER'] });
      expect(patMe.data?.me.memberships[0]?.allowedOperations).toContain('Query.trend');
      expect(patMe.data?.me.memberships[0]?.allowedOperations).not.toContain('Query.sql');

      const PROJECTS = '{ projects { nodes { id name } totalCount pageInfo { hasNextPage } } }';
      const patProjects = await gql<{ projects: { nodes: Array<{ id: string }>; totalCount: number } }>(session, PROJECTS);
      expect(patProjects.data?.projects).toMatchObject({ nodes: [{ id: a, name: 'Alpha' }], totalCount: 1 });
      expect(h.responder.callsTo('ingest.projects.list.v1').at(-1)).toEqual({ projectIds: [a] });
      const all = await gql<{ projects: { totalCount: number } }>(admin, PROJECTS);
      expect(all.data?.projects.totalCount).toBe(h.ingest.projects.length);
      expect(h.responder.callsTo('ingest.projects.list.v1').at(-1)).toEqual({});
      const paged = await gql<{ projects: { nodes: unknown[]; pageInfo: { hasNextPage: boolean } } }>(admin, '{ projects(first: 1) { nodes { id } pageInfo { hasNextPage } } }');
      expect(paged.data?.projects.nodes).toHaveLength(1);

      // A member without ADMIN cannot manage members; outside the project it does not exist.
      expect((await gql(session, 'query($p: ID!) { projectMembers(projectId: $p) { totalCount } }', { p: a })).code).toBe('FORBIDDEN');
      const b = await createProject('Beta');
      expect((await gql(session, 'query($p: ID!) { projectMembers(projectId: $p) { totalCount } }', { p: b })).domainCode).toBe('PROJECT_NOT_FOUND');
      const members = await gql<{ projectMembers: { nodes: Array<{ user: { email: string }; roles: string[] }> } }>(
        admin,
        'query($p: ID!) { projectMembers(projectId: $p) { nodes { user { email } roles } } }',
        { p: a },
      );
      expect(members.data?.projectMembers.nodes).toEqual([
        { user: { email: ADMIN_EMAIL }, roles: ['ADMIN'] },
        { user: { email: 'pat.projects@example.org' }, roles: ['PM', 'DESIGNER'] },
      ]);
    });

    it('keeps one ADMIN per project, lets instance admins recover any project, and refuses unknown projects', async () => {
      const a = await createProject('Gamma');
      const adminId = ((await gql<{ me: { user: { id: string } } }>(admin, ME)).data?.me.user.id) as string;
      expect((await setRoles(a, adminId, ['PM'])).code).toBe('CONFLICT');
      // A project nobody is a member of (made in ingest directly): instance admins may still add members.
      const orphan = h.ingest.add('Orphan');
      expect((await setRoles(orphan.id, adminId, ['ADMIN'])).errors).toBeUndefined();
      expect((await setRoles('00000000-0000-4000-8000-000000000000', adminId, ['ADMIN'])).domainCode).toBe('PROJECT_NOT_FOUND');
      expect((await setRoles(a, '00000000-0000-4000-8000-000000000000', ['PM'])).code).toBe('NOT_FOUND');
    });
  });

  describe('API tokens', () => {
    it('narrows a token to one project: it cannot act in another project of its user', async () => {
      const a = await createProject('Token A');
      const b = await createProject('Token B');
      const pat = await createUser('pat.tokens@example.org');
      await setRoles(a, pat.id, ['PM']);
      await setRoles(b, pat.id, ['PM']);
      const session = await loginSession(`${gateway.url}/graphql`, 'pat.tokens@example.org', pat.password);
      const created = await gql<{ createApiToken: { token: string; prefix: string; projectId: string; roles: string[] | null; userId: string } }>(
        session,
        'mutation($p: ID!) { createApiToken(name: "CI for A", projectId: $p) { token prefix projectId roles userId } }',
        { p: a },
      );
      expect(created.errors).toBeUndefined();
      const token = created.data?.createApiToken as { token: string; prefix: string; projectId: string; roles: string[] | null; userId: string };
      expect(token).toMatchObject({ projectId: a, roles: null, userId: pat.id });
      expect(token.token.startsWith(token.prefix)).toBe(true);
      expect(token.prefix).toMatch(/^ful_.{8}$/);

      const TZ = 'mutation($p: ID!) { setProjectTimeZone(projectId: $p, timeZone: "Europe/Paris") { timeZone } }';
      expect((await gql({ token: token.token }, TZ, { p: a })).data).toEqual({ setProjectTimeZone: { timeZone: 'Europe/Paris' } });
      expect((await gql({ token: token.token }, TZ, { p: b })).domainCode).toBe('PROJECT_NOT_FOUND');
      expect((await gql(session, TZ, { p: b })).errors).toBeUndefined();
      const listed = await gql<{ projects: { nodes: Array<{ id: string }> } }>({ token: token.token }, '{ projects { nodes { id } } }');
      expect(listed.data?.projects.nodes).toEqual([{ id: a }]);
      const me = await gql<{ me: { credential: string; memberships: Array<{ projectId: string }> } }>({ token: token.token }, ME);
      expect(me.data?.me).toMatchObject({ credential: 'API_TOKEN', memberships: [{ projectId: a }] });

      // Beyond the creator's rights: refused at creation.
      expect((await gql(session, 'mutation($p: ID!) { createApiToken(name: "x", projectId: $p, roles: [DATA_SCIENTIST]) { id } }', { p: a })).code).toBe('FORBIDDEN');
      const c = await createProject('Token C');
      expect((await gql(session, 'mutation($p: ID!) { createApiToken(name: "x", projectId: $p) { id } }', { p: c })).domainCode).toBe('PROJECT_NOT_FOUND');
      // A narrowed token cannot mint a wider one.
      expect((await gql({ token: token.token }, 'mutation { createApiToken(name: "wider") { id } }')).code).toBe('FORBIDDEN');

      // A lost membership narrows the token at its next use.
      await setRoles(a, pat.id, []);
      expect((await gql({ token: token.token }, TZ, { p: a })).domainCode).toBe('PROJECT_NOT_FOUND');
    });

    it('narrows a token to roles: a PM token of a project admin is a PM there', async () => {
      const a = await createProject('Roles A');
      const created = await gql<{ createApiToken: { token: string; roles: string[] } }>(
        admin,
        'mutation($p: ID!) { createApiToken(name: "pm view", projectId: $p, roles: [DESIGNER]) { token roles } }',
        { p: a },
      );
      expect(created.data?.createApiToken.roles).toEqual(['DESIGNER']);
      const designer = { token: created.data?.createApiToken.token as string };
      const TZ = 'mutation($p: ID!) { setProjectTimeZone(projectId: $p, timeZone: "UTC") { timeZone } }';
      expect((await gql(designer, TZ, { p: a })).code).toBe('FORBIDDEN');
      expect((await gql(designer, '{ users { totalCount } }')).code).toBe('FORBIDDEN');
      expect((await gql<{ me: { instanceAdmin: boolean } }>(designer, ME)).data?.me.instanceAdmin).toBe(false);
    });

    it('lists tokens to their owner (and instance admins), revokes them at once, expires them', async () => {
      const projectId = await createProject('Lists');
      const member = await createMemberToken(`${gateway.url}/graphql`, ADMIN_TOKEN, { projectId, roles: ['ENGINEER'], name: 'Eli Engineer' });
      const eli = { token: member.token };
      const LIST = 'query($u: ID) { apiTokens(userId: $u) { nodes { id name prefix lastUsed revokedAt } totalCount } }';
      const own = await gql<{ apiTokens: { nodes: Array<{ id: string; name: string }>; totalCount: number } }>(eli, LIST);
      expect(own.data?.apiTokens).toMatchObject({ nodes: [{ id: member.tokenId, name: 'Eli Engineer' }], totalCount: 1 });
      expect((await gql(eli, LIST, { u: (await gql<{ me: { user: { id: string } } }>(admin, ME)).data?.me.user.id })).code).toBe('FORBIDDEN');
      const byAdmin = await gql<{ apiTokens: { nodes: Array<{ id: string; lastUsed: string | null }> } }>(admin, LIST, { u: member.userId });
      expect(byAdmin.data?.apiTokens.nodes.map((t) => t.id)).toEqual([member.tokenId]);
      expect(byAdmin.data?.apiTokens.nodes[0]?.lastUsed).not.toBeNull();

      const adminTokens = await gql<{ apiTokens: { nodes: Array<{ id: string }> } }>(admin, LIST);
      const adminTokenId = adminTokens.data?.apiTokens.nodes[0]?.id;
      expect((await gql(eli, 'mutation($t: ID!) { revokeApiToken(tokenId: $t) { id } }', { t: adminTokenId })).code).toBe('NOT_FOUND');
      const revoked = await gql<{ revokeApiToken: { revokedAt: string } }>(eli, 'mutation($t: ID!) { revokeApiToken(tokenId: $t) { revokedAt } }', { t: member.tokenId });
      expect(revoked.data?.revokeApiToken.revokedAt).toEqual(expect.any(String));
      expect((await gql(eli, ME)).code).toBe('UNAUTHENTICATED');

      const soon = new Date(Date.now() + 1_500).toISOString();
      const expiring = await gql<{ createApiToken: { token: string; expiresAt: string } }>(
        admin,
        'mutation($e: DateTime!) { createApiToken(name: "short", expiresAt: $e) { token expiresAt } }',
        { e: soon },
      );
      expect(expiring.data?.createApiToken.expiresAt).toBe(soon);
      const short = { token: expiring.data?.createApiToken.token as string };
      expect((await gql(short, ME)).errors).toBeUndefined();
      await new Promise((r) => setTimeout(r, 2_100));
      expect((await gql(short, ME)).code).toBe('UNAUTHENTICATED');
      expect((await gql(admin, 'mutation($e: DateTime!) { createApiToken(name: "past", expiresAt: $e) { id } }', { e: '2020-01-01T00:00:00.000Z' })).code).toBe(
        'BAD_USER_INPUT',
      );
    });
  });
});

describe('session expiry (idle 1 s, absolute 3 s)', () => {
  let h: PeopleHarness;
  let gateway: RunningGateway;

  beforeAll(async () => {
    h = await startPeopleHarness();
    gateway = await h.startGateway({ auth: { sessionIdleSeconds: 1, sessionAbsoluteSeconds: 3 } });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('ends a session unused for the idle limit', async () => {
    const gql = gqlOf(gateway);
    const session = await loginSession(`${gateway.url}/graphql`, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await gql({ cookie: session.cookie }, ME)).errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1_300));
    expect((await gql({ cookie: session.cookie }, ME)).code).toBe('UNAUTHENTICATED');
  });

  it('ends an active session at the absolute limit, and says so in the cookie Max-Age', async () => {
    const gql = gqlOf(gateway);
    const login = await gql(undefined, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { csrfToken } }', { e: ADMIN_EMAIL, p: ADMIN_PASSWORD });
    expect(login.setCookie).toMatch(/Max-Age=[23];?/);
    const cookie = (login.setCookie as string).split(';')[0] as string;
    const started = Date.now();
    let last: string | undefined;
    while (Date.now() - started < 2_600) {
      last = (await gql({ cookie }, ME)).code;
      expect(last).toBeUndefined(); // used every 300 ms: never idle
      await new Promise((r) => setTimeout(r, 300));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 3_100 - (Date.now() - started))));
    expect((await gql({ cookie }, ME)).code).toBe('UNAUTHENTICATED');
  });
});

describe('login limits over HTTP (2 failures per email, 3 s window)', () => {
  let h: PeopleHarness;
  let gateway: RunningGateway;

  beforeAll(async () => {
    h = await startPeopleHarness();
    gateway = await h.startGateway({ auth: { loginMaxFailuresPerEmail: 2, loginFailureWindowSeconds: 3 } });
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** The raw HTTP answer: the status and headers are what this block is about. */
  async function login(password: string) {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { csrfToken } }', variables: { e: ADMIN_EMAIL, p: password } }),
    });
    const body = (await res.json()) as { data: unknown; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
    return { status: res.status, retryAfter: res.headers.get('retry-after'), requestId: res.headers.get('x-request-id'), setCookie: res.headers.get('set-cookie'), body };
  }

  it('answers a rate-limited login with HTTP 429 and Retry-After, the coded error in the body, and lets the right password in once it has passed', async () => {
    for (let i = 0; i < 2; i++) {
      const wrong = await login('not the password at all');
      expect(wrong).toMatchObject({ status: 200, retryAfter: null });
      expect(wrong.body.errors?.[0]?.extensions['code']).toBe('UNAUTHENTICATED');
    }
    const limited = await login(ADMIN_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.setCookie).toBeNull();
    expect(limited.body.data).toBeNull();
    const extensions = limited.body.errors?.[0]?.extensions ?? {};
    // The body is the usual coded error; Apollo took `extensions.http` out of it.
    expect(Object.keys(extensions).sort()).toEqual(['code', 'details', 'domainCode', 'requestId']);
    expect(extensions).toMatchObject({ code: 'RATE_LIMITED', domainCode: 'RATE_LIMITED', requestId: limited.requestId });
    const { retryAfterSeconds } = extensions['details'] as { retryAfterSeconds: number };
    expect(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 1 && retryAfterSeconds <= 3).toBe(true);
    expect(limited.retryAfter).toBe(String(retryAfterSeconds));

    await new Promise((r) => setTimeout(r, retryAfterSeconds * 1000));
    const after = await login(ADMIN_PASSWORD);
    expect(after.status).toBe(200);
    expect(after.body.errors).toBeUndefined();
    expect(after.setCookie).toMatch(/^fulcrum_session=/);
  });

  it('answers any RATE_LIMITED refusal with 429 and Retry-After: a password change that checks the current password too often', async () => {
    const session = await loginSession(`${gateway.url}/graphql`, ADMIN_EMAIL, ADMIN_PASSWORD);
    const change = async (current: string) => {
      const res = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-fulcrum-csrf': session.csrfToken },
        body: JSON.stringify({
          query: 'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }',
          variables: { c: current, n: 'a brand new password 789' },
        }),
      });
      const body = (await res.json()) as { errors?: Array<{ extensions: Record<string, unknown> }> };
      return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.errors?.[0]?.extensions['domainCode'], body };
    };
    for (let i = 0; i < 2; i++) expect(await change('not the current password')).toMatchObject({ status: 200, retryAfter: null, code: 'FORBIDDEN' });
    const limited = await change(ADMIN_PASSWORD);
    expect(limited).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const { retryAfterSeconds } = limited.body.errors?.[0]?.extensions['details'] as { retryAfterSeconds: number };
    expect(limited.retryAfter).toBe(String(retryAfterSeconds));
    // Another refusal of the same session stays a 200 with its coded error.
    const other = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie },
      body: JSON.stringify({ query: '{ users { totalCount } }' }),
    });
    expect([other.status, other.headers.get('retry-after')]).toEqual([200, null]);
  });
});
