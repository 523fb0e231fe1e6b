import { DataSource } from 'typeorm';
import type { ResolvedDatabase } from '@fulcrum/persistence';
import { describeOnSharedDatabases, loginSession, startTestDatabase } from '@fulcrum/testing';
import { hashToken } from '../src/auth/token-hash';
import type { RunningGateway } from '../src/gateway.bootstrap';
import { CreateApiTokens1763700000000 } from '../src/migrations/1763700000000-create-api-tokens.migration';
import { MIGRATED_ADMIN_USER_ID } from '../src/people/membership.backfill';
import { type PeopleHarness, eventually, gqlOf, startPeopleHarness } from './support/gateway-people.harness';

const LEGACY = {
  admin: 'ful_legacy_admin_token_0123456789abcdefghij',
  pm: 'ful_legacy_pm_token_0123456789abcdefghijklmn',
  designer: 'ful_legacy_designer_token_0123456789abcdefgh',
};
const ME = '{ me { user { id email } instanceAdmin memberships { projectId roles } } }';
const TZ = 'mutation($p: ID!) { setProjectTimeZone(projectId: $p, timeZone: "Asia/Tokyo") { timeZone } }';

/** An installation from before users existed: only the first migration, and tokens with global roles. */
async function legacyInstallation(db: ResolvedDatabase): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url: db.url, migrations: [CreateApiTokens1763700000000], migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    for (const [role, token] of Object.entries(LEGACY)) {
      await dataSource.query(`INSERT INTO api_tokens (id, name, token_hash, role) VALUES (gen_random_uuid(), $1, $2, $3)`, [`legacy ${role}`, hashToken(token), role]);
    }
  } finally {
    await dataSource.destroy();
  }
}

// Several clients share the database at once: PostgreSQL only (see sharedDatabaseKinds).
describeOnSharedDatabases()('an installation from before users (%s)', (kind) => {
  let h: PeopleHarness;
  let db: ResolvedDatabase;
  let gateway: RunningGateway;
  let projects: string[];

  beforeAll(async () => {
    h = await startPeopleHarness();
    db = await startTestDatabase(kind, { maxConnections: 30 });
    await legacyInstallation(db);
    projects = [h.ingest.add('Old shop').id, h.ingest.add('Old app').id];
    // A start as before: no bootstrap admin at all.
    gateway = await h.startGateway({ databaseUrl: db.url, bootstrapAdminToken: undefined, bootstrapAdmin: undefined });
  });

  afterAll(async () => {
    await h?.stop();
    await db?.stop();
  });

  it('keeps every old token working with its old role, as a token of the migrated admin in every old project', async () => {
    const gql = gqlOf(gateway);
    const adminToken = { token: LEGACY.admin };
    // The membership backfill runs in the background at start-up (ingest lists the projects).
    await eventually(async () => ((await gql<{ me: { memberships: unknown[] } }>(adminToken, ME)).data?.me.memberships.length ?? 0) === 2);
    const me = await gql<{ me: { user: { id: string; email: string }; instanceAdmin: boolean; memberships: Array<{ projectId: string; roles: string[] }> } }>(adminToken, ME);
    expect(me.data?.me).toMatchObject({ user: { id: MIGRATED_ADMIN_USER_ID, email: 'admin@localhost' }, instanceAdmin: true });
    expect(me.data?.me.memberships.map((m) => m.projectId).sort()).toEqual([...projects].sort());
    expect(me.data?.me.memberships.every((m) => m.roles.join() === 'ADMIN')).toBe(true);

    const pm = { token: LEGACY.pm };
    const pmMe = await gql<{ me: { user: { id: string }; instanceAdmin: boolean; memberships: Array<{ roles: string[] }> } }>(pm, ME);
    expect(pmMe.data?.me).toMatchObject({ user: { id: MIGRATED_ADMIN_USER_ID }, instanceAdmin: false });
    expect(pmMe.data?.me.memberships.map((m) => m.roles)).toEqual([['PM'], ['PM']]);
    for (const projectId of projects) expect((await gql(pm, TZ, { p: projectId })).errors).toBeUndefined();
    expect((await gql(pm, 'mutation { createProject(name: "x") { writeKey } }')).code).toBe('FORBIDDEN');
    expect((await gql(pm, '{ users { totalCount } }')).code).toBe('FORBIDDEN');
    expect((await gql({ token: LEGACY.designer }, TZ, { p: projects[0] })).code).toBe('FORBIDDEN');
    expect((await gql(adminToken, TZ, { p: projects[1] })).errors).toBeUndefined();

    const tokens = await gql<{ apiTokens: { nodes: Array<{ name: string; roles: string[] | null; projectId: string | null; prefix: string }> } }>(
      adminToken,
      '{ apiTokens { nodes { name roles projectId prefix } } }',
    );
    expect(tokens.data?.apiTokens.nodes.map((t) => [t.name, t.roles, t.projectId]).sort()).toEqual([
      ['legacy admin', null, null],
      ['legacy designer', ['DESIGNER'], null],
      ['legacy pm', ['PM'], null],
    ]);
  });

  it('cannot log in as the migrated admin until a password is set; the launcher sets it on the next start', async () => {
    const gql = gqlOf(gateway);
    const login = await gql(undefined, 'mutation { login(email: "admin@localhost", password: "any password at all") { csrfToken } }');
    expect(login.code).toBe('UNAUTHENTICATED');
    const restarted = await h.startGateway({
      databaseUrl: db.url,
      bootstrapAdminToken: LEGACY.admin,
      bootstrapAdmin: { email: 'ops@example.org', password: 'launcher generated pw 1' },
    });
    const session = await loginSession(`${restarted.url}/graphql`, 'ops@example.org', 'launcher generated pw 1');
    expect(session.userId).toBe(MIGRATED_ADMIN_USER_ID);
    // Set once, never overwritten by a later start with another password.
    await h.startGateway({ databaseUrl: db.url, bootstrapAdminToken: LEGACY.admin, bootstrapAdmin: { email: 'ops@example.org', password: 'another password 22' } });
    await expect(loginSession(`${restarted.url}/graphql`, 'ops@example.org', 'another password 22')).rejects.toThrow('UNAUTHENTICATED');
    expect((await gqlOf(restarted)({ token: LEGACY.pm }, ME)).errors).toBeUndefined();
  });
});
